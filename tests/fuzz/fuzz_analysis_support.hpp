// Parameters decoded from fuzz bytes and the invariants of a finished analysis, shared by the
// fuzz_analysis (points) and fuzz_graph (kNN tables) targets.
#pragma once
#include <numeric>

#include "core/analysis.hpp"
#include "fuzz_support.hpp"

namespace peakscope::fuzz {

// One byte of flags and two of numbers → analysis parameters (defaults kept otherwise).
inline AnalysisParams decodeParams(Bytes& in, Index n) {
    AnalysisParams p;
    const std::uint8_t flags = in.u8(), maxk = in.u8(), k = in.u8();
    static const DensityMethod kMethod[] = {DensityMethod::PAk, DensityMethod::KstarNN, DensityMethod::Knn};
    p.density.method = kMethod[flags % 3];
    static const NeighbourMethod kBackEnd[] = {NeighbourMethod::Auto, NeighbourMethod::KdTree, NeighbourMethod::BruteForce};
    p.neighbours.method = kBackEnd[(flags / 3) % 3];
    p.decisionGraph = flags & 16;
    p.mergeCurve = flags & 32;
    p.Z = (flags >> 6) == 0 ? 1.65 : 0.5 * (flags >> 6) + 0.25 * (k & 7);
    p.neighbours.maxk = maxk == 0 ? -1 : 1 + Index(maxk) % std::max<Index>(1, n - 1);
    p.density.k = 1 + Index(k) % 16;
    return p;
}

// The results are finite and consistent with each other (sizes, label ranges, centres).
inline void checkAnalysis(const Analysis& a, Index rows) {
    const std::size_t u = a.uniqueToRow.size();
    FUZZ_CHECK(a.rowToUnique.size() == std::size_t(rows), "rowToUnique size");
    FUZZ_CHECK(u >= 1 && u + std::size_t(a.duplicates.count) == std::size_t(rows), "unique + copies != rows");
    for (int32_t r : a.rowToUnique) FUZZ_CHECK(r >= 0 && std::size_t(r) < u, "rowToUnique out of range");
    FUZZ_CHECK(std::isfinite(a.id.id) && a.id.id > 0, "intrinsic dimension not finite and positive: " + std::to_string(a.id.id));
    FUZZ_CHECK(a.density.logRho.size() == u && a.density.error.size() == u, "density sizes");
    for (std::size_t i = 0; i < u; ++i) {
        FUZZ_CHECK(std::isfinite(a.density.logRho[i]), "log rho not finite");
        FUZZ_CHECK(std::isfinite(a.density.error[i]) && a.density.error[i] >= 0, "density error not finite and >= 0");
    }
    const Partition& p = a.partition;
    const Index c = p.nClusters();
    FUZZ_CHECK(c >= 1 && Index(u) >= c, "number of clusters");
    FUZZ_CHECK(p.labels.size() == u && p.haloLabels.size() == u, "label sizes");
    FUZZ_CHECK(p.population.size() == std::size_t(c), "population size");
    std::vector<Index> count(std::size_t(c), 0);
    for (std::size_t i = 0; i < u; ++i) {
        FUZZ_CHECK(p.labels[i] >= 0 && p.labels[i] < c, "label out of range");
        FUZZ_CHECK(p.haloLabels[i] == -1 || p.haloLabels[i] == p.labels[i], "halo label is neither -1 nor the label");
        ++count[std::size_t(p.labels[i])];
    }
    for (Index j = 0; j < c; ++j) {
        const int32_t centre = p.centres[std::size_t(j)];
        FUZZ_CHECK(centre >= 0 && std::size_t(centre) < u && p.labels[std::size_t(centre)] == j, "centre not in its cluster");
        FUZZ_CHECK(count[std::size_t(j)] == p.population[std::size_t(j)], "population != label count");
    }
    if (!a.decision.delta.empty()) FUZZ_CHECK(a.decision.delta.size() == u, "decision graph size");
}

}  // namespace peakscope::fuzz
