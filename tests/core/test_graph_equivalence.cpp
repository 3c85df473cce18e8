// A precomputed kNN graph gives the same analysis as the points it came from (issue #5 §3): the
// table of `neighbours(points)` passed through graphFromTable — with its self column, without it,
// with the columns of each row shuffled, wider than maxk — and analysed by analyzeGraph yields the same TwoNN ID,
// density, peaks (centres, saddles, hierarchy) and labels as analyze(points). Sets: two generated
// 2-D benchmarks (core/toy/generators), a 6-D Gaussian mixture, and a set with exact duplicates.
// Specification: core/analysis.hpp (analyze, analyzeGraph), core/neighbours.hpp (graphFromTable).
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "core/analysis.hpp"
#include "core/toy/generators.hpp"
#include "test_support.hpp"

using namespace peakscope;
using namespace peakscope::testing;

namespace {

// The neighbour table of g as a user would hold it: n × width, optionally without column 0.
struct Table {
    std::vector<double> dist;
    std::vector<int32_t> idx;
    Index k = 0;
};
Table tableOf(const KnnGraph& g, bool withSelf, uint64_t shuffleSeed = 0) {
    Table t;
    const Index first = withSelf ? 0 : 1;
    t.k = g.maxk + 1 - first;
    Rng r(shuffleSeed);
    for (Index i = 0; i < g.n; ++i) {
        std::vector<Index> cols;
        for (Index j = first; j <= g.maxk; ++j) cols.push_back(j);
        if (shuffleSeed)
            for (Index a = Index(cols.size()) - 1; a > 0; --a) std::swap(cols[size_t(a)], cols[size_t(r.below(a + 1))]);
        for (Index j : cols) {
            t.dist.push_back(g.dist(i, j));
            t.idx.push_back(g.index(i, j));
        }
    }
    return t;
}

void checkSame(const Analysis& p, const Analysis& q) {
    CHECK(q.duplicates.count == p.duplicates.count);
    CHECK(q.id.id == p.id.id);
    CHECK(q.id.error == p.id.error);
    CHECK(q.density.logRho == p.density.logRho);
    CHECK(q.density.kstar == p.density.kstar);
    CHECK(q.partition.nClusters() == p.partition.nClusters());
    CHECK(q.partition.centres == p.partition.centres);
    CHECK(q.partition.centreLogRho == p.partition.centreLogRho);
    CHECK(q.perRow(q.partition.labels) == p.perRow(p.partition.labels));
    CHECK(q.perRow(q.partition.haloLabels) == p.perRow(p.partition.haloLabels));
    REQUIRE(q.partition.saddles.size() == p.partition.saddles.size());
    for (size_t s = 0; s < p.partition.saddles.size(); ++s) {
        CHECK(q.partition.saddles[s].a == p.partition.saddles[s].a);
        CHECK(q.partition.saddles[s].b == p.partition.saddles[s].b);
        CHECK(q.partition.saddles[s].logRho == p.partition.saddles[s].logRho);
        CHECK(q.partition.saddles[s].point == p.partition.saddles[s].point);
    }
    REQUIRE(q.hierarchy.merges.size() == p.hierarchy.merges.size());
    for (size_t m = 0; m < p.hierarchy.merges.size(); ++m) {
        CHECK(q.hierarchy.merges[m].left == p.hierarchy.merges[m].left);
        CHECK(q.hierarchy.merges[m].right == p.hierarchy.merges[m].right);
        CHECK(q.hierarchy.merges[m].height == p.hierarchy.merges[m].height);
    }
    CHECK(q.curve.nClusters == p.curve.nClusters);
}

void checkEquivalence(const std::vector<double>& x, Index n, Index d, Index maxk) {
    AnalysisParams params;
    params.neighbours.maxk = maxk;
    params.decisionGraph = false;  // δ beyond maxk needs coordinates: not part of the equivalence
    const Analysis fromPoints = analyze(PointsView(x.data(), n, d), params);
    REQUIRE(fromPoints.partition.nClusters() >= 1);
    NeighbourParams np;
    np.maxk = maxk;
    const KnnGraph g = neighbours(PointsView(x.data(), n, d), np);
    SUBCASE("table with the self column") {
        const Table t = tableOf(g, true);
        checkSame(fromPoints, analyzeGraph(graphFromTable(t.dist.data(), t.idx.data(), n, t.k), params));
        checkSame(fromPoints, analyzeGraph(graphFromTable(t.dist.data(), t.idx.data(), n, t.k, 1), params));
    }
    SUBCASE("table without the self column") {
        const Table t = tableOf(g, false);
        checkSame(fromPoints, analyzeGraph(graphFromTable(t.dist.data(), t.idx.data(), n, t.k, 0), params));
    }
    SUBCASE("columns shuffled within each row") {
        const Table t = tableOf(g, false, 17);
        checkSame(fromPoints, analyzeGraph(graphFromTable(t.dist.data(), t.idx.data(), n, t.k, 0), params));
    }
    SUBCASE("a wider table, truncated to maxk by the analysis") {
        NeighbourParams wide;
        wide.maxk = maxk + 10;
        const Table t = tableOf(neighbours(PointsView(x.data(), n, d), wide), false);
        checkSame(fromPoints, analyzeGraph(graphFromTable(t.dist.data(), t.idx.data(), n, t.k, 0), params));
    }
}

}  // namespace

TEST_CASE("graph equivalence: generated 2-D benchmarks (gaussians, hierarchy)") {
    for (const char* id : {"gaussians", "hierarchy"}) {
        CAPTURE(id);
        toy::DatasetSpec spec = toy::defaultSpec(id, 3);
        spec.n = 1500;
        const toy::Dataset s = toy::generate(spec);
        checkEquivalence(s.points.values, s.points.rows, s.points.cols, 40);
    }
}

TEST_CASE("graph equivalence: a 6-D Gaussian mixture (brute-force neighbours)") {
    Rng r(11);
    const Index n = 1200, d = 6;
    std::vector<double> x(size_t(n * d));
    for (Index i = 0; i < n; ++i)
        for (Index j = 0; j < d; ++j) x[size_t(i * d + j)] = (j == i % 3 ? 6.0 : 0.0) + r.normal();
    checkEquivalence(x, n, d, 64);
}

TEST_CASE("graph equivalence: exact duplicates are handled alike from points and from a table") {
    std::vector<double> x = threeBlobs(600, 5, BlobOrder::Random);
    for (Index c = 0; c < 30; ++c) {  // rows 600.. copy rows 0, 7, 14, ...
        x.push_back(x[size_t(2 * (7 * c))]);
        x.push_back(x[size_t(2 * (7 * c) + 1)]);
    }
    const Index n = Index(x.size() / 2);
    AnalysisParams params;
    params.neighbours.maxk = 30;
    params.decisionGraph = false;
    const Analysis p = analyze(PointsView(x.data(), n, 2), params);
    CHECK(p.duplicates.count == 30);
    // a table of exactly maxk columns loses a column in rows that list a copy, so analyzeGraph keeps
    // fewer neighbours than analyze(points) (which recomputes the graph of the distinct points):
    // given enough columns (maxk + copies), the two agree
    NeighbourParams np;
    np.maxk = 40;
    const KnnGraph g = neighbours(PointsView(x.data(), n, 2), np);
    const Table t = tableOf(g, true);
    checkSame(p, analyzeGraph(graphFromTable(t.dist.data(), t.idx.data(), n, t.k), params));
    const Table t0 = tableOf(g, false, 3);
    checkSame(p, analyzeGraph(graphFromTable(t0.dist.data(), t0.idx.data(), n, t0.k, 0), params));
}
