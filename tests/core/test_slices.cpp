// The two per-point stages in slices (issue #12: the web app's pool of workers computes them so):
// the rows of NeighbourSearch::rows over slices of [0, N), placed into one graph, equal neighbours()
// bit for bit — kd-tree and brute force, on data full of ties (a lattice) and exact duplicates — and
// pakRows over slices of the rows equals pakDensity() bit for bit. Bad slices are refused.
// Specification: core/neighbours.hpp ("Search in slices"), core/density.hpp ("PAk in slices").
#include <doctest/doctest.h>

#include <cstring>
#include <iterator>
#include <string>
#include <vector>

#include "core/density.hpp"
#include "core/neighbours.hpp"
#include "test_support.hpp"

using namespace peakscope;
using namespace peakscope::testing;

namespace {

// A 2-D lattice with spacing 1 (equal distances everywhere), every 7th point copied exactly once,
// and a Gaussian cloud beside it: ties at every rank and zero distances.
std::vector<double> tiesAndDuplicates(Index& n, Index d) {
    Rng r(12);
    std::vector<double> x;
    const Index side = 24;
    for (Index a = 0; a < side * side; ++a) {
        for (Index c = 0; c < d; ++c) x.push_back(c == 0 ? double(a % side) : c == 1 ? double(a / side) : 0.0);
        if (a % 7 == 0)
            for (Index c = 0; c < d; ++c) x.push_back(x[x.size() - size_t(d)]);
    }
    for (Index a = 0; a < 700; ++a)
        for (Index c = 0; c < d; ++c) x.push_back(30.0 + 3.0 * r.normal());
    n = Index(x.size()) / d;
    return x;
}

bool sameBits(const std::vector<double>& a, const std::vector<double>& b) {
    return a.size() == b.size() && std::memcmp(a.data(), b.data(), a.size() * sizeof(double)) == 0;
}

// Slices at uneven bounds (multiples of the search's granularity) placed into one graph.
KnnGraph bySlices(const PointsView& v, const NeighbourParams& p, std::vector<Index> cuts) {
    const NeighbourSearch s(v, p);
    KnnGraph g;
    g.n = s.size();
    g.maxk = s.maxk();
    g.distances.assign(size_t(g.n * (g.maxk + 1)), -1.0);
    g.indices.assign(size_t(g.n * (g.maxk + 1)), -1);
    std::vector<Index> bounds{0};
    for (Index c : cuts) bounds.push_back(c * s.granularity());
    bounds.push_back(s.size());
    std::vector<int> seen(size_t(g.n), 0);
    for (size_t b = 0; b + 1 < bounds.size(); ++b) {
        const KnnRows r = s.rows(bounds[b], bounds[b + 1]);
        CHECK(Index(r.points.size()) == bounds[b + 1] - bounds[b]);
        for (int32_t i : r.points) ++seen[size_t(i)];
        placeRows(g, r);
    }
    for (Index i = 0; i < g.n; ++i) REQUIRE(seen[size_t(i)] == 1);  // every point in exactly one slice
    return g;
}

}  // namespace

TEST_CASE("neighbour rows in slices equal neighbours() bit for bit (ties, duplicates; both back-ends)") {
    for (const Index d : {2, 12}) {
        Index n = 0;
        const std::vector<double> x = tiesAndDuplicates(n, d);
        const PointsView v(x.data(), n, d);
        for (const auto method : {NeighbourMethod::KdTree, NeighbourMethod::BruteForce}) {
            CAPTURE(d);
            CAPTURE(int(method));
            NeighbourParams p;
            p.maxk = 30;
            p.method = method;
            const KnnGraph whole = neighbours(v, p);
            REQUIRE(findDuplicates(whole).count > 0);
            const KnnGraph sliced = method == NeighbourMethod::BruteForce ? bySlices(v, p, {3, 4, 9})
                                                                          : bySlices(v, p, {1, 377, 378, 1000});
            CHECK(sliced.maxk == whole.maxk);
            CHECK(sameBits(sliced.distances, whole.distances));
            CHECK(sliced.indices == whole.indices);
        }
    }
}

TEST_CASE("neighbour slices: scaled units are scaled back; misaligned or out-of-range slices are refused") {
    Index n = 0;
    std::vector<double> x = tiesAndDuplicates(n, 3);
    for (double& v : x) v *= 1e-200;
    const PointsView v(x.data(), n, 3);
    NeighbourParams p;
    p.maxk = 10;
    p.method = NeighbourMethod::BruteForce;
    const KnnGraph whole = neighbours(v, p);
    CHECK(sameBits(bySlices(v, p, {2}).distances, whole.distances));
    const NeighbourSearch s(v, p);
    CHECK(s.granularity() > 1);
    CHECK_THROWS_AS(s.rows(1, s.size()), Error);
    CHECK_THROWS_AS(s.rows(0, s.size() + 1), Error);
    CHECK(s.rows(s.granularity(), s.granularity()).points.empty());
    NeighbourParams wide;
    wide.maxk = 5;
    CHECK_THROWS_AS(NeighbourSearch(PointsView(x.data(), 3, 3), wide), Error);  // maxk ≥ N
}

TEST_CASE("PAk rows in slices equal pakDensity() bit for bit") {
    Index n = 0;
    const std::vector<double> all = tiesAndDuplicates(n, 2);
    // PAk runs on distinct points (analysis.hpp): keep the first of each copy
    NeighbourParams p;
    p.maxk = 40;
    const Duplicates dup = findDuplicates(neighbours(PointsView(all.data(), n, 2), p));
    std::vector<double> x;
    for (int32_t u : dup.unique) x.insert(x.end(), all.begin() + u * 2, all.begin() + u * 2 + 2);
    const Index nu = Index(dup.unique.size());
    const KnnGraph g = neighbours(PointsView(x.data(), nu, 2), p);
    for (const double id : {1.7, 2.0, 2.6}) {
        CAPTURE(id);
        const Density whole = pakDensity(g, id);
        const std::vector<int32_t> ks = optimalNeighbourhood(g, id);
        CHECK(ks == whole.kstar);
        std::vector<double> logRho(size_t(nu), 0.0), error(size_t(nu), 0.0);
        const double unit = pakVolumeUnit(g);
        const Index cuts[] = {0, 1, 513, 514, nu};
        for (size_t c = 0; c + 1 < std::size(cuts); ++c) {
            const Index b = cuts[c], e = cuts[c + 1];
            // a slice needs only its own rows: copy them out, as a worker receives them
            const std::vector<double> rows(g.distRow(b), g.distRow(b) + (e - b) * g.width());
            pakRows(rows.data(), g.width(), ks.data() + b, e - b, id, g.n, unit, logRho.data() + b, error.data() + b);
        }
        CHECK(sameBits(logRho, whole.logRho));
        CHECK(sameBits(error, whole.error));
    }
    std::vector<int32_t> bad{0};
    double a = 0, b = 0;
    CHECK_THROWS_AS(pakRows(g.distances.data(), g.width(), bad.data(), 1, 2.0, g.n, 0.0, &a, &b), Error);
}

// The benchmark's kernel pass (bench prints its GFLOP/s next to a GEMM's): it counts the pairs it
// evaluated, over whole reference tiles; 0 for the kd-tree.
TEST_CASE("NeighbourSearch::kernelPass counts its pairs") {
    Index n = 0;
    std::vector<double> x = tiesAndDuplicates(n, 5);
    const PointsView v(x.data(), n, 5);
    NeighbourParams p;
    p.maxk = 10;
    p.method = NeighbourMethod::BruteForce;
    const NeighbourSearch s(v, p);
    const double pairs = s.kernelPass(256, 2);
    CHECK(pairs >= 3.0 * (256 - 11) * 256);  // whole tiles of queries (4 or 12)
    CHECK(pairs <= 3.0 * 256 * (256 + 32));
    p.method = NeighbourMethod::KdTree;
    CHECK(NeighbourSearch(v, p).kernelPass(256, 2) == 0);
}
