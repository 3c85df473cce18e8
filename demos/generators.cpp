// Toy data generators. See generators.hpp.
#include "demos/generators.hpp"

#include <cmath>
#include <random>

namespace peakscope::demos {

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

}  // namespace peakscope::demos
