// kNN, k*-NN and PAk densities. See density.hpp.
#include "core/density.hpp"

#include <algorithm>
#include <cmath>
#include <string>

namespace peakscope {

const char* densityMethodName(DensityMethod m) {
    switch (m) {
        case DensityMethod::Knn: return "knn";
        case DensityMethod::KstarNN: return "kstar";
        case DensityMethod::PAk: return "pak";
    }
    return "?";
}

double logUnitBallVolume(double d) { return 0.5 * d * std::log(M_PI) - std::lgamma(0.5 * d + 1.0); }

static void checkId(double id) {
    if (!(id > 0) || !std::isfinite(id)) throw Error("density needs a positive finite intrinsic dimension, got " + std::to_string(id));
}

// k*_i: the first k whose neighbourhood ratio test fails (see optimalNeighbourhood).
PEAKSCOPE_HOT_CALL static int32_t kstarOf(const KnnGraph& g, Index i, const double* ratio) {
    const double* ri = g.distRow(i);
    const int32_t* ii = g.indexRow(i);
    for (Index k = 3; k <= g.maxk - 2; ++k) {
        const double a = ri[k], b = g.dist(ii[k + 1], k), t = ratio[k];
        if (a > t * b || b > t * a) return int32_t(k);
    }
    return int32_t(g.maxk - 1);
}

std::vector<int32_t> optimalNeighbourhood(const KnnGraph& g, double id, double Dthr) {
    checkId(id);
    if (g.maxk < 4) throw Error("k* needs maxk >= 4, got maxk = " + std::to_string(g.maxk));
    // D_k = −2k[v_i + v_j − 2 log(e^{v_i} + e^{v_j}) + log 4] with v = d log r (ω_d cancels)
    //     = 4k log cosh(d·log(r_i/r_j)/2), so D_k > Dthr ⇔ |log(r_i/r_j)| > 2 acosh(e^{Dthr/4k})/d:
    // a ratio test with a threshold per k and no transcendental function in the loop.
    std::vector<double> ratio(size_t(g.maxk + 1), HUGE_VAL);
    for (Index k = 3; k <= g.maxk - 2; ++k)
        ratio[size_t(k)] = std::exp(2.0 * std::acosh(std::exp(Dthr / (4.0 * double(k)))) / id);
    std::vector<int32_t> ks(static_cast<size_t>(g.n));
#pragma omp parallel for schedule(static)
    for (Index i = 0; i < g.n; ++i) ks[size_t(i)] = kstarOf(g, i, ratio.data());
    return ks;
}

// log ρ = log k − log ω_d − d log r_k − log N (JCTC 2018, Eq. 3)
static Density fixedOrAdaptiveKnn(const KnnGraph& g, double id, std::vector<int32_t> ks, DensityMethod m) {
    Density out;
    out.method = m;
    const double logOmega = logUnitBallVolume(id), logN = std::log(double(g.n));
    out.logRho.resize(size_t(g.n));
    out.error.resize(size_t(g.n));
    for (Index i = 0; i < g.n; ++i) {
        const int32_t k = ks[size_t(i)];
        out.logRho[size_t(i)] = std::log(double(k)) - logOmega - id * std::log(g.dist(i, k)) - logN;
        out.error[size_t(i)] = 1.0 / std::sqrt(double(k));
    }
    out.kstar = std::move(ks);
    return out;
}

Density knnDensity(const KnnGraph& g, double id, Index k) {
    checkId(id);
    if (k < 1 || k > g.maxk)
        throw Error("kNN density: k = " + std::to_string(k) + " must be between 1 and maxk = " + std::to_string(g.maxk));
    return fixedOrAdaptiveKnn(g, id, std::vector<int32_t>(size_t(g.n), int32_t(k)), DensityMethod::Knn);
}

Density kstarDensity(const KnnGraph& g, double id, double Dthr) {
    return fixedOrAdaptiveKnn(g, id, optimalNeighbourhood(g, id, Dthr), DensityMethod::KstarNN);
}

namespace {
// Exact maximiser of the concave PAk likelihood for one point (JCTC 2018, Eq. 5):
// L(F, a) = Σ_{l≤k} (F + a l) − v_l e^{F + a l}, v_l the shell volumes. Newton steps (full step
// first, halved while the likelihood does not increase); stops when the Newton decrement is at
// rounding level. Typically 4–6 iterations.
struct PakState {
    double L, gF, ga, hFF, hFa, haa;  // log-likelihood, gradient, negative Hessian
};
// e^{F + a l} = e^F (e^a)^l: two exponentials per evaluation instead of k (the product's rounding
// grows like l ε, ~1e-14 at k = 100); one per shell where the powers could leave the double range.
inline PakState pakEval(const double* v, int k, double F, double a) {
    PakState s{0, double(k), 0.5 * k * (k + 1.0), 0, 0, 0};
    const double lo = F + std::min(a, a * k), hi = F + std::max(a, a * k);
    const bool powers = lo > -600 && hi < 600;
    const double q = std::exp(a);
    double p = std::exp(F);
    for (int l = 1; l <= k; ++l) {
        p = powers ? p * q : std::exp(F + a * l);
        const double w = p * v[l - 1];
        s.L -= w;
        s.gF -= w;
        s.ga -= l * w;
        s.hFF += w;
        s.hFa += l * w;
        s.haa += double(l) * l * w;
    }
    s.L += k * F + 0.5 * k * (k + 1.0) * a;  // Σ (F + a l)
    return s;
}

// Solved for f = F − F0 with v_l e^{F0} in place of v_l (passed so): the same maximiser, but every
// quantity is O(1) whatever the data's units (F0 ~ −d log r reaches ±1400 at 1e∓300, where the
// likelihood's rounding used to stop the line search early).
PEAKSCOPE_HOT_CALL double pakSolve(const double* v, int k, double F0) {
    double F = 0, a = 0;
    PakState s = pakEval(v, k, F, a);
    for (int it = 0; it < 100; ++it) {
        // Newton direction: H δ = g, H = [[hFF, hFa], [hFa, haa]] positive definite (concave L)
        const double det = s.hFF * s.haa - s.hFa * s.hFa;
        double dF, da;
        if (det > 1e-14 * s.hFF * s.haa) {
            dF = (s.haa * s.gF - s.hFa * s.ga) / det;
            da = (s.hFF * s.ga - s.hFa * s.gF) / det;
        } else {  // near-singular curvature: diagonal step
            dF = s.gF / std::max(s.hFF, 1e-300);
            da = s.ga / std::max(s.haa, 1e-300);
        }
        const double decrement = dF * s.gF + da * s.ga;  // predicted gain ×2
        if (!(decrement > 1e-14)) break;  // |ΔF| ~ 1e-7 σ: far below the statistical error
        double step = 1.0;
        PakState n = pakEval(v, k, F + dF, a + da);
        while (!(n.L > s.L) && step > 1e-4) {
            step *= 0.5;
            n = pakEval(v, k, F + step * dF, a + step * da);
        }
        if (!(n.L > s.L)) break;
        F += step * dF;
        a += step * da;
        s = n;
    }
    return F0 + F;
}
}  // namespace

static const double kLogTiny = std::log(1e-300);

// The unit of the PAk volume guard: the largest neighbour distance of the graph. The reference
// tests v_l < 1e-300 in the data's own units, which makes the result depend on them (points ×
// 1e-154 lost a peak); measured in this unit the guard is scale-free (README: differences).
double pakVolumeUnit(const KnnGraph& g) {
    double m = 0;
    for (Index i = 0; i < g.n; ++i) m = std::max(m, g.dist(i, g.maxk));
    return m > 0 ? std::log(m) : 0.0;
}

// PAk log-density (unnormalised F) of a point with distances r (r[0] = 0, the point itself) and
// neighbourhood k; v is scratch of size ≥ k. logUnit: log of the volume guard's length unit.
PEAKSCOPE_HOT_CALL static double pakPoint(const double* r, int k, double id, double logOmega, double logUnit,
                                          double* v) {
    // F0 = log k − log ω_d − d log r_k, the k-NN estimate (pakSolve's start and shift)
    const double dLogRk = id * std::log(r[k]);
    const double F0 = std::log(double(k)) - logOmega - dLogRk;
    // shell volumes v_l = ω_d (r_l^d − r_{l−1}^d), times e^{F0}: k (r_l/r_k)^d s_l with
    // s_l = 1 − (r_{l−1}/r_l)^d = −expm1(d log(r_{l−1}/r_l)) (accurate for a ratio near 1) and
    // (r_l/r_k)^d the product of the outer shells' ratios^d, from l = k inwards
    // As the reference, a shell volume below 1e-300 (or not a number) in the scale-free unit keeps
    // the k*-NN start: e^{F0} v_l ≥ k e^{log 1e-300 − log ω_d − d (log r_k − log unit)}.
    const double tiny = double(k) * std::exp(kLogTiny - logOmega - dLogRk + id * logUnit);
    bool ok = true;
    double outer = double(k);  // k (r_l/r_k)^d
    for (int l = k; l >= 1; --l) {
        double ratio = r[l - 1] / r[l];
        if (ratio >= 1.0) ratio = 1.0 - 1e-14;  // equal consecutive distances: 10× the resolution, as the reference
        const double t = id * std::log(ratio);
        const double shell = -std::expm1(t);
        v[l - 1] = outer * shell;
        if (!(v[l - 1] >= tiny)) ok = false;
        outer *= shell < 0.5 ? 1.0 - shell : std::exp(t);  // (r_{l−1}/r_l)^d, accurate either way
    }
    return ok ? pakSolve(v, k, F0) : F0;
}

PEAKSCOPE_HOT_CALL void pakRows(const double* distances, Index width, const int32_t* kstar, Index rows, double id,
                                Index n, double logUnit, double* logRho, double* error) {
    checkId(id);
    for (Index i = 0; i < rows; ++i)
        if (kstar[size_t(i)] < 1 || kstar[size_t(i)] >= width) throw Error("internal: k* outside the neighbour table");
    const double logOmega = logUnitBallVolume(id), logN = std::log(double(n));
#pragma omp parallel
    {
        std::vector<double> v(static_cast<size_t>(width));
#pragma omp for schedule(dynamic, 512)
        for (Index i = 0; i < rows; ++i) {
            const int k = kstar[size_t(i)];
            logRho[size_t(i)] = pakPoint(distances + i * width, k, id, logOmega, logUnit, v.data()) - logN;
            error[size_t(i)] = std::sqrt((4.0 * k + 2.0) / (double(k) * (k - 1.0)));
        }
    }
}

Density pakDensity(const KnnGraph& g, double id, double Dthr) {
    Density out;
    out.method = DensityMethod::PAk;
    out.kstar = optimalNeighbourhood(g, id, Dthr);
    out.logRho.resize(size_t(g.n));
    out.error.resize(size_t(g.n));
    pakRows(g.distances.data(), g.width(), out.kstar.data(), g.n, id, g.n, pakVolumeUnit(g), out.logRho.data(),
            out.error.data());
    return out;
}

Density estimateDensity(const KnnGraph& g, double id, const DensityParams& p) {
    switch (p.method) {
        case DensityMethod::Knn: return knnDensity(g, id, p.k);
        case DensityMethod::KstarNN: return kstarDensity(g, id, p.Dthr);
        case DensityMethod::PAk: return pakDensity(g, id, p.Dthr);
    }
    throw Error("unknown density method");
}

}  // namespace peakscope
