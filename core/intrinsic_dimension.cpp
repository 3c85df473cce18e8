// TwoNN, decimation and Gride. See intrinsic_dimension.hpp.
#include "core/intrinsic_dimension.hpp"

#include "core/distance.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <random>

namespace peakscope {
namespace {

// Least-squares line through the origin on the sorted log μ (Facco 2017, Eq. 5).
TwoNNResult fitTwoNN(std::vector<double> logMu, double scaleSum, const TwoNNParams& p) {
    TwoNNResult r;
    const Index n = Index(logMu.size());
    if (n < 3) throw Error("TwoNN needs at least 3 points with distinct first and second neighbours");
    if (!(p.fraction > 0 && p.fraction <= 1)) throw Error("TwoNN fraction must be in (0, 1]");
    std::sort(logMu.begin(), logMu.end());
    r.n = n;
    r.scale = scaleSum / double(n);
    r.y.resize(size_t(n));
    for (Index i = 0; i < n; ++i) r.y[size_t(i)] = -std::log1p(-double(i + 1) / double(n));
    r.y[size_t(n - 1)] = std::numeric_limits<double>::infinity();  // F = 1 at the last point
    const bool ml = p.maximumLikelihood || p.fraction >= 1.0;
    if (ml) {
        const double s = std::accumulate(logMu.begin(), logMu.end(), 0.0);
        if (!(s > 0)) throw Error("TwoNN: all μ are 1 (no scale separation between 1st and 2nd neighbours)");
        r.id = double(n - 1) / s;
        r.nFit = n;
    } else {
        const Index nEff = Index(double(n) * p.fraction);  // truncation, as the reference
        double sxy = 0, sxx = 0;
        for (Index i = 0; i < nEff; ++i) {
            sxy += logMu[size_t(i)] * r.y[size_t(i)];
            sxx += logMu[size_t(i)] * logMu[size_t(i)];
        }
        if (!(sxx > 0)) throw Error("TwoNN: all μ are 1 (no scale separation between 1st and 2nd neighbours)");
        r.id = sxy / sxx;
        r.nFit = nEff;
    }
    r.error = r.id / std::sqrt(double(n));
    r.logMu = std::move(logMu);
    return r;
}

}  // namespace

TwoNNResult twoNN(const KnnGraph& g, const TwoNNParams& params) {
    if (g.maxk < 2) throw Error("TwoNN needs maxk >= 2");
    std::vector<double> logMu;
    logMu.reserve(size_t(g.n));
    double scaleSum = 0;
    for (Index i = 0; i < g.n; ++i) {
        const double r1 = g.dist(i, 1), r2 = g.dist(i, 2);
        if (!(r1 > 0)) continue;  // duplicates are removed upstream (Duplicates); skip defensively
        logMu.push_back(std::log(r2 / r1));
        scaleSum += 0.5 * (r1 + r2);
    }
    return fitTwoNN(std::move(logMu), scaleSum, params);
}

IdScaling idScaling(const PointsView& points, const KnnGraph& g, Index nMin, std::uint64_t seed,
                    const TwoNNParams& params) {
    IdScaling out;
    const Index n = g.n;
    if (!points.empty() && points.n() != n) throw Error("idScaling: points and graph differ in size");
    const bool coords = !points.empty();
    std::mt19937_64 rng(seed);
    std::vector<int32_t> perm(static_cast<size_t>(n)), picks(static_cast<size_t>(n));
    std::iota(perm.begin(), perm.end(), 0);
    std::vector<int32_t> slot(static_cast<size_t>(n), -1);  // position in the current subset, -1 = not in it
    const int levels = int(std::floor(std::log2(double(n)))) - 2;
    for (int level = 0; level <= levels; ++level) {
        // round half to even, as numpy's round / rint
        const Index size = Index(std::nearbyint(double(n) / std::ldexp(1.0, level)));
        if (size <= nMin || size < 3) break;
        const Index nIter = Index(std::nearbyint(double(n) / double(size)));
        std::vector<double> ids;
        double scaleSum = 0;
        if (level == 0) {
            TwoNNResult r = twoNN(g, params);
            ids.push_back(r.id);
            scaleSum = r.scale;
        } else {
            for (Index it = 0; it < nIter; ++it) {
                for (Index k = 0; k < size; ++k) {  // partial Fisher–Yates on 0 … n−1: a uniform s-subset
                    // own bounded draw (std::uniform_int_distribution differs between standard
                    // libraries: native and wasm must pick the same subsets); bias < n / 2^64
                    const Index pick = k + Index(rng() % std::uint64_t(n - k));
                    picks[size_t(k)] = int32_t(pick);
                    std::swap(perm[size_t(k)], perm[size_t(pick)]);
                }
                for (Index k = 0; k < size; ++k) slot[size_t(perm[size_t(k)])] = int32_t(k);
                std::vector<double> logMu;
                double sc = 0;
                for (Index k = 0; k < size; ++k) {
                    const int32_t i = perm[size_t(k)];
                    // first two subset members in i's full neighbour list, else exact scan
                    double r[2] = {-1, -1};
                    int found = 0;
                    for (Index j = 1; j <= g.maxk && found < 2; ++j)
                        if (slot[size_t(g.index(i, j))] >= 0) r[found++] = g.dist(i, j);
                    if (found < 2) {
                        if (!coords) continue;  // graph input: cannot look beyond the table
                        r[0] = r[1] = HUGE_VAL;
                        for (Index m = 0; m < size; ++m) {
                            const int32_t q = perm[size_t(m)];
                            if (q == i) continue;
                            const double dq = euclidean(points, i, q);
                            if (dq < r[0]) { r[1] = r[0]; r[0] = dq; }
                            else if (dq < r[1]) r[1] = dq;
                        }
                    }
                    if (!(r[0] > 0)) continue;
                    logMu.push_back(std::log(r[1] / r[0]));
                    sc += 0.5 * (r[0] + r[1]);
                }
                for (Index k = 0; k < size; ++k) slot[size_t(perm[size_t(k)])] = -1;
                // undo the swaps: perm is 0 … n−1 again in O(size), not O(n) per subset
                for (Index k = size - 1; k >= 0; --k) std::swap(perm[size_t(k)], perm[size_t(picks[size_t(k)])]);
                if (logMu.size() < 3) continue;
                TwoNNResult r = fitTwoNN(std::move(logMu), sc, params);
                ids.push_back(r.id);
                scaleSum += r.scale;
            }
            if (ids.empty()) break;
            scaleSum /= double(ids.size());
        }
        const double mean = std::accumulate(ids.begin(), ids.end(), 0.0) / double(ids.size());
        double var = 0;
        for (double v : ids) var += (v - mean) * (v - mean);
        var /= double(ids.size());
        out.sizes.push_back(size);
        out.id.push_back(mean);
        out.error.push_back(std::sqrt(var) / std::sqrt(double(ids.size())));
        out.scale.push_back(scaleSum);
    }
    return out;
}

GrideScaling gride(const KnnGraph& g, Index rangeMax) {
    GrideScaling out;
    const double eps = std::numeric_limits<double>::epsilon();
    std::vector<double> mu(size_t(g.n)), kept, logMu;
    for (Index n1 = 1; 2 * n1 <= rangeMax && 2 * n1 <= g.maxk; n1 *= 2) {
        const Index n2 = 2 * n1;
        double scale = 0;
        for (Index i = 0; i < g.n; ++i) {
            const double a = g.dist(i, n1), b = g.dist(i, n2);
            double m = a > 0 ? b / a : 1.0;
            if (m == 1.0) m += 10 * eps;  // equal distances: bump μ off 1
            mu[size_t(i)] = m;
            scale += 0.5 * (a + b);
        }
        // discard outliers μ ≥ q50 + 20 (q95 − q50)
        std::vector<double> s = mu;
        auto q = [&](double f) {
            const double pos = f * double(s.size() - 1);
            const size_t lo = size_t(std::floor(pos));
            std::nth_element(s.begin(), s.begin() + long(lo), s.end());
            double v = s[lo];
            if (lo + 1 < s.size()) {
                const double next = *std::min_element(s.begin() + long(lo) + 1, s.end());
                v += (pos - double(lo)) * (next - v);
            }
            return v;
        };
        const double q50 = q(0.5), q95 = q(0.95), cut = q50 + 20 * (q95 - q50);
        kept.clear();
        for (double m : mu)
            if (m < cut) kept.push_back(m);
        const double nn = double(n2 - n1 - 1);
        const double N = double(kept.size());
        // score(d) = (N−1)/d − Σ[(n2−1) − (n2−n1−1)/(1−μ^−d)] log μ, decreasing in d: its slope is
        // −(N−1)/d² − Σ (n2−n1−1) (log μ)² μ^−d / (1−μ^−d)². The root in [1e-3, 1e3] by Newton steps
        // kept inside the bracket (a bisection step when one would leave it), to 1e-12 relative.
        logMu.clear();
        for (double m : kept) logMu.push_back(std::log(m));
        auto score = [&](double d, double& slope) {
            double sum = 0, dsum = 0;
            for (double lm : logMu) {
                const double u = -std::expm1(-d * lm);  // 1 − μ^−d
                sum += (double(n2 - 1) - nn / u) * lm;
                dsum += nn * lm * lm * (1 - u) / (u * u);
            }
            slope = -(N - 1) / (d * d) - dsum;
            return (N - 1) / d - sum;
        };
        double lo = 1e-3, hi = 1e3, slope = 0;
        double d = hi;  // no sign change in the bracket: its upper end (as the bisection gave)
        if (score(lo, slope) > 0 && score(hi, slope) < 0) {
            double sumLog = 0;
            for (double lm : logMu) sumLog += lm;
            d = std::clamp(sumLog > 0 ? (N - 1) / sumLog : 1.0, 2 * lo, 0.5 * hi);  // n1 = 1: the exact root
            double f = score(d, slope);
            for (int it = 0; it < 200 && f != 0; ++it) {
                (f > 0 ? lo : hi) = d;
                double next = d - f / slope;
                if (!(next > lo && next < hi)) next = 0.5 * (lo + hi);
                const bool done = std::abs(next - d) <= 1e-12 * d || hi - lo <= 1e-12 * d;
                d = next;
                if (done) break;
                f = score(d, slope);
            }
        }
        double info = double(g.n) / (d * d);
        for (double m : mu) {
            const double lm = std::log(m), e = std::exp(-d * lm), one = -std::expm1(-d * lm);  // 1 − μ^−d
            info += nn * lm * lm * e / (one * one);
        }
        out.n1.push_back(n1);
        out.id.push_back(d);
        out.error.push_back(1 / std::sqrt(info));
        out.scale.push_back(scale / double(g.n));
    }
    return out;
}

}  // namespace peakscope
