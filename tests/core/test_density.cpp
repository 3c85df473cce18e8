// Unit tests of core/density: unit-ball volume, the optimal neighbourhood k*, and the kNN, k*-NN and
// PAk log-density estimators.
// Specification: ALGORITHMS.md §3–§4 and core/density.hpp. Checks are against analytic truth (the
// log-density of a standard 2-D Gaussian, ball volumes), independent re-implementations of the spec
// formulas (k* rule, kNN formula, an independent Newton solve of the PAk likelihood) and the
// documented error formulas. Random data: seeded mt19937_64 with our own transforms (test_support.hpp).
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <vector>

#include "core/density.hpp"
#include "test_support.hpp"

using namespace peakscope;
using namespace peakscope::testing;

namespace {

constexpr double kPi = 3.14159265358979323846;
constexpr double kDthr = 23.928126976934827;

// n points of a standard 2-D Gaussian.
std::vector<double> gaussian2d(Index n, uint64_t seed) { return randomPoints(n, 2, seed, true); }

// 2-D mixture with very different widths, a uniform background and micro-clusters of a few points
// (σ = 0.002) inside it: k* varies over its whole range 3 .. maxk − 1.
std::vector<double> mixedScales(Index n, uint64_t seed) {
    Rng r(seed);
    std::vector<double> x(size_t(2 * n));
    std::vector<double> micro;
    for (int m = 0; m < 24; ++m) micro.push_back(-6 + 12 * r.uniform());
    for (Index i = 0; i < n; ++i) {
        const int64_t c = r.below(5);
        if (c == 4) {
            const int64_t m = r.below(12);
            x[size_t(2 * i)] = micro[size_t(2 * m)] + 0.002 * r.normal();
            x[size_t(2 * i + 1)] = micro[size_t(2 * m + 1)] + 0.002 * r.normal();
        } else if (c == 0) {
            x[size_t(2 * i)] = 0.05 * r.normal();
            x[size_t(2 * i + 1)] = 0.05 * r.normal();
        } else if (c == 1) {
            x[size_t(2 * i)] = 3 + r.normal();
            x[size_t(2 * i + 1)] = r.normal();
        } else if (c == 2) {
            x[size_t(2 * i)] = -2 + 0.3 * r.normal();
            x[size_t(2 * i + 1)] = 2 + 0.3 * r.normal();
        } else {
            x[size_t(2 * i)] = -6 + 12 * r.uniform();
            x[size_t(2 * i + 1)] = -6 + 12 * r.uniform();
        }
    }
    return x;
}

double logOmega(double d) { return std::log(std::pow(kPi, d / 2) / std::tgamma(d / 2 + 1)); }

// Spec §3, written out with explicit volumes (ω_d included although it cancels).
// Returns k* and, through `margin`, the smallest |D_k − Dthr| met on the way (to skip points that sit
// on the threshold within rounding).
int32_t kstarReference(const KnnGraph& g, Index i, double id, double Dthr, double& margin) {
    margin = std::numeric_limits<double>::infinity();
    const double lw = logOmega(id);
    for (Index k = 3; k <= g.maxk - 2; ++k) {
        const Index j = g.index(i, k + 1);
        const double Vi = std::exp(lw + id * std::log(g.dist(i, k)));
        const double Vj = std::exp(lw + id * std::log(g.dist(j, k)));
        const double Dk = -2.0 * double(k) * (std::log(Vi) + std::log(Vj) - 2.0 * std::log(Vi + Vj) + std::log(4.0));
        margin = std::min(margin, std::abs(Dk - Dthr));
        if (Dk > Dthr) return int32_t(k);
    }
    return int32_t(g.maxk - 1);
}

// Independent exact maximiser of L(F, a) = Σ_{l≤k} (F + a l) − v_l e^{F + a l}: damped Newton on the
// concave function, from the k-NN start, until the gradient is at round-off level.
struct PakFit { double F, a, gF, ga; };
PakFit pakReference(const std::vector<double>& v, double F0) {
    const int k = int(v.size());
    auto L = [&](double F, double a) {
        double s = 0;
        for (int l = 1; l <= k; ++l) s += (F + a * l) - v[size_t(l - 1)] * std::exp(F + a * l);
        return s;
    };
    double F = F0, a = 0;
    double gF = 0, ga = 0;
    for (int it = 0; it < 500; ++it) {
        double hFF = 0, hFa = 0, haa = 0;
        gF = k;
        ga = 0.5 * k * (k + 1.0);
        for (int l = 1; l <= k; ++l) {
            const double w = v[size_t(l - 1)] * std::exp(F + a * l);
            gF -= w;
            ga -= l * w;
            hFF += w;
            hFa += l * w;
            haa += double(l) * l * w;
        }
        if (std::abs(gF) < 1e-11 * k && std::abs(ga) < 1e-11 * k * k) break;
        const double det = hFF * haa - hFa * hFa;
        const double dF = (haa * gF - hFa * ga) / det, da = (hFF * ga - hFa * gF) / det;
        double t = 1, L0 = L(F, a);
        while (L(F + t * dF, a + t * da) < L0 && t > 1e-12) t *= 0.5;
        F += t * dF;
        a += t * da;
        if (std::abs(t * dF) < 1e-14 * (1 + std::abs(F)) && std::abs(t * da) < 1e-14 * (1 + std::abs(a))) break;
    }
    return {F, a, gF, ga};
}

// Shell volumes of point i for l = 1..k: v_l = ω_d (r_l^d − r_{l−1}^d), r_0 = 0.
std::vector<double> shellVolumes(const KnnGraph& g, Index i, int k, double id) {
    std::vector<double> v;
    const double w = std::exp(logOmega(id));
    for (int l = 1; l <= k; ++l) v.push_back(w * (std::pow(g.dist(i, l), id) - std::pow(g.dist(i, l - 1), id)));
    return v;
}

struct BulkStats { double meanAbs = 0, mean = 0, rmsZ = 0, meanSigma = 0; Index count = 0; };

// Errors of log ρ against the true log-density of a standard 2-D Gaussian, for |x| < 1.5.
BulkStats bulkErrors(const std::vector<double>& x, const Density& rho) {
    BulkStats s;
    const Index n = Index(rho.logRho.size());
    for (Index i = 0; i < n; ++i) {
        const double r2 = x[size_t(2 * i)] * x[size_t(2 * i)] + x[size_t(2 * i + 1)] * x[size_t(2 * i + 1)];
        if (r2 >= 1.5 * 1.5) continue;
        const double e = rho.logRho[size_t(i)] - (-0.5 * r2 - std::log(2 * kPi));
        s.meanAbs += std::abs(e);
        s.mean += e;
        s.rmsZ += (e / rho.error[size_t(i)]) * (e / rho.error[size_t(i)]);
        s.meanSigma += rho.error[size_t(i)];
        ++s.count;
    }
    s.meanAbs /= double(s.count);
    s.mean /= double(s.count);
    s.rmsZ = std::sqrt(s.rmsZ / double(s.count));
    s.meanSigma /= double(s.count);
    return s;
}

}  // namespace

TEST_CASE("density: logUnitBallVolume is log(pi^(d/2) / Gamma(d/2 + 1))") {
    CHECK(logUnitBallVolume(1) == doctest::Approx(std::log(2.0)).epsilon(1e-14));
    CHECK(logUnitBallVolume(2) == doctest::Approx(std::log(kPi)).epsilon(1e-14));
    CHECK(logUnitBallVolume(3) == doctest::Approx(std::log(4 * kPi / 3)).epsilon(1e-14));
    CHECK(logUnitBallVolume(4) == doctest::Approx(std::log(kPi * kPi / 2)).epsilon(1e-14));
    for (double d : {0.5, 1.37, 2.5, 3.9, 7.25, 12.0, 30.0, 101.3}) {
        CAPTURE(d);
        CHECK(logUnitBallVolume(d) == doctest::Approx(0.5 * d * std::log(kPi) - std::lgamma(0.5 * d + 1)).epsilon(1e-13));
        // recurrence ω_d = (2π/d) ω_{d−2}, valid for non-integer d
        CHECK(logUnitBallVolume(d + 2) == doctest::Approx(logUnitBallVolume(d) + std::log(2 * kPi / (d + 2))).epsilon(1e-12));
    }
    CHECK(std::isfinite(logUnitBallVolume(500.0)));  // no overflow of Γ at large d
}

TEST_CASE("density: kNN formula, errors and bad input (spec §4.1)") {
    const Index n = 600;
    const auto x = gaussian2d(n, 3);
    const KnnGraph g = graphOf(x, n, 2, 20);
    for (double id : {2.0, 1.73}) {
        for (Index k : {Index(1), Index(10), Index(20)}) {
            const Density rho = knnDensity(g, id, k);
            CHECK(rho.method == DensityMethod::Knn);
            REQUIRE(rho.logRho.size() == size_t(n));
            Index bad = 0;
            for (Index i = 0; i < n; ++i) {
                const double ref = std::log(double(k)) - logOmega(id) - id * std::log(g.dist(i, k)) - std::log(double(n));
                if (std::abs(rho.logRho[size_t(i)] - ref) > 1e-10) ++bad;
                if (std::abs(rho.error[size_t(i)] - 1 / std::sqrt(double(k))) > 1e-15) ++bad;
                if (rho.kstar[size_t(i)] != k) ++bad;
            }
            CAPTURE(id);
            CAPTURE(k);
            CHECK(bad == 0);
        }
    }
    CHECK_THROWS_AS(knnDensity(g, 2.0, 0), Error);
    CHECK_THROWS_AS(knnDensity(g, 2.0, 21), Error);
    CHECK_THROWS_AS(knnDensity(g, 0.0, 5), Error);
    CHECK_THROWS_AS(knnDensity(g, -1.0, 5), Error);
    CHECK_THROWS_AS(knnDensity(g, std::numeric_limits<double>::quiet_NaN(), 5), Error);
    CHECK_THROWS_AS(pakDensity(g, std::numeric_limits<double>::infinity()), Error);
    CHECK_THROWS_AS(optimalNeighbourhood(graphOf(x, n, 2, 3), 2.0), Error);  // k* needs maxk >= 4
    CHECK_NOTHROW(optimalNeighbourhood(graphOf(x, n, 2, 4), 2.0));
    CHECK(std::string(densityMethodName(DensityMethod::Knn)) == "knn");
    CHECK(std::string(densityMethodName(DensityMethod::KstarNN)) == "kstar");
    CHECK(std::string(densityMethodName(DensityMethod::PAk)) == "pak");
}

TEST_CASE("density: k* equals an independent implementation of the rule (spec §3)") {
    const Index n = 1500, maxk = 40;
    const auto x = mixedScales(n, 17);
    const KnnGraph g = graphOf(x, n, 2, maxk);
    for (double id : {2.0, 2.37, 1.6}) {
        for (double Dthr : {kDthr, 10.0, 50.0}) {
            const std::vector<int32_t> ks = optimalNeighbourhood(g, id, Dthr);
            REQUIRE(ks.size() == size_t(n));
            Index bad = 0, onThreshold = 0, low = 0, high = 0;
            for (Index i = 0; i < n; ++i) {
                double margin = 0;
                const int32_t ref = kstarReference(g, i, id, Dthr, margin);
                if (margin < 1e-9 * Dthr) {
                    ++onThreshold;
                    continue;
                }
                if (ks[size_t(i)] != ref) ++bad;
                if (ks[size_t(i)] < 3 || ks[size_t(i)] > maxk - 1) ++bad;
                low += ks[size_t(i)] == 3;
                high += ks[size_t(i)] == maxk - 1;
            }
            CAPTURE(id);
            CAPTURE(Dthr);
            CHECK(bad == 0);
            CHECK(onThreshold < 3);
            if (Dthr == kDthr && id == 2.0) {  // the set exercises both ends of the range
                CHECK(low > 0);
                CHECK(high > 0);
            }
        }
    }
    // the default threshold is the χ²₁ inverse survival function at α = 1e-6
    CHECK(optimalNeighbourhood(g, 2.0) == optimalNeighbourhood(g, 2.0, kDthr));
    // k*-NN = kNN formula with k = k*_i, error 1/√k*
    const Density ks = kstarDensity(g, 2.0);
    CHECK(ks.method == DensityMethod::KstarNN);
    CHECK(ks.kstar == optimalNeighbourhood(g, 2.0));
    Index bad = 0;
    for (Index i = 0; i < n; ++i) {
        const int32_t k = ks.kstar[size_t(i)];
        const double ref = std::log(double(k)) - logOmega(2.0) - 2.0 * std::log(g.dist(i, k)) - std::log(double(n));
        if (std::abs(ks.logRho[size_t(i)] - ref) > 1e-10) ++bad;
        if (std::abs(ks.error[size_t(i)] - 1 / std::sqrt(double(k))) > 1e-15) ++bad;
    }
    CHECK(bad == 0);
}

TEST_CASE("density: PAk is the exact maximiser of its likelihood (independent Newton)") {
    const Index n = 1500, maxk = 40;
    const auto x = mixedScales(n, 23);
    const KnnGraph g = graphOf(x, n, 2, maxk);
    for (double id : {2.0, 2.37}) {
        const Density rho = pakDensity(g, id);
        CHECK(rho.method == DensityMethod::PAk);
        CHECK(rho.kstar == optimalNeighbourhood(g, id));
        Index bad = 0, errBad = 0, k3 = 0;
        double worst = 0;
        for (Index i = 0; i < n; ++i) {
            const int k = rho.kstar[size_t(i)];
            const std::vector<double> v = shellVolumes(g, i, k, id);
            const double F0 = std::log(double(k)) - logOmega(id) - id * std::log(g.dist(i, k));
            const PakFit fit = pakReference(v, F0);
            const double diff = std::abs(rho.logRho[size_t(i)] - (fit.F - std::log(double(n))));
            worst = std::max(worst, diff);
            if (!(diff < 1e-6)) ++bad;
            if (std::abs(rho.error[size_t(i)] - std::sqrt((4.0 * k + 2) / (double(k) * (k - 1)))) > 1e-14) ++errBad;
            k3 += k == 3;
        }
        CAPTURE(id);
        CAPTURE(worst);
        CHECK(bad == 0);
        CHECK(errBad == 0);
        CHECK(k3 > 0);  // the hardest case (3 shells, 2 parameters) is covered
    }
    // also: at the returned F, ∂L/∂F = 0 once a is re-optimised for that F (1-D Newton in a)
    const Density rho = pakDensity(g, 2.0);
    Index bad = 0;
    for (Index i = 0; i < n; i += 7) {
        const int k = rho.kstar[size_t(i)];
        const std::vector<double> v = shellVolumes(g, i, k, 2.0);
        const double F = rho.logRho[size_t(i)] + std::log(double(n));
        double a = 0;
        for (int it = 0; it < 200; ++it) {  // ga(a) = k(k+1)/2 − Σ l v_l e^{F+al} is decreasing in a
            double ga = 0.5 * k * (k + 1.0), haa = 0;
            for (int l = 1; l <= k; ++l) {
                const double w = v[size_t(l - 1)] * std::exp(F + a * l);
                ga -= l * w;
                haa += double(l) * l * w;
            }
            const double step = ga / haa;
            a += std::max(-1.0, std::min(1.0, step));
            if (std::abs(step) < 1e-14) break;
        }
        double gF = k;
        for (int l = 1; l <= k; ++l) gF -= v[size_t(l - 1)] * std::exp(F + a * l);
        if (!(std::abs(gF) < 1e-5 * k)) ++bad;
    }
    CHECK(bad == 0);
}

TEST_CASE("density: kNN, k*-NN and PAk of a standard 2-D Gaussian match the true log-density") {
    // N = 20000 points, maxk = 30, the true ID 2. The estimators are normalised by N, so log ρ ≈
    // log p(x) = −|x|²/2 − log 2π. Statistical floor: a k-NN estimate has σ = 1/√k, so its mean
    // absolute error is ≈ 0.8/√k (0.146 at k = 30, above the 0.1 one might hope for); the bias must
    // be small and the reported σ must describe the scatter (rms of error/σ ≈ 1).
    const Index n = 20000;
    const auto x = gaussian2d(n, 2024);
    const KnnGraph g = graphOf(x, n, 2, 30);

    const Density knn = knnDensity(g, 2.0, 30);
    const BulkStats a = bulkErrors(x, knn);
    CAPTURE(a.meanAbs);
    CAPTURE(a.mean);
    CAPTURE(a.rmsZ);
    CHECK(a.count > 13000);  // P(|x| < 1.5) = 1 − e^(−1.125) ≈ 0.675
    CHECK(a.meanAbs < 1.0 / std::sqrt(30.0));
    CHECK(std::abs(a.mean) < 0.05);
    CHECK(a.rmsZ > 0.8);
    CHECK(a.rmsZ < 1.2);

    const Density ks = kstarDensity(g, 2.0);
    const BulkStats b = bulkErrors(x, ks);
    CAPTURE(b.meanAbs);
    CAPTURE(b.mean);
    CAPTURE(b.rmsZ);
    CHECK(b.meanAbs < 1.0 / std::sqrt(29.0) + 0.01);
    CHECK(std::abs(b.mean) < 0.05);
    CHECK(b.rmsZ > 0.8);
    CHECK(b.rmsZ < 1.2);

    const Density pak = pakDensity(g, 2.0);
    const BulkStats c = bulkErrors(x, pak);
    CAPTURE(c.meanAbs);
    CAPTURE(c.mean);
    CAPTURE(c.rmsZ);
    CHECK(c.meanAbs < c.meanSigma);  // E|e| ≈ 0.8 σ for unbiased Gaussian scatter
    CHECK(std::abs(c.mean) < 0.06);
    CHECK(c.rmsZ > 0.8);
    CHECK(c.rmsZ < 1.2);

    // estimateDensity dispatches on the method
    DensityParams p;
    p.method = DensityMethod::Knn;
    p.k = 30;
    CHECK(estimateDensity(g, 2.0, p).logRho == knn.logRho);
    p.method = DensityMethod::KstarNN;
    CHECK(estimateDensity(g, 2.0, p).logRho == ks.logRho);
    p.method = DensityMethod::PAk;
    CHECK(estimateDensity(g, 2.0, p).logRho == pak.logRho);
}

TEST_CASE("density: a smaller Gaussian with a wider neighbourhood (N = 5000, maxk = 100)") {
    // k* grows to ~maxk − 1 in the flat bulk: the k*-NN estimate is then more precise than kNN(30).
    const Index n = 5000;
    const auto x = gaussian2d(n, 77);
    const KnnGraph g = graphOf(x, n, 2, 100);
    const BulkStats ks = bulkErrors(x, kstarDensity(g, 2.0));
    const BulkStats pak = bulkErrors(x, pakDensity(g, 2.0));
    CAPTURE(ks.meanAbs);
    CAPTURE(pak.meanAbs);
    CHECK(ks.meanAbs < 0.1);
    CHECK(std::abs(ks.mean) < 0.05);
    CHECK(pak.meanAbs < pak.meanSigma);
    CHECK(std::abs(pak.mean) < 0.06);
    CHECK(pak.rmsZ < 1.2);
}
