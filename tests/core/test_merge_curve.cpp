// mergeCurve under a work budget: the exact part equals the unbudgeted curve, the sampled part
// agrees with clustersAtZ, and the last step is the count at large Z. Dendrogram join labels
// (labelJoins) are steps of the curve where the joined groups merge.
#include <doctest/doctest.h>

#include "core/analysis.hpp"
#include "core/toy/generators.hpp"

#include <algorithm>
#include <cmath>
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

namespace {
// Peaks (leaves of d) below node `node`.
void leavesBelow(const Dendrogram& d, int32_t node, std::vector<int32_t>& out) {
    if (node < d.nLeaves) { out.push_back(node); return; }
    const auto& mg = d.merges[size_t(node - d.nLeaves)];
    leavesBelow(d, mg.left, out);
    leavesBelow(d, mg.right, out);
}
// Are the centres of these peaks of p in one cluster of q?
bool together(const Partition& p, const Partition& q, const std::vector<int32_t>& peaks) {
    for (int32_t i : peaks)
        if (q.labels[size_t(p.centres[size_t(i)])] != q.labels[size_t(p.centres[size_t(peaks[0])])]) return false;
    return true;
}
}  // namespace

TEST_CASE("hierarchy: each join is labelled with the Z at which its groups merge (the merge curve)") {
    // the app's default data (five Gaussian clouds, kNN k = 16) and noisy moons, at several Z
    int checked = 0, differFromEq6 = 0;
    for (const char* gen : {"gaussians", "moons"}) {
        toy::DatasetSpec spec = toy::defaultSpec(gen, 2);
        spec.n = 1500;
        const toy::Dataset data = toy::generate(spec);
        AnalysisParams p;
        p.density.method = DensityMethod::Knn;
        p.density.k = 16;
        p.decisionGraph = false;
        Analysis a = analyze(data.points.view(), p);
        for (double Z : {0.0, 0.5, 1.0, 1.65}) {
            remergeAtZ(a, Z);
            const Partition& pt = a.partition;
            const Dendrogram& d = a.hierarchy;
            REQUIRE(d.merges.size() + 1 == size_t(d.nLeaves));
            for (size_t k = 0; k < d.merges.size(); ++k) {
                const auto& mg = d.merges[k];
                const double z = mg.mergeZ;
                CAPTURE(gen); CAPTURE(Z); CAPTURE(k); CAPTURE(z);
                REQUIRE_FALSE(std::isnan(z));
                if (std::isinf(z)) continue;  // never merge within the curve
                CHECK(z > Z);
                std::vector<int32_t> left, right, both;
                leavesBelow(d, mg.left, left);
                leavesBelow(d, mg.right, right);
                both = left;
                both.insert(both.end(), right.begin(), right.end());
                const double below = z * (1 - 1e-9), above = z * (1 + 1e-9);
                // just below: the two groups are still apart; at and just above: one cluster
                CHECK_FALSE(together(pt, mergeAtZ(a.topography, below), both));
                CHECK(together(pt, mergeAtZ(a.topography, z), both));
                CHECK(together(pt, mergeAtZ(a.topography, above), both));
                // the slider shows the merge: one peak fewer across the label
                CHECK(clustersAtZ(a.topography, below) > clustersAtZ(a.topography, above));
                // the label is a step of the merge curve
                CHECK(std::find(a.curve.z.begin(), a.curve.z.end(), z) != a.curve.z.end());
                for (const Saddle& s : pt.saddles)
                    if (s.point == mg.saddlePoint && std::fabs(mergeZ(pt, s) - z) > 1e-6) ++differFromEq6;
                ++checked;
            }
        }
    }
    MESSAGE(checked << " joins checked; " << differFromEq6 << " differ from Eq. 6 on the saddle's two peaks");
    CHECK(checked >= 10);
}
