// PeakScope exports and sharing: labels (CSV, with halo), full results (JSON, the CLI's schema at
// the current Z), the dendrogram (SVG), a PNG of the canvas; copy link / embed code.
// Builds the texts; platform/page.hpp downloads them (Blob + <a download>) and copies them.
//   Sections: downloads · sharing
#pragma once
#include <string>

#include "parts/peaks/peaks_state.hpp"

namespace peakscope::web::exporting {

// ---- downloads ----
std::string labelsCsv(const PeaksState& s);   // row,peak,peak_with_halo,log_density,error,kstar[,truth[,truth_name]]
// core/report.hpp schema, partition at s.z.Z; with ground truth its "truth" (ARI/NMI at Z, column, classes) as the CLI's
std::string resultsJson(const PeaksState& s);
std::string dendrogramSvg(const PeaksState& s);  // dendrogram_svg.cpp

// ---- sharing ----
std::string embedCode(const PeaksState& s);  // <iframe ...> snippet with the current state
void openFullApp(const PeaksState& s);       // the current state in a new tab, without embed

}  // namespace peakscope::web::exporting
