// Exact k-nearest-neighbour graph: the first stage of every PeakScope analysis.
// Euclidean distances (not squared), column 0 = the point itself, columns 1..maxk sorted by
// (distance, index). Two exact back-ends behind one interface (kd-tree via nanoflann for low
// dimension, blocked brute force otherwise); tests assert they give the same graph.
// Sections: KnnGraph · NeighbourParams · neighbours() · search in slices · graphFromTable() · Duplicates
// Example: KnnGraph g = neighbours(PointsView(x.data(), n, d), {/*maxk=*/100});
#pragma once
#include <memory>

#include "core/types.hpp"

namespace peakscope {

// ---- KnnGraph -------------------------------------------------------------------------------
struct KnnGraph {
    Index n = 0;                    // number of points
    Index maxk = 0;                 // neighbours per point, self excluded; table width = maxk + 1
    std::vector<double> distances;  // n × (maxk+1), row-major; column 0 is 0 (self)
    std::vector<int32_t> indices;   // n × (maxk+1), row-major; column 0 is the point itself
    bool fromPoints = true;         // false when built from a precomputed table (no coordinates)
    bool approximate = false;       // true for the Hnsw back-end: lists may miss true neighbours
    double recall = 1.0;            // approximate: share of the true maxk neighbours found, measured
    Index recallSample = 0;         //   exactly on this many evenly spaced points (0 = exact graph)

    Index width() const { return maxk + 1; }
    double dist(Index i, Index j) const { return distances[size_t(i * (maxk + 1) + j)]; }
    int32_t index(Index i, Index j) const { return indices[size_t(i * (maxk + 1) + j)]; }
    const double* distRow(Index i) const { return distances.data() + i * (maxk + 1); }
    const int32_t* indexRow(Index i) const { return indices.data() + i * (maxk + 1); }
};

// ---- Parameters -----------------------------------------------------------------------------
enum class NeighbourMethod {
    Auto,        // kd-tree when d <= kdTreeMaxDim, brute force above (measured crossovers below)
    KdTree,      // nanoflann kd-tree
    BruteForce,  // blocked brute force (fused SIMD kernel with block pruning)
    Hnsw,        // APPROXIMATE: hnswlib's HNSW graph (Malkov & Yashunin, TPAMI 2020), native builds
                 // with libhnswlib-dev only; the graph reports its measured recall
};

// HNSW build and search (hnswlib's parameters; defaults suit maxk ≈ 100 at D ≈ 100).
struct HnswParams {
    Index M = 16;                // links per node (memory ∝ M)
    Index efConstruction = 200;  // candidate list while building (quality of the graph)
    Index ef = 0;                // candidate list while searching; 0 = max(2·maxk, 128)
    std::uint64_t seed = 100;    // level draws; the graph is reproducible with one thread only
    Index recallSample = 0;      // points whose lists are checked exactly; 0 = automatic (≤ 1000,
                                 // fewer at large N·D so the check stays a few seconds)
};

// Work counters of one search, for benchmarks (filled when NeighbourParams::stats is set).
struct NeighbourStats {
    double pairs = 0;         // brute force: query–reference pairs the distance kernel evaluated
    Index researched = 0;     // brute force: rows searched again (rounding certificate failed: ties, float resolution)
};

struct NeighbourParams {
    Index maxk = -1;                               // neighbours kept; -1 = min(100, N-1)
    NeighbourMethod method = NeighbourMethod::Auto;  // back-end choice
    // Auto uses the kd-tree up to this D. Measured crossover (N = 50,000, Gaussian mixture, CPU
    // seconds, one thread): native brute force wins from D = 4 (kd-tree 1.12 s, brute force 1.00 s;
    // D = 3: 0.81 s vs 0.90 s); wasm from D = 5 (N = 20,000, 5 components, Node: 0.71 s vs 0.56 s;
    // D = 4: 0.51 s vs 0.74 s). Kept at 3 natively although brute force is now ~15 % faster at
    // D = 2–3 on continuous data: on quantised data full of ties and duplicates the kd-tree stays
    // ahead (40,000 × 3 on a 61 × 61 × 4 grid: 0.45 s against 0.57 s).
#ifdef __wasm__
    Index kdTreeMaxDim = 4;
#else
    Index kdTreeMaxDim = 3;
#endif
    HnswParams hnsw;                               // Hnsw only
    ProgressFn progress;                           // optional: ("neighbours", fraction of rows done)
    NeighbourStats* stats = nullptr;               // optional work counters (benchmarks)
};

// Whether this build has the approximate back-end (NeighbourMethod::Hnsw).
bool hnswAvailable();

// Resolved maxk for N points (the default rule, or the request checked against N).
Index resolveMaxk(Index requested, Index n);

// ---- Construction ---------------------------------------------------------------------------
// kNN of every point among all points: exact, or approximate with method Hnsw (recall measured).
// Throws Error for N < 2, maxk >= N, NaN/Inf.
KnnGraph neighbours(const PointsView& points, const NeighbourParams& params = {});

// ---- Search in slices ---------------------------------------------------------------------------
// The exact search as independent slices of rows, for callers that spread them over workers (the
// web app's pool of Web Workers). A NeighbourSearch holds what every row reads (the scaled points,
// the kd-tree or the brute force's spatially ordered float rows) and visits the points in its own
// order (nearby points consecutively); rows(begin, end) searches the positions [begin, end) of that
// order. Placed into one graph (placeRows), the slices of [0, N) give neighbours()'s graph bit for
// bit: neighbours() itself runs the exact back-ends as one slice of this class. Not for Hnsw.
// Example: NeighbourSearch s(points, {50}); KnnRows a = s.rows(0, 1024), b = s.rows(1024, s.size());
struct KnnRows {
    Index begin = 0;                 // first position of the slice in the search's order
    Index maxk = 0;
    std::vector<int32_t> points;     // the point of each row
    std::vector<double> distances;   // rows × (maxk+1), as KnnGraph
    std::vector<int32_t> indices;    // rows × (maxk+1)
};

class NeighbourSearch {
public:
    // Checks and throws as neighbours(); builds the kd-tree or prepares the brute force.
    NeighbourSearch(const PointsView& points, const NeighbourParams& params = {});
    ~NeighbourSearch();
    Index size() const;         // N
    Index maxk() const;         // resolved
    Index granularity() const;  // slice bounds are multiples of this, or N (brute force: query blocks)
    static constexpr Index kSliceAlign = 128;  // a multiple of every back-end's granularity
    // Rows of positions [begin, end); progress as ("neighbours", fraction of this slice).
    KnnRows rows(Index begin, Index end, const ProgressFn& progress = {}) const;
    // Benchmarks (brute force): the fused distance kernel alone (float distances, bound
    // test, candidate pushes; no block pruning, no exact ranking), one thread, on the first `block`
    // positions of its order as queries and as references (the shape of a (block × D)·(D × block)
    // GEMM): one pass from the search's start bounds, then `reps` from the bounds it reached.
    // Returns the pairs evaluated (2·D flops each); 0 for the kd-tree.
    double kernelPass(Index block, int reps) const;

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
    friend KnnGraph neighbours(const PointsView& points, const NeighbourParams& params);
};

// Copies the rows of a slice into their points' rows of g (g.n, g.maxk set, tables sized).
void placeRows(KnnGraph& g, const KnnRows& rows);

// A precomputed table (as the nucleation paper distributes per-layer data): n × k distances and
// indices, with or without the self column (detected when `hasSelf` < 0). Rows are re-sorted by
// (distance, index) and validated (indices in range, distances finite and >= 0).
KnnGraph graphFromTable(const double* dist, const int32_t* idx, Index n, Index k, int hasSelf = -1);

// Keeps columns 0..maxk of a wider graph.
KnnGraph truncate(const KnnGraph& g, Index maxk);

// ---- Duplicates -----------------------------------------------------------------------------
// Exact duplicates are found on the distances (zero distance beyond column 0). Rule (documented
// in README): copies are grouped; every analysis runs on one representative per group (the
// lowest index) and each copy receives its representative's results. DADApy instead fails.
struct Duplicates {
    Index count = 0;                   // rows that are copies of an earlier row (n - unique)
    std::vector<int32_t> representative;  // per row: lowest index of its group (itself if unique)
    std::vector<int32_t> unique;       // representatives, ascending
};
Duplicates findDuplicates(const KnnGraph& g);

}  // namespace peakscope
