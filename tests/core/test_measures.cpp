// The per-layer measures of Tutorial 2 (core/representations/measures.hpp) on hand-made cases:
// homogeneity and purity of a labelling by peaks, the kNN vote on a graph on a line, and the merge
// order score on a three-peak partition (same-macro pair joins first: 1; swapped macros: 0.25; one
// peak: 0.5).
#include <doctest/doctest.h>

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <utility>
#include <vector>

#include "core/neighbours.hpp"
#include "core/representations/measures.hpp"

using namespace peakscope;
using namespace peakscope::representations;

TEST_CASE("measures: homogeneity, purity, kNN vote and merge order on hand-made cases") {
    const std::vector<std::int64_t> lab = {0, 0, 1, 1, 2, 2};
    CHECK(homogeneity(lab, {0, 0, 1, 1, 2, 2}) == doctest::Approx(1.0));
    CHECK(homogeneity(lab, {0, 1, 2, 3, 4, 5}) == doctest::Approx(1.0));  // splitting a class is not punished
    CHECK(homogeneity(lab, {0, 0, 0, 0, 0, 0}) == doctest::Approx(0.0));
    CHECK(purity(lab, {0, 0, 0, 0, 1, 1}) == doctest::Approx(4.0 / 6.0));
    // a graph on a line: neighbours of i are i±1, i±2 …
    const Index n = 6, k = 2;
    std::vector<double> dist;
    std::vector<std::int32_t> idx;
    for (Index i = 0; i < n; ++i) {
        std::vector<std::pair<double, std::int32_t>> row;
        for (Index j = 0; j < n; ++j) if (j != i) row.push_back({double(std::abs(j - i)), std::int32_t(j)});
        std::sort(row.begin(), row.end());
        for (Index j = 0; j < k; ++j) { dist.push_back(row[size_t(j)].first); idx.push_back(row[size_t(j)].second); }
    }
    const KnnGraph g = graphFromTable(dist.data(), idx.data(), n, k, 0);
    // 1-NN: point 0 → 1 (same), 1 → 0 (same), 2 → 1 (other; tie 1/3 broken by index), …
    CHECK(knnVote(g, lab, 1) == doctest::Approx(4.0 / 6.0));
    // merge order: three peaks, heights 3 > 2 > 1; saddle (0,1) high, (1,2) low; classes 0,1 live at
    // peaks 0,1 (macro A), class 2 at peak 2 (macro B) → same-macro pair joins first: score 1
    Partition part;
    part.centres = {0, 2, 4};
    part.centreLogRho = {3, 2.5, 2};
    part.saddles = {{0, 1, 2.0, 0.1, 1}, {1, 2, 1.0, 0.1, 3}};
    LabelSets ls{{0, 0, 1, 1, 2, 2}, {0, 0, 0, 0, 1, 1}};
    CHECK(mergeOrderScore(part, {0, 0, 1, 1, 2, 2}, ls) == doctest::Approx(1.0));
    LabelSets swapped{{0, 0, 1, 1, 2, 2}, {0, 0, 1, 1, 0, 0}};  // classes 0 and 2 share a macro-class
    // same pair (0, 2) joins at 1.0; cross pairs (0, 1) at 2.0 (later: 0) and (1, 2) at 1.0 (tie: ½)
    CHECK(mergeOrderScore(part, {0, 0, 1, 1, 2, 2}, swapped) == doctest::Approx(0.25));
    CHECK(mergeOrderScore(part, {0, 0, 0, 0, 0, 0}, ls) == doctest::Approx(0.5));  // one peak: no order
}
