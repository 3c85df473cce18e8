// The deeper Tutorial 2 network: forward, backward, Adam, evaluation (see deep_network.hpp).
// Activations are channel-last: a C × (B·H·W) column-major matrix, column = (image, y, x); dense
// layers take an image's whole (pooled) map as one column.
#include "demos/cnn/deep_network.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>

#include "core/types.hpp"
#include "demos/cnn/conv_ops.hpp"

namespace peakscope::cnn {

using namespace ops;

// ---- Spec and parameters ------------------------------------------------------------------------
std::vector<DeepLayer> deepLayers(const DeepSpec& s) {
    if (s.stages.empty() || s.side < 2 || s.classes < 2) throw Error("deep network: needs a stage, side ≥ 2, ≥ 2 classes");
    std::vector<DeepLayer> out;
    std::int64_t off = 0;
    int side = s.side, ch = 1, conv = 0;
    auto add = [&](DeepLayer l) {
        l.wOffset = off;
        off += std::int64_t(l.out) * l.fanIn;
        l.bOffset = off;
        off += l.out;
        out.push_back(l);
    };
    for (const auto& stage : s.stages) {
        if (stage.empty()) throw Error("deep network: empty stage");
        if (side % 2) throw Error("deep network: side " + std::to_string(s.side) + " is not divisible by 2^stages");
        for (size_t k = 0; k < stage.size(); ++k) {
            if (stage[k] < 1) throw Error("deep network: widths must be positive");
            DeepLayer l;
            l.kind = DeepLayer::Conv;
            l.name = "conv" + std::to_string(++conv);
            l.in = ch;
            l.out = stage[k];
            l.side = side;
            l.pool = k + 1 == stage.size();
            l.fanIn = 9 * std::int64_t(ch);
            l.dim = std::int64_t(l.out) * (l.pool ? (side / 2) * (side / 2) : side * side);
            add(l);
            ch = stage[k];
        }
        side /= 2;
    }
    std::int64_t flat = std::int64_t(ch) * side * side;
    for (size_t k = 0; k <= s.dense.size(); ++k) {
        DeepLayer l;
        const bool last = k == s.dense.size();
        l.kind = last ? DeepLayer::Output : DeepLayer::Dense;
        l.name = last ? "logits" : "fc" + std::to_string(k + 1);
        l.in = int(flat);
        l.out = last ? s.classes : s.dense[k];
        if (l.out < 1) throw Error("deep network: widths must be positive");
        l.fanIn = flat;
        l.dim = l.out;
        add(l);
        flat = l.out;
    }
    return out;
}

std::int64_t deepParamCount(const DeepSpec& s) {
    const auto L = deepLayers(s);
    return L.back().bOffset + L.back().out;
}

std::vector<std::string> deepLayerNames(const DeepSpec& s) {
    std::vector<std::string> n = {"input"};
    for (const auto& l : deepLayers(s)) n.push_back(l.name);
    return n;
}

template <class T>
std::vector<T> deepInitialParameters(const DeepSpec& s, std::uint64_t seed) {
    Rng rng(seed);
    std::vector<T> p(size_t(deepParamCount(s)), T(0));
    for (const auto& l : deepLayers(s)) {
        const double sd = std::sqrt(2.0 / double(l.fanIn));  // He et al. 2015, Eq. 10; biases 0
        for (std::int64_t i = 0; i < std::int64_t(l.out) * l.fanIn; ++i) p[size_t(l.wOffset + i)] = T(sd * rng.normal());
    }
    return p;
}

// ---- Forward and backward ---------------------------------------------------------------------------
namespace {

template <class T>
struct DeepWorkspace {
    int B = 0;
    std::vector<T> x0;
    std::vector<std::vector<T>> cols, a, p, dout, da, dcols;
    std::vector<std::vector<std::int32_t>> arg;
    void resize(const DeepSpec& s, const std::vector<DeepLayer>& L, int b) {
        if (b == B) return;
        B = b;
        const size_t nl = L.size();
        x0.resize(size_t(b) * size_t(s.side) * size_t(s.side));
        cols.resize(nl); a.resize(nl); p.resize(nl); dout.resize(nl); da.resize(nl); dcols.resize(nl); arg.resize(nl);
        for (size_t l = 0; l < nl; ++l) {
            const DeepLayer& d = L[l];
            if (d.kind == DeepLayer::Conv) {
                const size_t cells = size_t(b) * size_t(d.side) * size_t(d.side);
                cols[l].resize(size_t(d.fanIn) * cells);
                a[l].resize(size_t(d.out) * cells);
                da[l].resize(a[l].size());
                dcols[l].resize(cols[l].size());
                if (d.pool) {
                    p[l].resize(size_t(d.out) * cells / 4);
                    arg[l].resize(p[l].size());
                }
            } else {
                a[l].resize(size_t(d.out) * size_t(b));
            }
            dout[l].resize(size_t(d.dim) * size_t(b));
        }
    }
    // the representation of layer l (after ReLU and pooling)
    const T* out(const std::vector<DeepLayer>& L, size_t l) const { return L[l].pool ? p[l].data() : a[l].data(); }
    const T* in(const std::vector<DeepLayer>& L, size_t l) const { return l == 0 ? x0.data() : out(L, l - 1); }
};

template <class T>
void deepForward(const std::vector<DeepLayer>& L, const std::vector<T>& par, DeepWorkspace<T>& ws) {
    const int B = ws.B;
    for (size_t l = 0; l < L.size(); ++l) {
        const DeepLayer& d = L[l];
        const T* W = par.data() + d.wOffset;
        const T* bias = par.data() + d.bOffset;
        const T* in = ws.in(L, l);
        if (d.kind == DeepLayer::Conv) {
            const std::int64_t cells = std::int64_t(B) * d.side * d.side;
            im2col(in, d.in, d.side, d.side, B, ws.cols[l].data());
            MapM<T>(ws.a[l].data(), d.out, cells).noalias() =
                CMapM<T>(W, d.out, d.fanIn) * CMapM<T>(ws.cols[l].data(), d.fanIn, cells);
            biasRelu(ws.a[l].data(), bias, d.out, cells);
            if (d.pool) maxPool(ws.a[l].data(), d.out, d.side, d.side, B, ws.p[l].data(), ws.arg[l].data());
        } else {
            MapM<T>(ws.a[l].data(), d.out, B).noalias() = CMapM<T>(W, d.out, d.fanIn) * CMapM<T>(in, d.fanIn, B);
            if (d.kind == DeepLayer::Dense) biasRelu(ws.a[l].data(), bias, d.out, B);
            else
                for (int j = 0; j < B; ++j)
                    for (int c = 0; c < d.out; ++c) ws.a[l][size_t(j) * size_t(d.out) + size_t(c)] += bias[c];
        }
    }
}

// Softmax cross-entropy: returns the summed loss, writes dout of the output = scale·(softmax − onehot).
template <class T>
double deepCrossEntropy(const std::vector<DeepLayer>& L, DeepWorkspace<T>& ws, const std::uint8_t* labels, T scale) {
    const size_t o = L.size() - 1;
    return softmaxCrossEntropy(ws.a[o].data(), ws.dout[o].data(), L[o].out, ws.B, labels, scale);
}

// Accumulates the chunk's gradient into g (flat parameter layout).
template <class T>
void deepBackward(const std::vector<DeepLayer>& L, const std::vector<T>& par, DeepWorkspace<T>& ws, T* g) {
    const int B = ws.B;
    for (size_t l = L.size(); l-- > 0;) {
        const DeepLayer& d = L[l];
        const T* W = par.data() + d.wOffset;
        const T* in = ws.in(L, l);
        T* dIn = l > 0 ? ws.dout[l - 1].data() : nullptr;
        if (d.kind == DeepLayer::Conv) {
            const std::int64_t cells = std::int64_t(B) * d.side * d.side;
            T* dz = ws.da[l].data();
            if (d.pool) {
                unpoolRelu(ws.dout[l].data(), ws.arg[l].data(), ws.p[l].size(), ws.a[l].data(), ws.a[l].size(), dz);
            } else {
                for (size_t k = 0; k < ws.a[l].size(); ++k) dz[k] = ws.a[l][k] > T(0) ? ws.dout[l][k] : T(0);
            }
            CMapM<T> dZ(dz, d.out, cells);
            MapM<T>(g + d.wOffset, d.out, d.fanIn).noalias() += dZ * CMapM<T>(ws.cols[l].data(), d.fanIn, cells).transpose();
            addRowSums(dz, d.out, cells, g + d.bOffset);
            if (!dIn) continue;
            MapM<T>(ws.dcols[l].data(), d.fanIn, cells).noalias() = CMapM<T>(W, d.out, d.fanIn).transpose() * dZ;
            col2im(ws.dcols[l].data(), d.in, d.side, d.side, B, dIn);
        } else {
            T* dz = ws.dout[l].data();
            if (d.kind == DeepLayer::Dense)
                for (size_t k = 0; k < ws.a[l].size(); ++k) if (!(ws.a[l][k] > T(0))) dz[k] = T(0);
            CMapM<T> dZ(dz, d.out, B);
            MapM<T>(g + d.wOffset, d.out, d.fanIn).noalias() += dZ * CMapM<T>(in, d.fanIn, B).transpose();
            addRowSums(dz, d.out, B, g + d.bOffset);
            if (dIn) MapM<T>(dIn, d.fanIn, B).noalias() = CMapM<T>(W, d.out, d.fanIn).transpose() * dZ;
        }
    }
}

template <class T>
void loadDeepImages(const DeepSpec& s, const std::vector<DeepLayer>& L, DeepWorkspace<T>& ws,
                    const std::uint8_t* const* images, int B) {
    ws.resize(s, L, B);
    const size_t px = size_t(s.side) * size_t(s.side);
    for (int b = 0; b < B; ++b)
        for (size_t k = 0; k < px; ++k) ws.x0[size_t(b) * px + k] = T(images[b][k]) / T(255);
}

}  // namespace

template <class T>
double deepLossAndGradient(const DeepSpec& s, const std::vector<T>& params, const T* x, const std::uint8_t* labels,
                           int B, std::vector<T>* grad) {
    const auto L = deepLayers(s);
    if (std::int64_t(params.size()) != deepParamCount(s)) throw Error("deep network: parameter vector has the wrong size");
    SerialEigen serial;
    DeepWorkspace<T> ws;
    ws.resize(s, L, B);
    std::copy(x, x + ws.x0.size(), ws.x0.begin());
    deepForward(L, params, ws);
    const double loss = deepCrossEntropy(L, ws, labels, T(1) / T(B)) / B;
    if (grad) {
        grad->assign(params.size(), T(0));
        deepBackward(L, params, ws, grad->data());
    }
    return loss;
}

// ---- Activations ----------------------------------------------------------------------------------
std::vector<LayerValues> deepActivations(const DeepSpec& s, const std::vector<float>& params,
                                         const std::vector<std::uint8_t>& images, std::int64_t n,
                                         const std::vector<int>& which) {
    const auto L = deepLayers(s);
    const std::int64_t px = std::int64_t(s.side) * s.side;
    if (std::int64_t(images.size()) < n * px) throw Error("deep network: fewer images than requested");
    const size_t nr = L.size() + 1;
    std::vector<bool> want(nr, which.empty());
    for (int l : which) want.at(size_t(l)) = true;
    const auto names = deepLayerNames(s);
    std::vector<LayerValues> out(nr);
    for (size_t l = 0; l < nr; ++l) {
        out[l].name = names[l];
        out[l].dim = l == 0 ? px : L[l - 1].dim;
        if (want[l]) out[l].values.resize(size_t(n * out[l].dim));
    }
    SerialEigen serial;
    std::vector<DeepWorkspace<float>> ws(static_cast<size_t>(maxThreads()));
    forEachImageChunk(images, n, px, [&](int thread, std::int64_t i0, int B, const std::uint8_t* const* ptr) {
        DeepWorkspace<float>& w = ws[size_t(thread)];
        loadDeepImages(s, L, w, ptr, B);
        deepForward(L, params, w);
        for (size_t l = 0; l < nr; ++l) {
            if (!want[l]) continue;
            const float* src = l == 0 ? w.x0.data() : w.out(L, l - 1);
            std::copy(src, src + B * out[l].dim, out[l].values.begin() + i0 * out[l].dim);
        }
    });
    return out;
}

// ---- Trainer --------------------------------------------------------------------------------------
DeepTrainer::DeepTrainer(const Dataset& train, const Dataset& test, const DeepSpec& spec, const TrainConfig& cfg)
    : train_(train), test_(test), spec_(spec), cfg_(cfg), shuffleRng_(cfg.seed ^ 0x5348554646ull) {
    if (cfg.batch < 1 || cfg.chunk < 1) throw Error("batch and chunk sizes must be positive");
    if (cfg.shifts) throw Error("deep network: shifts are not supported (the cluttered images move already)");
    if (train.side != spec.side || test.side != spec.side)
        throw Error("deep network: images are " + std::to_string(train.side) + " wide, the network expects " +
                    std::to_string(spec.side));
    params_ = deepInitialParameters<float>(spec_, cfg.seed);
    adam_.reset(params_.size(), (cfg.batch + cfg.chunk - 1) / cfg.chunk);
}

EpochStats DeepTrainer::runEpoch(const std::function<void(std::int64_t)>& afterBatch) {
    const auto t0 = std::chrono::steady_clock::now();
    double paused = 0;  // seconds spent in afterBatch (not training)
    const auto L = deepLayers(spec_);
    SerialEigen serial;
    const std::int64_t n = cfg_.trainLimit > 0 ? std::min(cfg_.trainLimit, train_.n) : train_.n;
    const std::vector<std::int32_t> order = shuffledOrder(n, shuffleRng_);
    auto imageAt = [&](std::int64_t k) { return train_.image(order[size_t(k)]); };

    std::vector<DeepWorkspace<float>> ws(static_cast<size_t>(maxThreads()));
    EpochStats s;
    s.meanLoss = adam_.epoch(params_, n, cfg_.batch, cfg_.chunk, cfg_.learningRate,
        [&](std::int64_t k0, int count, int B, float* grad) {
            DeepWorkspace<float>& w = ws[size_t(threadId())];
            const ChunkInput in = chunkInput(imageAt, train_.labels, order, k0, count);
            loadDeepImages(spec_, L, w, in.images.data(), count);
            deepForward(L, params_, w);
            const double chunkLoss = deepCrossEntropy(L, w, in.labels.data(), 1.f / float(B));
            deepBackward(L, params_, w, grad);
            return chunkLoss;
        },
        [&](std::int64_t batches) {
            if (!afterBatch) return;
            const auto p0 = std::chrono::steady_clock::now();
            afterBatch(batches);
            paused += std::chrono::duration<double>(std::chrono::steady_clock::now() - p0).count();
        });
    s.epoch = ++epoch_;
    s.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count() - paused;
    s.testAccuracy = testAccuracy();
    return s;
}

double DeepTrainer::testAccuracy() const { return deepAccuracy(spec_, params_, test_); }

double deepAccuracy(const DeepSpec& s, const std::vector<float>& params, const Dataset& test) {
    const int out = int(deepLayers(s).size());
    const auto acts = deepActivations(s, params, test.images, test.n, {out});
    return accuracyOf(acts.back().values.data(), s.classes, test.n, test.labels);
}

template std::vector<float> deepInitialParameters<float>(const DeepSpec&, std::uint64_t);
template std::vector<double> deepInitialParameters<double>(const DeepSpec&, std::uint64_t);
template double deepLossAndGradient<float>(const DeepSpec&, const std::vector<float>&, const float*, const std::uint8_t*, int,
                                           std::vector<float>*);
template double deepLossAndGradient<double>(const DeepSpec&, const std::vector<double>&, const double*, const std::uint8_t*,
                                            int, std::vector<double>*);

}  // namespace peakscope::cnn
