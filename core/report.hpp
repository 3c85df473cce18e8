// Results as JSON text (written with core/json.hpp) — the one schema shared by the CLI (`peakscope analyze --json`), the app's
// "export results" and the JS API. Labels are 0-based, rows in input order; no file I/O here.
// Schema: {"n","d","maxk","warnings","duplicates","id":{"value","error","scale"},
//   "density":{"method","log_density","log_density_error","kstar"},
//   "adp":{"Z","n_clusters","labels","halo_labels","centers","saddles":[{"a","b","log_density","error","point"}],
//          "merge_z":[{"z","n_clusters"}]}, "hierarchy":{...}, "decision_graph":{"delta"},
//   "truth":{"against","compared","ari","nmi"[,"unavailable"]} (only with ReportOptions::truth),
//   "timings_s":{"neighbours","id","density","adp"}}
// Non-finite numbers are written as null: "decision_graph.delta" holds null for a point whose δ is
// unknown (kNN-graph input, no denser point among its maxk neighbours); "truth.ari"/"nmi" are null
// when no point is labelled in both (then "unavailable" gives the reason).
// Example: std::string text = analysisToJson(analyze(points));
#pragma once
#include "core/analysis.hpp"
#include "core/metrics.hpp"

#include <string>
#include <vector>
#include <string_view>

namespace peakscope {

struct ReportOptions {
    bool perPointArrays = true;  // include per-point arrays (log_density, labels, …)
    bool decisionGraph = true;   // include δ per point
    // Agreement with a ground truth (the CLI's label column or --labels file), computed against
    // the labels or, with truthAgainstHalo, the halo labels; nullptr = no "truth" key.
    const LabelAgreement* truth = nullptr;
    bool truthAgainstHalo = false;
    std::string truthColumn;                  // header of the label column ("species"), if any
    std::vector<std::string> truthClasses;    // names of text class labels (label k = truthClasses[k])
    // The merge to report instead of a.partition / a.hierarchy (the app's, at its slider's Z, kept
    // apart from the immutable analysis); both or neither.
    const Partition* partition = nullptr;
    const Dendrogram* hierarchy = nullptr;
};

std::string analysisToJson(const Analysis& a, const ReportOptions& options = {});

}  // namespace peakscope
