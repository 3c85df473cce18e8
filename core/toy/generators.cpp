// Toy data generators (see generators.hpp for what each set and its `noise` mean).
// Portability: every number comes from SplitMix64 integers through +, −, ×, ÷, sqrt, frexp/floor
// and our own series for log, sin and cos, with floating-point contraction off, so a seed gives the
// same bits natively (glibc, -march=native) and in wasm (musl/libc++).
// Sections: (1) portable RNG and math · (2) the sets · (3) catalogue and generate · (4) older helpers
#include "core/toy/generators.hpp"

#include <cmath>
#include <cstdio>
#include <random>

// No fused multiply-add: -march=native would otherwise contract a*b+c natively but never in wasm.
#if defined(__clang__)
#pragma clang fp contract(off)
#elif defined(__GNUC__)
#pragma GCC optimize("fp-contract=off")
#endif

namespace peakscope::toy {

namespace {

// ---- (1) portable RNG and math ----------------------------------------------------------------
constexpr double kPi = 3.14159265358979323846;

// log x for finite x > 0: x = m·2^e with m in [√½, √2), log m = 2 atanh s, s = (m−1)/(m+1),
// |s| ≤ 0.172, series to s^23 (error < 1e-17).
double logPositive(double x) {
    int e = 0;
    double m = std::frexp(x, &e);  // exact
    if (m < 0.70710678118654752440) { m *= 2; --e; }
    const double s = (m - 1) / (m + 1), s2 = s * s;
    double p = 1.0 / 23;
    for (int k = 21; k >= 1; k -= 2) p = p * s2 + 1.0 / k;
    const double ln2Hi = 6.93147180369123816490e-01, ln2Lo = 1.90821492927058770002e-10;  // hi has 32 bits
    return double(e) * ln2Hi + (2 * s * p + double(e) * ln2Lo);
}

// sin and cos for |x| < 1e6: x = r + q·π/2 (Cody–Waite, π/2 split so q·hi is exact), Taylor
// series on |r| ≤ π/4 to r^17 / r^18 (error < 1e-18).
void sinCos(double x, double& s, double& c) {
    const double q = std::floor(x * 0.63661977236758134308 + 0.5);
    const double pio2Hi = 1.57079632673412561417e+00, pio2Lo = 6.07710050650619224932e-11;  // hi: 33 bits
    const double r = (x - q * pio2Hi) - q * pio2Lo, r2 = r * r;
    double ps = 1.0, pc = 1.0;  // Horner in r²: sin r = r·ps, cos r = pc
    for (int k = 17; k >= 3; k -= 2) ps = 1.0 - ps * r2 / double(k * (k - 1));
    for (int k = 18; k >= 2; k -= 2) pc = 1.0 - pc * r2 / double(k * (k - 1));
    const double sr = r * ps, cr = pc;
    switch (((long long)q % 4 + 4) % 4) {
        case 0: s = sr; c = cr; break;
        case 1: s = cr; c = -sr; break;
        case 2: s = -sr; c = -cr; break;
        default: s = -cr; c = sr; break;
    }
}

// SplitMix64 (Steele, Lea & Flood, OOPSLA 2014): 64-bit state, Weyl increment, two xor-multiply mixes.
class Rng {
public:
    explicit Rng(std::uint64_t seed) : state_(seed) {}
    std::uint64_t next() {
        std::uint64_t z = (state_ += 0x9E3779B97F4A7C15ULL);
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
        return z ^ (z >> 31);
    }
    double uniform() { return double(next() >> 11) * 0x1p-53; }                // [0, 1)
    double uniform(double a, double b) { return a + (b - a) * uniform(); }    // [a, b)
    std::uint64_t below(std::uint64_t k) { return next() % k; }                // [0, k), bias < 2^-40
    // Standard normal, Marsaglia's polar method (pairs; the second value is kept for the next call).
    double normal() {
        if (hasSpare_) { hasSpare_ = false; return spare_; }
        double u, v, s;
        do {
            u = 2 * uniform() - 1;
            v = 2 * uniform() - 1;
            s = u * u + v * v;
        } while (s >= 1 || s == 0);
        const double f = std::sqrt(-2 * logPositive(s) / s);
        spare_ = v * f;
        hasSpare_ = true;
        return u * f;
    }

private:
    std::uint64_t state_;
    double spare_ = 0;
    bool hasSpare_ = false;
};

// Decorrelate user seeds 0, 1, 2, … and the fixed seeds of the sets.
std::uint64_t mixSeed(std::uint64_t seed, std::uint64_t salt) {
    Rng r(seed ^ (salt * 0xD1B54A32D192ED03ULL));
    return r.next();
}

// ---- (2) the sets -------------------------------------------------------------------------------
struct Box { double x0, x1, y0, y1; };

// 2-D Gaussian component: centre + A·z, z standard normal, A = [[a, b], [c, d]] (lower-left shear
// gives tilted ellipses); weight = mixing proportion.
struct Component { double cx, cy, a, b, c, d, weight; };

// Each point: with probability `background` uniform in `box` (label −1), otherwise a component drawn
// by weight (label = its index).
Dataset mixture2d(const Component* comp, int m, const Box& box, Index n, double background, Rng& rng) {
    Dataset out;
    out.points = Matrix{n, 2, std::vector<double>(size_t(2 * n))};
    out.labels.assign(size_t(n), -1);
    double total = 0;
    for (int k = 0; k < m; ++k) total += comp[k].weight;
    for (Index i = 0; i < n; ++i) {
        double x, y;
        int label = -1;
        if (rng.uniform() < background) {
            x = rng.uniform(box.x0, box.x1);
            y = rng.uniform(box.y0, box.y1);
        } else {
            const double w = rng.uniform() * total;
            double acc = 0;
            label = m - 1;
            for (int k = 0; k < m; ++k) {
                acc += comp[k].weight;
                if (w < acc) { label = k; break; }
            }
            const Component& g = comp[label];
            const double z1 = rng.normal(), z2 = rng.normal();
            x = g.cx + g.a * z1 + g.b * z2;
            y = g.cy + g.c * z1 + g.d * z2;
        }
        out.points.values[size_t(2 * i)] = x;
        out.points.values[size_t(2 * i + 1)] = y;
        out.labels[size_t(i)] = label;
    }
    return out;
}

// Five overlapping components of different widths, shapes and weights (cf. the ADP paper's 2-D sets).
Dataset gaussians(Index n, double noise, Rng& rng) {
    static const Component comp[] = {
        {0.0, 0.0, 1.00, 0.00, 0.00, 1.00, 0.30},    // broad, heaviest
        {4.0, 1.2, 0.55, 0.00, 0.25, 0.45, 0.15},    // tilted, overlaps 0
        {1.5, 5.2, 1.10, 0.00, 0.00, 0.55, 0.25},    // elongated along x
        {6.5, 5.5, 0.40, 0.00, 0.00, 0.40, 0.10},    // narrow, light
        {-3.6, 3.6, 0.80, 0.00, 0.00, 0.80, 0.20},   // medium
    };
    return mixture2d(comp, 5, {-7.0, 10.0, -4.0, 9.0}, n, noise, rng);
}

// A narrow component on the shoulder of a broad one (both stay separate peaks) plus two separate ones.
Dataset nested(Index n, double noise, Rng& rng) {
    static const Component comp[] = {
        {0.0, 0.0, 1.50, 0.00, 0.00, 1.50, 0.40},  // broad
        {3.0, 1.8, 0.22, 0.00, 0.00, 0.22, 0.07},  // narrow, on the broad one's shoulder (2.3 σ out)
        {6.5, -1.0, 0.60, 0.00, 0.00, 0.60, 0.28},
        {0.5, 6.5, 0.80, 0.00, 0.00, 0.80, 0.25},
    };
    return mixture2d(comp, 4, {-5.0, 9.0, -5.0, 9.5}, n, noise, rng);
}

// Three groups of three close sub-clusters: label = 3·group + sub-cluster.
Dataset hierarchy(Index n, double noise, Rng& rng) {
    const double gx[3] = {0.0, 5.196152422706632, -5.196152422706632}, gy[3] = {6.0, -3.0, -3.0};
    const double sx[3] = {0.0, 1.299038105676658, -1.299038105676658}, sy[3] = {1.5, -0.75, -0.75};
    Component comp[9];
    for (int g = 0; g < 3; ++g)
        for (int s = 0; s < 3; ++s)
            comp[3 * g + s] = {gx[g] + sx[s], gy[g] + sy[s], 0.45, 0.0, 0.0, 0.45, 1.0};
    return mixture2d(comp, 9, {-9.0, 9.0, -6.5, 9.5}, n, noise, rng);
}

// Two interleaved half circles of radius 1 (as make_moons) with jitter σ = noise, 5 % background.
Dataset moons(Index n, double noise, Rng& rng) {
    Dataset out;
    out.points = Matrix{n, 2, std::vector<double>(size_t(2 * n))};
    out.labels.assign(size_t(n), -1);
    for (Index i = 0; i < n; ++i) {
        double x, y;
        int label = -1;
        if (rng.uniform() < 0.05) {
            x = rng.uniform(-1.5, 2.5);
            y = rng.uniform(-1.0, 1.5);
        } else {
            label = int(rng.below(2));
            double s, c;
            sinCos(kPi * rng.uniform(), s, c);
            x = label == 0 ? c : 1 - c;
            y = label == 0 ? s : 0.5 - s;
            x += noise * rng.normal();
            y += noise * rng.normal();
        }
        out.points.values[size_t(2 * i)] = x;
        out.points.values[size_t(2 * i + 1)] = y;
        out.labels[size_t(i)] = label;
    }
    return out;
}

// A central blob (σ = 0.2, label 0) inside rings of radius 1 (label 1) and 2 (label 2) with radial
// jitter σ = noise; 20 % / 30 % / 50 % of the points.
Dataset rings(Index n, double noise, Rng& rng) {
    Dataset out;
    out.points = Matrix{n, 2, std::vector<double>(size_t(2 * n))};
    out.labels.assign(size_t(n), 0);
    for (Index i = 0; i < n; ++i) {
        const double w = rng.uniform();
        const int label = w < 0.2 ? 0 : (w < 0.5 ? 1 : 2);
        double x, y;
        if (label == 0) {
            x = 0.2 * rng.normal();
            y = 0.2 * rng.normal();
        } else {
            double s, c;
            sinCos(2 * kPi * rng.uniform(), s, c);
            const double r = double(label) + noise * rng.normal();
            x = r * c;
            y = r * s;
        }
        out.points.values[size_t(2 * i)] = x;
        out.points.values[size_t(2 * i + 1)] = y;
        out.labels[size_t(i)] = label;
    }
    return out;
}

// n points uniform in [0, 1)^d, one label.
Dataset cube(Index n, Index d, Rng& rng) {
    Dataset out;
    out.points = Matrix{n, d, std::vector<double>(size_t(n * d))};
    for (double& v : out.points.values) v = rng.uniform();
    out.labels.assign(size_t(n), 0);
    return out;
}

// Swiss roll (t cos t, h, t sin t)/(4.5π), t in [1.5π, 4.5π] drawn with density ∝ t (≈ uniform on the
// sheet), h in [0, 21]; placed in R^dim by an orthonormal 3-frame fixed by dim only (Gram–Schmidt of
// Gaussian vectors from a fixed seed); then isotropic Gaussian noise σ = noise in all dim coordinates.
Dataset manifold(Index n, Index dim, double noise, Rng& rng) {
    Rng frameRng(mixSeed(0x5EEDF00DULL, std::uint64_t(dim)));
    std::vector<double> frame(size_t(3 * dim));
    for (int r = 0; r < 3; ++r) {
        double* e = &frame[size_t(r * dim)];
        double norm = 0;
        do {
            for (Index j = 0; j < dim; ++j) e[j] = frameRng.normal();
            for (int q = 0; q < r; ++q) {  // modified Gram–Schmidt
                const double* f = &frame[size_t(q * dim)];
                double dot = 0;
                for (Index j = 0; j < dim; ++j) dot += e[j] * f[j];
                for (Index j = 0; j < dim; ++j) e[j] -= dot * f[j];
            }
            norm = 0;
            for (Index j = 0; j < dim; ++j) norm += e[j] * e[j];
            norm = std::sqrt(norm);
        } while (norm < 1e-3);
        for (Index j = 0; j < dim; ++j) e[j] /= norm;
    }
    const double t0 = 1.5 * kPi, t1 = 4.5 * kPi, scale = 1.0 / (4.5 * kPi);
    Dataset out;
    out.points = Matrix{n, dim, std::vector<double>(size_t(n * dim))};
    out.labels.assign(size_t(n), 0);
    for (Index i = 0; i < n; ++i) {
        const double t = std::sqrt(t0 * t0 + rng.uniform() * (t1 * t1 - t0 * t0));
        const double h = 21.0 * rng.uniform();
        double s, c;
        sinCos(t, s, c);
        const double p[3] = {t * c * scale, h * scale, t * s * scale};
        double* x = &out.points.values[size_t(i * dim)];
        for (Index j = 0; j < dim; ++j)
            x[j] = p[0] * frame[size_t(j)] + p[1] * frame[size_t(dim + j)] + p[2] * frame[size_t(2 * dim + j)];
        if (noise > 0)
            for (Index j = 0; j < dim; ++j) x[j] += noise * rng.normal();
    }
    return out;
}

// ---- (3) catalogue and generate -----------------------------------------------------------------
const std::vector<GeneratorInfo> kCatalogue = {
    {"gaussians", "Gaussian mixture",
     "Five overlapping Gaussians of different widths and weights: expect five peaks, one per component, "
     "and cluster labels that agree with the components.",
     5000, 100, 100000, 0.02, 0.0, 0.5, 0, 0, 0, 5},
    {"nested", "Nested components",
     "A narrow component sits on the shoulder of a broad one, next to two separate ones: expect four "
     "peaks, and the dendrogram joins the narrow peak to the broad one at a high saddle.",
     5000, 100, 100000, 0.02, 0.0, 0.5, 0, 0, 0, 4},
    {"moons", "Two moons",
     "Two interleaved half circles in uniform background noise: the density along each arc is nearly flat, "
     "so the number of peaks depends on Z; raise Z until each moon is one cluster.",
     2000, 100, 100000, 0.1, 0.0, 0.5, 0, 0, 0, -1},
    {"rings", "Rings and a blob",
     "A dense central blob inside two rings: the blob is a clear peak, while the flat ridges of the rings "
     "give peaks only as significant as Z allows.",
     3000, 100, 100000, 0.08, 0.0, 0.5, 0, 0, 0, -1},
    {"hierarchy", "Clusters of clusters",
     "Three groups of three close sub-clusters: expect nine peaks, and a dendrogram that joins the "
     "sub-clusters of each group before it joins the groups.",
     4500, 100, 100000, 0.02, 0.0, 0.5, 0, 0, 0, 9},
    {"uniform", "Uniform square",
     "Points uniform in the unit square: there is no structure, so expect a single peak with PAk. With "
     "a small kNN k, noise in the estimate leaves a few spurious peaks: raise Z or k and watch them merge.",
     2000, 100, 100000, 0.0, 0.0, 0.0, 0, 0, 0, 1},
    {"manifold", "Swiss roll",
     "A rolled-up 2-D sheet placed in 3 to 10 dimensions: the intrinsic dimension stays close to 2 whatever "
     "the embedding; noise raises it at small scales.",
     2000, 100, 100000, 0.001, 0.0, 0.2, 3, 3, 10, 1},
    {"hypercube", "Uniform hypercube",
     "Points uniform in the d-dimensional unit cube: the TwoNN intrinsic dimension should be close to d "
     "(slightly lower at large d, where boundary effects and few points bias it).",
     2000, 100, 100000, 0.0, 0.0, 0.0, 5, 1, 20, 1},
};

std::string fmt(double v) {
    char buf[40];
    std::snprintf(buf, sizeof buf, "%g", v);
    return buf;
}

std::string idList() {
    std::string s;
    for (auto& g : kCatalogue) s += (s.empty() ? "" : ", ") + std::string(g.id);
    return s;
}

}  // namespace

const std::vector<GeneratorInfo>& catalogue() { return kCatalogue; }

const GeneratorInfo* findGenerator(const std::string& id) {
    for (auto& g : kCatalogue)
        if (id == g.id) return &g;
    return nullptr;
}

DatasetSpec defaultSpec(const std::string& id, std::uint64_t seed) {
    const GeneratorInfo* g = findGenerator(id);
    if (!g) throw Error("unknown data set '" + id + "' (" + idList() + ")");
    return DatasetSpec{id, g->defaultN, g->defaultNoise, seed, g->defaultDim};
}

Dataset generate(const DatasetSpec& spec) {
    const GeneratorInfo* g = findGenerator(spec.id);
    if (!g) throw Error("unknown data set '" + spec.id + "' (" + idList() + ")");
    const std::string who = "data set '" + spec.id + "': ";
    if (spec.n < g->minN || spec.n > g->maxN)
        throw Error(who + "N = " + std::to_string(spec.n) + " is out of range " + std::to_string(g->minN) + ".." +
                    std::to_string(g->maxN));
    if (g->maxNoise == 0 && spec.noise != 0)
        throw Error(who + "noise does not apply (give 0, not " + fmt(spec.noise) + ")");
    if (!(spec.noise >= g->minNoise && spec.noise <= g->maxNoise))
        throw Error(who + "noise = " + fmt(spec.noise) + " is out of range " + fmt(g->minNoise) + ".." +
                    fmt(g->maxNoise));
    if (g->maxDim == 0 && spec.dim != 0)
        throw Error(who + "dim does not apply to this 2-D set (give 0, not " + std::to_string(spec.dim) + ")");
    if (g->maxDim != 0 && (spec.dim < g->minDim || spec.dim > g->maxDim))
        throw Error(who + "dim = " + std::to_string(spec.dim) + " is out of range " + std::to_string(g->minDim) +
                    ".." + std::to_string(g->maxDim));

    Rng rng(mixSeed(spec.seed, 0x7E57DA7AULL));
    const std::string& id = spec.id;
    Dataset out;
    if (id == "gaussians") out = gaussians(spec.n, spec.noise, rng);
    else if (id == "nested") out = nested(spec.n, spec.noise, rng);
    else if (id == "moons") out = moons(spec.n, spec.noise, rng);
    else if (id == "rings") out = rings(spec.n, spec.noise, rng);
    else if (id == "hierarchy") out = hierarchy(spec.n, spec.noise, rng);
    else if (id == "uniform") out = cube(spec.n, 2, rng);
    else if (id == "manifold") out = manifold(spec.n, spec.dim, spec.noise, rng);
    else out = cube(spec.n, spec.dim, rng);  // hypercube
    out.name = id + " (N = " + std::to_string(spec.n);
    if (g->maxNoise > 0) out.name += ", noise = " + fmt(spec.noise);
    if (g->maxDim > 0) out.name += ", dim = " + std::to_string(spec.dim);
    out.name += ", seed = " + std::to_string(spec.seed) + ")";
    return out;
}

// ---- (4) older helpers (benchmarks; unchanged) ----------------------------------------------------
Matrix gaussianMixture(Index n, Index d, int components, std::uint64_t seed, std::vector<int64_t>* labels) {
    std::mt19937_64 rng(seed);
    std::uniform_real_distribution<double> u(0, 10.0 * std::pow(double(components), 1.0 / double(d)));
    std::normal_distribution<double> g(0, 1);
    std::vector<double> centres(size_t(components * d));
    for (auto& c : centres) c = u(rng);
    Matrix x{n, d, std::vector<double>(size_t(n * d))};
    if (labels) labels->assign(size_t(n), 0);
    for (Index i = 0; i < n; ++i) {
        const int c = int(i % components);
        if (labels) (*labels)[size_t(i)] = c;
        for (Index j = 0; j < d; ++j) x.values[size_t(i * d + j)] = centres[size_t(c * d + j)] + g(rng);
    }
    return x;
}

Matrix uniformCube(Index n, Index d, std::uint64_t seed) {
    std::mt19937_64 rng(seed);
    std::uniform_real_distribution<double> u(0, 1);
    Matrix x{n, d, std::vector<double>(size_t(n * d))};
    for (auto& v : x.values) v = u(rng);
    return x;
}

}  // namespace peakscope::toy
