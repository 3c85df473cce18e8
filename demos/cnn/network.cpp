// The Tutorial 2 CNN: forward, backward, Adam, evaluation (see network.hpp).
// Activations are channel-last: a C × (B·H·W) column-major matrix, column = (image, y, x).
#include "demos/cnn/network.hpp"

#include <algorithm>
#include <chrono>
#include <cstring>

#include "core/types.hpp"
#include "demos/cnn/conv_ops.hpp"

namespace peakscope::cnn {

// ---- Parameters -----------------------------------------------------------------------------
namespace {
constexpr std::int64_t kSizes[ParamLayout::count] = {
    kC1 * 9, kC1, kC2 * 9 * kC1, kC2, kC3 * 9 * kC2, kC3, kHidden * kFlat, kHidden, kClasses * kHidden, kClasses};
constexpr std::int64_t kFanIn[ParamLayout::count] = {9, 0, 9 * kC1, 0, 9 * kC2, 0, kFlat, 0, kHidden, 0};
}  // namespace

std::int64_t ParamLayout::size(int block) { return kSizes[block]; }
std::int64_t ParamLayout::offset(int block) {
    std::int64_t o = 0;
    for (int b = 0; b < block; ++b) o += kSizes[b];
    return o;
}
std::int64_t ParamLayout::total() { return offset(count); }

template <class T>
std::vector<T> initialParameters(std::uint64_t seed) {
    Rng rng(seed);
    std::vector<T> p(static_cast<size_t>(ParamLayout::total()), T(0));
    for (int b = 0; b < ParamLayout::count; ++b) {
        if (!kFanIn[b]) continue;  // biases start at 0
        const double s = std::sqrt(2.0 / double(kFanIn[b]));  // He et al. 2015, Eq. 10
        T* w = p.data() + ParamLayout::offset(b);
        for (std::int64_t i = 0; i < kSizes[b]; ++i) w[i] = T(s * rng.normal());
    }
    return p;
}

// ---- Building blocks ----------------------------------------------------------------------------
namespace {

using namespace ops;

// Everything a chunk of B images needs, kept between forward and backward.
template <class T>
struct Workspace {
    int B = 0;
    std::vector<T> x0, cols1, a1, p1, cols2, a2, p2, cols3, a3, p3, h, logits;
    std::vector<std::int32_t> arg1, arg2, arg3;
    std::vector<T> dlog, dh, dp3, da3, dcols3, dp2, da2, dcols2, dp1, da1;
    void resize(int b) {
        if (b == B) return;
        B = b;
        const size_t n1 = size_t(b) * 784, n2 = size_t(b) * 196, n3 = size_t(b) * 49, n4 = size_t(b) * 9;
        x0.resize(n1); cols1.resize(9 * n1); a1.resize(kC1 * n1); p1.resize(kC1 * n2); arg1.resize(kC1 * n2);
        cols2.resize(9 * kC1 * n2); a2.resize(kC2 * n2); p2.resize(kC2 * n3); arg2.resize(kC2 * n3);
        cols3.resize(9 * kC2 * n3); a3.resize(kC3 * n3); p3.resize(kC3 * n4); arg3.resize(kC3 * n4);
        h.resize(size_t(kHidden) * b); logits.resize(size_t(kClasses) * b);
        dlog.resize(logits.size()); dh.resize(h.size()); dp3.resize(p3.size()); da3.resize(a3.size());
        dcols3.resize(cols3.size()); dp2.resize(p2.size()); da2.resize(a2.size()); dcols2.resize(cols2.size());
        dp1.resize(p1.size()); da1.resize(a1.size());
    }
};

template <class T> const T* block(const std::vector<T>& p, int b) { return p.data() + ParamLayout::offset(b); }
template <class T> T* block(T* g, int b) { return g + ParamLayout::offset(b); }

// Forward pass of ws.B images already in ws.x0.
template <class T>
void forward(const std::vector<T>& p, Workspace<T>& ws) {
    const int B = ws.B;
    using P = ParamLayout;
    auto conv = [&](const T* in, int Cin, int Cout, int H, T* cols, T* a, int wBlock) {
        const std::int64_t cells = std::int64_t(B) * H * H;
        im2col(in, Cin, H, H, B, cols);
        MapM<T>(a, Cout, cells).noalias() = CMapM<T>(block(p, wBlock), Cout, 9 * Cin) * CMapM<T>(cols, 9 * Cin, cells);
        biasRelu(a, block(p, wBlock + 1), Cout, cells);
    };
    conv(ws.x0.data(), 1, kC1, 28, ws.cols1.data(), ws.a1.data(), P::W1);
    maxPool(ws.a1.data(), kC1, 28, 28, B, ws.p1.data(), ws.arg1.data());
    conv(ws.p1.data(), kC1, kC2, 14, ws.cols2.data(), ws.a2.data(), P::W2);
    maxPool(ws.a2.data(), kC2, 14, 14, B, ws.p2.data(), ws.arg2.data());
    conv(ws.p2.data(), kC2, kC3, 7, ws.cols3.data(), ws.a3.data(), P::W3);
    maxPool(ws.a3.data(), kC3, 7, 7, B, ws.p3.data(), ws.arg3.data());
    // channel-last pooled conv3 of one image is 576 contiguous values: the flatten is a view
    MapM<T>(ws.h.data(), kHidden, B).noalias() = CMapM<T>(block(p, P::W4), kHidden, kFlat) * CMapM<T>(ws.p3.data(), kFlat, B);
    biasRelu(ws.h.data(), block(p, P::b4), kHidden, B);
    MapM<T> L(ws.logits.data(), kClasses, B);
    L.noalias() = CMapM<T>(block(p, P::W5), kClasses, kHidden) * CMapM<T>(ws.h.data(), kHidden, B);
    for (int j = 0; j < B; ++j)
        for (int c = 0; c < kClasses; ++c) L(c, j) += block(p, P::b5)[c];
}

// Softmax cross-entropy of the chunk: returns the summed loss, writes dlog = scale·(softmax − onehot).
template <class T>
double crossEntropy(Workspace<T>& ws, const std::uint8_t* labels, T scale) {
    return softmaxCrossEntropy(ws.logits.data(), ws.dlog.data(), kClasses, ws.B, labels, scale);
}

// Backward pass: accumulates the gradient of the chunk into g (flat, parameter layout).
template <class T>
void backward(const std::vector<T>& p, Workspace<T>& ws, T* g) {
    const int B = ws.B;
    using P = ParamLayout;
    MapM<T> dL(ws.dlog.data(), kClasses, B);
    CMapM<T> H(ws.h.data(), kHidden, B);
    MapM<T>(block(g, P::W5), kClasses, kHidden).noalias() += dL * H.transpose();
    addRowSums(ws.dlog.data(), kClasses, B, block(g, P::b5));
    MapM<T> dH(ws.dh.data(), kHidden, B);
    dH.noalias() = CMapM<T>(block(p, P::W5), kClasses, kHidden).transpose() * dL;
    for (size_t k = 0; k < ws.h.size(); ++k) if (!(ws.h[k] > T(0))) ws.dh[k] = T(0);
    CMapM<T> F(ws.p3.data(), kFlat, B);
    MapM<T>(block(g, P::W4), kHidden, kFlat).noalias() += dH * F.transpose();
    addRowSums(ws.dh.data(), kHidden, B, block(g, P::b4));
    MapM<T>(ws.dp3.data(), kFlat, B).noalias() = CMapM<T>(block(p, P::W4), kHidden, kFlat).transpose() * dH;

    // conv block backward: dOut of the pooled map → dZ (in da) → weight, bias and input gradients
    auto conv = [&](const T* dPooled, const std::int32_t* arg, size_t nPooled, const T* a, T* da, const T* cols,
                    int Cin, int Cout, int H, int wBlock, T* dcols, T* dIn) {
        const std::int64_t cells = std::int64_t(B) * H * H;
        unpoolRelu(dPooled, arg, nPooled, a, size_t(Cout) * size_t(cells), da);
        CMapM<T> dZ(da, Cout, cells);
        MapM<T>(block(g, wBlock), Cout, 9 * Cin).noalias() += dZ * CMapM<T>(cols, 9 * Cin, cells).transpose();
        addRowSums(da, Cout, cells, block(g, wBlock + 1));
        if (!dIn) return;
        MapM<T>(dcols, 9 * Cin, cells).noalias() = CMapM<T>(block(p, wBlock), Cout, 9 * Cin).transpose() * dZ;
        col2im(dcols, Cin, H, H, B, dIn);
    };
    conv(ws.dp3.data(), ws.arg3.data(), ws.p3.size(), ws.a3.data(), ws.da3.data(), ws.cols3.data(), kC2, kC3, 7,
         P::W3, ws.dcols3.data(), ws.dp2.data());
    conv(ws.dp2.data(), ws.arg2.data(), ws.p2.size(), ws.a2.data(), ws.da2.data(), ws.cols2.data(), kC1, kC2, 14,
         P::W2, ws.dcols2.data(), ws.dp1.data());
    conv(ws.dp1.data(), ws.arg1.data(), ws.p1.size(), ws.a1.data(), ws.da1.data(), ws.cols1.data(), 1, kC1, 28,
         P::W1, nullptr, nullptr);
}

template <class T>
void loadImages(Workspace<T>& ws, const std::uint8_t* const* images, int B) {
    ws.resize(B);
    for (int b = 0; b < B; ++b)
        for (int k = 0; k < kPixels; ++k) ws.x0[size_t(b) * kPixels + k] = T(images[b][k]) / T(255);
}

}  // namespace

template <class T>
double lossAndGradient(const std::vector<T>& params, const T* x, const std::uint8_t* labels, int B, std::vector<T>* grad) {
    if (std::int64_t(params.size()) != ParamLayout::total()) throw Error("parameter vector has the wrong size");
    SerialEigen serial;
    Workspace<T> ws;
    ws.resize(B);
    std::copy(x, x + size_t(B) * kPixels, ws.x0.begin());
    forward(params, ws);
    const double loss = crossEntropy(ws, labels, T(1) / T(B)) / B;
    if (grad) {
        grad->assign(params.size(), T(0));
        backward(params, ws, grad->data());
    }
    return loss;
}

// ---- Activations ----------------------------------------------------------------------------------
const std::vector<std::string>& layerNames() {
    static const std::vector<std::string> n = {"input", "conv1", "conv2", "conv3", "fc128", "logits"};
    return n;
}

std::vector<LayerValues> layerActivations(const std::vector<float>& params, const std::vector<std::uint8_t>& images,
                                          std::int64_t n, const std::vector<int>& layers) {
    if (std::int64_t(images.size()) < n * kPixels) throw Error("fewer images than requested");
    std::vector<bool> want(6, layers.empty());
    for (int l : layers) want.at(size_t(l)) = true;
    const std::int64_t dims[6] = {kPixels, kC1 * 196, kC2 * 49, kFlat, kHidden, kClasses};
    std::vector<LayerValues> out(6);
    for (int l = 0; l < 6; ++l) {
        out[size_t(l)].name = layerNames()[size_t(l)];
        out[size_t(l)].dim = dims[l];
        if (want[size_t(l)]) out[size_t(l)].values.resize(size_t(n * dims[l]));
    }
    SerialEigen serial;
    std::vector<Workspace<float>> ws(static_cast<size_t>(maxThreads()));
    forEachImageChunk(images, n, kPixels, [&](int thread, std::int64_t i0, int B, const std::uint8_t* const* ptr) {
        Workspace<float>& w = ws[size_t(thread)];
        loadImages(w, ptr, B);
        forward(params, w);
        const std::vector<float>* src[6] = {&w.x0, &w.p1, &w.p2, &w.p3, &w.h, &w.logits};
        for (int l = 0; l < 6; ++l)
            if (want[size_t(l)])
                std::copy(src[l]->begin(), src[l]->begin() + B * dims[l], out[size_t(l)].values.begin() + i0 * dims[l]);
    });
    return out;
}

void shiftImage(const std::uint8_t* in, int dx, int dy, std::uint8_t* out) {
    for (int y = 0; y < kSide; ++y)
        for (int x = 0; x < kSide; ++x) {
            const int sy = y - dy, sx = x - dx;
            out[y * kSide + x] = (sy < 0 || sy >= kSide || sx < 0 || sx >= kSide) ? 0 : in[sy * kSide + sx];
        }
}

// ---- Trainer --------------------------------------------------------------------------------------
Trainer::Trainer(const Dataset& train, const Dataset& test, const TrainConfig& cfg)
    : train_(train), test_(test), cfg_(cfg), shuffleRng_(cfg.seed ^ 0x5348554646ull), shiftRng_(cfg.seed ^ 0x5348494654ull) {
    if (cfg.batch < 1 || cfg.chunk < 1) throw Error("batch and chunk sizes must be positive");
    if (cfg.maxShift < 0 || cfg.maxShift > 27) throw Error("maxShift must be in 0..27");
    params_ = initialParameters<float>(cfg.seed);
    adam_.reset(params_.size(), (cfg.batch + cfg.chunk - 1) / cfg.chunk);
    testImages_ = test.images;
    if (cfg.shifts) {  // fixed, seeded shifts of the test images (the same for every evaluation)
        Rng r(cfg.seed ^ 0x54455354ull);
        testShifts_.resize(size_t(2 * test.n));
        for (std::int64_t i = 0; i < test.n; ++i) {
            const int dx = int(r.below(2 * cfg.maxShift + 1)) - cfg.maxShift;
            const int dy = int(r.below(2 * cfg.maxShift + 1)) - cfg.maxShift;
            testShifts_[size_t(2 * i)] = std::int8_t(dx);
            testShifts_[size_t(2 * i + 1)] = std::int8_t(dy);
            shiftImage(test.image(i), dx, dy, testImages_.data() + i * kPixels);
        }
    }
}

EpochStats Trainer::runEpoch() {
    const auto t0 = std::chrono::steady_clock::now();
    SerialEigen serial;
    const std::int64_t n = cfg_.trainLimit > 0 ? std::min(cfg_.trainLimit, train_.n) : train_.n;
    const std::vector<std::int32_t> order = shuffledOrder(n, shuffleRng_);
    std::vector<std::uint8_t> shifted;
    if (cfg_.shifts) {  // this epoch's shifts, drawn in presentation order
        shifted.resize(size_t(n) * kPixels);
        for (std::int64_t k = 0; k < n; ++k) {
            const int dx = int(shiftRng_.below(2 * cfg_.maxShift + 1)) - cfg_.maxShift;
            const int dy = int(shiftRng_.below(2 * cfg_.maxShift + 1)) - cfg_.maxShift;
            shiftImage(train_.image(order[size_t(k)]), dx, dy, shifted.data() + k * kPixels);
        }
    }
    auto imageAt = [&](std::int64_t k) {  // k-th image of the epoch
        return cfg_.shifts ? shifted.data() + k * kPixels : train_.image(order[size_t(k)]);
    };

    std::vector<Workspace<float>> ws(static_cast<size_t>(maxThreads()));
    EpochStats s;
    s.meanLoss = adam_.epoch(params_, n, cfg_.batch, cfg_.chunk, cfg_.learningRate,
        [&](std::int64_t k0, int count, int B, float* grad) {
            Workspace<float>& w = ws[size_t(threadId())];
            const ChunkInput in = chunkInput(imageAt, train_.labels, order, k0, count);
            loadImages(w, in.images.data(), count);
            forward(params_, w);
            const double chunkLoss = crossEntropy(w, in.labels.data(), 1.f / float(B));
            backward(params_, w, grad);
            return chunkLoss;
        },
        [](std::int64_t) {});
    s.epoch = ++epoch_;
    s.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    s.testAccuracy = testAccuracy();
    return s;
}

double Trainer::testAccuracy() const {
    const auto acts = layerActivations(params_, testImages_, test_.n, {5});
    return accuracyOf(acts.back().values.data(), kClasses, test_.n, test_.labels);
}

template std::vector<float> initialParameters<float>(std::uint64_t);
template std::vector<double> initialParameters<double>(std::uint64_t);
template double lossAndGradient<float>(const std::vector<float>&, const float*, const std::uint8_t*, int, std::vector<float>*);
template double lossAndGradient<double>(const std::vector<double>&, const double*, const std::uint8_t*, int, std::vector<double>*);

}  // namespace peakscope::cnn
