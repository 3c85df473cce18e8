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

std::vector<int32_t> optimalNeighbourhood(const KnnGraph& g, double id, double Dthr) {
    checkId(id);
    if (g.maxk < 4) throw Error("k* needs maxk >= 4, got maxk = " + std::to_string(g.maxk));
    std::vector<int32_t> ks(size_t(g.n));
    const double log4 = std::log(4.0);
#pragma omp parallel for schedule(static)
    for (Index i = 0; i < g.n; ++i) {
        int32_t kstar = int32_t(g.maxk - 1);
        for (Index k = 3; k <= g.maxk - 2; ++k) {
            const int32_t j = g.index(i, k + 1);
            // ω_d cancels: work with d·log r
            const double vi = id * std::log(g.dist(i, k)), vj = id * std::log(g.dist(j, k));
            const double m = std::max(vi, vj);
            const double logSum = m + std::log(std::exp(vi - m) + std::exp(vj - m));
            const double Dk = -2.0 * double(k) * (vi + vj - 2.0 * logSum + log4);
            if (Dk > Dthr) {
                kstar = int32_t(k);
                break;
            }
        }
        ks[size_t(i)] = kstar;
    }
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
// Exact maximiser of the concave PAk likelihood for one point. v = shell volumes v_1..v_k.
// Returns F. Newton steps with a backtracking line search (the likelihood is concave, so the
// full step is accepted near the optimum: a handful of iterations).
double pakSolve(const double* logv, int k, double F0) {
    auto loglik = [&](double F, double a) {
        double s = 0;
        for (int l = 1; l <= k; ++l) {
            const double t = F + a * l;
            s += t - std::exp(t + logv[l - 1]);
        }
        return s;
    };
    double F = F0, a = 0;
    double L = loglik(F, a);
    for (int it = 0; it < 100; ++it) {
        double gF = k, ga = 0.5 * k * (k + 1), hFF = 0, hFa = 0, haa = 0;
        for (int l = 1; l <= k; ++l) {
            const double w = std::exp(F + a * l + logv[l - 1]);
            gF -= w;
            ga -= l * w;
            hFF += w;
            hFa += l * w;
            haa += double(l) * l * w;
        }
        // Newton direction: H δ = g with H = [[hFF, hFa], [hFa, haa]] (negative Hessian)
        const double det = hFF * haa - hFa * hFa;
        double dF, da;
        if (det > 1e-300 * std::max(1.0, hFF * haa)) {
            dF = (haa * gF - hFa * ga) / det;
            da = (hFF * ga - hFa * gF) / det;
        } else {  // degenerate curvature: gradient ascent step scaled by the diagonal
            dF = gF / std::max(hFF, 1e-300);
            da = ga / std::max(haa, 1e-300);
        }
        double step = 1.0;
        double Fn = F + dF, an = a + da, Ln = loglik(Fn, an);
        while (!(Ln >= L) && step > 1e-10) {
            step *= 0.5;
            Fn = F + step * dF;
            an = a + step * da;
            Ln = loglik(Fn, an);
        }
        if (!(Ln >= L)) break;
        const bool done = std::abs(Fn - F) < 1e-12 * std::max(1.0, std::abs(F)) &&
                          std::abs(an - a) < 1e-12 * std::max(1.0, std::abs(a));
        F = Fn;
        a = an;
        L = Ln;
        if (done) break;
    }
    return F;
}
}  // namespace

Density pakDensity(const KnnGraph& g, double id, double Dthr) {
    Density out;
    out.method = DensityMethod::PAk;
    out.kstar = optimalNeighbourhood(g, id, Dthr);
    const double logOmega = logUnitBallVolume(id), logN = std::log(double(g.n));
    out.logRho.resize(size_t(g.n));
    out.error.resize(size_t(g.n));
#pragma omp parallel
    {
        std::vector<double> logv(size_t(g.maxk + 1));
#pragma omp for schedule(dynamic, 512)
        for (Index i = 0; i < g.n; ++i) {
            const int k = out.kstar[size_t(i)];
            // shell volumes v_l = ω_d (r_l^d − r_{l−1}^d), in logs: d log r_l + log(1 − (r_{l−1}/r_l)^d)
            bool ok = true;
            for (int l = 1; l <= k; ++l) {
                const double rl = g.dist(i, l), rp = g.dist(i, l - 1);
                double ratio = rp / rl;
                if (ratio >= 1.0) ratio = 1.0 - 1e-15;  // equal consecutive distances
                logv[size_t(l - 1)] = logOmega + id * std::log(rl) + std::log1p(-std::pow(ratio, id));
                if (!std::isfinite(logv[size_t(l - 1)])) ok = false;
            }
            const double F0 = std::log(double(k)) - logOmega - id * std::log(g.dist(i, k));
            const double F = ok ? pakSolve(logv.data(), k, F0) : F0;
            out.logRho[size_t(i)] = F - logN;
            out.error[size_t(i)] = std::sqrt((4.0 * k + 2.0) / (double(k) * (k - 1.0)));
        }
    }
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
