// Per-layer measures of Tutorial 2 (issue #13 item 5), computed from a layer's kNN graph with core's
// pipeline (analyzeGraph: TwoNN, PAk, ADP) and core/metrics — the same code for the shipped graphs
// (tests), for the per-seed summaries the trainer writes (demos/cnn) and for the app that reads them
// (web/parts/layers).
//   ID            TwoNN ± its standard error (Facco et al. 2017)
//   peaks         ADP clusters at Z (d'Errico et al. 2021, Eq. 6)
//   ARI           peaks vs classes / macro-classes (Hubert & Arabie 1985)
//   χ             label overlap of the k = 30 nearest neighbours (Doimo et al. NeurIPS 2020, §3)
//   homogeneity   1 − H(label | peak) / H(label) (Rosenberg & Hirschberg 2007): 1 when every peak
//                 holds one label only; does not punish a label split over several peaks
//   purity        Σ_peaks max_label n(peak, label) / n
//   overlap       χ^{A,B}: shared k = 30 neighbours with the input layer / the output layer
//   merge order   AUC over class pairs: each class sits at its home peak (the peak holding most of
//                 it); a pair joins at the dendrogram height where their home peaks join (+∞ for the
//                 same peak); score = P(a same-macro pair joins higher than a cross-macro pair), ties
//                 ½. 1: macro-classes form mountain chains; 0.5: no such order.
//   kNN vote      fraction of points whose k nearest neighbours' majority label is their own
// Sections: labels · LayerMeasures · measureLayer · helpers
// Example: LayerMeasures m = measureLayer(graph, {classes, macro}, 1.65, &inputGraph, &outputGraph);
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "core/analysis.hpp"

namespace peakscope::representations {

struct LabelSets {
    std::vector<std::int64_t> classes;  // per point, 0..9
    std::vector<std::int64_t> macro;    // per point, macro-class of its class
};

constexpr Index kChiK = 30;

struct LayerMeasures {
    double Z = 0;
    double id = 0, idError = 0;
    Index peaks = 0;
    double ariClass = 0, ariMacro = 0;
    double chiClass = 0, chiMacro = 0;
    double homClass = 0, homMacro = 0;
    double purClass = 0, purMacro = 0;
    double overlapInput = 0, overlapOutput = 0;  // NaN when no reference graph is given
    double mergeOrder = 0;                       // 0.5 when all classes share one home peak
};

// The analysis of one graph (ID, density, topography; partition at p.Z).
Analysis analyzeLayer(const KnnGraph& g, double Z = 1.65);

// Measures of a layer at each Z in zs (re-merging the same topography). input/output: the graphs
// of the input and output layers of the same network (nullptr: overlap not computed).
std::vector<LayerMeasures> measureLayer(const KnnGraph& g, const LabelSets& labels, const std::vector<double>& zs,
                                        const KnnGraph* input, const KnnGraph* output);

// Partition scores (labels ≥ 0; peaks 0..m−1).
double homogeneity(const std::vector<std::int64_t>& labels, const std::vector<std::int64_t>& peaks);
double purity(const std::vector<std::int64_t>& labels, const std::vector<std::int64_t>& peaks);
double mergeOrderScore(const Partition& part, const std::vector<std::int64_t>& peaks, const LabelSets& labels);
double knnVote(const KnnGraph& g, const std::vector<std::int64_t>& labels, Index k);

// One compact JSON object of a layer's measures at several Z (summary.json): name, dims, the
// Z-independent id, id_err, chi_c, chi_m (classes, macro), ov_in, ov_out, then "z": one object per
// Z with Z, peaks, ari_c, ari_m, hom_c, hom_m, pur_c, pur_m, merge. %.6g numbers; NaN → null.
std::string measuresJson(const std::string& name, std::int64_t dims, const std::vector<LayerMeasures>& ms);

}  // namespace peakscope::representations
