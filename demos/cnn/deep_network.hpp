// The deeper network of Tutorial 2 (issue #13 item 2): a VGG-style CNN (Simonyan & Zisserman, ICLR
// 2015) on one-channel side × side images — stages of 3×3 'same' convolutions + ReLU, 2×2 max
// pooling after each stage — then dense ReLU layers and a linear output (logits), softmax
// cross-entropy, He-normal initialisation (He et al. 2015, Eq. 10), Adam (Kingma & Ba 2015).
// Default (cluttered 32 × 32 Fashion-MNIST): conv 16 | 32 32 | 64 64 | 128 128 | 128 128 128 at sides
// 32, 16, 8, 4, 2, each stage pooled (the last to 1 × 1), then dense 128, 64 and the 10 logits:
// 10 conv + 2 dense + logits, every one of them a representation (14 with the input). A conv layer's representation is its output after ReLU (and
// after the pooling when it ends a stage), flattened channel-last ((y · W + x) · C + c).
// Same computing scheme as network.hpp: im2col + Eigen GEMM (conv_ops.hpp), OpenMP over fixed
// chunks of a batch, one gradient buffer per chunk summed in chunk order: bit-identical results for
// any thread count.
// Sections: DeepSpec · parameters · loss and gradient · activations · DeepTrainer
// Example: DeepTrainer t(train, test, DeepSpec{}, cfg);  t.runEpoch([&](std::int64_t batch) { ... });
#pragma once
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "demos/cnn/network.hpp"  // Rng, TrainConfig, EpochStats, LayerValues, Dataset

namespace peakscope::cnn {

struct DeepSpec {
    int side = 32;                                                          // input side
    std::vector<std::vector<int>> stages = {{16}, {32, 32}, {64, 64}, {128, 128}, {128, 128, 128}};  // widths
    std::vector<int> dense = {128, 64};                                     // hidden dense widths
    int classes = kClasses;
};

// One layer of the unrolled network.
struct DeepLayer {
    enum Kind { Conv, Dense, Output } kind = Conv;
    std::string name;          // conv1.., fc1.., logits
    int in = 0, out = 0;       // channels (conv) or units (dense)
    int side = 0;              // conv: spatial side of its input and output
    bool pool = false;         // conv: followed by 2×2 max pooling (end of a stage)
    std::int64_t dim = 0;      // dimension of its representation
    std::int64_t wOffset = 0, bOffset = 0;  // in the flat parameter vector (W: out × fanIn, column-major)
    std::int64_t fanIn = 0;
};

// The unrolled layers of a spec (checks it: side divisible by 2^stages, widths > 0).
std::vector<DeepLayer> deepLayers(const DeepSpec& s);
std::int64_t deepParamCount(const DeepSpec& s);
template <class T> std::vector<T> deepInitialParameters(const DeepSpec& s, std::uint64_t seed);  // He normal, biases 0

// Mean cross-entropy of B images (x: B × side², channel-last); grad (if not null) = its gradient.
template <class T>
double deepLossAndGradient(const DeepSpec& s, const std::vector<T>& params, const T* x, const std::uint8_t* labels,
                           int B, std::vector<T>* grad);

// Representations of n images: index 0 = input (pixels / 255), then one per layer of deepLayers().
// `which` selects (empty = all); the others stay empty.
std::vector<LayerValues> deepActivations(const DeepSpec& s, const std::vector<float>& params,
                                         const std::vector<std::uint8_t>& images, std::int64_t n,
                                         const std::vector<int>& which = {});
std::vector<std::string> deepLayerNames(const DeepSpec& s);  // input, conv1.., fc1.., logits
double deepAccuracy(const DeepSpec& s, const std::vector<float>& params, const Dataset& test);  // fraction correct

class DeepTrainer {
public:
    DeepTrainer(const Dataset& train, const Dataset& test, const DeepSpec& spec, const TrainConfig& cfg);
    // One pass over the (shuffled) training set; afterBatch(k) is called after the k-th batch of the
    // epoch (1-based), e.g. to take snapshots.
    EpochStats runEpoch(const std::function<void(std::int64_t)>& afterBatch = {});
    double testAccuracy() const;
    const std::vector<float>& params() const { return params_; }
    const DeepSpec& spec() const { return spec_; }
    int epoch() const { return epoch_; }

private:
    const Dataset& train_;
    const Dataset& test_;
    DeepSpec spec_;
    TrainConfig cfg_;
    std::vector<float> params_;
    ops::ChunkedAdam adam_;
    int epoch_ = 0;
    Rng shuffleRng_;
};

}  // namespace peakscope::cnn
