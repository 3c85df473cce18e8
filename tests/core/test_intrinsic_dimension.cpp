// Unit tests of core/intrinsic_dimension: TwoNN (base fit and ML), the decimation curve and Gride.
// Specification: ALGORITHMS.md §2 and core/intrinsic_dimension.hpp. Expected values are analytic
// (the true dimension of the sampled set, within a statistically motivated tolerance) or computed
// here independently from the formulas of the spec. Random data: seeded mt19937_64 with our own
// uniform/normal transforms (test_support.hpp), so native and wasm see identical inputs.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <numeric>
#include <string>
#include <vector>

#include "core/intrinsic_dimension.hpp"
#include "test_support.hpp"

using namespace peakscope;
using namespace peakscope::testing;

namespace {

// Spec §2.1 "base", written out: sorted x = log(r2/r1), n_eff = int(0.9 N), y_i = −log(1 − i/N).
double twoNNBaseReference(const KnnGraph& g, double fraction = 0.9) {
    std::vector<double> x;
    for (Index i = 0; i < g.n; ++i) x.push_back(std::log(g.dist(i, 2) / g.dist(i, 1)));
    std::sort(x.begin(), x.end());
    const Index n = Index(x.size()), nEff = Index(double(n) * fraction);
    double sxy = 0, sxx = 0;
    for (Index i = 1; i <= nEff; ++i) {
        const double y = -std::log(1.0 - double(i) / double(n));
        sxy += x[size_t(i - 1)] * y;
        sxx += x[size_t(i - 1)] * x[size_t(i - 1)];
    }
    return sxy / sxx;
}

// numpy's np.round: round half to even.
Index roundHalfEven(double v) {
    const double f = std::floor(v), r = v - f;
    if (r > 0.5) return Index(f) + 1;
    if (r < 0.5) return Index(f);
    return (Index(f) % 2 == 0) ? Index(f) : Index(f) + 1;
}

// numpy.quantile (linear interpolation) of a copy of v.
double quantile(std::vector<double> v, double q) {
    std::sort(v.begin(), v.end());
    const double pos = q * double(v.size() - 1);
    const size_t lo = size_t(std::floor(pos));
    if (lo + 1 >= v.size()) return v.back();
    return v[lo] + (pos - double(lo)) * (v[lo + 1] - v[lo]);
}

std::string str(const std::vector<Index>& v) {
    std::string s = "{";
    for (size_t i = 0; i < v.size(); ++i) s += (i ? ", " : "") + std::to_string(v[i]);
    return s + "}";
}

}  // namespace

TEST_CASE("intrinsic dimension: TwoNN closed form equals an independent fit (spec §2.1)") {
    const Index n = 1234, d = 3;  // 0.9·1234 = 1110.6: the truncation matters
    const auto x = randomPoints(n, d, 11, true);
    const KnnGraph g = graphOf(x, n, d, 5);
    const TwoNNResult r = twoNN(g);

    CHECK(r.id == doctest::Approx(twoNNBaseReference(g)).epsilon(1e-12));
    CHECK(r.n == n);
    CHECK(r.nFit == 1110);
    CHECK(r.error == doctest::Approx(r.id / std::sqrt(double(n))).epsilon(1e-12));  // header: d/√N
    // scale: mean over all points of (r1 + r2)/2
    double scale = 0;
    for (Index i = 0; i < n; ++i) scale += 0.5 * (g.dist(i, 1) + g.dist(i, 2));
    CHECK(r.scale == doctest::Approx(scale / double(n)).epsilon(1e-12));
    // the fit data for plots: sorted log μ of all points and y_i = −log(1 − i/N)
    REQUIRE(r.logMu.size() == size_t(n));
    REQUIRE(r.y.size() == size_t(n));
    CHECK(std::is_sorted(r.logMu.begin(), r.logMu.end()));
    std::vector<double> lm;
    for (Index i = 0; i < n; ++i) lm.push_back(std::log(g.dist(i, 2) / g.dist(i, 1)));
    std::sort(lm.begin(), lm.end());
    Index bad = 0;
    for (Index i = 0; i < n; ++i) {
        if (std::abs(r.logMu[size_t(i)] - lm[size_t(i)]) > 1e-14 * std::abs(lm[size_t(i)])) ++bad;
        if (i + 1 < n && std::abs(r.y[size_t(i)] + std::log(1.0 - double(i + 1) / double(n))) > 1e-12) ++bad;
    }
    CHECK(bad == 0);
    // the slope through the origin of the first nFit pairs is the ID
    double sxy = 0, sxx = 0;
    for (Index i = 0; i < r.nFit; ++i) {
        sxy += r.logMu[size_t(i)] * r.y[size_t(i)];
        sxx += r.logMu[size_t(i)] * r.logMu[size_t(i)];
    }
    CHECK(r.id == doctest::Approx(sxy / sxx).epsilon(1e-12));

    // another fraction
    TwoNNParams half;
    half.fraction = 0.5;
    CHECK(twoNN(g, half).id == doctest::Approx(twoNNBaseReference(g, 0.5)).epsilon(1e-12));
    CHECK(twoNN(g, half).nFit == 617);

    // ML: (N − 1)/Σ log μ over all points; fraction = 1 switches to it (as the reference)
    const double sumLog = std::accumulate(lm.begin(), lm.end(), 0.0);
    TwoNNParams ml;
    ml.maximumLikelihood = true;
    CHECK(twoNN(g, ml).id == doctest::Approx(double(n - 1) / sumLog).epsilon(1e-12));
    TwoNNParams one;
    one.fraction = 1.0;
    CHECK(twoNN(g, one).id == doctest::Approx(double(n - 1) / sumLog).epsilon(1e-12));
}

TEST_CASE("intrinsic dimension: TwoNN on exactly Pareto-distributed ratios recovers d") {
    // For locally uniform data μ = r2/r1 is Pareto: P(μ > m) = m^−d (Facco 2017). A table with
    // r1 = s, r2 = s·μ, μ = U^(−1/d) isolates the estimator from any geometry (no boundary).
    // N = 20000: the ML standard error is d/√N ≈ 0.7 % of d, the base fit's slightly larger; 4 %.
    const Index n = 20000;
    for (double d : {1.0, 2.0, 4.0, 7.0, 10.0, 15.0, 20.0}) {
        Rng r(uint64_t(d * 10));
        std::vector<double> dist(size_t(n * 2));
        std::vector<int32_t> idx(size_t(n * 2));
        for (Index i = 0; i < n; ++i) {
            const double s = 0.1 + r.uniform();  // arbitrary per-point scale
            dist[size_t(2 * i)] = s;
            dist[size_t(2 * i + 1)] = s * std::pow(r.uniformOpen(), -1.0 / d);
            idx[size_t(2 * i)] = int32_t((i + 1) % n);
            idx[size_t(2 * i + 1)] = int32_t((i + 2) % n);
        }
        const KnnGraph g = graphFromTable(dist.data(), idx.data(), n, 2, 0);
        TwoNNParams ml;
        ml.maximumLikelihood = true;
        CAPTURE(d);
        CHECK(twoNN(g).id == doctest::Approx(d).epsilon(0.04));
        CHECK(twoNN(g, ml).id == doctest::Approx(d).epsilon(0.04));
        CHECK(twoNN(g).id == doctest::Approx(twoNNBaseReference(g)).epsilon(1e-12));
    }
}

TEST_CASE("intrinsic dimension: TwoNN on d-dimensional Gaussians (d = 2..10, N = 5000) within 5%") {
    // Statistical error d/√N ≈ 1.4 % of d; a Gaussian has no boundary, so the estimate is unbiased
    // up to the slow density variation between r1 and r2. 5 % ≈ 3.5 standard errors.
    const Index n = 5000;
    for (Index d = 2; d <= 10; ++d) {
        const auto x = randomPoints(n, d, 500 + uint64_t(d), true);
        const KnnGraph g = graphOf(x, n, d, 2);
        TwoNNParams ml;
        ml.maximumLikelihood = true;
        CAPTURE(d);
        CHECK(twoNN(g).id == doctest::Approx(double(d)).epsilon(0.05));
        CHECK(twoNN(g, ml).id == doctest::Approx(double(d)).epsilon(0.05));
    }
}

TEST_CASE("intrinsic dimension: TwoNN on uniform unit cubes (d = 2..10, N = 5000)") {
    // In a (non-periodic) unit cube the neighbour distances at N = 5000 are a sizeable fraction of
    // the side for d ≳ 5 (r1 ~ N^(−1/d) ≈ 0.43 at d = 10), and points near faces see fewer
    // neighbours on one side: TwoNN is biased low, growing with d (measured on these samples:
    // −3 % at d = 4, −10 % at d = 6, −13 % at d = 10; other seeds −6 … −14 % for d ≥ 6). DADApy
    // gives the same on the same points: the estimator is identical. The specification is
    // therefore: within 5 % for d ≤ 3; for larger d an underestimate of at most 16 % and never an
    // overestimate beyond the 5 % statistical band. (The Gaussian test above has no boundary and
    // holds 5 % up to d = 10.)
    const Index n = 5000;
    for (Index d = 2; d <= 10; ++d) {
        const auto x = randomPoints(n, d, 700 + uint64_t(d), false);
        const double id = twoNN(graphOf(x, n, d, 2)).id;
        CAPTURE(d);
        CAPTURE(id);
        if (d <= 3) {
            CHECK(id == doctest::Approx(double(d)).epsilon(0.05));
        } else {
            CHECK(id < 1.05 * double(d));
            CHECK(id > 0.84 * double(d));
        }
    }
}

TEST_CASE("intrinsic dimension: TwoNN on a line and bad input") {
    const Index n = 2000;
    const auto x = randomPoints(n, 1, 3, false);
    CHECK(twoNN(graphOf(x, n, 1, 2)).id == doctest::Approx(1.0).epsilon(0.05));

    // maxk < 2
    CHECK_THROWS_AS(twoNN(graphOf(x, n, 1, 1)), Error);
    // fraction outside (0, 1]
    TwoNNParams bad;
    bad.fraction = 0.0;
    CHECK_THROWS_AS(twoNN(graphOf(x, n, 1, 2), bad), Error);
    bad.fraction = 1.5;
    CHECK_THROWS_AS(twoNN(graphOf(x, n, 1, 2), bad), Error);

    // points with r1 = 0 (exact copies) have no μ: they are skipped, never NaN
    auto y = randomPoints(500, 2, 4, true);
    for (Index c = 0; c < 2; ++c) {
        y[size_t(10 * 2 + c)] = y[size_t(20 * 2 + c)];
        y[size_t(30 * 2 + c)] = y[size_t(40 * 2 + c)];
    }
    const TwoNNResult r = twoNN(graphOf(y, 500, 2, 3));
    CHECK(r.n == 496);
    CHECK(std::isfinite(r.id));
    CHECK(r.id == doctest::Approx(2.0).epsilon(0.25));
}

TEST_CASE("intrinsic dimension: Gride with n1 = 1 equals the ML TwoNN (spec §2.3)") {
    // For n1 = 1, n2 = 2 the Gride score reduces to (N−1)/d = Σ log μ. Gride first drops outliers
    // μ ≥ q50 + 20 (q95 − q50), so the comparison is with the ML value over the kept ratios (equal
    // to twoNN's ML value when nothing is dropped). Newton to 1e-12 relative: compare to 1e-10.
    int droppedSomewhere = 0, droppedNowhere = 0;
    for (uint64_t seed : {1, 2, 3, 4}) {
        const Index n = 1000, d = 3;
        const auto x = randomPoints(n, d, seed, true);
        const KnnGraph g = graphOf(x, n, d, 4);
        std::vector<double> mu;
        for (Index i = 0; i < n; ++i) mu.push_back(g.dist(i, 2) / g.dist(i, 1));
        const double q50 = quantile(mu, 0.5), q95 = quantile(mu, 0.95), cut = q50 + 20 * (q95 - q50);
        double s = 0;
        Index kept = 0;
        for (double m : mu)
            if (m < cut) {
                s += std::log(m);
                ++kept;
            }
        const GrideScaling gr = gride(g, 4);
        REQUIRE(!gr.id.empty());
        CHECK(gr.n1[0] == 1);
        CAPTURE(seed);
        CHECK(gr.id[0] == doctest::Approx(double(kept - 1) / s).epsilon(1e-10));
        if (kept == n) {
            TwoNNParams ml;
            ml.maximumLikelihood = true;
            CHECK(gr.id[0] == doctest::Approx(twoNN(g, ml).id).epsilon(1e-10));
            ++droppedNowhere;
        } else {
            ++droppedSomewhere;
        }
    }
    CHECK(droppedNowhere > 0);  // the data exercise both paths
}

TEST_CASE("intrinsic dimension: Gride's ID is the root of its likelihood score at every scale, to 1e-9") {
    // score(d) = (N−1)/d − Σ[(n2−1) − (n2−n1−1)/(1−μ^−d)] log μ over the kept μ = r_n2 / r_n1
    // (outliers μ ≥ q50 + 20 (q95 − q50) dropped), decreasing in d (Denti et al. 2022, Eq. 7)
    const Index n = 1500, d = 6;
    const auto x = randomPoints(n, d, 9, false);
    const KnnGraph g = graphOf(x, n, d, 64);
    const GrideScaling gr = gride(g, 64);
    REQUIRE(gr.id.size() == 6);
    for (size_t k = 0; k < gr.id.size(); ++k) {
        const Index n1 = gr.n1[k], n2 = 2 * n1;
        std::vector<double> mu;
        for (Index i = 0; i < n; ++i) mu.push_back(g.dist(i, n2) / g.dist(i, n1));
        const double q50 = quantile(mu, 0.5), q95 = quantile(mu, 0.95), cut = q50 + 20 * (q95 - q50);
        std::vector<double> kept;
        for (double m : mu)
            if (m < cut) kept.push_back(m);
        const auto score = [&](double dd) {
            double sum = 0;
            for (double m : kept) sum += (double(n2 - 1) - double(n2 - n1 - 1) / (1 - std::pow(m, -dd))) * std::log(m);
            return double(kept.size() - 1) / dd - sum;
        };
        CAPTURE(n1);
        CHECK(score(gr.id[k] * (1 - 1e-9)) > 0);
        CHECK(score(gr.id[k] * (1 + 1e-9)) < 0);
    }
}

TEST_CASE("intrinsic dimension: Gride on a 3-D Gaussian is about 3 at every scale") {
    const Index n = 2000, d = 3;
    const auto x = randomPoints(n, d, 42, true);
    const KnnGraph g = graphOf(x, n, d, 64);
    const GrideScaling gr = gride(g, 64);
    REQUIRE(gr.n1 == std::vector<Index>{1, 2, 4, 8, 16, 32});
    REQUIRE(gr.id.size() == 6);
    REQUIRE(gr.error.size() == 6);
    REQUIRE(gr.scale.size() == 6);
    for (size_t k = 0; k < gr.id.size(); ++k) {
        const Index n1 = gr.n1[k], n2 = 2 * n1;
        CAPTURE(n1);
        // statistical error ≤ 0.07 here, plus the Gaussian's density variation across the shell
        CHECK(gr.id[k] == doctest::Approx(3.0).epsilon(0.07));
        // error = 1/√I, I = N/d² + Σ (n2−n1−1)(log μ)² μ^−d / (1 − μ^−d)² over all points
        double info = double(n) / (gr.id[k] * gr.id[k]), scale = 0;
        for (Index i = 0; i < n; ++i) {
            const double mu = g.dist(i, n2) / g.dist(i, n1), lm = std::log(mu), e = std::pow(mu, -gr.id[k]);
            info += double(n2 - n1 - 1) * lm * lm * e / ((1 - e) * (1 - e));
            scale += 0.5 * (g.dist(i, n1) + g.dist(i, n2));
        }
        CHECK(gr.error[k] == doctest::Approx(1.0 / std::sqrt(info)).epsilon(1e-6));
        CHECK(gr.scale[k] == doctest::Approx(scale / double(n)).epsilon(1e-12));
        if (k > 0) CHECK(gr.scale[k] > gr.scale[k - 1]);
        // the root of the score over the kept ratios (μ < q50 + 20 (q95 − q50)):
        // (N−1)/d − Σ[(n2−1) − (n2−n1−1)/(1−μ^−d)] log μ changes sign within the bisection width
        std::vector<double> mu;
        for (Index i = 0; i < n; ++i) mu.push_back(g.dist(i, n2) / g.dist(i, n1));
        const double cut = quantile(mu, 0.5) + 20 * (quantile(mu, 0.95) - quantile(mu, 0.5));
        auto score = [&](double dd) {
            double sum = 0, kept = 0;
            for (double m : mu) {
                if (!(m < cut)) continue;
                const double lm = std::log(m);
                sum += (double(n2 - 1) - double(n2 - n1 - 1) / (1 - std::pow(m, -dd))) * lm;
                kept += 1;
            }
            return (kept - 1) / dd - sum;
        };
        CHECK(score(gr.id[k] - 1e-6) > 0);
        CHECK(score(gr.id[k] + 1e-6) < 0);
    }
    // rangeMax and maxk limit the ranks: n2 = 2·n1 ≤ min(rangeMax, maxk)
    CHECK(gride(g, 8).n1 == std::vector<Index>{1, 2, 4});
    CHECK(gride(truncate(g, 20), 64).n1 == std::vector<Index>{1, 2, 4, 8});
}

TEST_CASE("intrinsic dimension: idScaling sizes, first entry and values on a uniform square") {
    const Index n = 4096, d = 2;  // a power of two: every N/2^i is an integer
    const auto x = randomPoints(n, d, 99, false);
    const PointsView v(x.data(), n, d);
    const KnnGraph g = graphOf(x, n, d, 10);
    const IdScaling s = idScaling(v, g);
    // sizes: round(N/2^i) for i = 0 .. int(log2 N) − 2, kept when > nMin = 10
    std::vector<Index> sizes;
    for (Index i = 0; i <= Index(std::log2(double(n))) - 2; ++i) {
        const Index sz = roundHalfEven(double(n) / std::ldexp(1.0, int(i)));
        if (sz > 10) sizes.push_back(sz);
    }
    CAPTURE(str(s.sizes));
    CHECK(s.sizes == sizes);
    REQUIRE(s.id.size() == sizes.size());
    REQUIRE(s.error.size() == sizes.size());
    REQUIRE(s.scale.size() == sizes.size());
    // first entry: the full data set, equal to twoNN, error 0
    const TwoNNResult full = twoNN(g);
    CHECK(s.id[0] == doctest::Approx(full.id).epsilon(1e-12));
    CHECK(s.error[0] == 0.0);
    CHECK(s.scale[0] == doctest::Approx(full.scale).epsilon(1e-12));
    for (size_t k = 0; k < s.id.size(); ++k) {
        CAPTURE(s.sizes[k]);
        // about 2 at every scale: 5 % for the boundary plus 4 standard errors of the level mean
        CHECK(std::abs(s.id[k] - 2.0) < 0.1 + 4 * s.error[k]);
        CHECK(s.error[k] >= 0.0);
        CHECK(s.error[k] < 0.1);
        if (k > 0) CHECK(s.scale[k] > s.scale[k - 1]);  // coarser subsets, larger neighbour distances
    }
    // seeded: the same call gives the same curve; nMin cuts the list
    const IdScaling again = idScaling(v, g);
    CHECK(again.id == s.id);
    const IdScaling cut = idScaling(v, g, 300);
    CHECK(cut.sizes == std::vector<Index>{4096, 2048, 1024, 512});
    CHECK_THROWS_AS(idScaling(PointsView(x.data(), n - 1, d), g), Error);
}

TEST_CASE("intrinsic dimension: idScaling sizes use numpy rounding, half to even (as the reference)") {
    // DADApy: Nsubsets = np.round(N / 2^i) — numpy rounds halves to even: 1000/16 = 62.5 → 62,
    // 1000/64 = 15.625 → 16.
    const Index n = 1000, d = 2;
    const auto x = randomPoints(n, d, 5, false);
    const IdScaling s = idScaling(PointsView(x.data(), n, d), graphOf(x, n, d, 10));
    CAPTURE(str(s.sizes));
    CHECK(s.sizes == std::vector<Index>{1000, 500, 250, 125, 62, 31, 16});
}
