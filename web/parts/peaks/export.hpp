// PeakScope exports and sharing: labels (CSV, with halo), full results (JSON, the CLI's schema at
// the current Z), the dendrogram (SVG), a PNG of the canvas; copy link / embed code.
// Downloads go through a Blob and an <a download> element; copies through navigator.clipboard.
//   Sections: downloads · sharing
#pragma once
#include <string>

#include "parts/peaks/peaks_state.hpp"

namespace peakscope::web::exporting {

// ---- downloads ----
std::string labelsCsv(const AppState& s);   // row,peak,peak_with_halo,log_density,error,kstar[,truth]
std::string resultsJson(const AppState& s); // core/report.hpp schema, partition at s.z.Z
std::string dendrogramSvg(const AppState& s);  // views/dendrogram_svg.cpp
void download(const std::string& fileName, const std::string& mime, const std::string& content);
void saveCanvasPng();  // call right after rendering (the drawing buffer is still intact)

// ---- sharing ----
std::string embedCode(const AppState& s);  // <iframe ...> snippet with the current state
void copyText(const std::string& text);    // navigator.clipboard (works inside iframes that allow it)
void openFullApp(const AppState& s);       // the current state in a new tab, without embed

}  // namespace peakscope::web::exporting
