// Toy data sets for the tutorials, the app, the CLI, tests and benchmarks: seeded, parameterised
// (N, noise, seed and, where it applies, the embedding dimension), written by us. The same seed
// gives bit-identical data natively and in wasm: an integer RNG (SplitMix64, Steele, Lea & Flood
// 2014) with our own uniform/Gaussian transforms and our own log/sin/cos (no <random> distributions,
// no libm transcendentals, no fused multiply-add).
// Sets modelled on the 2-D benchmarks of ADP (d'Errico, Facco, Laio, Rodriguez, Inf. Sci. 2021, §3)
// and the ID benchmarks of TwoNN (Facco et al., Sci. Rep. 2017).
// Sections: catalogue (GeneratorInfo) · generate (DatasetSpec → Dataset) · gaussianMixture · uniformCube
// Example: Dataset s = generate({"gaussians", 5000, 0.02, /*seed=*/1, /*dim=*/0});  // s.points: 5000 × 2
#pragma once
#include "core/types.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace peakscope::toy {

// ---- catalogue ------------------------------------------------------------------------------
// What `noise` means, per set (0 ≤ minNoise ≤ noise ≤ maxNoise; a range [0, 0] = not applicable):
//   gaussians  fraction of points drawn uniformly over the box around the components (label −1)
//   nested     fraction of uniform background points (label −1)
//   moons      σ of the Gaussian jitter around the arcs (moon radius 1, as scikit-learn's make_moons);
//              a fixed 5 % of the points is uniform background (label −1)
//   rings      σ of the radial Gaussian jitter of the rings (radii 1 and 2; the blob has σ = 0.2)
//   hierarchy  fraction of uniform background points (label −1)
//   uniform    not applicable (0)
//   manifold   σ of the isotropic Gaussian noise added in all `dim` coordinates (the roll spans ~[−1, 1])
//   hypercube  not applicable (0)
// `dim` is the embedding dimension (manifold 3..10, hypercube 1..20); 0 for the 2-D sets.
struct GeneratorInfo {
    const char* id;        // "gaussians", "nested", "moons", "rings", "hierarchy", "uniform", "manifold", "hypercube"
    const char* title;     // short human name
    const char* lesson;    // 1–2 sentences: what a student should see
    Index defaultN, minN, maxN;
    double defaultNoise, minNoise, maxNoise;
    Index defaultDim, minDim, maxDim;  // 0 when not applicable
    int truePeaks;                     // density peaks of the generating density; −1 = not well defined
};
const std::vector<GeneratorInfo>& catalogue();
// The entry for `id`, or nullptr.
const GeneratorInfo* findGenerator(const std::string& id);

struct DatasetSpec {
    std::string id;
    Index n = 0;
    double noise = 0;
    std::uint64_t seed = 1;
    Index dim = 0;  // 0 for the 2-D sets
};
// The catalogue defaults for `id` with the given seed. Throws Error for an unknown id.
DatasetSpec defaultSpec(const std::string& id, std::uint64_t seed = 1);

struct Dataset {
    Matrix points;                // n × d (d = 2, or spec.dim)
    std::vector<int32_t> labels;  // ground truth per point: component / moon / ring / sub-cluster;
                                  // −1 = background noise. hierarchy: 3·group + sub-cluster (group = label / 3).
                                  // uniform, manifold, hypercube: all 0.
    std::string name;             // e.g. "gaussians (N = 5000, noise = 0.02, seed = 1)"
};
// Deterministic for a spec. Throws Error naming the problem for an unknown id or a parameter out of
// the catalogue's range (including a dim or noise given where it does not apply).
Dataset generate(const DatasetSpec& spec);

// ---- older helpers (benchmarks) -------------------------------------------------------------
// n points in d dimensions from `components` isotropic Gaussians (σ = 1) whose centres are drawn
// uniformly in a cube of side 10·components^(1/d); labels = component. Uses <random>: the values
// differ between standard libraries (native vs wasm).
Matrix gaussianMixture(Index n, Index d, int components, std::uint64_t seed, std::vector<int64_t>* labels = nullptr);
// n points uniform in the unit d-cube (<random>, as above).
Matrix uniformCube(Index n, Index d, std::uint64_t seed);

}  // namespace peakscope::toy
