// The whole PeakScope pipeline in one call, with exact duplicates handled and results reported
// per input row: points → neighbour graph → intrinsic dimension → density → topography →
// partition at Z → hierarchy. Each stage's result is kept, so callers (CLI, app, JS API) can re-run
// only what a parameter change touches (e.g. `mergeAtZ(a.topography, a.density, z)` for the Z
// slider).
// Sections: AnalysisParams · Analysis · analyze() · analyzeGraph() · StagedAnalysis (the same, resumable)
// Example: Analysis a = analyze(PointsView(x, n, d), {});  auto labels = a.rowLabels();
#pragma once
#include <chrono>
#include <variant>

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

// analyze() and reanalyze() as resumable steps, for a caller that computes the two per-point
// stages (neighbour graph, density) elsewhere and returns to its event loop meanwhile (the web
// app's worker: slices on a pool of workers). next() runs the stages up to the next one the caller
// supplies, or to the end; a supplied stage must be what neighbours() / estimateDensity() return.
// The points (and `base`) must outlive the object.
// Example: StagedAnalysis s(points, p);
//          for (auto need = s.next(); !std::holds_alternative<StagedAnalysis::Done>(need); need = s.next())
//              if (auto* g = std::get_if<StagedAnalysis::NeedGraph>(&need)) s.supply(neighbours(g->points, g->params));
//              else if (auto* d = ...NeedDensity...) s.supply(estimateDensity(*d->graph, d->id, d->params));
//          Analysis a = s.take();
class StagedAnalysis {
public:
    struct NeedGraph { PointsView points; NeighbourParams params; };
    struct NeedDensity { const KnnGraph* graph; double id; DensityParams params; };
    struct Done {};
    using Need = std::variant<NeedGraph, NeedDensity, Done>;

    StagedAnalysis(const PointsView& points, const AnalysisParams& params);                      // as analyze()
    StagedAnalysis(const Analysis& base, const PointsView& points, const AnalysisParams& params);  // as reanalyze()
    Need next() const;        // the same need until it is supplied
    void supply(KnnGraph g);  // runs what follows it, up to the next need
    void supply(Density d);
    Analysis take();          // after Done

private:
    enum class Step { Graph, UniqueGraph, Density, Done };
    void graphReady();
    Step step_ = Step::Graph;
    Analysis a_;
    AnalysisParams p_;
    PointsView points_, unique_;
    std::vector<double> compact_;  // the distinct points, when there are duplicates (unique_ views it)
    NeighbourParams np_;
    Index wantedMaxk_ = 0;
    std::chrono::steady_clock::time_point t0_;
};

// Re-run only the merge (and what follows it) at a new Z, reusing the topography.
void remergeAtZ(Analysis& a, double Z);

}  // namespace peakscope
