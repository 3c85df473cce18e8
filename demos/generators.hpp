// Toy data sets for tutorials, tests and benchmarks, seeded and parameterised.
// Sections: gaussianMixture · uniformCube
// Example: Matrix x = gaussianMixture(5000, 2, 5, /*seed=*/1);
#pragma once
#include "core/types.hpp"

#include <cstdint>

namespace peakscope::demos {

// n points in d dimensions from `components` isotropic Gaussians (σ = 1) whose centres are drawn
// uniformly in a cube of side 10·components^(1/d); labels = component.
Matrix gaussianMixture(Index n, Index d, int components, std::uint64_t seed, std::vector<int64_t>* labels = nullptr);
// n points uniform in the unit d-cube.
Matrix uniformCube(Index n, Index d, std::uint64_t seed);

}  // namespace peakscope::demos
