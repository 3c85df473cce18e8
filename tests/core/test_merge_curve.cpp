// mergeCurve under a work budget: the exact part equals the unbudgeted curve, the sampled part
// agrees with clustersAtZ, and the last step is the count at large Z. Dendrogram join labels
// (labelJoins) are steps of the curve where the joined groups merge.
#include <doctest/doctest.h>

#include "core/analysis.hpp"
#include "core/toy/generators.hpp"
#include "test_support.hpp"

#include <algorithm>
#include <cmath>
#include <random>

using namespace peakscope;
using peakscope::testing::uniformNoise;


TEST_CASE("topography: mergeCurve with a small work budget stays consistent with clustersAtZ") {
    const Analysis a = uniformNoise(5, 3000, false);
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
                CHECK_FALSE(together(pt, mergeAtZ(a.topography, a.density, below), both));
                CHECK(together(pt, mergeAtZ(a.topography, a.density, z), both));
                CHECK(together(pt, mergeAtZ(a.topography, a.density, above), both));
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

TEST_CASE("mergeCurve: the trees of its steps give the same join labels as a merge per step") {
    // uniform noise, kNN k = 5: hundreds of putative peaks and a long curve, several seeds
    size_t moreRuns = 0;
    for (uint64_t seed : {5u, 6u, 7u, 8u}) {
        std::mt19937_64 rng(seed);
        const Analysis a = uniformNoise(seed, 2000, true);
        const Topography& t = a.topography;
        const MergeCurve& c = a.curve;
        CAPTURE(seed);
        REQUIRE(t.centres.size() > 50);
        REQUIRE(c.runStart.size() >= 1);
        CHECK(c.treeSteps == int32_t(c.z.size()));
        moreRuns += c.runStart.size() > 1 ? 1 : 0;
        // each run's tree: two putative peaks share a cluster at step k iff their common
        // ancestor in the tree of k's run forms by k
        const int32_t P = int32_t(t.centres.size());
        std::uniform_int_distribution<int32_t> pick(0, P - 1);
        for (size_t k = 0; k < c.z.size(); k += std::max<size_t>(1, c.z.size() / 15)) {
            size_t r = 0;
            while (r + 1 < c.runStart.size() && size_t(c.runStart[r + 1]) <= k) ++r;
            const int32_t off = c.runNode[r];
            auto formsAt = [&](int32_t u, int32_t v) {  // step of the common ancestor, −1 none
                std::vector<char> seen(c.treeParent.size(), 0);
                for (int32_t x = off + u; x >= 0; x = c.treeParent[size_t(x)]) seen[size_t(x)] = 1;
                for (int32_t x = off + v; x >= 0; x = c.treeParent[size_t(x)])
                    if (seen[size_t(x)]) return std::max(c.stepOf[size_t(x)], c.runStart[r]);
                return -1;
            };
            const Partition q = mergeAtZ(t, a.density, c.z[k]);
            for (int i = 0; i < 60; ++i) {
                const int32_t u = pick(rng), v = pick(rng);
                const int32_t f = formsAt(u, v);
                CHECK((q.putativeToFinal[size_t(u)] == q.putativeToFinal[size_t(v)]) == (f >= 0 && size_t(f) <= k));
            }
        }
        // join labels: trees vs one merge per curve step (no trees), and vs trees for the first
        // run only (the rest by merges)
        MergeCurve plain = c, firstRun = c;
        plain.treeParent.clear(); plain.stepOf.clear(); plain.runStart.clear(); plain.runNode.clear();
        plain.treeSteps = 0;
        if (c.runStart.size() > 1) {
            firstRun.treeSteps = c.runStart[1];
            firstRun.treeParent.resize(size_t(c.runNode[1]));
            firstRun.stepOf.resize(size_t(c.runNode[1]));
            firstRun.runStart.resize(1);
            firstRun.runNode.resize(1);
        } else {
            firstRun.treeSteps = int32_t(c.z.size() / 2);
        }
        for (double Z : {0.0, 0.1, 0.3, 1.0, 1.65, 2.5, 4.0}) {
            const Partition pt = mergeAtZ(t, a.density, Z);
            Dendrogram fast = peakHierarchy(pt), slow = fast, mixed = fast;
            labelJoins(fast, t, pt, c);
            labelJoins(slow, t, pt, plain);
            labelJoins(mixed, t, pt, firstRun);
            int finite = 0;
            for (size_t j = 0; j < slow.merges.size(); ++j) {
                CAPTURE(Z); CAPTURE(j);
                const double zs = slow.merges[j].mergeZ;
                CHECK(fast.merges[j].mergeZ == zs);
                CHECK(mixed.merges[j].mergeZ == zs);
                finite += std::isfinite(zs) ? 1 : 0;
            }
            if (Z < 1) CHECK(finite > 0);
        }
    }
    MESSAGE(moreRuns << " of 4 data sets have steps that do not nest (more than one tree)");
    CHECK(moreRuns > 0);
}
