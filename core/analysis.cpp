// The pipeline with duplicate handling. See analysis.hpp.
#include "core/analysis.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cmath>
#include <string>

namespace peakscope {
namespace {

double seconds(std::chrono::steady_clock::time_point t0) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

void checkSize(Index nUnique, Index nRows, const AnalysisParams& p) {
    const Index need = minimumPoints(p);
    if (nUnique < need) {
        std::string what = nUnique == 1 && nRows > 1 ? "all " + std::to_string(nRows) + " points are identical"
                                                     : "got " + std::to_string(nUnique) + " distinct points";
        throw Error("too few points: the analysis needs at least " + std::to_string(need) +
                    " distinct points (" + what + ")");
    }
}

// Lattice-like or heavily quantised data: TwoNN assumes P(r1 = r2) = 0 (Facco 2017, Eq. 1). When
// most points have equidistant first and second neighbours the estimate explodes (a 25×25 grid gave
// 1e15), and densities and peaks built on it are meaningless: refuse, with the reason. Ties are
// |log μ| < 1e-9 (rounding of a spacing like 0.1 leaves μ = 1 + O(1e-16)).
void checkNotLattice(Analysis& a) {
    const KnnGraph& g = a.graph;
    if (g.maxk < 2 || g.n < 1) return;  // twoNN() reports it
    Index ties = 0;
    for (Index i = 0; i < g.n; ++i) ties += std::log(g.dist(i, 2) / g.dist(i, 1)) < 1e-9;
    const Index total = g.n;
    const double share = double(ties) / double(total);
    char pct[16];
    std::snprintf(pct, sizeof pct, "%.0f%%", 100.0 * share);
    if (share >= 0.5)
        throw Error("lattice-like or quantised data: " + std::to_string(ties) + " of " + std::to_string(total) +
                    " points (" + pct + ") have their first and second neighbours at the same distance, so the "
                    "intrinsic dimension (TwoNN) and the densities are not defined; add noise below the spacing "
                    "or use the unquantised values");
    if (share >= 0.05)
        a.warnings.push_back(std::string(pct) + " of points have equidistant first and second neighbours "
                             "(quantised values?): the TwoNN estimate is biased");
}

// The ID on a duplicate-free graph (the density needs only it; the ID-vs-scale curves follow it).
void idStage(Analysis& a, const AnalysisParams& p) {
    auto t0 = std::chrono::steady_clock::now();
    if (p.progress) p.progress("intrinsic dimension", 0.0);
    checkNotLattice(a);
    a.id = twoNN(a.graph, p.twoNN);
    if (a.d > 0 && a.id.id > 1.5 * double(a.d) + 1)
        a.warnings.push_back("the TwoNN estimate " + std::to_string(a.id.id) + " exceeds the " +
                             std::to_string(a.d) + " coordinates of the data: check for quantised values or "
                             "too few points");
    a.timings.id = seconds(t0);
    if (p.progress) p.progress("density", 0.0);
}

// After the density: ID vs scale → ADP → decision graph.
void adpStages(Analysis& a, const PointsView& uniquePoints, const AnalysisParams& p) {
    auto report = [&](const char* stage) { if (p.progress) p.progress(stage, 0.0); };
    auto t0 = std::chrono::steady_clock::now();
    if (p.idScaling || p.gride) report("intrinsic dimension vs scale");
    if (p.idScaling) a.idScale = idScaling(uniquePoints, a.graph, 10, 42, p.twoNN);
    if (p.gride) a.grideScale = gride(a.graph);
    a.timings.id += seconds(t0);
    t0 = std::chrono::steady_clock::now();
    report("peaks and saddles");
    a.topography = topography(a.graph, a.density);
    a.partition = mergeAtZ(a.topography, a.density, p.Z);
    a.hierarchy = peakHierarchy(a.partition);
    if (p.mergeCurve) {
        report("peaks vs Z");
        a.curve = mergeCurve(a.topography);
    }
    labelJoins(a.hierarchy, a.topography, a.partition, a.curve);
    a.timings.adp = seconds(t0);
    if (p.decisionGraph) report("decision graph");
    if (p.decisionGraph) a.decision = decisionGraph(a.graph, adpHeight(a.density), uniquePoints);  // δ by g, as ADP
    if (a.topography.fallbackAssigned > 0)
        a.warnings.push_back(std::to_string(a.topography.fallbackAssigned) +
                             " points had no labelled neighbour within maxk and were assigned through their "
                             "dominating peak (consider a larger maxk)");
}

// The stages in-process, each need met by the core's own functions.
Analysis runInProcess(StagedAnalysis& s) {
    for (auto need = s.next(); !std::holds_alternative<StagedAnalysis::Done>(need); need = s.next()) {
        if (const auto* g = std::get_if<StagedAnalysis::NeedGraph>(&need))
            s.supply(neighbours(g->points, g->params));
        else if (const auto* d = std::get_if<StagedAnalysis::NeedDensity>(&need))
            s.supply(estimateDensity(*d->graph, d->id, d->params));
    }
    return s.take();
}

}  // namespace

Index minimumPoints(const AnalysisParams& p) {
    // TwoNN needs 2 neighbours (3 points); k* tests k = 3 … maxk − 2 (maxk ≥ 4 → 5 points)
    if (p.density.method == DensityMethod::Knn) return std::max<Index>(3, p.density.k + 1);
    return 5;
}

Analysis analyze(const PointsView& points, const AnalysisParams& params) {
    StagedAnalysis s(points, params);
    return runInProcess(s);
}

Analysis reanalyze(const Analysis& base, const PointsView& points, const AnalysisParams& params) {
    StagedAnalysis s(base, points, params);
    return runInProcess(s);
}

StagedAnalysis::StagedAnalysis(const PointsView& points, const AnalysisParams& params)
    : p_(params), points_(points), unique_(points) {
    a_.n = points.n();
    a_.d = points.d();
    if (a_.n == 0) throw Error("no points");
    checkSize(a_.n, a_.n, p_);
    t0_ = std::chrono::steady_clock::now();
    np_ = p_.neighbours;
    np_.progress = p_.progress;
}

StagedAnalysis::StagedAnalysis(const Analysis& base, const PointsView& points, const AnalysisParams& params)
    : p_(params), points_(points), unique_(points) {
    if (base.d > 0 && (points.n() != base.n || points.d() != base.d)) throw Error("reanalyze: the points are not those of the base analysis");
    a_.n = base.n;
    a_.d = base.d;
    a_.duplicates = base.duplicates;
    a_.rowToUnique = base.rowToUnique;
    a_.uniqueToRow = base.uniqueToRow;
    a_.graph = base.graph;
    a_.timings.neighbours = base.timings.neighbours;
    a_.warnings.assign(base.warnings.begin(), base.warnings.begin() + long(base.graphWarnings));
    a_.graphWarnings = base.graphWarnings;
    checkSize(a_.graph.n, a_.n, p_);
    if (a_.duplicates.count > 0 && a_.d > 0) {
        const Index nu = a_.graph.n;
        compact_.resize(size_t(nu * a_.d));
        for (Index u = 0; u < nu; ++u)
            for (Index c = 0; c < a_.d; ++c) compact_[size_t(u * a_.d + c)] = points(a_.uniqueToRow[size_t(u)], c);
        unique_ = PointsView(compact_.data(), nu, a_.d);
    }
    if (a_.d == 0) unique_ = PointsView();
    idStage(a_, p_);
    step_ = Step::Density;
    t0_ = std::chrono::steady_clock::now();
}

StagedAnalysis::Need StagedAnalysis::next() const {
    switch (step_) {
        case Step::Graph: return NeedGraph{points_, np_};
        case Step::UniqueGraph: return NeedGraph{unique_, np_};
        case Step::Density: return NeedDensity{&a_.graph, a_.id.id, p_.density};
        case Step::Done: break;
    }
    return Done{};
}

void StagedAnalysis::supply(KnnGraph g) {
    if (step_ != Step::Graph && step_ != Step::UniqueGraph) throw Error("internal: a neighbour graph supplied out of turn");
    a_.graph = std::move(g);
    if (step_ == Step::UniqueGraph) return graphReady();
    a_.duplicates = findDuplicates(a_.graph);
    if (a_.duplicates.count == 0) return graphReady();
    // exact copies: the graph again on the distinct points (copies share their results)
    const Index nu = Index(a_.duplicates.unique.size());
    checkSize(nu, a_.n, p_);
    compact_.resize(size_t(nu * a_.d));
    for (Index u = 0; u < nu; ++u)
        for (Index c = 0; c < a_.d; ++c) compact_[size_t(u * a_.d + c)] = points_(a_.duplicates.unique[size_t(u)], c);
    unique_ = PointsView(compact_.data(), nu, a_.d);
    wantedMaxk_ = np_.maxk < 0 ? std::min<Index>(100, nu - 1) : np_.maxk;
    np_.maxk = std::min(wantedMaxk_, nu - 1);
    step_ = Step::UniqueGraph;
}

// The graph of the distinct points is here: row maps, then the ID; the density is next.
void StagedAnalysis::graphReady() {
    if (a_.duplicates.count > 0) {
        a_.warnings.push_back(std::to_string(a_.duplicates.count) + " of " + std::to_string(a_.n) +
                              " rows are exact duplicates: the analysis ran on " + std::to_string(a_.graph.n) +
                              " distinct points and copies share their results");
        if (np_.maxk < wantedMaxk_)
            a_.warnings.push_back("maxk reduced to " + std::to_string(np_.maxk) + " (distinct points − 1)");
    }
    a_.timings.neighbours = seconds(t0_);
    const Index nu = a_.graph.n;
    a_.uniqueToRow.resize(size_t(nu));
    a_.rowToUnique.resize(size_t(a_.n));
    if (a_.duplicates.count > 0) {
        std::vector<int32_t> uniqueIndexOfRep(size_t(a_.n), -1);
        for (Index u = 0; u < nu; ++u) {
            a_.uniqueToRow[size_t(u)] = a_.duplicates.unique[size_t(u)];
            uniqueIndexOfRep[size_t(a_.duplicates.unique[size_t(u)])] = int32_t(u);
        }
        for (Index i = 0; i < a_.n; ++i)
            a_.rowToUnique[size_t(i)] = uniqueIndexOfRep[size_t(a_.duplicates.representative[size_t(i)])];
    } else {
        for (Index i = 0; i < a_.n; ++i) a_.rowToUnique[size_t(i)] = a_.uniqueToRow[size_t(i)] = int32_t(i);
    }
    a_.graphWarnings = a_.warnings.size();
    idStage(a_, p_);
    step_ = Step::Density;
    t0_ = std::chrono::steady_clock::now();
}

void StagedAnalysis::supply(Density d) {
    if (step_ != Step::Density) throw Error("internal: a density supplied out of turn");
    a_.density = std::move(d);
    a_.timings.density = seconds(t0_);
    adpStages(a_, unique_, p_);
    step_ = Step::Done;
}

Analysis StagedAnalysis::take() {
    if (step_ != Step::Done) throw Error("internal: the analysis is not finished");
    return std::move(a_);
}

Analysis analyzeGraph(const KnnGraph& graph, const AnalysisParams& params) {
    Analysis a;
    a.n = graph.n;
    a.d = 0;
    checkSize(a.n, a.n, params);
    auto t0 = std::chrono::steady_clock::now();
    a.duplicates = findDuplicates(graph);
    if (a.duplicates.count == 0) {
        a.graph = params.neighbours.maxk > 0 ? truncate(graph, params.neighbours.maxk) : graph;
        a.rowToUnique.resize(size_t(a.n));
        a.uniqueToRow.resize(size_t(a.n));
        for (Index i = 0; i < a.n; ++i) a.rowToUnique[size_t(i)] = a.uniqueToRow[size_t(i)] = int32_t(i);
    } else {
        // drop the copies from every row and renumber; keep the width all rows can fill
        const Index nu = Index(a.duplicates.unique.size());
        checkSize(nu, a.n, params);
        std::vector<int32_t> uidx(size_t(a.n), -1);
        for (Index u = 0; u < nu; ++u) uidx[size_t(a.duplicates.unique[size_t(u)])] = int32_t(u);
        std::vector<std::vector<std::pair<double, int32_t>>> rows{size_t(nu)};
        Index width = graph.maxk;
        for (Index u = 0; u < nu; ++u) {
            const int32_t i = a.duplicates.unique[size_t(u)];
            for (Index j = 1; j <= graph.maxk; ++j) {
                const int32_t q = graph.index(i, j);
                if (uidx[size_t(q)] >= 0 && q != i) rows[size_t(u)].push_back({graph.dist(i, j), uidx[size_t(q)]});
            }
            width = std::min<Index>(width, Index(rows[size_t(u)].size()));
        }
        if (params.neighbours.maxk > 0) width = std::min<Index>(width, params.neighbours.maxk);
        if (width < 2) throw Error("after removing exact duplicates the neighbour table has fewer than 2 columns");
        std::vector<double> dist(size_t(nu * width));
        std::vector<int32_t> idx(size_t(nu * width));
        for (Index u = 0; u < nu; ++u)
            for (Index j = 0; j < width; ++j) {
                dist[size_t(u * width + j)] = rows[size_t(u)][size_t(j)].first;
                idx[size_t(u * width + j)] = rows[size_t(u)][size_t(j)].second;
            }
        a.graph = graphFromTable(dist.data(), idx.data(), nu, width, 0);
        a.uniqueToRow = a.duplicates.unique;
        a.rowToUnique.resize(size_t(a.n));
        for (Index i = 0; i < a.n; ++i) a.rowToUnique[size_t(i)] = uidx[size_t(a.duplicates.representative[size_t(i)])];
        a.warnings.push_back(std::to_string(a.duplicates.count) + " of " + std::to_string(a.n) +
                             " rows are exact duplicates: the analysis ran on " + std::to_string(nu) +
                             " distinct points (maxk " + std::to_string(width) + ")");
    }
    a.graph.fromPoints = false;
    a.timings.neighbours = seconds(t0);
    a.graphWarnings = a.warnings.size();
    idStage(a, params);
    t0 = std::chrono::steady_clock::now();
    a.density = estimateDensity(a.graph, a.id.id, params.density);
    a.timings.density = seconds(t0);
    adpStages(a, PointsView(), params);
    return a;
}

void remergeAtZ(Analysis& a, double Z) {
    a.partition = mergeAtZ(a.topography, a.density, Z);
    a.hierarchy = peakHierarchy(a.partition);
    labelJoins(a.hierarchy, a.topography, a.partition, a.curve);
}

}  // namespace peakscope
