// The Tutorial 2 trainer (demos/cnn): backpropagation against central finite differences (in double),
// a small training run that learns, thread-count independence, float16 conversion and the .npz
// writer read back by core's readNpz, and a deterministic layer export.
// Specification: demos/cnn/network.hpp, half.hpp, npz_writer.hpp, export.hpp; issue #5 parts 1 and 3.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#ifdef _OPENMP
#include <omp.h>
#endif

#include "core/io/readers.hpp"
#include "demos/cnn/export.hpp"
#include "demos/cnn/half.hpp"
#include "demos/cnn/network.hpp"
#include "t2_support.hpp"

using namespace peakscope;
using namespace peakscope::cnn;

namespace {
const Dataset& trainSet() {
    static const Dataset d = loadFashionMnist(kDefaultFashionMnistDir, "train");
    return d;
}
const Dataset& testSet() {
    static const Dataset d = loadFashionMnist(kDefaultFashionMnistDir, "t10k");
    return d;
}
}  // namespace

TEST_CASE("cnn: backpropagated gradient equals central finite differences (double)") {
    const Dataset& d = trainSet();
    constexpr int B = 3;
    std::vector<double> x(size_t(B) * kPixels);
    std::vector<std::uint8_t> labels(B);
    for (int b = 0; b < B; ++b) {
        for (int p = 0; p < kPixels; ++p) x[size_t(b * kPixels + p)] = d.image(b)[p] / 255.0;
        labels[size_t(b)] = d.labels[size_t(b)];
    }
    std::vector<double> params = initialParameters<double>(7);
    // non-zero biases so that their gradients and the ReLU masks are exercised in general position
    Rng r(99);
    for (int blk = 1; blk < ParamLayout::count; blk += 2)
        for (std::int64_t k = 0; k < ParamLayout::size(blk); ++k)
            params[size_t(ParamLayout::offset(blk) + k)] = 0.05 * r.normal();
    std::vector<double> grad;
    const double loss = lossAndGradient(params, x.data(), labels.data(), B, &grad);
    CHECK(std::isfinite(loss));
    CHECK(loss > 0);
    t2::FdTally fd;
    auto lossAt = [&](const std::vector<double>& q) {
        return lossAndGradient(q, x.data(), labels.data(), B, static_cast<std::vector<double>*>(nullptr));
    };
    for (int blk = 0; blk < ParamLayout::count; ++blk) {
        // 12 parameters per block, spread over the block
        const std::int64_t size = ParamLayout::size(blk);
        for (int t = 0; t < 12; ++t) {
            const size_t k = size_t(ParamLayout::offset(blk) + (size * t) / 12 + r.below(std::max<std::int64_t>(1, size / 12)));
            fd.add(t2::fdRelativeError(lossAt, params, k, grad[k]));
        }
    }
    MESSAGE("finite-difference check: " << fd.checked << " parameters, worst relative error " << fd.worst);
    CHECK(fd.failed == 0);

    // the float network computes the same gradient to float precision
    std::vector<float> pf(params.begin(), params.end()), xf(x.begin(), x.end()), gf;
    const double lossF = lossAndGradient(pf, xf.data(), labels.data(), B, &gf);
    CHECK(lossF == doctest::Approx(loss).epsilon(1e-4));
    double num = 0, den = 0;
    for (size_t k = 0; k < grad.size(); ++k) {
        num += (gf[k] - grad[k]) * (gf[k] - grad[k]);
        den += grad[k] * grad[k];
    }
    CHECK(std::sqrt(num / den) < 1e-4);
}

TEST_CASE("cnn: a small training run learns (loss falls, accuracy far above chance)") {
    TrainConfig cfg;
    cfg.trainLimit = 600;
    cfg.batch = 32;
    Trainer t(trainSet(), testSet(), cfg);
    const double acc0 = t.testAccuracy();
    const EpochStats e1 = t.runEpoch();
    const EpochStats e2 = t.runEpoch();
    const EpochStats e3 = t.runEpoch();
    MESSAGE("600 images: accuracy " << acc0 << " -> " << e1.testAccuracy << ", " << e2.testAccuracy << ", "
                                    << e3.testAccuracy << "; loss " << e1.meanLoss << ", " << e2.meanLoss << ", " << e3.meanLoss);
    CHECK(e2.meanLoss < e1.meanLoss);
    CHECK(e3.meanLoss < e2.meanLoss);
    CHECK(e3.testAccuracy > 0.5);  // chance is 0.1
    CHECK(e3.testAccuracy > acc0 + 0.3);
}

TEST_CASE("cnn: training is bit-identical for 1 and 2 threads, and with shifts reproducible") {
#ifdef _OPENMP
    const int before = omp_get_max_threads();
#endif
    auto run = [&](int threads, bool shifts) {
#ifdef _OPENMP
        omp_set_num_threads(threads);
#else
        (void)threads;
#endif
        TrainConfig cfg;
        cfg.trainLimit = 200;
        cfg.shifts = shifts;
        Trainer t(trainSet(), testSet(), cfg);
        t.runEpoch();
        return t.params();
    };
    const std::vector<float> a = run(1, false), b = run(2, false), c = run(2, true), c2 = run(1, true);
#ifdef _OPENMP
    omp_set_num_threads(before);
#endif
    CHECK(std::memcmp(a.data(), b.data(), a.size() * sizeof(float)) == 0);
    CHECK(std::memcmp(c.data(), c2.data(), c.size() * sizeof(float)) == 0);
    CHECK(std::memcmp(a.data(), c.data(), a.size() * sizeof(float)) != 0);  // the shifts do change training
}

TEST_CASE("cnn: shifted test images are the originals moved by the recorded shifts") {
    TrainConfig cfg;
    cfg.shifts = true;
    cfg.trainLimit = 1;
    Trainer t(trainSet(), testSet(), cfg);
    const Dataset& d = testSet();
    REQUIRE(t.testShifts().size() == size_t(2 * d.n));
    int nonzero = 0;
    std::vector<std::uint8_t> out(kPixels);
    for (std::int64_t i = 0; i < 50; ++i) {
        const int dx = t.testShifts()[size_t(2 * i)], dy = t.testShifts()[size_t(2 * i + 1)];
        CHECK(std::abs(dx) <= 4);
        CHECK(std::abs(dy) <= 4);
        nonzero += dx != 0 || dy != 0;
        for (int y = 0; y < kSide; ++y)
            for (int x = 0; x < kSide; ++x) {
                const int sy = y - dy, sx = x - dx;
                const int expect = (sy < 0 || sy > 27 || sx < 0 || sx > 27) ? 0 : d.image(i)[sy * kSide + sx];
                if (t.testImages()[size_t(i * kPixels + y * kSide + x)] != expect) { FAIL("pixel differs"); }
            }
    }
    CHECK(nonzero > 30);
}

TEST_CASE("float16: round to nearest even, every half round-trips, no positive distance becomes 0") {
    int bad = 0;
    for (std::uint32_t h = 0; h < 0x10000; ++h) {
        if (((h >> 10) & 0x1F) == 0x1F) continue;  // inf / NaN
        bad += toHalf(halfToDouble(std::uint16_t(h))) != std::uint16_t(h) && h != 0x8000;
    }
    CHECK(bad == 0);
    CHECK(toHalf(1.0) == 0x3C00);
    CHECK(toHalf(65504.0) == 0x7BFF);
    CHECK(toHalf(65520.0) == 0x7C00);           // rounds up past the largest finite half
    CHECK(toHalf(1.0 + std::ldexp(1.0, -11)) == 0x3C00);  // tie → even
    CHECK(toHalf(1.0 + 3 * std::ldexp(1.0, -11)) == 0x3C02);  // tie → even (up)
    CHECK(toHalf(std::ldexp(1.0, -25)) == 0);    // tie between 0 and the smallest subnormal → 0
    CHECK(distanceToHalf(std::ldexp(1.0, -25)) == kHalfMinPositive);
    CHECK(distanceToHalf(1e-30) == kHalfMinPositive);
    CHECK(distanceToHalf(0.0) == 0);
    CHECK(halfToDouble(kHalfMinPositive) == std::ldexp(1.0, -24));
    CHECK(toHalf(-2.5) == 0xC100);
}

TEST_CASE("npz writer: core's readNpz reads back every dtype, shape and value") {
    NpzWriter w;
    std::vector<std::uint16_t> h = {toHalf(0.5), toHalf(-3.25), toHalf(1000.0), toHalf(1e-6), 0, toHalf(2.0)};
    w.addF16("dist", {2, 3}, h);
    w.addU16("index", {3}, {0, 65535, 1234});
    w.addU8("labels", {4}, {0, 9, 255, 7});
    w.addI8("shifts", {2, 2}, {-4, 4, 0, -1});
    w.addU8("empty", {0, 5}, {});
    const std::string bytes = w.bytes();
    const auto arrays = io::readNpz(bytes, "test.npz");
    REQUIRE(arrays.size() == 5);
    CHECK(arrays[0].name == "dist");
    CHECK(arrays[0].dtype == "<f2");
    CHECK(arrays[0].shape == std::vector<Index>{2, 3});
    for (size_t k = 0; k < h.size(); ++k) CHECK(arrays[0].values[k] == halfToDouble(h[k]));
    CHECK(arrays[1].values == std::vector<double>{0, 65535, 1234});
    CHECK(arrays[1].shape == std::vector<Index>{3});
    CHECK(arrays[2].values == std::vector<double>{0, 9, 255, 7});
    CHECK(arrays[3].values == std::vector<double>{-4, 4, 0, -1});
    CHECK(arrays[4].shape == std::vector<Index>{0, 5});
    CHECK(w.bytes() == bytes);  // deterministic bytes
    // a stored .npy alone reads too
    const auto one = io::readNpy(npyBytes("<u2", {2}, std::string("\x01\x00\x00\x01", 4)), "x.npy");
    CHECK(one.values == std::vector<double>{1, 256});
    CHECK_THROWS_AS(w.add("bad", "<f2", {3}, std::string(4, '\0')), Error);
}

TEST_CASE("export: a layer's tables are deterministic, sorted, scaled into [256, 512)") {
    // 400 points of a random 2-layer set with a duplicate pair (distance 0 must stay 0, others > 0)
    Rng r(5);
    LayerValues v;
    v.name = "toy";
    v.dim = 12;
    const std::int64_t n = 400;
    v.values.resize(size_t(n * v.dim));
    for (float& f : v.values) f = float(1e-3 * r.normal());  // tiny scale: needs a positive exponent
    std::copy(v.values.begin(), v.values.begin() + v.dim, v.values.begin() + v.dim * 7);  // row 7 = row 0
    NpzWriter w1, w2;
    const ExportedLayer e1 = exportLayer(w1, "f.npz", "toy", v, n, 16);
    const ExportedLayer e2 = exportLayer(w2, "f.npz", "toy", v, n, 16);
    CHECK(w1.bytes() == w2.bytes());
    CHECK(e1.scaleExponent > 0);
    CHECK(e1.activations == "toy_x");
    CHECK(e1.zeroDistances == 2);  // rows 0 and 7 list each other at 0
    const auto arrays = io::readNpz(w1.bytes(), "f.npz");
    REQUIRE(arrays.size() == 3);
    const auto& d = arrays[1];
    const auto& ix = arrays[2];
    double maxD = 0;
    for (std::int64_t i = 0; i < n; ++i)
        for (int j = 0; j < 16; ++j) {
            const double dij = d.values[size_t(i * 16 + j)];
            maxD = std::max(maxD, dij);
            if (j) CHECK(dij >= d.values[size_t(i * 16 + j - 1)]);
            if (dij == 0) CHECK(((i == 0 && ix.values[size_t(i * 16 + j)] == 7) || (i == 7 && ix.values[size_t(i * 16 + j)] == 0)));
        }
    CHECK(maxD >= 255);
    CHECK(maxD < 513);
    // without activations (dim > 128) the scale applies to the distances directly
    LayerValues big = v;
    big.dim = 200;
    big.values.assign(size_t(n * big.dim), 0.f);
    for (float& f : big.values) f = float(1e5 * r.normal());  // large: needs a negative exponent
    NpzWriter w3;
    const ExportedLayer e3 = exportLayer(w3, "f.npz", "big", big, n, 16);
    CHECK(e3.activations.empty());
    CHECK(e3.scaleExponent < 0);
    CHECK(io::readNpz(w3.bytes(), "f.npz").size() == 2);
}
