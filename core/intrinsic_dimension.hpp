// Intrinsic dimension: TwoNN (Facco et al., Sci. Rep. 2017), its ID-vs-scale curve by
// decimation, and Gride (Denti et al., Sci. Rep. 2022).
// Sections: TwoNN · decimation curve · Gride
// Example: TwoNNResult id = twoNN(graph);  // id.id ≈ 2 for points on a plane
#pragma once
#include "core/neighbours.hpp"

namespace peakscope {

// ---- TwoNN ----------------------------------------------------------------------------------
struct TwoNNParams {
    double fraction = 0.9;           // fraction of sorted log μ kept in the fit (Facco 2017, §Methods)
    bool maximumLikelihood = false;  // true: d = (N−1)/Σ log μ over all points ("ml" variant)
};

struct TwoNNResult {
    double id = 0;     // intrinsic dimension
    double error = 0;  // asymptotic standard error d/√N of the TwoNN estimator
    double scale = 0;  // mean of (r1 + r2)/2: the length scale the estimate refers to
    Index n = 0;       // points used (μ defined)
    // The fit, for plots: x = sorted log μ (all points), y = −log(1 − i/N) for i = 1..N;
    // the first nFit pairs entered the least-squares line through the origin, slope = id.
    std::vector<double> logMu, y;
    Index nFit = 0;
};

// μ_i = r_{i,2}/r_{i,1}; base: d = Σ x y / Σ x² over the first ⌊fraction·N⌋ sorted log μ with
// y_i = −log(1 − i/N) (Facco 2017, Eq. 5; the denominator is the full N).
TwoNNResult twoNN(const KnnGraph& g, const TwoNNParams& params = {});

// ---- ID vs scale by decimation -------------------------------------------------------------
struct IdScaling {
    std::vector<Index> sizes;     // subset sizes round(N/2^i), > nMin
    std::vector<double> id;       // mean TwoNN ID over the subsets of that size
    std::vector<double> error;    // std over subsets / √(number of subsets)
    std::vector<double> scale;    // mean (r1 + r2)/2 at that size
};
// Decimation (Facco 2017, Fig. 2): for size s = round(N/2^i), rint(N/s) random disjoint-free
// subsets of s points are drawn (seeded), each gets its own 2-NN and TwoNN fit.
IdScaling idScaling(const PointsView& points, const KnnGraph& g, Index nMin = 10, std::uint64_t seed = 42,
                    const TwoNNParams& params = {});

// ---- Gride ----------------------------------------------------------------------------------
struct GrideScaling {
    std::vector<Index> n1;        // 1, 2, 4, …; n2 = 2·n1
    std::vector<double> id, error, scale;
};
// ML estimate from μ = r_{n2}/r_{n1} (Denti 2022, Eq. 4), root of the score by bisection on
// [1e-3, 1e3]; error 1/√(Fisher information). Requires n2 ≤ maxk.
GrideScaling gride(const KnnGraph& g, Index rangeMax = 64);

}  // namespace peakscope
