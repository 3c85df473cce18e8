// The whole PeakScope pipeline in one call, with exact duplicates handled and results reported
// per input row: points → neighbour graph → intrinsic dimension → density → topography →
// partition at Z → hierarchy. Each stage's result is kept, so callers (CLI, app, JS API) can re-run
// only what a parameter change touches (e.g. `mergeAtZ(a.topography, a.density, z)` for the Z
// slider).
// Sections: AnalysisParams · Analysis · analyze() · analyzeGraph() · per-row expansion
// Example: Analysis a = analyze(PointsView(x, n, d), {});  auto labels = a.rowLabels();
#pragma once
#include "core/hierarchy.hpp"
#include "core/intrinsic_dimension.hpp"

namespace peakscope {

struct AnalysisParams {
    NeighbourParams neighbours;   // maxk (default min(100, N−1)) and back-end
    TwoNNParams twoNN;            // fraction 0.9, base fit
    DensityParams density;        // PAk by default; kNN uses density.k
    double Z = 1.65;              // ADP significance (reference default 1.65)
    bool decisionGraph = true;    // compute δ (Rodriguez & Laio 2014)
    bool mergeCurve = true;       // number of peaks vs Z
    bool idScaling = false;       // TwoNN ID vs scale by decimation (Facco 2017)
    bool gride = false;           // Gride ID vs scale, n1 = 1, 2, 4, … (Denti 2022)
    // Optional replacements of the two per-point stages, called where analyze() would call
    // neighbours() and estimateDensity(); each must return what those would (the web app's worker
    // computes them in slices on a pool of workers: core/neighbours.hpp and core/density.hpp).
    std::function<KnnGraph(const PointsView&, const NeighbourParams&)> neighbourStage;
    std::function<Density(const KnnGraph&, double id, const DensityParams&)> densityStage;
    ProgressFn progress;          // optional: stage names ("neighbours", "intrinsic dimension",
                                  // "density", "peaks and saddles", "peaks vs Z", "decision graph")
};

struct Timings { double neighbours = 0, id = 0, density = 0, adp = 0; };

struct Analysis {
    Index n = 0, d = 0;           // input rows and columns (d = 0 for graph input)
    Duplicates duplicates;        // exact copies found on distances
    std::vector<int32_t> rowToUnique;  // input row → row of the unique set the stages ran on
    std::vector<int32_t> uniqueToRow;  // unique row → its representative input row
    KnnGraph graph;               // of the unique points
    TwoNNResult id;
    IdScaling idScale;            // when params.idScaling
    GrideScaling grideScale;      // when params.gride
    Density density;
    Topography topography;
    Partition partition;
    MergeCurve curve;
    Dendrogram hierarchy;
    DecisionGraph decision;
    Timings timings;
    std::vector<std::string> warnings;
    std::size_t graphWarnings = 0;  // the first warnings come from the neighbour stage (kept by reanalyze)

    // Per input row (copies receive their representative's values). Point indices inside the
    // results (centres, saddle points) are mapped back to input rows by `row()`.
    int32_t row(int32_t uniqueIndex) const { return uniqueToRow[size_t(uniqueIndex)]; }
    template <class T> std::vector<T> perRow(const std::vector<T>& v) const {
        std::vector<T> out(rowToUnique.size());
        for (size_t i = 0; i < out.size(); ++i) out[i] = v[size_t(rowToUnique[i])];
        return out;
    }
    // Its partition and dendrogram are the merge at Z (ADP §2.3): a reader at Z takes them instead
    // of calling mergeAtZ again (the web app's pages, after the worker's result).
    bool mergedAt(double Z) const { return partition.Z == Z && hierarchy.nLeaves == partition.nClusters(); }
};

// Minimum number of distinct points for the chosen density estimator.
Index minimumPoints(const AnalysisParams& p);

Analysis analyze(const PointsView& points, const AnalysisParams& params = {});
Analysis analyzeGraph(const KnnGraph& graph, const AnalysisParams& params = {});

// Re-runs the stages after the neighbour graph (ID → density → ADP) with new parameters, reusing
// the graph and duplicate handling of `base` (from analyze() on the same points; the neighbour
// parameters of `params` are ignored). The app uses it when only the estimator, k or Z change.
Analysis reanalyze(const Analysis& base, const PointsView& points, const AnalysisParams& params);

// Re-run only the merge (and what follows it) at a new Z, reusing the topography.
void remergeAtZ(Analysis& a, double Z);

}  // namespace peakscope
