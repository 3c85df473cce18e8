// Results as JSON text — the one schema shared by the CLI (`peakscope analyze --json`), the app's
// "export results" and the JS API. Labels are 0-based, rows in input order; no file I/O here.
// Schema: {"n","d","maxk","warnings","duplicates","id":{"value","error","scale"},
//   "density":{"method","log_density","log_density_error","kstar"},
//   "adp":{"Z","n_clusters","labels","halo_labels","centers","saddles":[{"a","b","log_density","error","point"}],
//          "merge_z":[{"z","n_clusters"}]}, "hierarchy":{...}, "decision_graph":{"delta"},
//   "timings_s":{"neighbours","id","density","adp"}}
// Example: std::string text = analysisToJson(analyze(points));
#pragma once
#include "core/analysis.hpp"

#include <string>
#include <string_view>

namespace peakscope {

struct ReportOptions {
    bool perPointArrays = true;  // include per-point arrays (log_density, labels, …)
    bool decisionGraph = true;   // include δ per point
};

std::string analysisToJson(const Analysis& a, const ReportOptions& options = {});

// `text` as a JSON string literal: quoted, with " and \ escaped and control characters as \u00XX.
std::string jsonString(std::string_view text);

}  // namespace peakscope
