// Peak dendrogram and decision graph. See hierarchy.hpp.
#include "core/hierarchy.hpp"

#include "core/distance.hpp"

#include <algorithm>
#include <cmath>
#include <functional>
#include <limits>
#include <numeric>
#include <string>

namespace peakscope {

Dendrogram peakHierarchy(const std::vector<double>& peakHeight, const std::vector<Saddle>& saddles) {
    Dendrogram d;
    const int32_t m = int32_t(peakHeight.size());
    d.nLeaves = m;
    d.leafHeight = peakHeight;
    if (m == 0) return d;
    // union-find over peaks; each group remembers its current node id and its highest peak
    std::vector<int32_t> parent(static_cast<size_t>(m)), node(static_cast<size_t>(m)), top(static_cast<size_t>(m));
    std::vector<Index> size(static_cast<size_t>(m), 1);
    std::iota(parent.begin(), parent.end(), 0);
    std::iota(node.begin(), node.end(), 0);
    std::iota(top.begin(), top.end(), 0);
    std::function<int32_t(int32_t)> find = [&](int32_t a) {
        while (parent[size_t(a)] != a) a = parent[size_t(a)] = parent[size_t(parent[size_t(a)])];
        return a;
    };
    std::vector<int32_t> nodeTop;  // highest peak under each internal node
    auto join = [&](int32_t a, int32_t b, double h, int32_t point, bool connected) {
        a = find(a);
        b = find(b);
        if (a == b) return;
        // the group holding the higher peak goes left
        if (peakHeight[size_t(top[size_t(b)])] > peakHeight[size_t(top[size_t(a)])]) std::swap(a, b);
        Dendrogram::Merge mg;
        mg.left = node[size_t(a)];
        mg.right = node[size_t(b)];
        mg.height = h;
        mg.saddlePoint = point;
        mg.size = size[size_t(a)] + size[size_t(b)];
        mg.connected = connected;
        d.merges.push_back(mg);
        parent[size_t(b)] = a;
        size[size_t(a)] += size[size_t(b)];
        node[size_t(a)] = int32_t(m + Index(d.merges.size()) - 1);
    };
    std::vector<Saddle> s = saddles;
    std::sort(s.begin(), s.end(), [](const Saddle& x, const Saddle& y) {
        if (x.logRho != y.logRho) return x.logRho > y.logRho;
        return std::make_pair(x.a, x.b) < std::make_pair(y.a, y.b);
    });
    for (const Saddle& x : s) {
        if (x.a < 0 || x.b < 0 || x.a >= m || x.b >= m || x.a == x.b)
            throw Error("peakHierarchy: saddle between peaks " + std::to_string(x.a) + " and " + std::to_string(x.b) +
                        " is out of range for " + std::to_string(m) + " peaks");
        join(x.a, x.b, x.logRho, x.point, true);
    }
    // groups with no saddle between them: join at a floor below everything, highest first
    double floor = *std::min_element(peakHeight.begin(), peakHeight.end());
    for (const Saddle& x : s) floor = std::min(floor, x.logRho);
    floor -= 1.0;
    std::vector<int32_t> roots;
    for (int32_t c = 0; c < m; ++c)
        if (find(c) == c) roots.push_back(c);
    std::sort(roots.begin(), roots.end(), [&](int32_t a, int32_t b) {
        return peakHeight[size_t(top[size_t(a)])] > peakHeight[size_t(top[size_t(b)])];
    });
    for (size_t k = 1; k < roots.size(); ++k) join(roots[0], roots[k], floor, -1, false);
    // leaf order: depth-first, left (higher-peak) child first
    if (m == 1) {
        d.leafOrder = {0};
        return d;
    }
    std::vector<int32_t> stack{int32_t(m + Index(d.merges.size()) - 1)};
    while (!stack.empty()) {
        const int32_t v = stack.back();
        stack.pop_back();
        if (v < m) {
            d.leafOrder.push_back(v);
            continue;
        }
        const auto& mg = d.merges[size_t(v - m)];
        stack.push_back(mg.right);
        stack.push_back(mg.left);
    }
    return d;
}

namespace {
// Lowest common ancestors in one tree of the merge curve (nodes [begin, end)), binary lifting.
class TreeLca {
public:
    TreeLca(const MergeCurve& c, int32_t begin, int32_t end) : begin_(begin) {
        const int32_t n = end - begin;
        while ((1 << levels_) < n) ++levels_;
        depth_.assign(size_t(n), 0);
        up_.assign(size_t(levels_) * size_t(n), -1);
        for (int32_t v = n - 1; v >= 0; --v) {  // parents have larger ids than their children
            const int32_t pa = c.treeParent[size_t(begin + v)];
            const int32_t lp = pa < 0 ? -1 : pa - begin;
            up_[size_t(v)] = lp;
            depth_[size_t(v)] = lp < 0 ? 0 : depth_[size_t(lp)] + 1;
        }
        for (int l = 1; l < levels_; ++l)
            for (int32_t v = 0; v < n; ++v) {
                const int32_t h = up(l - 1, v);
                up_[size_t(l) * size_t(n) + size_t(v)] = h < 0 ? -1 : up(l - 1, h);
            }
    }
    // local node ids; −1 when a and b have no common ancestor (or either is −1)
    int32_t lca(int32_t a, int32_t b) const {
        if (a < 0 || b < 0) return -1;
        if (depth_[size_t(a)] < depth_[size_t(b)]) std::swap(a, b);
        for (int l = levels_ - 1; l >= 0; --l)
            if (depth_[size_t(a)] - (1 << l) >= depth_[size_t(b)]) a = up(l, a);
        if (a == b) return a;
        for (int l = levels_ - 1; l >= 0; --l)
            if (up(l, a) != up(l, b)) {
                a = up(l, a);
                b = up(l, b);
            }
        return up(0, a);
    }
    int32_t begin() const { return begin_; }

private:
    int32_t up(int l, int32_t v) const { return up_[size_t(l) * depth_.size() + size_t(v)]; }
    int32_t begin_;
    int levels_ = 1;
    std::vector<int32_t> depth_, up_;
};
}  // namespace

void labelJoins(Dendrogram& d, const Topography& t, const Partition& p, const MergeCurve& curve) {
    const MergeCurve own = curve.z.empty() ? mergeCurve(t) : MergeCurve{};
    const MergeCurve& c = curve.z.empty() ? own : curve;
    const size_t m = size_t(d.nLeaves);
    if (p.centres.size() != m) throw Error("labelJoins: the dendrogram is not of this partition");
    for (auto& mg : d.merges) mg.mergeZ = std::numeric_limits<double>::infinity();
    size_t open = d.merges.size();
    std::vector<int32_t> leafPeak(m);  // leaf → its centre's putative peak
    for (size_t i = 0; i < m; ++i) leafPeak[i] = t.labels[size_t(p.centres[i])];
    // at p.Z every leaf is its own cluster; the curve's count holds from z[k] on
    const size_t firstAbove = size_t(std::upper_bound(c.z.begin(), c.z.end(), p.Z) - c.z.begin());
    std::vector<int32_t> node(m + d.merges.size());
    // 1. steps with trees: within a run the clusters only grow, so a join's groups first share a
    // cluster at the step where the common ancestor of their peaks forms (or at the run's first
    // step above Z, if later)
    const size_t P = t.centres.size();
    const size_t runs = c.runStart.size();
    for (size_t r = 0; r < runs && open > 0; ++r) {
        const size_t from = std::max(size_t(c.runStart[r]), firstAbove);
        const size_t to = r + 1 < runs ? size_t(c.runStart[r + 1]) : size_t(c.treeSteps);
        if (from >= to) continue;
        const int32_t begin = c.runNode[r];
        const int32_t end = r + 1 < runs ? c.runNode[r + 1] : int32_t(c.treeParent.size());
        if (size_t(end - begin) < P) throw Error("labelJoins: the merge curve is not of this topography");
        const TreeLca tree(c, begin, end);
        for (size_t i = 0; i < m; ++i) node[i] = leafPeak[i];
        for (size_t j = 0; j < d.merges.size(); ++j) {
            auto& mg = d.merges[j];
            const int32_t a = tree.lca(node[size_t(mg.left)], node[size_t(mg.right)]);
            node[m + j] = a;
            if (a < 0 || !std::isinf(mg.mergeZ)) continue;
            const size_t step = std::max(size_t(std::max(c.stepOf[size_t(begin + a)], 0)), from);
            if (step < to) {
                mg.mergeZ = c.z[step];
                --open;
            }
        }
    }
    // 2. steps beyond the trees: one merge per step
    std::vector<double> zs;
    for (size_t k = std::max(size_t(c.treeSteps), firstAbove); k < c.z.size(); ++k) zs.push_back(c.z[k]);
    if (open == 0 || zs.empty()) return;
    sweepMerges(t, zs, [&](size_t k, const std::vector<int32_t>& survivor) {
        for (size_t i = 0; i < m; ++i) node[i] = survivor[size_t(leafPeak[i])];
        for (size_t j = 0; j < d.merges.size(); ++j) {
            auto& mg = d.merges[j];
            const int32_t a = node[size_t(mg.left)], b = node[size_t(mg.right)];
            node[m + j] = a >= 0 && a == b ? a : -1;
            if (node[m + j] >= 0 && std::isinf(mg.mergeZ)) {
                mg.mergeZ = zs[k];
                --open;
            }
        }
        return open > 0;
    });
}

std::vector<double> peakDissimilarity(const std::vector<double>& peakHeight, const std::vector<Saddle>& saddles) {
    const size_t m = peakHeight.size();
    std::vector<double> d(m * m, 0.0);
    if (m == 0) return d;
    const double fmax = *std::max_element(peakHeight.begin(), peakHeight.end());
    double floor = *std::min_element(peakHeight.begin(), peakHeight.end());
    for (const Saddle& s : saddles) floor = std::min(floor, s.logRho);
    floor -= 1.0;
    for (size_t i = 0; i < m; ++i)
        for (size_t j = 0; j < m; ++j)
            if (i != j) d[i * m + j] = fmax - floor;
    for (const Saddle& s : saddles) {
        const size_t a = size_t(s.a), b = size_t(s.b);
        if (a >= m || b >= m) throw Error("peakDissimilarity: saddle names a peak out of range");
        d[a * m + b] = d[b * m + a] = fmax - s.logRho;
    }
    return d;
}

DecisionGraph decisionGraph(const KnnGraph& g, const std::vector<double>& height, const PointsView& points) {
    DecisionGraph out;
    const Index n = g.n;
    out.delta.assign(size_t(n), std::numeric_limits<double>::quiet_NaN());
    out.nearestHigher.assign(size_t(n), -1);
    auto higher = [&](Index a, Index b) { return height[size_t(a)] > height[size_t(b)] || (height[size_t(a)] == height[size_t(b)] && a < b); };
    std::vector<int32_t> order(static_cast<size_t>(n));
    std::iota(order.begin(), order.end(), 0);
    std::sort(order.begin(), order.end(), [&](int32_t a, int32_t b) { return higher(a, b); });
    std::vector<Index> rank(static_cast<size_t>(n));
    for (Index r = 0; r < n; ++r) rank[size_t(order[size_t(r)])] = r;
    const bool coords = !points.empty() && points.n() == n;
    auto dist = [&](Index a, Index b) { return euclidean(points, a, b); };
    std::vector<int32_t> far;
    for (Index i = 0; i < n; ++i) {
        for (Index j = 1; j <= g.maxk; ++j)
            if (higher(g.index(i, j), i)) {
                out.delta[size_t(i)] = g.dist(i, j);
                out.nearestHigher[size_t(i)] = g.index(i, j);
                break;
            }
        if (out.nearestHigher[size_t(i)] < 0 && rank[size_t(i)] > 0) far.push_back(int32_t(i));
    }
    out.beyondMaxk = Index(far.size());
    if (coords) {
#pragma omp parallel for schedule(dynamic, 1)
        for (Index f = 0; f < Index(far.size()); ++f) {
            const int32_t i = far[size_t(f)];
            double best = HUGE_VAL;
            int32_t arg = -1;
            for (Index r = 0; r < rank[size_t(i)]; ++r) {
                const double dd = dist(i, order[size_t(r)]);
                if (dd < best) { best = dd; arg = order[size_t(r)]; }
            }
            out.delta[size_t(i)] = best;
            out.nearestHigher[size_t(i)] = arg;
        }
        double mx = 0;
        const int32_t top = order[0];
        for (Index j = 0; j < n; ++j) mx = std::max(mx, dist(top, j));
        out.delta[size_t(top)] = mx;
    } else {
        out.delta[size_t(order[0])] = g.dist(order[0], g.maxk);
    }
    return out;
}

}  // namespace peakscope
