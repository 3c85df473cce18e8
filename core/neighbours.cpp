// Exact kNN graph: kd-tree (nanoflann) and blocked brute force. See neighbours.hpp.
#include "core/neighbours.hpp"

#include "core/distance.hpp"

#define NANOFLANN_FIRST_MATCH 1  // equal distances: lowest index first (deterministic ties)
#include <nanoflann.hpp>

#include <Eigen/Dense>
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <limits>
#include <numeric>
#include <queue>
#ifdef _OPENMP
#include <omp.h>
#endif
#include <string>
#include <cstring>
#if defined(PEAKSCOPE_HAVE_HNSWLIB) && !defined(__wasm__)
#include <hnswlib/hnswlib.h>
#define PEAKSCOPE_HNSW 1
#endif
#ifdef __wasm_simd128__
#include <wasm_simd128.h>
#elif defined(__x86_64__) || defined(__SSE__)
#include <immintrin.h>
#endif

namespace peakscope {
namespace {

using RowMatrix = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;

RowMatrix copyPoints(const PointsView& p) {
    RowMatrix x(p.n(), p.d());
    for (Index i = 0; i < p.n(); ++i)
        for (Index j = 0; j < p.d(); ++j) {
            const double v = p(i, j);
            if (!std::isfinite(v))
                throw Error("row " + std::to_string(i + 1) + ", column " + std::to_string(j + 1) +
                            " is " + (std::isnan(v) ? "NaN" : "infinite"));
            x(i, j) = v;
        }
    return x;
}

// Final step shared by the back-ends: candidates with exact distances (euclidean(), the same value
// in every back-end; the point itself −1) sorted by (distance, index), the point itself in column
// 0, maxk neighbours kept. Returns false (row left as self only) when fewer than maxk candidates
// arrived — never expected, but a broken selection must surface as an error, not as a read past
// the list.
bool rankRow(Index i, std::vector<std::pair<double, int32_t>>& cand, Index maxk, double* drow, int32_t* irow) {
    if (!std::is_sorted(cand.begin(), cand.end())) std::sort(cand.begin(), cand.end());
    if (cand.empty() || cand[0].second != i) {  // self missing (only possible with many ties)
        cand.insert(cand.begin(), {-1.0, int32_t(i)});
    }
    drow[0] = 0.0;
    irow[0] = int32_t(i);
    if (Index(cand.size()) < maxk + 1) return false;
    for (Index j = 1; j <= maxk; ++j) {
        drow[j] = cand[size_t(j)].first;
        irow[j] = cand[size_t(j)].second;
    }
    return true;
}

// Keeps the K smallest (distance, index) pairs of cand, unordered.
void keepSmallest(std::vector<std::pair<double, int32_t>>& cand, Index K) {
    if (cand.size() <= size_t(K)) return;
    std::nth_element(cand.begin(), cand.begin() + long(K - 1), cand.end());
    cand.resize(size_t(K));
}

// The exact distances of candidate points (indices into x) from point i; i itself −1.
void exactDistances(const RowMatrix& x, Index i, std::vector<std::pair<double, int32_t>>& cand) {
    const Index d = x.cols();
    for (auto& c : cand) c.first = (c.second == i) ? -1.0 : euclidean(x.row(i).data(), x.row(c.second).data(), d);
}

// rankRow() after the exact distances of candidate points (indices into x).
bool finishRow(const RowMatrix& x, Index i, std::vector<std::pair<double, int32_t>>& cand,
               Index maxk, double* drow, int32_t* irow) {
    exactDistances(x, i, cand);
    return rankRow(i, cand, maxk, drow, irow);
}

// ---- kd-tree --------------------------------------------------------------------------------
struct EigenAdaptor {
    const RowMatrix& x;
    size_t kdtree_get_point_count() const { return size_t(x.rows()); }
    double kdtree_get_pt(size_t i, size_t dim) const { return x(Index(i), Index(dim)); }
    template <class B> bool kdtree_get_bbox(B&) const { return false; }
};

// Bounded top-K: a max-heap on (squared distance, index) keeping the K smallest, ties by index.
template <class D, class I>
struct TopK {
    std::vector<std::pair<D, I>> heap;
    size_t cap = 0;
    void reset(size_t c) { heap.clear(); cap = c; }
    bool full() const { return heap.size() == cap; }
    D worst() const { return full() ? heap.front().first : std::numeric_limits<D>::infinity(); }
    void push(D d2, I j) {
        if (heap.size() < cap) {
            heap.emplace_back(d2, j);
            std::push_heap(heap.begin(), heap.end());
        } else if (std::make_pair(d2, j) < heap.front()) {
            std::pop_heap(heap.begin(), heap.end());
            heap.back() = {d2, j};
            std::push_heap(heap.begin(), heap.end());
        }
    }
};

// Top-K for the brute force: candidates at or below `limit` are appended; when 2K have gathered,
// compact() keeps about the K smallest and lowers the limit to the largest kept. Amortised
// O(1) per candidate (a heap costs O(log K) per push, which dominated at D = 10). finish() leaves
// exactly the K smallest with the largest of them at front(). The limit only decreases and is
// always ≥ the final K-th value, so a rejected candidate is never among the K smallest.
struct Reservoir {
    std::vector<std::pair<float, int32_t>> heap;  // after finish(): the kept set, worst first
    std::vector<float> val;                       // while scanning: accepted values and indices,
    std::vector<int32_t> idx, keys;               //   the first m entries (room for 2K + a tile)
    size_t cap = 0, m = 0;
    float limit = std::numeric_limits<float>::infinity();
    void reset(size_t c) { prepare(c, 2 * c + 64); }
    // No compaction ever (m ≤ n): for a search that must keep every value at or below the limit.
    void resetUncapped(size_t n) { prepare(n, n + 64); }
    void prepare(size_t c, size_t room) {
        val.resize(room);
        idx.resize(room);
        cap = c;
        m = 0;
        limit = std::numeric_limits<float>::infinity();
    }
    void push(float v, int32_t j) {
        val[m] = v;
        idx[m++] = j;
        if (m >= 2 * cap) compact();
    }
    // The lanes set in `mask` (at most 32) of v[] + add, indices base + lane: one append per set
    // bit, then at most one compaction (values above the limit may enter; compaction drops them).
    void pushLanes(const float* v, uint32_t mask, float add, int32_t base) {
        while (mask) {
            const int l = __builtin_ctz(mask);
            mask &= mask - 1;
            val[m] = v[l] + add;
            idx[m++] = base + l;
        }
        if (m >= 2 * cap) compact();
    }
    // A new limit with at least cap values at or below it: a histogram of the values in 256
    // equal-width buckets over [0, limit] (a monotone map, clamped at both ends, so a bucket's values
    // all exceed the lower buckets'); the smallest bucket B with cap values in buckets <= B is found
    // from the top (the cap-th value lies high: at D = 10 most values crowd near the limit), those
    // are kept and their largest (in bucket B) becomes the limit. Three cheap passes: the limit only
    // has to be an upper bound of the final K-th value, not the exact cap-th value.
    __attribute__((noinline)) void compact() {  // rare: out of the scan loop's registers
        float hi = limit;
        if (!(hi < std::numeric_limits<float>::infinity())) {  // no limit yet (measureRecall's start)
            hi = -std::numeric_limits<float>::infinity();
            for (size_t a = 0; a < m; ++a) hi = std::max(hi, val[a]);
        }
        const float scale = hi > 0 && hi < std::numeric_limits<float>::infinity() ? 255.0f / hi : 0.0f;
        keys.resize(m);
        int32_t count[256] = {};
        for (size_t a = 0; a < m; ++a) {
            const float f = val[a] * scale;
            keys[a] = f < 255.0f ? (f > 0.0f ? int32_t(f) : 0) : 255;  // NaN → the top bucket
            ++count[keys[a]];
        }
        int32_t B = 255;
        for (size_t above = 0; B > 0 && m - above - size_t(count[B]) >= cap; --B) above += size_t(count[B]);
        float t = -std::numeric_limits<float>::infinity();
        for (size_t a = 0; a < m; ++a)
            if (keys[a] == B) t = std::max(t, val[a]);  // few values: a predictable branch
        size_t kept = 0;
        for (size_t a = 0; a < m; ++a) {  // branch-free: the kept are spread unpredictably
            val[kept] = val[a];
            idx[kept] = idx[a];
            kept += size_t(keys[a] <= B);
        }
        m = kept;
        limit = std::min(limit, t);
        if (m >= 2 * cap) exactCut();  // many values in one bucket: cut by (value, index)
    }
    void exactCut() {
        heap.clear();
        for (size_t a = 0; a < m; ++a) heap.emplace_back(val[a], idx[a]);
        std::nth_element(heap.begin(), heap.begin() + long(cap - 1), heap.end());
        heap.resize(cap);
        for (size_t a = 0; a < cap; ++a) {
            val[a] = heap[a].first;
            idx[a] = heap[a].second;
        }
        m = cap;
    }
    void finish() {
        if (m > cap + cap / 8) compact();  // cheaper than nth_element on up to 2K values
        heap.clear();
        for (size_t a = 0; a < m; ++a) heap.emplace_back(val[a], idx[a]);
        if (heap.size() > cap) {
            std::nth_element(heap.begin(), heap.begin() + long(cap - 1), heap.end());
            heap.resize(cap);
        }
        if (!heap.empty()) std::iter_swap(heap.begin(), std::max_element(heap.begin(), heap.end()));
    }
};

// nanoflann result set with a bounded max-heap on (squared distance, index): O(log k) per
// insertion (the library's sorted array costs O(k), slow for maxk ~ 1000), ties by index.
struct HeapResultSet {
    using DistanceType = double;
    using IndexType = uint32_t;
    using CountType = size_t;
    TopK<double, uint32_t>& top;
    size_t size() const { return top.heap.size(); }
    bool full() const { return top.full(); }
    // slightly above the current worst so that equal distances still reach addPoint (ties by index)
    double worstDist() const {
        return full() ? std::nextafter(top.worst(), HUGE_VAL) : std::numeric_limits<double>::max();
    }
    bool addPoint(double d2, uint32_t j) {
        top.push(d2, j);
        return true;
    }
};

// Counts finished rows across threads; thread 0 reports (ProgressFn is called from one thread).
struct RowProgress {
    const ProgressFn& fn;
    Index total, done = 0, lastReported = 0;
    void add(Index rows) {
        if (!fn) return;
#pragma omp atomic
        done += rows;
#ifdef _OPENMP
        if (omp_get_thread_num() != 0) return;
#endif
        Index now;
#pragma omp atomic read
        now = done;
        if (now - lastReported >= std::max<Index>(1, total / 100)) {
            lastReported = now;
            fn("neighbours", double(now) / double(total));
        }
    }
};

// Where the search writes its rows: by point (a whole graph: row i of `g`) or by position in the
// search's visiting order (a slice [base, …) of KnnRows, which also records each row's point).
struct RowSink {
    double* dist;
    int32_t* idx;
    int32_t* points = nullptr;  // by position: the point of each row
    Index K = 0, base = 0;
    double* distRow(Index pos, Index point) const { return dist + (points ? pos - base : point) * K; }
    int32_t* idxRow(Index pos, Index point) const {
        if (points) points[pos - base] = int32_t(point);
        return idx + (points ? pos - base : point) * K;
    }
};

using KdTree = nanoflann::KDTreeSingleIndexAdaptor<nanoflann::L2_Simple_Adaptor<double, EigenAdaptor>,
                                                   EigenAdaptor, -1, uint32_t>;

// Rows of the positions [t0, t1) of the tree's leaf order (consecutive queries visit the same nodes).
Index kdTreeRows(const RowMatrix& x, const KdTree& tree, Index maxk, Index t0, Index t1, const RowSink& sink,
                 RowProgress& progress) {
    const Index K = maxk + 1, n = x.rows();
    // The tree selects by squared sums, the rows rank by their rounded roots (ties by index): two
    // sums whose roots round alike can straddle the K-th place. So 4 more are kept, and a row whose
    // K-th distance reaches the kept ones' worst (ties: lattices, duplicates) takes every point
    // within that distance from a radius search instead.
    const size_t keep = size_t(std::min<Index>(n, K + 4));
    Index broken = 0;
#pragma omp parallel reduction(+ : broken)
    {
        TopK<double, uint32_t> top;
        std::vector<std::pair<double, int32_t>> cand;
        std::vector<std::pair<uint32_t, double>> within;
#pragma omp for schedule(dynamic, 256)
        for (Index t = t0; t < t1; ++t) {
            const Index i = Index(tree.vAcc[size_t(t)]);
            const double* q = x.row(i).data();
            top.reset(keep);
            HeapResultSet rs{top};
            tree.findNeighbors(rs, q, nanoflann::SearchParams());
            cand.clear();
            for (auto& h : top.heap) cand.emplace_back(0.0, int32_t(h.second));
            exactDistances(x, i, cand);
            std::sort(cand.begin(), cand.end());
            // every other point's sum is ≥ the kept worst w, so its distance ≥ √w (1 − 1e-13)
            if (Index(top.heap.size()) < n && Index(cand.size()) >= K &&
                !(cand[size_t(K - 1)].first < std::sqrt(top.worst()) * (1 - 1e-13))) {
                const double e = std::max(0.0, cand[size_t(K - 1)].first) * (1 + 1e-13);
                tree.radiusSearch(q, std::nextafter(e * e, HUGE_VAL), within, nanoflann::SearchParams(32, 0, false));
                cand.clear();
                for (auto& w : within) cand.emplace_back(0.0, int32_t(w.first));
                exactDistances(x, i, cand);
                keepSmallest(cand, K);  // a large tie group: rank only the K smallest
            }
            if (!rankRow(i, cand, maxk, sink.distRow(t, i), sink.idxRow(t, i))) ++broken;
            if (((t - t0) & 255) == 255) progress.add(256);
        }
    }
    return broken;
}

// Points in the leaf order of a kd-tree: consecutive positions are near each other. The brute
// force scans each query block's own region first, so its candidate bound is tight from the start
// and almost every later reference is rejected by one vector compare.
std::vector<int32_t> spatialOrder(const RowMatrix& x) {
    using Tree = nanoflann::KDTreeSingleIndexAdaptor<nanoflann::L2_Simple_Adaptor<double, EigenAdaptor>,
                                                     EigenAdaptor, -1, uint32_t>;
    EigenAdaptor adaptor{x};
    Tree tree(int(x.cols()), adaptor, nanoflann::KDTreeSingleIndexAdaptorParams(64));
    tree.buildIndex();
    return std::vector<int32_t>(tree.vAcc.begin(), tree.vAcc.end());
}

// ---- blocked brute force --------------------------------------------------------------------
// Candidates are selected in float32 from |q|² + |r|² − 2 q·r (a fused register-tiled kernel with
// block pruning, natively and in wasm) with a margin of extra candidates, then ranked by exact
// double distances (rankRow). Points are visited in kd-tree leaf order, so each query block meets
// its own region first. A rounding bound certifies the selection per query; a query that fails it
// (ties at its K-th distance) is searched again with a limit just above that distance and no cap.

using FloatRows = Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;

// A fused kernel instead of GEMM + a scan of its output. A tile of kTileQ queries × 2 vectors of
// references keeps its 2·kTileQ vector accumulators in registers over the D coordinates (references
// transposed, D × n), then tests the tile's values |r|² − 2 q·r against each query's current
// bound in one vector compare: most tiles are rejected without leaving registers (at D = 10 the
// old scan of the GEMM output cost more than the GEMM).
// Vectors of one register: 16 floats with AVX-512, 8 with AVX, 4 with SSE2 (the portable build)
// and with wasm SIMD (no FMA there: multiply, then add); a tile covers two of them. AVX-512's 32
// registers hold 12 queries' accumulators (24), SSE2's and AVX's 16 hold 4 queries' (at N = 50,000
// on this AVX-512 machine, 4 → 12 queries per tile: the kernel alone 62 → 90 GFLOP/s at D = 50 and
// 33 → 40 at D = 10, per CPU-second). Internal linkage, so GCC's ABI notes on vector arguments do
// not apply.
#pragma GCC diagnostic ignored "-Wpsabi"
#if defined(__AVX512F__) && defined(__AVX512DQ__)
constexpr int kLanes = 16;
#elif defined(__AVX__)
constexpr int kLanes = 8;
#else
constexpr int kLanes = 4;
#endif
typedef float FV __attribute__((vector_size(4 * kLanes)));
typedef int IV __attribute__((vector_size(4 * kLanes)));
constexpr Index kTileQ = kLanes == 16 ? 12 : 4, kTileR = 2 * kLanes;

inline FV loadV(const float* p) {
    FV v;
    std::memcpy(&v, p, sizeof v);
    return v;
}
inline FV madd(const FV& acc, float s, const FV& b) {
#if defined(__AVX512F__) && defined(__AVX512DQ__)
    return FV(_mm512_fmadd_ps(__m512(b), _mm512_set1_ps(s), __m512(acc)));
#elif defined(__FMA__) && defined(__AVX__)
    return FV(_mm256_fmadd_ps(__m256(b), _mm256_set1_ps(s), __m256(acc)));
#else
    return acc + s * b;
#endif
}
// Bit l set when lane l of the comparison result is true.
inline uint32_t laneMask(const IV& m) {
#if defined(__wasm_simd128__)
    return uint32_t(wasm_i32x4_bitmask(v128_t(m)));
#elif defined(__AVX512F__) && defined(__AVX512DQ__)
    return uint32_t(_mm512_movepi32_mask(__m512i(m)));
#elif defined(__AVX__)
    return uint32_t(_mm256_movemask_ps(__m256(m)));
#else
    return uint32_t(_mm_movemask_ps(__m128(m)));
#endif
}

// Transposed references for the fused kernel: xt[k · stride + r], stride = n rounded up to kTileR;
// padding columns have norm +inf, so they never pass a bound.
struct TransposedRefs {
    std::vector<float> xt, norms;
    Index stride = 0;
    TransposedRefs(const FloatRows& x, const Eigen::VectorXf& n) {
        stride = (x.rows() + kTileR - 1) / kTileR * kTileR;
        xt.assign(size_t(x.cols() * stride), 0.0f);
        norms.assign(size_t(stride), std::numeric_limits<float>::infinity());
        for (Index r = 0; r < x.rows(); ++r) {
            for (Index k = 0; k < x.cols(); ++k) xt[size_t(k * stride + r)] = x(r, k);
            norms[size_t(r)] = n[r];
        }
    }
};

// One tile of up to kTileQ queries (rows q[0..nq)) against references [r0, r1) (multiples of kTileR).
PEAKSCOPE_HOT_CALL void scanTile(const FloatRows& x, const TransposedRefs& t, const Index* q, int nq,
                                 const float* qn, Reservoir** top, Index r0, Index r1) {
    const Index d = x.cols();
    const float* a[kTileQ];
    float limit[kTileQ];
    for (int u = 0; u < kTileQ; ++u) {
        a[u] = x.row(q[u < nq ? u : 0]).data();
        limit[u] = u < nq ? top[u]->limit - qn[u] : -std::numeric_limits<float>::infinity();
    }
    for (Index r = r0; r < r1; r += kTileR) {
        FV acc[kTileQ][2] = {};
        const float* col = t.xt.data() + r;
        for (Index k = 0; k < d; ++k, col += t.stride) {
            const FV b0 = loadV(col), b1 = loadV(col + kLanes);
            for (int u = 0; u < kTileQ; ++u) {
                acc[u][0] = madd(acc[u][0], a[u][k], b0);
                acc[u][1] = madd(acc[u][1], a[u][k], b1);
            }
        }
        // all kTileQ masks first (limit −inf beyond nq), pushes after: the accumulators stay in registers
        const FV n0 = loadV(t.norms.data() + r), n1 = loadV(t.norms.data() + r + kLanes);
        FV v[kTileQ][2];
        uint32_t mask[kTileQ], any = 0;
        for (int u = 0; u < kTileQ; ++u) {
            v[u][0] = n0 - 2.0f * acc[u][0];
            v[u][1] = n1 - 2.0f * acc[u][1];
            mask[u] = laneMask(v[u][0] <= limit[u]) | (laneMask(v[u][1] <= limit[u]) << kLanes);
            any |= mask[u];
        }
        if (any == 0) continue;  // the common case: one compare per query rejects the whole tile
        for (int u = 0; u < nq; ++u) {
            if (mask[u] == 0) continue;
            float w[kTileR];
            std::memcpy(w, &v[u][0], sizeof v[u][0]);
            std::memcpy(w + kLanes, &v[u][1], sizeof v[u][1]);
            top[u]->pushLanes(w, mask[u], qn[u], int32_t(r));
            limit[u] = top[u]->limit - qn[u];
        }
    }
}

// Reference blocks of 256 consecutive positions (spatially coherent) with a bounding ball
// (centre, radius) in the float coordinates: a block whose ball lies beyond every query's bound
// is skipped whole — the tree-like pruning that brute force lacked (at D = 10 most of a Gaussian
// mixture's blocks are in other components).
struct BlockBalls {
    static constexpr Index kSize = 256;  // multiple of kTileR
    Index count = 0, d = 0;
    std::vector<double> centre, radius;  // count × d, count
    BlockBalls(const FloatRows& x, Index n) : count((n + kSize - 1) / kSize), d(x.cols()) {
        centre.assign(size_t(count * d), 0.0);
        radius.assign(size_t(count), 0.0);
        for (Index b = 0; b < count; ++b) {
            const Index r0 = b * kSize, r1 = std::min(n, r0 + kSize);
            double* c = centre.data() + b * d;
            for (Index r = r0; r < r1; ++r)
                for (Index k = 0; k < d; ++k) c[k] += double(x(r, k));
            for (Index k = 0; k < d; ++k) c[k] /= double(r1 - r0);
            double R = 0;
            for (Index r = r0; r < r1; ++r) R = std::max(R, distanceTo(x.row(r).data(), b));
            radius[size_t(b)] = R * (1 + 1e-12) + 1e-300;  // outward rounding
        }
    }
    double distanceTo(const float* q, Index b) const {
        const double* c = centre.data() + b * d;
        double s = 0;
        for (Index k = 0; k < d; ++k) {
            const double t = double(q[k]) - c[k];
            s += t * t;
        }
        return std::sqrt(s);
    }
};

// All references for queries [q0, q1) in tiles of kTileQ queries, best first: reference blocks in ascending
// order of their ball's distance from the query block's ball (its own region first, then the
// nearest regions, so the bounds tighten at once), stopping at the first block whose ball lies
// beyond every query's bound — all later blocks lie farther (a two-level ball tree). Inside, a
// block is offered to a tile only when it can beat one of the tile's bounds. slack[u]: the
// rounding bound of query u's float values (a skipped block's values exceed the bound by it).
void scanQueries(const FloatRows& x, const TransposedRefs& t, const BlockBalls& balls, const Eigen::VectorXf& norms,
                 Index q0, Index q1, const double* slack, std::vector<Reservoir>& tops,
                 std::vector<std::pair<double, Index>>& visit, double& pairs) {
    const Index nBlocks = balls.count, d = balls.d;
    // the query block's ball (centre in double, radius rounded outward)
    std::vector<double> centre(static_cast<size_t>(d), 0.0);
    for (Index q = q0; q < q1; ++q)
        for (Index k = 0; k < d; ++k) centre[size_t(k)] += double(x(q, k));
    for (Index k = 0; k < d; ++k) centre[size_t(k)] /= double(q1 - q0);
    double radius = 0, maxSlack = 0;
    for (Index q = q0; q < q1; ++q) {
        double s = 0;
        for (Index k = 0; k < d; ++k) {
            const double u = double(x(q, k)) - centre[size_t(k)];
            s += u * u;
        }
        radius = std::max(radius, std::sqrt(s));
        maxSlack = std::max(maxSlack, slack[q - q0]);
    }
    radius = radius * (1 + 1e-12) + 1e-300;
    visit.clear();
    for (Index b = 0; b < nBlocks; ++b) {
        double s = 0;
        const double* c = balls.centre.data() + b * d;
        for (Index k = 0; k < d; ++k) {
            const double u = centre[size_t(k)] - c[k];
            s += u * u;
        }
        visit.emplace_back(std::sqrt(s) - balls.radius[size_t(b)], b);  // ascending: nearest first
    }
    std::sort(visit.begin(), visit.end());
    Eigen::ArrayXd lb2(q1 - q0);  // per query: lb², |q − r| ≥ lb over the block
    for (const auto& [key, blk] : visit) {
        const double lbBlock = std::max(0.0, key - radius);  // |q − r| ≥ this in the two balls
        // the largest limit in 4 independent chains (one chain of 128 dependent max was latency-bound)
        constexpr float kNone = -std::numeric_limits<float>::infinity();
        float w[4] = {kNone, kNone, kNone, kNone};
        for (Index q = q0; q < q1; ++q) w[q & 3] = std::max(w[q & 3], tops[size_t(q - q0)].limit);
        const float worstLimit = std::max(std::max(w[0], w[1]), std::max(w[2], w[3]));
        if (lbBlock * lbBlock - maxSlack > double(worstLimit)) break;  // this and every later block
        const Index r0 = blk * BlockBalls::kSize, r1 = std::min(t.stride, r0 + BlockBalls::kSize);
        // |q − centre| as balls.distanceTo(), for all the queries at once (vectorised over the
        // transposed rows and sqrt: one scalar loop per query cost more than the tiles it skipped);
        // rounding ~1e-16 relative, far inside the slack
        const double* c = balls.centre.data() + blk * d;
        lb2.setZero();
        for (Index k = 0; k < d; ++k) {
            const float* col = t.xt.data() + k * t.stride + q0;
            for (Index u = 0; u < q1 - q0; ++u) {
                const double v = double(col[u]) - c[k];
                lb2[u] += v * v;
            }
        }
        lb2 = (lb2.sqrt() - balls.radius[size_t(blk)]).max(0.0).square();
        for (Index q = q0; q < q1; q += kTileQ) {
            const int nq = int(std::min<Index>(kTileQ, q1 - q));
            Index qs[kTileQ];
            float qn[kTileQ];
            Reservoir* tp[kTileQ];
            bool needed = false;
            for (int u = 0; u < nq; ++u) {
                qs[u] = q + u;
                qn[u] = norms[q + u];
                tp[u] = &tops[size_t(q + u - q0)];
                needed |= !(lb2[q + u - q0] - slack[q + u - q0] > double(tp[u]->limit));
            }
            if (needed) {
                scanTile(x, t, qs, nq, qn, tp, r0, r1);
                pairs += double(nq) * double(r1 - r0);
            }
        }
    }
}

// Exact fallback for one query: all N distances in double; row r is point label[r] (or r).
void exactRow(const RowMatrix& x, Index q, std::vector<std::pair<double, int32_t>>& cand, size_t keep,
              const int32_t* label = nullptr) {
    cand.clear();
    for (Index r = 0; r < x.rows(); ++r)
        cand.emplace_back(euclidean(x.row(q).data(), x.row(r).data(), x.cols()), label ? label[r] : int32_t(r));
    std::nth_element(cand.begin(), cand.begin() + long(keep - 1), cand.end());
    cand.resize(keep);
}

// What every row of the brute force reads, prepared once: float rows centred, scaled and in spatial
// order (position p holds point order[p]), their norms, the rounding bound, the transposed
// references and the block balls. The double rows are permuted in place into the same order
// (the exact distances of a query's candidates then read nearby rows, not N-wide random ones).
// rows() searches whole query blocks of QB positions.
struct BruteForce {
    static constexpr Index QB = 128;  // queries per block (the slice granularity)
    const RowMatrix& xs;  // the points' double rows, in spatial order once constructed
    Index n, K, d;
    double scale = 1, gamma = 0, rmax = 0;
    size_t keep = 0;
    FloatRows x;
    std::vector<int32_t> order;
    Eigen::VectorXf norms;
    std::unique_ptr<TransposedRefs> refs;
    std::unique_ptr<BlockBalls> balls;
    BruteForce(RowMatrix& xIn, Index maxk) : xs(xIn), n(xIn.rows()), K(maxk + 1), d(xIn.cols()) {
        // Centre the data (the |a|² + |b|² − 2ab form loses precision far from the origin), in float.
        const Eigen::RowVectorXd mean = xIn.colwise().mean();
        x = FloatRows::Zero(n, d);
        // scale by a power of two (exact) so that |x| ~ 1: float squares neither overflow nor underflow
        const double span = (xIn.rowwise() - mean).cwiseAbs().maxCoeff();
        scale = span > 0 && std::isfinite(span) ? std::ldexp(1.0, -std::ilogb(span)) : 1.0;
        order = spatialOrder(xIn);
        for (Index p = 0; p < n; ++p)
            x.row(p) = ((xIn.row(order[size_t(p)]) - mean) * scale).cast<float>();
        norms = x.rowwise().squaredNorm();
        // rounding bound of the float form: |approx − d²| ≤ γ (|q| + |r|)², γ = (d + 8)·2⁻²⁴ (generous)
        gamma = double(d + 8) * std::ldexp(1.0, -24);
        rmax = std::sqrt(double(norms.maxCoeff()));
        keep = size_t(std::min<Index>(n, K + 8 + K / 8));
        refs = std::make_unique<TransposedRefs>(x, norms);
        balls = std::make_unique<BlockBalls>(x, n);
        // row p ← row order[p], in place along the permutation's cycles
        std::vector<bool> done(static_cast<size_t>(n));
        for (Index c = 0; c < n; ++c) {
            if (done[size_t(c)]) continue;
            const Eigen::RowVectorXd first = xIn.row(c);
            Index p = c;
            for (; order[size_t(p)] != c; p = order[size_t(p)]) {
                done[size_t(p)] = true;
                xIn.row(p) = xIn.row(order[size_t(p)]);
            }
            done[size_t(p)] = true;
            xIn.row(p) = first;
        }
    }
    // Rows of the positions [p0, p1) (p0 a multiple of QB; p1 a multiple of QB or n).
    Index rows(Index p0, Index p1, const RowSink& sink, RowProgress& progress, NeighbourStats* stats) const;
    // Resets position q's reservoir with its start bound and returns its rounding bound (slack): the
    // keep spatially nearest positions are real points, so the keep-th smallest value is at most
    // their largest (+ the rounding bound).
    double start(Index q, Reservoir& t) const {
        t.reset(keep);
        const Index w0 = std::min(std::max<Index>(0, q - Index(keep) / 2), n - Index(keep));
        float worst = 0;
        for (Index r = w0; r < w0 + Index(keep); ++r)
            worst = std::max(worst, norms[q] + norms[r] - 2.0f * x.row(q).dot(x.row(r)));
        const double qn = std::sqrt(double(norms[q]));
        const double slack = gamma * (qn + rmax) * (qn + rmax);
        t.limit = float(double(worst) + 2.0 * slack);
        return slack;
    }
    // Benchmarks: the fused kernel alone (scanTile) on positions [0, B) as queries × [0, B) as
    // references, no block pruning: a first pass from the bounds rows() starts with, then `reps`
    // passes from the bounds the first reached (as most of a search runs). Returns the pairs.
    double kernelPass(Index B, int reps) const {
        B = std::min(B, n) / kTileQ * kTileQ;
        std::vector<Reservoir> tops(static_cast<size_t>(B));
        std::vector<float> reached(static_cast<size_t>(B));
        for (Index q = 0; q < B; ++q) start(q, tops[size_t(q)]);
        const Index r1 = std::min(refs->stride, (B + kTileR - 1) / kTileR * kTileR);
        for (int pass = 0; pass <= reps; ++pass) {
            for (Index q = 0; q < B && pass > 0; ++q) tops[size_t(q)].reset(keep), tops[size_t(q)].limit = reached[size_t(q)];
            for (Index q = 0; q < B; q += kTileQ) {
                Index qs[kTileQ];
                float qn[kTileQ];
                Reservoir* tp[kTileQ];
                for (int u = 0; u < kTileQ; ++u) qs[u] = q + u, qn[u] = norms[q + u], tp[u] = &tops[size_t(q + u)];
                scanTile(x, *refs, qs, kTileQ, qn, tp, 0, r1);
            }
            for (Index q = 0; q < B && pass == 0; ++q) reached[size_t(q)] = tops[size_t(q)].limit;
        }
        return double(reps + 1) * double(B) * double(r1);
    }
};

Index BruteForce::rows(Index p0, Index p1, const RowSink& sink, RowProgress& progress, NeighbourStats* stats) const {
    const Index maxk = K - 1;
    const Index qb0 = p0 / QB, qb1 = (p1 + QB - 1) / QB;
    Index fallbacks = 0, broken = 0;
    double pairs = 0;
#pragma omp parallel reduction(+ : fallbacks, broken, pairs)
    {
        std::vector<Reservoir> tops(static_cast<size_t>(QB));
        std::vector<double> slack(static_cast<size_t>(QB));
        std::vector<std::pair<double, int32_t>> cand;
        std::vector<std::pair<double, Index>> visit;
        std::vector<Reservoir> wide(1);  // a row re-searched without a cap
#pragma omp for schedule(dynamic, 1)
        for (Index qb = qb0; qb < qb1; ++qb) {
            const Index q0 = qb * QB, q1 = std::min(n, q0 + QB);
            for (Index q = q0; q < q1; ++q) slack[size_t(q - q0)] = start(q, tops[size_t(q - q0)]);
            scanQueries(x, *refs, *balls, norms, q0, q1, slack.data(), tops, visit, pairs);
            for (Index p = q0; p < q1; ++p) {
                const Index q = order[size_t(p)];  // the query's point
                Reservoir& t = tops[size_t(p - q0)];
                t.finish();
                // a reservoir's positions → (exact distance from the points' own rows, point), self −1
                auto candidatesOf = [&](const Reservoir& r) {
                    cand.clear();
                    for (auto& c : r.heap)
                        cand.emplace_back(c.second == p ? -1.0 : euclidean(xs.row(p).data(), xs.row(c.second).data(), d),
                                          order[size_t(c.second)]);
                    if (std::none_of(cand.begin(), cand.end(), [&](auto& c) { return c.second == q; }))
                        cand.emplace_back(-1.0, int32_t(q));
                };
                candidatesOf(t);
                std::sort(cand.begin(), cand.end());  // rankRow's order: the self first
                // certify: every non-candidate r has approx ≥ worst, so d² ≥ worst − bound; the
                // exact K-th candidate distance (the self counted) must lie below that
                const bool selected = Index(t.heap.size()) >= K && std::isfinite(t.heap.front().first);
                const double bound = slack[size_t(p - q0)];
                double dK = 0;
                bool certified = Index(t.heap.size()) >= n;  // every point is a candidate
                if (selected && !certified) {
                    const double dk = std::max(0.0, cand[size_t(K - 1)].first) * scale;  // in the scaled units
                    dK = dk * dk * (1 + 1e-14);  // above the square of the rounded root
                    certified = dK < double(t.heap.front().first) - bound;
                }
                if (selected && !certified) {
                    // ties around the K-th distance (duplicates, lattices): the pruned scan again with
                    // the limit dK + 2·bound and no cap; a point it leaves out has approx above that,
                    // so d² > dK, and the ties are ranked by point index among the candidates
                    wide[0].resetUncapped(size_t(n));
                    wide[0].limit = std::nextafter(float(dK + 2 * bound), std::numeric_limits<float>::infinity());
                    scanQueries(x, *refs, *balls, norms, p, p + 1, &slack[size_t(p - q0)], wide, visit, pairs);
                    wide[0].finish();
                    candidatesOf(wide[0]);
                    keepSmallest(cand, K);  // a large tie group: rank only the K smallest
                    ++fallbacks;
                } else if (!selected) {  // all N in double, ties by point index
                    exactRow(xs, p, cand, keep, order.data());
                    for (auto& c : cand) c.first = c.second == q ? -1.0 : c.first;
                    ++fallbacks;
                }
                if (!rankRow(q, cand, maxk, sink.distRow(p, q), sink.idxRow(p, q))) ++broken;
            }
            progress.add(q1 - q0);
        }
    }
    if (stats) {
        stats->pairs += pairs;
        stats->researched += fallbacks;
    }
    if (std::getenv("PEAKSCOPE_DEBUG")) std::fprintf(stderr, "brute force: %lld rows re-searched\n", (long long)fallbacks);
    return broken;
}

// ---- approximate: HNSW ----------------------------------------------------------------------
// hnswlib on float copies of the (scaled, centred) points; its candidate lists (with the same margin
// as the brute force) are ranked by exact double distances (finishRow). Then the recall: the lists
// of evenly spaced sample points are compared with their exact lists (float GEMM selection of
// candidates, exact re-ranking); a listed neighbour counts when it lies within the exact maxk-th
// distance (ties at the boundary count as found).
#ifdef PEAKSCOPE_HNSW
FloatRows centredFloats(const RowMatrix& x) {
    const Eigen::RowVectorXd mean = x.colwise().mean();
    return (x.rowwise() - mean).cast<float>();
}

Index hnswSearch(const RowMatrix& x, Index maxk, const HnswParams& hp, KnnGraph& g, RowProgress& progress) {
    const Index n = x.rows(), K = maxk + 1;
    const FloatRows xf = centredFloats(x);
    const size_t keep = size_t(std::min<Index>(n, K + 8 + K / 8));
    hnswlib::L2Space space(size_t(x.cols()));
    hnswlib::HierarchicalNSW<float> index(&space, size_t(n), size_t(hp.M), size_t(hp.efConstruction), size_t(hp.seed));
    index.addPoint(xf.row(0).data(), 0);
#pragma omp parallel for schedule(dynamic, 256)
    for (Index i = 1; i < n; ++i) index.addPoint(xf.row(i).data(), size_t(i));
    index.setEf(size_t(std::max<Index>(Index(keep), hp.ef > 0 ? hp.ef : std::max<Index>(2 * maxk, 128))));
    Index broken = 0;
#pragma omp parallel reduction(+ : broken)
    {
        std::vector<std::pair<double, int32_t>> cand;
#pragma omp for schedule(dynamic, 256)
        for (Index i = 0; i < n; ++i) {
            auto found = index.searchKnn(xf.row(i).data(), keep);
            cand.clear();
            while (!found.empty()) {
                cand.emplace_back(0.0, int32_t(found.top().second));
                found.pop();
            }
            // a poorly connected graph can return fewer than maxk + 1 points: that row is exact
            if (Index(cand.size()) < K) exactRow(x, i, cand, keep);
            if (!finishRow(x, i, cand, maxk, g.distances.data() + i * K, g.indices.data() + i * K)) ++broken;
            if ((i & 255) == 255) progress.add(256);
        }
    }
    return broken;
}

// Measured recall of an approximate graph on `sample` evenly spaced points (see above).
double measureRecall(const RowMatrix& x, const KnnGraph& g, Index sample) {
    const Index n = x.rows(), maxk = g.maxk, d = x.cols();
    const FloatRows xf = centredFloats(x);
    const Eigen::VectorXf norms = xf.rowwise().squaredNorm();
    std::vector<Index> qs(static_cast<size_t>(sample));
    for (Index s = 0; s < sample; ++s) qs[size_t(s)] = s * n / sample;
    FloatRows Q(sample, d);
    for (Index s = 0; s < sample; ++s) Q.row(s) = xf.row(qs[size_t(s)]);
    const size_t keep = size_t(std::min<Index>(n, maxk + 1 + 8 + (maxk + 1) / 8));
    std::vector<Reservoir> tops(static_cast<size_t>(sample));
    for (auto& t : tops) t.reset(keep);
    constexpr Index RB = 8192;
    FloatRows G;
    for (Index r0 = 0; r0 < n; r0 += RB) {
        const Index nr = std::min(RB, n - r0);
        G.noalias() = Q * xf.middleRows(r0, nr).transpose();  // sample × nr
#pragma omp parallel for schedule(static)
        for (Index s = 0; s < sample; ++s)
            for (Index r = 0; r < nr; ++r) {
                const float v = norms[r0 + r] - 2.0f * G(s, r);
                if (v <= tops[size_t(s)].limit) tops[size_t(s)].push(v, int32_t(r0 + r));
            }
    }
    Index found = 0;
#pragma omp parallel for reduction(+ : found) schedule(dynamic, 4)
    for (Index s = 0; s < sample; ++s) {
        Reservoir& t = tops[size_t(s)];
        t.finish();
        const Index q = qs[size_t(s)];
        std::vector<double> exact;
        for (auto& c : t.heap)
            if (c.second != q) exact.push_back(euclidean(x.row(q).data(), x.row(c.second).data(), d));
        std::nth_element(exact.begin(), exact.begin() + long(maxk - 1), exact.end());
        const double kth = exact[size_t(maxk - 1)];
        // g's distances are in the scaled units here (scaled back after this call)
        for (Index j = 1; j <= maxk; ++j) found += g.dist(q, j) <= kth;
    }
    return double(found) / double(sample * maxk);
}
#endif

}  // namespace

bool hnswAvailable() {
#ifdef PEAKSCOPE_HNSW
    return true;
#else
    return false;
#endif
}

Index resolveMaxk(Index requested, Index n) {
    if (n < 2) throw Error("need at least 2 points, got " + std::to_string(n));
    if (requested < 0) return std::min<Index>(100, n - 1);
    if (requested < 1) throw Error("maxk must be at least 1, got " + std::to_string(requested));
    if (requested >= n)
        throw Error("maxk = " + std::to_string(requested) + " must be smaller than the number of points (" +
                    std::to_string(n) + ")");
    return requested;
}

namespace {
// The common checks; returns the resolved maxk.
Index checkedMaxk(const PointsView& points, const NeighbourParams& params) {
    if (points.empty()) throw Error("no points");
    if (points.d() < 1) throw Error("points have no coordinates (0 columns)");
    if (points.n() > Index(INT32_MAX)) throw Error("too many points for 32-bit indices");
    return resolveMaxk(params.maxk, points.n());
}

// Scale invariance by construction: the search runs on the points times 2^−e, e = the exponent
// of the largest |coordinate| (exact: a power of two), so |x| < 2 and no squared distance can
// overflow, whatever the units (1e−300 … 1e300). Distances are scaled back at the end.
struct ScaledPoints {
    RowMatrix x;
    double maxAbs = 0;
    int e = 0;
    explicit ScaledPoints(const PointsView& points) : x(copyPoints(points)) {
        maxAbs = x.cwiseAbs().maxCoeff();
        e = maxAbs > 0 ? std::ilogb(maxAbs) : 0;
        if (e != 0) x *= std::ldexp(1.0, -e);
    }
    void scaleBack(double* r, size_t count) const {
        if (e == 0) return;
        char big[32];
        std::snprintf(big, sizeof big, "%.3g", maxAbs);
        for (size_t a = 0; a < count; ++a) {
            const double scaled = r[a];
            r[a] = std::ldexp(scaled, e);
            if (!std::isfinite(r[a]))
                throw Error("distances exceed the largest double (~1.8e308): coordinates up to " +
                            std::string(big) + "; rescale the data");
            if (scaled > 0 && !(r[a] >= 0x1p-1022))
                throw Error("distances below the smallest normal double (~2.2e-308): coordinates only up to " +
                            std::string(big) + "; rescale the data");
        }
    }
};

void checkBroken(Index broken, Index maxk) {
    if (broken > 0)
        throw Error("neighbour search failed for " + std::to_string(broken) + " points (fewer than maxk = " +
                    std::to_string(maxk) + " candidates): please report this data set");
}
}  // namespace

// ---- NeighbourSearch: the exact back-ends, prepared once, searched by position ----------------
struct NeighbourSearch::Impl {
    Index maxk;  // checked before the points are read
    ScaledPoints sp;
    std::unique_ptr<EigenAdaptor> adaptor;  // kd-tree
    std::unique_ptr<KdTree> tree;
    std::unique_ptr<BruteForce> brute;      // brute force
    Impl(const PointsView& points, const NeighbourParams& params)
        : maxk(checkedMaxk(points, params)), sp(points) {
        if (params.method == NeighbourMethod::Hnsw)
            throw Error("internal: the approximate back-end (hnsw) is not searched in slices");
        const bool kd = params.method == NeighbourMethod::KdTree ||
                        (params.method == NeighbourMethod::Auto && points.d() <= params.kdTreeMaxDim);
        if (kd) {
            adaptor = std::make_unique<EigenAdaptor>(EigenAdaptor{sp.x});
            tree = std::make_unique<KdTree>(int(sp.x.cols()), *adaptor, nanoflann::KDTreeSingleIndexAdaptorParams(32));
            tree->buildIndex();
        } else {
            brute = std::make_unique<BruteForce>(sp.x, maxk);
        }
    }
    Index run(Index begin, Index end, const RowSink& sink, RowProgress& progress, NeighbourStats* stats) const {
        return tree ? kdTreeRows(sp.x, *tree, maxk, begin, end, sink, progress)
                    : brute->rows(begin, end, sink, progress, stats);
    }
};

NeighbourSearch::NeighbourSearch(const PointsView& points, const NeighbourParams& params)
    : impl_(std::make_unique<Impl>(points, params)) {}
NeighbourSearch::~NeighbourSearch() = default;
Index NeighbourSearch::size() const { return impl_->sp.x.rows(); }
Index NeighbourSearch::maxk() const { return impl_->maxk; }
Index NeighbourSearch::granularity() const { return impl_->tree ? 1 : BruteForce::QB; }
static_assert(NeighbourSearch::kSliceAlign % BruteForce::QB == 0, "slices of kSliceAlign rows must be whole query blocks");

double NeighbourSearch::kernelPass(Index block, int reps) const {
    return impl_->brute ? impl_->brute->kernelPass(block, reps) : 0;
}

KnnRows NeighbourSearch::rows(Index begin, Index end, const ProgressFn& progressFn) const {
    const Index n = size(), K = maxk() + 1, g = granularity();
    if (begin < 0 || end > n || begin > end || begin % g != 0 || (end % g != 0 && end != n))
        throw Error("internal: neighbour slice [" + std::to_string(begin) + ", " + std::to_string(end) +
                    ") is not aligned to " + std::to_string(g) + " within " + std::to_string(n) + " rows");
    KnnRows r;
    r.begin = begin;
    r.maxk = maxk();
    r.points.resize(size_t(end - begin));
    r.distances.assign(size_t((end - begin) * K), 0.0);
    r.indices.assign(size_t((end - begin) * K), 0);
    RowSink sink{r.distances.data(), r.indices.data(), r.points.data(), K, begin};
    RowProgress progress{progressFn, end - begin};
    checkBroken(impl_->run(begin, end, sink, progress, nullptr), maxk());
    impl_->sp.scaleBack(r.distances.data(), r.distances.size());
    return r;
}

void placeRows(KnnGraph& g, const KnnRows& r) {
    const Index K = g.maxk + 1, rows = Index(r.points.size());
    if (r.maxk != g.maxk || Index(r.distances.size()) != rows * K || Index(r.indices.size()) != rows * K)
        throw Error("internal: neighbour rows do not match the graph");
    for (Index a = 0; a < rows; ++a) {
        const int32_t i = r.points[size_t(a)];
        if (i < 0 || i >= g.n) throw Error("internal: neighbour row of a point out of range");
        std::copy_n(r.distances.data() + a * K, K, g.distances.data() + i * K);
        std::copy_n(r.indices.data() + a * K, K, g.indices.data() + i * K);
    }
}

KnnGraph neighbours(const PointsView& points, const NeighbourParams& params) {
    const Index maxk = checkedMaxk(points, params);
    const Index n = points.n();
    KnnGraph g;
    g.n = n;
    g.maxk = maxk;
    g.distances.assign(size_t(n * (maxk + 1)), 0.0);
    g.indices.assign(size_t(n * (maxk + 1)), 0);
    RowProgress progress{params.progress, n};
    if (params.stats) *params.stats = NeighbourStats{};
    if (params.method == NeighbourMethod::Hnsw) {
#ifdef PEAKSCOPE_HNSW
        const ScaledPoints sp(points);
        const Index broken = hnswSearch(sp.x, maxk, params.hnsw, g, progress);
        g.approximate = true;
        const Index sample = params.hnsw.recallSample > 0
                                 ? std::min(params.hnsw.recallSample, n)
                                 : std::min<Index>(n, std::max<Index>(100, std::min<Index>(1000, Index(4e9 / double(n * points.d())))));
        if (broken == 0) {
            g.recall = measureRecall(sp.x, g, sample);
            g.recallSample = sample;
        }
        checkBroken(broken, maxk);
        sp.scaleBack(g.distances.data(), g.distances.size());
#else
        throw Error("the approximate neighbour back-end (hnsw) is not in this build: it needs Debian's "
                    "libhnswlib-dev, natively");
#endif
    } else {
        // the exact back-ends: one slice of all positions, written by point (same rows as slices)
        const NeighbourSearch search(points, params);
        RowSink sink{g.distances.data(), g.indices.data(), nullptr, maxk + 1, 0};
        checkBroken(search.impl_->run(0, n, sink, progress, params.stats), maxk);
        search.impl_->sp.scaleBack(g.distances.data(), g.distances.size());
    }
    if (params.progress) params.progress("neighbours", 1.0);
    return g;
}

KnnGraph graphFromTable(const double* dist, const int32_t* idx, Index n, Index k, int hasSelf) {
    if (n < 2) throw Error("need at least 2 points, got " + std::to_string(n));
    if (n > Index(INT32_MAX)) throw Error("too many points for 32-bit indices");
    if (k < 1) throw Error("the neighbour table has no columns");
    // A self column: every row lists its own point at distance 0. With exact duplicates the point
    // need not be in column 0 (any zero-distance copy may come first, as in sklearn's output).
    auto listsSelf = [&](Index i) {
        for (Index j = 0; j < k && dist[i * k + j] == 0.0; ++j)
            if (idx[i * k + j] == i) return true;
        return false;
    };
    if (hasSelf < 0) {
        hasSelf = 1;
        for (Index i = 0; i < n && hasSelf; ++i)
            if (!listsSelf(i)) hasSelf = 0;
    }
    const Index maxk = hasSelf ? k - 1 : k;
    if (maxk < 1) throw Error("the neighbour table has no neighbour columns");
    if (maxk >= n) throw Error("the neighbour table has more neighbours per row than points");
    KnnGraph g;
    g.n = n;
    g.maxk = maxk;
    g.fromPoints = false;
    g.distances.resize(size_t(n * (maxk + 1)));
    g.indices.resize(size_t(n * (maxk + 1)));
    std::vector<std::pair<double, int32_t>> row;
    std::vector<Index> seenInRow(static_cast<size_t>(n), -1);  // row that last listed each point
    for (Index i = 0; i < n; ++i) {
        row.clear();
        bool selfDropped = false;
        for (Index j = 0; j < k; ++j) {
            const double d = dist[i * k + j];
            const int32_t t = idx[i * k + j];
            // the location is spelled only when a check fails (192k strings per 3000 × 64 table cost
            // 20–30 ms natively and ~60 ms in wasm)
            const auto where = [&] { return "neighbour table row " + std::to_string(i + 1) + ", column " + std::to_string(j + 1); };
            if (!(d >= 0) || !std::isfinite(d))
                throw Error(where() + ": distance " + std::to_string(d) + " is not a finite non-negative number");
            if (t < 0 || t >= n)
                throw Error(where() + ": index " + std::to_string(t) + " is out of range 0.." + std::to_string(n - 1));
            if (t == i) {
                if (hasSelf && !selfDropped && d == 0.0) { selfDropped = true; continue; }
                throw Error(where() + " lists the point itself" + (d == 0.0 ? " twice" : " at a non-zero distance"));
            }
            if (seenInRow[size_t(t)] == i) throw Error(where() + " lists point " + std::to_string(t) + " twice");
            seenInRow[size_t(t)] = i;
            row.emplace_back(d, t);
        }
        if (hasSelf && !selfDropped)
            throw Error("neighbour table row " + std::to_string(i + 1) + " does not list its own point at distance 0");
        if (!std::is_sorted(row.begin(), row.end())) std::sort(row.begin(), row.end());
        double* dr = g.distances.data() + i * (maxk + 1);
        int32_t* ir = g.indices.data() + i * (maxk + 1);
        dr[0] = 0;
        ir[0] = int32_t(i);
        for (Index j = 0; j < maxk; ++j) {
            dr[j + 1] = row[size_t(j)].first;
            ir[j + 1] = row[size_t(j)].second;
        }
    }
    return g;
}

KnnGraph truncate(const KnnGraph& g, Index maxk) {
    if (maxk >= g.maxk) return g;
    KnnGraph t;
    t.n = g.n;
    t.maxk = maxk;
    t.fromPoints = g.fromPoints;
    t.approximate = g.approximate;
    t.recall = g.recall;  // measured at the wider maxk
    t.recallSample = g.recallSample;
    t.distances.resize(size_t(g.n * (maxk + 1)));
    t.indices.resize(size_t(g.n * (maxk + 1)));
    for (Index i = 0; i < g.n; ++i) {
        std::copy_n(g.distRow(i), maxk + 1, t.distances.data() + i * (maxk + 1));
        std::copy_n(g.indexRow(i), maxk + 1, t.indices.data() + i * (maxk + 1));
    }
    return t;
}

Duplicates findDuplicates(const KnnGraph& g) {
    Duplicates dup;
    std::vector<int32_t> parent(size_t(g.n));
    std::iota(parent.begin(), parent.end(), 0);
    auto find = [&](int32_t a) {
        while (parent[size_t(a)] != a) a = parent[size_t(a)] = parent[size_t(parent[size_t(a)])];
        return a;
    };
    for (Index i = 0; i < g.n; ++i)
        for (Index j = 1; j <= g.maxk && g.dist(i, j) == 0.0; ++j) {
            int32_t a = find(int32_t(i)), b = find(g.index(i, j));
            if (a != b) parent[size_t(std::max(a, b))] = std::min(a, b);  // root = lowest index
        }
    dup.representative.resize(size_t(g.n));
    for (Index i = 0; i < g.n; ++i) {
        dup.representative[size_t(i)] = find(int32_t(i));
        if (dup.representative[size_t(i)] == i)
            dup.unique.push_back(int32_t(i));
        else
            ++dup.count;
    }
    return dup;
}

}  // namespace peakscope
