// Helpers shared by the core unit tests (tests/core/*.cpp); test code only, not part of the library.
// Random data come from a seeded std::mt19937_64 (its output is fixed by the standard) with our own
// uniform/normal transforms, so native (libstdc++) and wasm (libc++) see identical inputs.
//   Rng          — uniform [0,1), uniformOpen (0,1), normal (Box–Muller), below(k)
//   randomPoints — n × d points, uniform in the unit cube or standard Gaussian
//   threeBlobs   — three unit Gaussians in 2-D at the corners of a triangle of side 10
//   graphOf      — the kNN graph with the default back-end choice
//   errorOf      — the message of the peakscope::Error a call throws
//   uniformNoise — the analysis of n uniform points in 2-D with a kNN density (k = 5): many putative
//                  peaks, a long merge curve
// Changing any of these changes the data of every test using them: keep the random sequences.
#pragma once
#include <cmath>
#include <cstdint>
#include <exception>
#include <functional>
#include <random>
#include <string>
#include <vector>

#include "core/analysis.hpp"
#include "core/neighbours.hpp"

namespace peakscope::testing {

struct Rng {
    std::mt19937_64 g;
    explicit Rng(uint64_t seed) : g(seed) {}
    double uniform() { return double(g() >> 11) * (1.0 / 9007199254740992.0); }  // [0, 1)
    double uniformOpen() {                                                        // (0, 1)
        double u = uniform();
        while (u <= 0.0) u = uniform();
        return u;
    }
    double normal() {  // Box–Muller: the radius draw comes first, then the angle
        const double u = uniformOpen();
        return std::sqrt(-2.0 * std::log(u)) * std::cos(6.283185307179586 * uniform());
    }
    int64_t below(int64_t k) { return int64_t(g() % uint64_t(k)); }  // [0, k)
};

// n × d row-major points: standard Gaussian coordinates, or uniform in [0, 1)^d.
inline std::vector<double> randomPoints(Index n, Index d, uint64_t seed, bool gaussian) {
    Rng r(seed);
    std::vector<double> x(size_t(n * d));
    for (double& v : x) v = gaussian ? r.normal() : r.uniform();
    return x;
}

// Three unit Gaussians in 2-D at the corners of an equilateral triangle of side 10 (well separated).
// Cyclic: point i is in blob i % 3. Random: each point's blob is drawn (below(3)) before its two
// coordinates. `truth`, if given, receives the blob of every point.
enum class BlobOrder { Cyclic, Random };
inline std::vector<double> threeBlobs(Index n, uint64_t seed, BlobOrder order,
                                      std::vector<int64_t>* truth = nullptr) {
    const double cx[3] = {0, 10, 5}, cy[3] = {0, 0, 8.660254037844386};
    Rng r(seed);
    std::vector<double> x(size_t(2 * n));
    if (truth) truth->resize(size_t(n));
    for (Index i = 0; i < n; ++i) {
        const int c = order == BlobOrder::Cyclic ? int(i % 3) : int(r.below(3));
        x[size_t(2 * i)] = cx[c] + r.normal();
        x[size_t(2 * i + 1)] = cy[c] + r.normal();
        if (truth) (*truth)[size_t(i)] = c;
    }
    return x;
}

// The kNN graph of n × d row-major points with `maxk` neighbours (back-end chosen by Auto).
inline KnnGraph graphOf(const std::vector<double>& x, Index n, Index d, Index maxk) {
    NeighbourParams p;
    p.maxk = maxk;
    return neighbours(PointsView(x.data(), n, d), p);
}

// what() of the peakscope::Error that f throws; a marker string if it throws nothing or another type.
inline std::string errorOf(const std::function<void()>& f) {
    try {
        f();
    } catch (const Error& e) {
        return e.what();
    } catch (const std::exception& e) {
        return std::string("<not a peakscope::Error: ") + e.what() + ">";
    } catch (...) {
        return "<not a peakscope::Error>";
    }
    return "<no exception>";
}

inline Analysis uniformNoise(uint64_t seed, Index n, bool withCurve) {
    Rng rng(seed);
    std::vector<double> x(size_t(2 * n));
    for (auto& v : x) v = rng.uniform();
    AnalysisParams p;
    p.density.method = DensityMethod::Knn;
    p.density.k = 5;
    p.mergeCurve = withCurve;
    p.decisionGraph = false;
    return analyze(PointsView(x.data(), n, 2), p);
}

}  // namespace peakscope::testing
