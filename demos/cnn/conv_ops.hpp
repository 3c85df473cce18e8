// Building blocks shared by the Tutorial 2 networks (network.cpp, deep_network.cpp): im2col /
// col2im for 3×3 'same' convolutions on channel-last (NHWC) activations, bias + ReLU, 2×2 max
// pooling and its adjoint, fixed-order row sums, and the thread helpers. Every reduction is written
// out in a fixed order so that results depend neither on the thread count nor on heap addresses.
// Sections: Eigen maps · im2col / col2im · bias, ReLU, pooling · reductions · threads · ChunkedAdam
// Example: ops::im2col(in, C, H, W, B, cols);  MapM<float>(a, Cout, cells) = W * CMapM<float>(cols, 9 * C, cells);
#pragma once
#include <Eigen/Dense>
#include <algorithm>
#include <cstdint>
#include <cmath>
#include <cstring>
#include <vector>
#ifdef _OPENMP
#include <omp.h>
#endif

namespace peakscope::cnn::ops {

template <class T> using Mat = Eigen::Matrix<T, Eigen::Dynamic, Eigen::Dynamic>;
template <class T> using MapM = Eigen::Map<Mat<T>>;
template <class T> using CMapM = Eigen::Map<const Mat<T>>;

// Column p = (b, y, x) of the output holds the 3×3 patch around (y, x), ordered (tap, channel);
// outside the image: zeros ('same' padding).
template <class T>
void im2col(const T* in, int C, int H, int W, int B, T* out) {
    const std::size_t K = 9 * size_t(C);
    for (int b = 0; b < B; ++b)
        for (int y = 0; y < H; ++y)
            for (int x = 0; x < W; ++x) {
                T* o = out + (size_t(b * H + y) * W + x) * K;
                for (int ky = 0; ky < 3; ++ky)
                    for (int kx = 0; kx < 3; ++kx) {
                        T* dst = o + size_t(ky * 3 + kx) * C;
                        const int yy = y + ky - 1, xx = x + kx - 1;
                        if (yy < 0 || yy >= H || xx < 0 || xx >= W) std::fill(dst, dst + C, T(0));
                        else std::memcpy(dst, in + (size_t(b * H + yy) * W + xx) * C, sizeof(T) * size_t(C));
                    }
            }
}

// Adjoint of im2col: scatter-add the patch gradients back to the input positions.
template <class T>
void col2im(const T* cols, int C, int H, int W, int B, T* dIn) {
    const std::size_t K = 9 * size_t(C);
    std::fill(dIn, dIn + size_t(B) * H * W * C, T(0));
    for (int b = 0; b < B; ++b)
        for (int y = 0; y < H; ++y)
            for (int x = 0; x < W; ++x) {
                const T* o = cols + (size_t(b * H + y) * W + x) * K;
                for (int ky = 0; ky < 3; ++ky)
                    for (int kx = 0; kx < 3; ++kx) {
                        const int yy = y + ky - 1, xx = x + kx - 1;
                        if (yy < 0 || yy >= H || xx < 0 || xx >= W) continue;
                        const T* src = o + size_t(ky * 3 + kx) * C;
                        T* dst = dIn + (size_t(b * H + yy) * W + xx) * C;
                        for (int c = 0; c < C; ++c) dst[c] += src[c];
                    }
            }
}

// z ← max(z + bias, 0) column by column.
template <class T>
void biasRelu(T* z, const T* bias, int C, std::int64_t cols) {
    for (std::int64_t j = 0; j < cols; ++j) {
        T* col = z + j * C;
        for (int c = 0; c < C; ++c) col[c] = std::max(col[c] + bias[c], T(0));
    }
}

// 2×2 max pooling, stride 2, floor (odd last row/column dropped); arg = flat input index of the max
// (first maximum on ties).
template <class T>
void maxPool(const T* in, int C, int H, int W, int B, T* out, std::int32_t* arg) {
    const int Ho = H / 2, Wo = W / 2;
    for (int b = 0; b < B; ++b)
        for (int oy = 0; oy < Ho; ++oy)
            for (int ox = 0; ox < Wo; ++ox) {
                const std::size_t o = (size_t(b * Ho + oy) * Wo + ox) * C;
                std::size_t q[4];
                q[0] = (size_t(b * H + 2 * oy) * W + 2 * ox) * C;
                q[1] = q[0] + C;
                q[2] = q[0] + size_t(W) * C;
                q[3] = q[2] + C;
                for (int c = 0; c < C; ++c) {
                    std::size_t best = q[0] + c;
                    for (int k = 1; k < 4; ++k)
                        if (in[q[k] + c] > in[best]) best = q[k] + c;
                    out[o + c] = in[best];
                    arg[o + c] = std::int32_t(best);
                }
            }
}

// Adjoint of maxPool (non-overlapping windows) followed by the ReLU mask of its input.
template <class T>
void unpoolRelu(const T* dOut, const std::int32_t* arg, std::size_t nOut, const T* a, std::size_t nIn, T* dIn) {
    std::fill(dIn, dIn + nIn, T(0));
    for (std::size_t k = 0; k < nOut; ++k)
        if (a[arg[k]] > T(0)) dIn[arg[k]] = dOut[k];
}

// out[c] += Σ_j m(c, j), summed in column order. (Eigen's rowwise().sum() vectorises in an order that
// depends on the data's address alignment, which would make results depend on the heap layout.)
template <class T>
void addRowSums(const T* m, int rows, std::int64_t cols, T* out) {
    for (std::int64_t j = 0; j < cols; ++j)
        for (int c = 0; c < rows; ++c) out[c] += m[j * rows + c];
}

inline int threadId() {
#ifdef _OPENMP
    return omp_get_thread_num();
#else
    return 0;
#endif
}
inline int maxThreads() {
#ifdef _OPENMP
    return omp_get_max_threads();
#else
    return 1;
#endif
}

// Our threads split the work; Eigen's own GEMM threading is switched off meanwhile, and its cache
// sizes (which set the GEMM blocking, hence the summation order) are fixed so that results do not
// depend on the machine's caches.
struct SerialEigen {
    int before;
    SerialEigen() : before(Eigen::nbThreads()) {
        Eigen::setNbThreads(1);
        Eigen::setCpuCacheSizes(32 * 1024, 512 * 1024, 8 * 1024 * 1024);
    }
    ~SerialEigen() { Eigen::setNbThreads(before); }
};

// Softmax cross-entropy of B logit columns (C × B, column-major): returns the summed loss and writes
// d = scale·(softmax − onehot).
template <class T>
double softmaxCrossEntropy(const T* logits, T* d, int C, int B, const std::uint8_t* labels, T scale) {
    double loss = 0;
    for (int j = 0; j < B; ++j) {
        const T* l = logits + std::size_t(j) * std::size_t(C);
        T* dj = d + std::size_t(j) * std::size_t(C);
        const T m = *std::max_element(l, l + C);
        T s = 0;
        for (int c = 0; c < C; ++c) s += (dj[c] = std::exp(l[c] - m));
        loss += double(std::log(s) + m - l[labels[j]]);
        for (int c = 0; c < C; ++c) dj[c] = scale * (dj[c] / s - (c == labels[j] ? T(1) : T(0)));
    }
    return loss;
}

// Fraction of n logit rows (n × C) whose largest entry is at the label (first maximum on ties).
inline double accuracyOf(const float* logits, int C, std::int64_t n, const std::vector<std::uint8_t>& labels) {
    std::int64_t correct = 0;
    for (std::int64_t i = 0; i < n; ++i) {
        const float* l = logits + i * C;
        correct += std::max_element(l, l + C) - l == labels[std::size_t(i)];
    }
    return double(correct) / double(n);
}

// Runs work(thread, i0, B, images) over chunks of 50 of n images (px bytes each), in parallel;
// `images` points to the B images of the chunk.
template <class Work>
void forEachImageChunk(const std::vector<std::uint8_t>& images, std::int64_t n, std::int64_t px, const Work& work) {
    constexpr int chunk = 50;
    const std::int64_t nChunks = (n + chunk - 1) / chunk;
#pragma omp parallel for schedule(dynamic, 1)
    for (std::int64_t c = 0; c < nChunks; ++c) {
        const std::int64_t i0 = c * chunk;
        const int B = int(std::min<std::int64_t>(chunk, n - i0));
        std::vector<const std::uint8_t*> ptr(static_cast<std::size_t>(B));
        for (int b = 0; b < B; ++b) ptr[std::size_t(b)] = images.data() + (i0 + b) * px;
        work(threadId(), i0, B, ptr.data());
    }
}

// The shuffled presentation order of an epoch (Fisher–Yates, rng.below(k) uniform in [0, k)).
template <class R>
std::vector<std::int32_t> shuffledOrder(std::int64_t n, R& rng) {
    std::vector<std::int32_t> order(static_cast<std::size_t>(n));
    for (std::int64_t i = 0; i < n; ++i) order[std::size_t(i)] = std::int32_t(i);
    for (std::int64_t i = n - 1; i > 0; --i) std::swap(order[std::size_t(i)], order[std::size_t(rng.below(i + 1))]);
    return order;
}

// Images and labels of the epoch's images k0 .. k0 + count − 1 (imageAt(k): the k-th image shown).
struct ChunkInput {
    std::vector<const std::uint8_t*> images;
    std::vector<std::uint8_t> labels;
};
template <class ImageAt>
ChunkInput chunkInput(const ImageAt& imageAt, const std::vector<std::uint8_t>& labels,
                      const std::vector<std::int32_t>& order, std::int64_t k0, int count) {
    ChunkInput in;
    for (int b = 0; b < count; ++b) {
        in.images.push_back(imageAt(k0 + b));
        in.labels.push_back(labels[std::size_t(order[std::size_t(k0 + b)])]);
    }
    return in;
}

// One Adam step (Kingma & Ba 2015, Algorithm 1; β1 = 0.9, β2 = 0.999, ε = 1e-8) on a batch split
// into fixed chunks: work(c, grad) runs in parallel (grad zeroed), accumulates chunk c's gradient
// and returns its loss; the chunk gradients are then summed in chunk order, so the step does not
// depend on the thread count. Returns the summed loss of the chunks.
class ChunkedAdam {
public:
    void reset(std::size_t nParams, int maxChunks) {
        grads_.assign(std::size_t(maxChunks), std::vector<float>(nParams));
        loss_.assign(std::size_t(maxChunks), 0.0);
        g_.assign(nParams, 0.f);
        m_.assign(nParams, 0.f);
        v_.assign(nParams, 0.f);
        t_ = 0;
    }
    template <class Work>
    double step(std::vector<float>& params, int nChunks, double learningRate, const Work& work) {
#pragma omp parallel for schedule(dynamic, 1)
        for (int c = 0; c < nChunks; ++c) {
            std::fill(grads_[std::size_t(c)].begin(), grads_[std::size_t(c)].end(), 0.f);
            loss_[std::size_t(c)] = work(c, grads_[std::size_t(c)].data());
        }
        // fixed-order reduction over chunks
        g_ = grads_[0];
        double loss = loss_[0];
        for (int c = 1; c < nChunks; ++c) {
            const float* gc = grads_[std::size_t(c)].data();
            for (std::size_t k = 0; k < g_.size(); ++k) g_[k] += gc[k];
            loss += loss_[std::size_t(c)];
        }
        const double b1 = 0.9, b2 = 0.999, eps = 1e-8;
        ++t_;
        const double c1 = 1.0 / (1.0 - std::pow(b1, double(t_))), c2 = 1.0 / (1.0 - std::pow(b2, double(t_)));
        const float lr = float(learningRate);
        for (std::size_t k = 0; k < params.size(); ++k) {
            m_[k] = float(b1) * m_[k] + float(1 - b1) * g_[k];
            v_[k] = float(b2) * v_[k] + float(1 - b2) * g_[k] * g_[k];
            const float mh = m_[k] * float(c1), vh = v_[k] * float(c2);
            params[k] -= lr * mh / (std::sqrt(vh) + float(eps));
        }
        return loss;
    }

    // One pass over n images in batches of `batch`, chunks of `chunk`: work(k0, count, B, grad)
    // handles the epoch's images k0 .. k0 + count − 1 of a batch of B images (returns their loss);
    // after(b) runs after the b-th step (1-based). Returns the mean over batches of the batch loss / B.
    template <class Work, class After>
    double epoch(std::vector<float>& params, std::int64_t n, int batch, int chunk, double learningRate, const Work& work,
                 const After& after) {
        double lossSum = 0;
        std::int64_t batches = 0;
        for (std::int64_t start = 0; start < n; start += batch) {
            const int B = int(std::min<std::int64_t>(batch, n - start));
            const int nChunks = (B + chunk - 1) / chunk;
            const double loss = step(params, nChunks, learningRate, [&](int c, float* grad) {
                return work(start + std::int64_t(c) * chunk, std::min(chunk, B - c * chunk), B, grad);
            });
            lossSum += loss / B;
            after(++batches);
        }
        return batches ? lossSum / double(batches) : 0;
    }

private:
    std::vector<std::vector<float>> grads_;
    std::vector<double> loss_;
    std::vector<float> g_, m_, v_;
    std::int64_t t_ = 0;
};

}  // namespace peakscope::cnn::ops
