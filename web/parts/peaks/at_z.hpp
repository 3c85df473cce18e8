// PeakScope Tutorial 1: the tables at Z, from the merge at Z (ZState, core mergeAtZ): input rows and
// halo rows per final peak (ADP, d'Errico et al. 2021 §2.4: a halo point lies below its peak's
// highest saddle) and the saddles in the order the peaks merge as Z grows (margin = the Z at which
// the pair merges, core mergeZ, Eq. 6); the colour range of log-density. Pure C++ (no ImGui, no
// EM_JS): the views (peaks table, dendrogram) and the accessible tables (peaks_text) share it;
// tested natively in tests/web/logic/test_peaks_logic.cpp.
// Example: const PeakRows r = rowsPerPeak(s.z);   r.rows[c], r.halo[c] for final peak c
#pragma once
#include <cstddef>
#include <utility>
#include <vector>

#include "parts/peaks/peaks_state.hpp"

namespace peakscope::web::peaks {

// Per final peak at z.Z: its input rows and how many of them are halo (z.rowLabels, z.rowHalo).
struct PeakRows {
    std::vector<Index> rows, halo;
};
PeakRows rowsPerPeak(const ZState& z);

// The saddles of p, the pair closest to merging first (ties keep p's order): order[r] is the r-th
// saddle, margin[i] the Z at which saddle i's peaks merge.
struct SaddlesByMerge {
    std::vector<std::size_t> order;
    std::vector<double> margin;
};
SaddlesByMerge saddlesByMerge(const Partition& p);

// The colour range of "colour by log-density": the 1st and 99th percentiles of the finite values
// (robust to a few extreme points); {0, 1} when there are none.
std::pair<double, double> robustRange(const std::vector<double>& values);

}  // namespace peakscope::web::peaks
