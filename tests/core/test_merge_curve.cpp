// mergeCurve under a work budget: the exact part equals the unbudgeted curve, the sampled part
// agrees with clustersAtZ, and the last step is the count at large Z.
#include <doctest/doctest.h>

#include "core/analysis.hpp"

#include <random>

using namespace peakscope;

TEST_CASE("topography: mergeCurve with a small work budget stays consistent with clustersAtZ") {
    // uniform noise with a small-k kNN density: many putative peaks, a long curve
    std::mt19937_64 rng(5);
    std::uniform_real_distribution<double> u(0, 1);
    const Index n = 3000;
    std::vector<double> x(size_t(2 * n));
    for (auto& v : x) v = u(rng);
    AnalysisParams p;
    p.density.method = DensityMethod::Knn;
    p.density.k = 5;
    p.mergeCurve = false;
    p.decisionGraph = false;
    const Analysis a = analyze(PointsView(x.data(), n, 2), p);
    const Topography& t = a.topography;
    REQUIRE(t.centres.size() > 100);

    const MergeCurve full = mergeCurve(t, 1e12);
    CHECK_FALSE(full.truncated());
    const MergeCurve part = mergeCurve(t, 20.0 * double(t.centres.size() + t.saddles.size()), 50);
    REQUIRE(part.truncated());
    // exact part: identical steps below exactUpTo
    size_t k = 0;
    for (; k < part.z.size() && part.z[k] <= part.exactUpTo; ++k) {
        REQUIRE(k < full.z.size());
        CHECK(part.z[k] == full.z[k]);
        CHECK(part.nClusters[k] == full.nClusters[k]);
    }
    CHECK(k >= 2);
    // sampled part: each recorded step is the count at its z
    for (; k < part.z.size(); ++k) CHECK(part.nClusters[k] == clustersAtZ(t, part.z[k]));
    // both end at the count for very large Z
    CHECK(part.nClusters.back() == full.nClusters.back());
    CHECK(full.nClusters.back() == clustersAtZ(t, 1e6));
}
