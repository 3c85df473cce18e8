// Tutorial 1's tables at Z (web/parts/peaks/at_z): rows and halo rows per final peak, saddles in
// the order the peaks merge, the log-density colour range. Specification: at_z.hpp, ADP (d'Errico
// et al. 2021) §2.4 (halo) and Eq. 6 (a pair merges at the Z where its margin is no longer significant).
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <memory>
#include <numeric>
#include <vector>

#include "core/analysis.hpp"
#include "core/toy/generators.hpp"
#include "parts/peaks/at_z.hpp"

using namespace peakscope;
using namespace peakscope::web;

namespace {
// The merge at Z of an analysis, as the page keeps it (ZState).
ZState atZ(const Analysis& a, double Z) {
    ZState z;
    z.Z = Z;
    z.partition = mergeAtZ(a.topography, a.density, Z);
    z.rowLabels = a.perRow(z.partition.labels);
    z.rowHalo = a.perRow(z.partition.haloLabels);
    z.computedZ = Z;
    return z;
}
Analysis gaussians() {
    AnalysisParams p;
    p.decisionGraph = false;
    return analyze(toy::generate(toy::defaultSpec("gaussians", 1)).points.view(), p);
}
}  // namespace

TEST_CASE("peaks at Z: rows per peak on a hand-made partition; halo rows are counted in their peak") {
    ZState z;
    z.partition.centres = {0, 3, 5};  // three final peaks
    z.rowLabels = {0, 0, 1, 1, 1, 2, -1, 0};
    z.rowHalo = {0, -1, 1, -1, -1, 2, -1, -1};
    const peaks::PeakRows r = peaks::rowsPerPeak(z);
    CHECK(r.rows == std::vector<Index>{3, 3, 1});
    CHECK(r.halo == std::vector<Index>{2, 2, 0});
    // labels outside the peaks (stale rows) are skipped, not counted or out of bounds
    z.rowLabels[2] = 7;
    CHECK(peaks::rowsPerPeak(z).rows == std::vector<Index>{3, 2, 1});
    CHECK(peaks::rowsPerPeak(ZState{}).rows.empty());
}

TEST_CASE("peaks at Z: on toy data every row is in one peak, and halo rows are below their peak's saddle") {
    const Analysis a = gaussians();
    for (double Z : {0.5, 1.65, 4.0}) {
        const ZState z = atZ(a, Z);
        const peaks::PeakRows r = peaks::rowsPerPeak(z);
        REQUIRE(r.rows.size() == size_t(z.partition.nClusters()));
        CHECK(std::accumulate(r.rows.begin(), r.rows.end(), Index(0)) == a.n);
        Index halo = 0;
        for (size_t c = 0; c < r.rows.size(); ++c) {
            CHECK(r.halo[c] <= r.rows[c]);
            halo += r.halo[c];
        }
        CHECK(halo == Index(std::count(z.rowHalo.begin(), z.rowHalo.end(), -1)));
        CHECK(std::equal(r.rows.begin(), r.rows.end(), z.partition.population.begin(), z.partition.population.end()));
    }
}

TEST_CASE("peaks at Z: saddles are listed by the Z at which their peaks merge, smallest first") {
    const Analysis a = gaussians();
    const ZState z = atZ(a, 0.5);  // low Z: many peaks and saddles
    const Partition& p = z.partition;
    REQUIRE(p.saddles.size() >= 2);
    const peaks::SaddlesByMerge by = peaks::saddlesByMerge(p);
    REQUIRE(by.order.size() == p.saddles.size());
    REQUIRE(by.margin.size() == p.saddles.size());
    std::vector<size_t> sorted = by.order;
    std::sort(sorted.begin(), sorted.end());
    for (size_t i = 0; i < sorted.size(); ++i) CHECK(sorted[i] == i);  // a permutation
    for (size_t r = 1; r < by.order.size(); ++r) CHECK(by.margin[by.order[r - 1]] <= by.margin[by.order[r]]);
    for (size_t i = 0; i < p.saddles.size(); ++i) CHECK(by.margin[i] == mergeZ(p, p.saddles[i]));
    // the first pair to merge is gone (merged) just above its margin, and the count of peaks drops
    const double first = by.margin[by.order[0]];
    if (std::isfinite(first) && first > z.Z)
        CHECK(clustersAtZ(a.topography, first + 1e-9) < p.nClusters());
    CHECK(peaks::saddlesByMerge(Partition{}).order.empty());
}

TEST_CASE("peaks at Z: the log-density colour range is the 1st to 99th percentile of the finite values") {
    std::vector<double> v(1001);
    std::iota(v.begin(), v.end(), 0.0);  // 0 … 1000
    std::reverse(v.begin(), v.end());
    v.push_back(NAN);                    // ignored
    v.push_back(-INFINITY);
    const auto [lo, hi] = peaks::robustRange(v);
    CHECK(lo == 10);
    CHECK(hi == 990);
    CHECK(peaks::robustRange({}) == std::pair<double, double>(0, 1));
    CHECK(peaks::robustRange({3.5}) == std::pair<double, double>(3.5, 3.5));
}
