// A small CNN for Fashion-MNIST, trained with Adam (Kingma & Ba, ICLR 2015) — the network of
// Tutorial 2: conv3×3(16)–pool–conv3×3(32)–pool–conv3×3(64)–pool–fc128–fc10, ReLU, 'same' padding,
// 2×2 max pooling (floor: 7 → 3), He-normal initialisation (He et al. 2015), softmax cross-entropy.
// Convolutions are im2col + Eigen GEMM on channel-last (NHWC) activations. Training parallelises
// over fixed chunks of a batch; each chunk's gradient has its own buffer and the buffers are summed
// in chunk order, so the result is bit-identical for any number of threads (Eigen's own threading
// is off, its cache sizes — hence GEMM blocking — fixed, and reductions are written out in a fixed
// order, so results depend neither on threads nor on heap addresses).
// Sections: Rng · parameters · loss and gradient · activations per layer · Trainer
// Example: Trainer t(train, test, {});  for (int e = 1; e <= 6; ++e) t.runEpoch();
#pragma once
#include <cmath>
#include <cstdint>
#include <functional>
#include <random>
#include <string>
#include <vector>

#include "demos/cnn/conv_ops.hpp"
#include "demos/cnn/fashion_mnist.hpp"

namespace peakscope::cnn {

// ---- Rng: mt19937_64 (output fixed by the standard) with our own transforms ------------------
struct Rng {
    std::mt19937_64 g;
    explicit Rng(std::uint64_t seed) : g(seed) {}
    double uniform() { return double(g() >> 11) * (1.0 / 9007199254740992.0); }  // [0, 1)
    double normal() {  // Box–Muller
        double u = uniform();
        while (u <= 0.0) u = uniform();
        return std::sqrt(-2.0 * std::log(u)) * std::cos(6.283185307179586 * uniform());
    }
    std::int64_t below(std::int64_t k) { return std::int64_t(g() % std::uint64_t(k)); }  // [0, k)
};

// ---- Parameters -----------------------------------------------------------------------------
// One flat vector: W1 (16×9), b1, W2 (32×144), b2, W3 (64×288), b3, W4 (128×576), b4, W5 (10×128),
// b5; weight matrices column-major (Eigen default), conv inputs ordered (tap, channel).
constexpr int kC1 = 16, kC2 = 32, kC3 = 64, kHidden = 128, kFlat = kC3 * 3 * 3;
struct ParamLayout {
    enum Block { W1, b1, W2, b2, W3, b3, W4, b4, W5, b5, count };
    static std::int64_t size(int block);
    static std::int64_t offset(int block);
    static std::int64_t total();
};
template <class T> std::vector<T> initialParameters(std::uint64_t seed);  // He normal, biases 0

// ---- Loss and gradient ------------------------------------------------------------------------
// x: B images × 784 values (channel-last, one channel). Returns the mean cross-entropy over the B
// images; when grad != nullptr it receives d(mean loss)/d(params) (same layout as params).
template <class T>
double lossAndGradient(const std::vector<T>& params, const T* x, const std::uint8_t* labels, int B,
                       std::vector<T>* grad);

// ---- Activations per layer ----------------------------------------------------------------------
// The exported representations: input (784), conv1/conv2/conv3 after ReLU + pooling (3136, 1568,
// 576; channel-last order), fc128 after ReLU, logits (before softmax).
struct LayerValues {
    std::string name;
    std::int64_t dim = 0;
    std::vector<float> values;  // n × dim, row-major
};
// `layers` selects which (indices into layerNames(); empty = all); the others stay empty.
std::vector<LayerValues> layerActivations(const std::vector<float>& params, const std::vector<std::uint8_t>& images,
                                          std::int64_t n, const std::vector<int>& layers = {});
const std::vector<std::string>& layerNames();  // input, conv1, conv2, conv3, fc128, logits

// Pixel shift with zero fill: out(y, x) = in(y − dy, x − dx).
void shiftImage(const std::uint8_t* in, int dx, int dy, std::uint8_t* out);

// ---- Trainer --------------------------------------------------------------------------------------
struct TrainConfig {
    int batch = 64;                 // images per Adam step
    int chunk = 8;                  // images per parallel work item (fixed: results do not depend on threads)
    double learningRate = 1e-3;     // Adam α; β1 = 0.9, β2 = 0.999, ε = 1e-8
    std::uint64_t seed = 20240605;  // initialisation, shuffling and shifts
    bool shifts = false;            // random ±maxShift-pixel shifts of training and test images
    int maxShift = 4;
    std::int64_t trainLimit = 0;    // > 0: use only the first trainLimit training images
};

struct EpochStats {
    int epoch = 0;
    double meanLoss = 0;       // mean training loss over the epoch's batches
    double seconds = 0;        // wall time of the epoch's training (without evaluation)
    double testAccuracy = 0;   // on the (shifted, for the shift variant) test set
};

class Trainer {
public:
    Trainer(const Dataset& train, const Dataset& test, const TrainConfig& cfg);
    EpochStats runEpoch();                 // shuffles (and shifts), one pass of Adam steps, evaluates
    double testAccuracy() const;           // fraction correct on the test set (as presented)
    const std::vector<float>& params() const { return params_; }
    int epoch() const { return epoch_; }
    // The test images as the network sees them (shifted with the fixed test shifts in the shift variant).
    const std::vector<std::uint8_t>& testImages() const { return testImages_; }
    const std::vector<std::int8_t>& testShifts() const { return testShifts_; }  // n × (dx, dy); empty if no shifts

private:
    const Dataset& train_;
    const Dataset& test_;
    TrainConfig cfg_;
    std::vector<float> params_;
    ops::ChunkedAdam adam_;
    int epoch_ = 0;
    Rng shuffleRng_, shiftRng_;
    std::vector<std::uint8_t> testImages_;
    std::vector<std::int8_t> testShifts_;
};

}  // namespace peakscope::cnn
