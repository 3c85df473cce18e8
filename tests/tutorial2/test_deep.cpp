// The deeper Tutorial 2 network and its data (demos/cnn, issue #13 items 1–2): cluttered
// Fashion-MNIST is deterministic and thread-independent; backpropagation of a small network of the
// same kind (pooled and unpooled convolutions, two dense layers, logits) equals central finite
// differences in double; the full-size network trains bit-identically for 1 and 2 threads and its
// loss falls. (The per-layer measures on hand-made partitions: tests/core/test_measures.cpp.)
#include <doctest/doctest.h>

#include <cmath>
#include <cstring>
#ifdef _OPENMP
#include <omp.h>
#endif

#include "demos/cnn/cluttered.hpp"
#include "demos/cnn/deep_export.hpp"
#include "demos/cnn/deep_network.hpp"
#include "t2_support.hpp"

using namespace peakscope;
using namespace peakscope::cnn;

namespace {
// The first m images of a Fashion-MNIST split.
Dataset head(const std::string& split, std::int64_t m) {
    static const Dataset train = loadFashionMnist(kDefaultFashionMnistDir, "train");
    static const Dataset test = loadFashionMnist(kDefaultFashionMnistDir, "t10k");
    const Dataset& s = split == "train" ? train : test;
    Dataset d;
    d.n = m;
    d.images.assign(s.images.begin(), s.images.begin() + m * kPixels);
    d.labels.assign(s.labels.begin(), s.labels.begin() + m);
    return d;
}

void setThreads(int t) {
#ifdef _OPENMP
    omp_set_num_threads(t);
#else
    (void)t;
#endif
}
int threads() {
#ifdef _OPENMP
    return omp_get_max_threads();
#else
    return 1;
#endif
}
}  // namespace

TEST_CASE("cluttered: deterministic, thread-independent, item and clutter inside the canvas") {
    const Dataset src = head("t10k", 200);
    const int before = threads();
    setThreads(1);
    const Dataset a = makeCluttered(src, {}, 2);
    setThreads(2);
    const Dataset b = makeCluttered(src, {}, 2);
    setThreads(before);
    CHECK(a.side == 32);
    CHECK(a.labels == src.labels);
    CHECK(a.images == b.images);
    CHECK(makeCluttered(src, {}, 1).images != a.images);  // the split id changes the draw
    // every image has a bright item (contrast ≥ 0.5 of an item whose maximum is ≥ 128) and noise
    int bright = 0;
    for (std::int64_t i = 0; i < a.n; ++i) {
        const std::uint8_t* p = a.image(i);
        bright += *std::max_element(p, p + a.pixels()) >= 64;
    }
    CHECK(bright == a.n);
    ClutterParams bad;
    bad.scaleMax = 1.5;  // 42 px > 32
    CHECK_THROWS_AS(makeCluttered(src, bad, 2), Error);
}

TEST_CASE("deep network: 10 conv + 2 dense + logits, 14 representations, parameter layout") {
    const DeepSpec s;
    const auto L = deepLayers(s);
    int conv = 0, dense = 0;
    for (const auto& l : L) {
        conv += l.kind == DeepLayer::Conv;
        dense += l.kind == DeepLayer::Dense;
    }
    CHECK(conv == 10);
    CHECK(dense == 2);
    CHECK(L.back().kind == DeepLayer::Output);
    CHECK(deepLayerNames(s).size() == 14);
    CHECK(L.front().out == 16);
    CHECK(L[size_t(conv - 1)].out == 128);
    CHECK(L[size_t(conv - 1)].dim == 128);  // the last stage pools 2 × 2 → 1 × 1
    CHECK(deepParamCount(s) == L.back().bOffset + 10);
    DeepSpec odd;
    odd.side = 12;  // 12 / 2^5 is not an integer
    CHECK_THROWS_AS(deepLayers(odd), Error);
}

TEST_CASE("deep network: backpropagated gradient equals central finite differences (double, small net)") {
    DeepSpec s;
    s.side = 8;
    s.stages = {{2}, {3, 3}, {4, 4}};  // pooled and unpooled convolutions, 8 → 4 → 2 → 1
    s.dense = {5, 4};
    const Dataset src = head("train", 3);
    constexpr int B = 3;
    std::vector<double> x(size_t(B) * 64);
    std::vector<std::uint8_t> labels(B);
    for (int b = 0; b < B; ++b) {
        for (int y = 0; y < 8; ++y)
            for (int xx = 0; xx < 8; ++xx) x[size_t(b * 64 + y * 8 + xx)] = src.image(b)[(6 + 2 * y) * kSide + 6 + 2 * xx] / 255.0;
        labels[size_t(b)] = src.labels[size_t(b)];
    }
    std::vector<double> p = deepInitialParameters<double>(s, 3);
    Rng r(11);
    for (const auto& l : deepLayers(s))
        for (int k = 0; k < l.out; ++k) p[size_t(l.bOffset + k)] = 0.05 * r.normal();  // biases in general position
    std::vector<double> grad;
    const double loss = deepLossAndGradient(s, p, x.data(), labels.data(), B, &grad);
    REQUIRE(std::isfinite(loss));
    t2::FdTally fd;
    auto lossAt = [&](const std::vector<double>& q) {
        return deepLossAndGradient(s, q, x.data(), labels.data(), B, static_cast<std::vector<double>*>(nullptr));
    };
    for (size_t k = 0; k < p.size(); ++k) {
        fd.add(t2::fdRelativeError(lossAt, p, k, grad[k]));
    }
    MESSAGE("deep finite-difference check: all " << fd.checked << " parameters, worst relative error " << fd.worst);
    CHECK(fd.failed == 0);
    CHECK(fd.checked > 300);
}

TEST_CASE("deep network: training is bit-identical for 1 and 2 threads, and the loss falls") {
    const Dataset train = makeCluttered(head("train", 512), {}, 1), test = makeCluttered(head("t10k", 100), {}, 2);
    const int before = threads();
    auto run = [&](int t, std::vector<double>* losses) {
        setThreads(t);
        TrainConfig cfg = deepTrainConfig();
        cfg.trainLimit = 128;
        DeepTrainer tr(train, test, DeepSpec{}, cfg);
        const EpochStats e = tr.runEpoch();
        const std::vector<float> after1 = tr.params();
        if (losses) {
            losses->push_back(e.meanLoss);
            for (int k = 0; k < 2; ++k) losses->push_back(tr.runEpoch().meanLoss);
        }
        return after1;
    };
    std::vector<double> losses;
    const std::vector<float> a = run(1, nullptr), b = run(2, &losses);
    setThreads(before);
    CHECK(std::memcmp(a.data(), b.data(), a.size() * sizeof(float)) == 0);
    MESSAGE("128 images, 3 epochs: mean loss " << losses[0] << ", " << losses[1] << ", " << losses[2]);
    CHECK(losses[2] < losses[0]);
    // activations of 1 and 2 threads agree too
    setThreads(1);
    const auto x1 = deepActivations(DeepSpec{}, a, test.images, 60);
    setThreads(2);
    const auto x2 = deepActivations(DeepSpec{}, a, test.images, 60);
    setThreads(before);
    REQUIRE(x1.size() == 14);
    for (size_t l = 0; l < x1.size(); ++l) CHECK(x1[l].values == x2[l].values);
}
