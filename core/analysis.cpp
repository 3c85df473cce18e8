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

// Runs ID → density (→ ID vs scale) → ADP on a duplicate-free graph.
void runStages(Analysis& a, const PointsView& uniquePoints, const AnalysisParams& p) {
    auto report = [&](const char* stage) { if (p.progress) p.progress(stage, 0.0); };
    auto t0 = std::chrono::steady_clock::now();
    report("intrinsic dimension");
    checkNotLattice(a);
    a.id = twoNN(a.graph, p.twoNN);
    if (a.d > 0 && a.id.id > 1.5 * double(a.d) + 1)
        a.warnings.push_back("the TwoNN estimate " + std::to_string(a.id.id) + " exceeds the " +
                             std::to_string(a.d) + " coordinates of the data: check for quantised values or "
                             "too few points");
    a.timings.id = seconds(t0);
    // the density needs only the TwoNN ID: it goes first, so that a density stage run elsewhere
    // (p.densityStage, the browser's pool) does not make the ID-vs-scale curves run twice
    t0 = std::chrono::steady_clock::now();
    report("density");
    a.density = p.densityStage ? p.densityStage(a.graph, a.id.id, p.density) : estimateDensity(a.graph, a.id.id, p.density);
    a.timings.density = seconds(t0);
    t0 = std::chrono::steady_clock::now();
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

}  // namespace

Index minimumPoints(const AnalysisParams& p) {
    // TwoNN needs 2 neighbours (3 points); k* tests k = 3 … maxk − 2 (maxk ≥ 4 → 5 points)
    if (p.density.method == DensityMethod::Knn) return std::max<Index>(3, p.density.k + 1);
    return 5;
}

Analysis analyze(const PointsView& points, const AnalysisParams& params) {
    Analysis a;
    a.n = points.n();
    a.d = points.d();
    if (a.n == 0) throw Error("no points");
    checkSize(a.n, a.n, params);
    auto t0 = std::chrono::steady_clock::now();
    NeighbourParams np0 = params.neighbours;
    np0.progress = params.progress;
    a.graph = params.neighbourStage ? params.neighbourStage(points, np0) : neighbours(points, np0);
    a.duplicates = findDuplicates(a.graph);
    std::vector<double> compact;  // unique points, when there are duplicates
    PointsView uniqueView = points;
    if (a.duplicates.count > 0) {
        const Index nu = Index(a.duplicates.unique.size());
        checkSize(nu, a.n, params);
        compact.resize(size_t(nu * a.d));
        for (Index u = 0; u < nu; ++u)
            for (Index c = 0; c < a.d; ++c) compact[size_t(u * a.d + c)] = points(a.duplicates.unique[size_t(u)], c);
        uniqueView = PointsView(compact.data(), nu, a.d);
        NeighbourParams np = np0;
        const Index wanted = np.maxk < 0 ? std::min<Index>(100, nu - 1) : np.maxk;
        np.maxk = std::min(wanted, nu - 1);
        a.graph = params.neighbourStage ? params.neighbourStage(uniqueView, np) : neighbours(uniqueView, np);
        a.warnings.push_back(std::to_string(a.duplicates.count) + " of " + std::to_string(a.n) +
                             " rows are exact duplicates: the analysis ran on " + std::to_string(nu) +
                             " distinct points and copies share their results");
        if (np.maxk < wanted)
            a.warnings.push_back("maxk reduced to " + std::to_string(np.maxk) + " (distinct points − 1)");
    }
    a.timings.neighbours = seconds(t0);
    const Index nu = a.graph.n;
    a.uniqueToRow.resize(size_t(nu));
    a.rowToUnique.resize(size_t(a.n));
    if (a.duplicates.count > 0) {
        std::vector<int32_t> uniqueIndexOfRep(size_t(a.n), -1);
        for (Index u = 0; u < nu; ++u) {
            a.uniqueToRow[size_t(u)] = a.duplicates.unique[size_t(u)];
            uniqueIndexOfRep[size_t(a.duplicates.unique[size_t(u)])] = int32_t(u);
        }
        for (Index i = 0; i < a.n; ++i)
            a.rowToUnique[size_t(i)] = uniqueIndexOfRep[size_t(a.duplicates.representative[size_t(i)])];
    } else {
        for (Index i = 0; i < a.n; ++i) a.rowToUnique[size_t(i)] = a.uniqueToRow[size_t(i)] = int32_t(i);
    }
    a.graphWarnings = a.warnings.size();
    runStages(a, uniqueView, params);
    return a;
}

Analysis reanalyze(const Analysis& base, const PointsView& points, const AnalysisParams& params) {
    if (base.d > 0 && (points.n() != base.n || points.d() != base.d)) throw Error("reanalyze: the points are not those of the base analysis");
    Analysis a;
    a.n = base.n;
    a.d = base.d;
    a.duplicates = base.duplicates;
    a.rowToUnique = base.rowToUnique;
    a.uniqueToRow = base.uniqueToRow;
    a.graph = base.graph;
    a.timings.neighbours = base.timings.neighbours;
    a.warnings.assign(base.warnings.begin(), base.warnings.begin() + long(base.graphWarnings));
    a.graphWarnings = base.graphWarnings;
    checkSize(a.graph.n, a.n, params);
    std::vector<double> compact;
    PointsView uniqueView = points;
    if (a.duplicates.count > 0 && a.d > 0) {
        const Index nu = a.graph.n;
        compact.resize(size_t(nu * a.d));
        for (Index u = 0; u < nu; ++u)
            for (Index c = 0; c < a.d; ++c) compact[size_t(u * a.d + c)] = points(a.uniqueToRow[size_t(u)], c);
        uniqueView = PointsView(compact.data(), nu, a.d);
    }
    if (a.d == 0) uniqueView = PointsView();
    runStages(a, uniqueView, params);
    return a;
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
    runStages(a, PointsView(), params);
    return a;
}

void remergeAtZ(Analysis& a, double Z) {
    a.partition = mergeAtZ(a.topography, a.density, Z);
    a.hierarchy = peakHierarchy(a.partition);
    labelJoins(a.hierarchy, a.topography, a.partition, a.curve);
}

}  // namespace peakscope
