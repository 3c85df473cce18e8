// Regression tests for edge cases found in review: extreme coordinate magnitudes in the
// brute-force kNN, sklearn-style tables of data with duplicates, maxk on graph input with
// duplicates, repeated indices, lattice data.
#include <doctest/doctest.h>

#include "core/analysis.hpp"
#include "test_support.hpp"

#include <cmath>

using namespace peakscope;
using namespace peakscope::testing;

TEST_CASE("neighbours: brute force equals the kd-tree at extreme coordinate magnitudes") {
    for (double magnitude : {1e20, 1e-25, 1e150}) {
        CAPTURE(magnitude);
        const Index n = 300, d = 16;
        std::vector<double> x = randomPoints(n, d, 3, true);
        for (auto& v : x) v *= magnitude;
        NeighbourParams kd, bf;
        kd.maxk = bf.maxk = 20;
        kd.method = NeighbourMethod::KdTree;
        bf.method = NeighbourMethod::BruteForce;
        const KnnGraph a = neighbours(PointsView(x.data(), n, d), kd);
        const KnnGraph b = neighbours(PointsView(x.data(), n, d), bf);
        CHECK(a.indices == b.indices);
        CHECK(a.distances == b.distances);
    }
    // one huge value among ordinary ones (the default analysis picks brute force at D = 16)
    const Index n = 300, d = 16;
    std::vector<double> x = randomPoints(n, d, 4, true);
    x[0] = 1e20;
    const Analysis a = analyze(PointsView(x.data(), n, d), {});
    CHECK(a.partition.nClusters() >= 1);
}

TEST_CASE("neighbours: graphFromTable accepts tables where a duplicate precedes the point itself") {
    // 1-D points {0, 0, 1, 3, 6}: row 1's first column is point 0 (distance 0), then itself
    const Index n = 5, k = 3;
    const double dist[] = {0, 0, 1, 0, 0, 1, 0, 1, 1, 0, 2, 3, 0, 3, 5};
    const int32_t idx[] = {0, 1, 2, 0, 1, 2, 2, 0, 1, 3, 2, 1, 4, 3, 2};
    const KnnGraph g = graphFromTable(dist, idx, n, k);
    CHECK(g.maxk == 2);
    for (Index i = 0; i < n; ++i) CHECK(g.index(i, 0) == i);
    CHECK(g.index(1, 1) == 0);
    CHECK(g.dist(1, 1) == 0.0);
    // a repeated index is rejected even when the copies are not adjacent after sorting
    const double d2[] = {0, 1, 2, 3, 0, 1, 2, 3, 0, 1, 2, 3, 0, 1, 2, 3, 0, 1, 2, 3};
    const int32_t i2[] = {0, 1, 2, 1, 1, 0, 2, 3, 2, 1, 3, 0, 3, 2, 4, 1, 4, 3, 2, 1};
    CHECK_THROWS_WITH_AS(graphFromTable(d2, i2, 5, 4), doctest::Contains("twice"), Error);
}

TEST_CASE("analysis: graph input with duplicates respects the requested maxk") {
    const Index n = 400, d = 2;
    std::vector<double> x = randomPoints(n, d, 9, false);
    x[2] = x[0];  // row 1 = copy of row 0
    x[3] = x[1];
    NeighbourParams np60;
    np60.maxk = 60;
    const KnnGraph wide = neighbours(PointsView(x.data(), n, d), np60);
    AnalysisParams p;
    p.neighbours.maxk = 20;
    const Analysis a = analyzeGraph(wide, p);
    CHECK(a.duplicates.count == 1);
    CHECK(a.graph.maxk == 20);
}

TEST_CASE("analysis: lattice-like data is refused with the reason, never an ID of 1e15") {
    std::vector<double> x;
    for (int i = 0; i < 30; ++i)
        for (int j = 0; j < 30; ++j) {
            x.push_back(i);
            x.push_back(j);
        }
    // a perfect lattice: every μ is 1
    CHECK_THROWS_WITH_AS(analyze(PointsView(x.data(), 900, 2), {}), doctest::Contains("lattice-like"), Error);
    // a lattice with a few off-lattice points: most μ are still 1
    const std::vector<double> extra = randomPoints(40, 2, 5, false);
    for (double v : extra) x.push_back(29.0 * v);
    CHECK_THROWS_WITH_AS(analyze(PointsView(x.data(), 940, 2), {}), doctest::Contains("lattice-like"), Error);
    // the audit's near-lattice: 25×25 grid with spacing 0.1 (0.1 is inexact: μ = 1 + O(1e-16))
    std::vector<double> g01;
    for (int i = 0; i < 25; ++i)
        for (int j = 0; j < 25; ++j) {
            g01.push_back(0.1 * i);
            g01.push_back(0.1 * j);
        }
    CHECK_THROWS_WITH_AS(analyze(PointsView(g01.data(), 625, 2), {}), doctest::Contains("same distance"), Error);
    // a 1-D lattice, and the same through graph input
    std::vector<double> line;
    for (int i = 0; i < 400; ++i) line.push_back(0.1 * i);
    CHECK_THROWS_WITH_AS(analyze(PointsView(line.data(), 400, 1), {}), doctest::Contains("lattice-like"), Error);
    NeighbourParams np;
    np.maxk = 30;
    const KnnGraph lg = neighbours(PointsView(line.data(), 400, 1), np);
    CHECK_THROWS_WITH_AS(analyzeGraph(lg, {}), doctest::Contains("lattice-like"), Error);
    // lightly quantised data (a minority of ties) still runs, with a warning
    std::vector<double> q = randomPoints(1000, 2, 7, false);
    for (size_t t = 0; t < 300; ++t) q[t] = std::round(q[t] * 20.0) / 20.0;
    const Analysis a = analyze(PointsView(q.data(), 1000, 2), {});
    CHECK(a.id.id > 0.5);
    CHECK(a.id.id < 4.0);
}
