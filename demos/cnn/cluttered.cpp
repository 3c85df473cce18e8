// Cluttered Fashion-MNIST (see cluttered.hpp).
#include "demos/cnn/cluttered.hpp"

#include <algorithm>
#include <cmath>
#include <vector>

#include "core/types.hpp"
#include "demos/cnn/network.hpp"  // Rng

namespace peakscope::cnn {

namespace {

// SplitMix64 finaliser: decorrelates the per-image seeds (Steele et al. 2014).
std::uint64_t mix(std::uint64_t z) {
    z += 0x9e3779b97f4a7c15ull;
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
}

// A 28 × 28 image resampled to side × side (bilinear, pixel centres aligned), values in [0, 1].
std::vector<double> resample(const std::uint8_t* img, int side) {
    std::vector<double> out(size_t(side) * size_t(side));
    const double f = double(kSide) / double(side);
    for (int y = 0; y < side; ++y)
        for (int x = 0; x < side; ++x) {
            const double sy = std::clamp((y + 0.5) * f - 0.5, 0.0, double(kSide - 1));
            const double sx = std::clamp((x + 0.5) * f - 0.5, 0.0, double(kSide - 1));
            const int y0 = int(sy), x0 = int(sx), y1 = std::min(y0 + 1, kSide - 1), x1 = std::min(x0 + 1, kSide - 1);
            const double wy = sy - y0, wx = sx - x0;
            const double v = (1 - wy) * ((1 - wx) * img[y0 * kSide + x0] + wx * img[y0 * kSide + x1]) +
                             wy * ((1 - wx) * img[y1 * kSide + x0] + wx * img[y1 * kSide + x1]);
            out[size_t(y * side + x)] = v / 255.0;
        }
    return out;
}

int uniformInt(Rng& r, int lo, int hi) { return lo + int(r.below(hi - lo + 1)); }  // [lo, hi]
double uniform(Rng& r, double lo, double hi) { return lo + (hi - lo) * r.uniform(); }

}  // namespace

Dataset makeCluttered(const Dataset& src, const ClutterParams& p, std::uint64_t splitId) {
    if (src.side != kSide) throw Error("makeCluttered: the source images must be 28 × 28");
    if (p.canvas < 8 || p.scaleMin <= 0 || p.scaleMax < p.scaleMin || int(std::lround(kSide * p.scaleMax)) > p.canvas)
        throw Error("makeCluttered: the rescaled item must fit the canvas");
    if (p.fragmentsMin < 0 || p.fragmentsMax < p.fragmentsMin || p.fragmentSideMin < 1 ||
        p.fragmentSideMax < p.fragmentSideMin || p.fragmentSideMax > p.canvas)
        throw Error("makeCluttered: bad fragment sizes");
    Dataset out;
    out.n = src.n;
    out.side = p.canvas;
    out.labels = src.labels;
    out.images.assign(size_t(out.n * out.pixels()), 0);
    const int S = p.canvas;
#pragma omp parallel for schedule(dynamic, 256)
    for (std::int64_t i = 0; i < src.n; ++i) {
        Rng r(mix(mix(p.seed ^ (splitId << 56)) + std::uint64_t(i)));
        std::vector<double> canvas(size_t(S) * S, uniform(r, 0.0, p.backgroundMax));
        // clutter first: crops of other items, rescaled like an item, drawn by maximum
        const int frags = uniformInt(r, p.fragmentsMin, p.fragmentsMax);
        for (int f = 0; f < frags; ++f) {
            std::int64_t j = std::int64_t(r.below(src.n));
            if (j == i) j = (j + 1) % src.n;
            const int side = int(std::lround(kSide * uniform(r, p.scaleMin, p.scaleMax)));
            const std::vector<double> other = resample(src.image(j), side);
            const int fs = std::min(side, uniformInt(r, p.fragmentSideMin, p.fragmentSideMax));
            const int oy = uniformInt(r, 0, side - fs), ox = uniformInt(r, 0, side - fs);
            const int ty = uniformInt(r, 0, S - fs), tx = uniformInt(r, 0, S - fs);
            const double c = uniform(r, p.fragmentContrastMin, p.fragmentContrastMax);
            for (int y = 0; y < fs; ++y)
                for (int x = 0; x < fs; ++x) {
                    double& d = canvas[size_t((ty + y) * S + tx + x)];
                    d = std::max(d, c * other[size_t((oy + y) * side + ox + x)]);
                }
        }
        // the item: rescaled, at a random position fully inside the canvas, random contrast
        const int side = int(std::lround(kSide * uniform(r, p.scaleMin, p.scaleMax)));
        const std::vector<double> item = resample(src.image(i), side);
        const int ty = uniformInt(r, 0, S - side), tx = uniformInt(r, 0, S - side);
        const double c = uniform(r, p.contrastMin, 1.0);
        for (int y = 0; y < side; ++y)
            for (int x = 0; x < side; ++x) {
                double& d = canvas[size_t((ty + y) * S + tx + x)];
                d = std::max(d, c * item[size_t(y * side + x)]);
            }
        std::uint8_t* o = out.images.data() + i * out.pixels();
        for (int k = 0; k < S * S; ++k) {
            const double v = canvas[size_t(k)] + p.noise * r.normal();
            o[k] = std::uint8_t(std::lround(255.0 * std::clamp(v, 0.0, 1.0)));
        }
    }
    return out;
}

// "noise=0,scaleMin=0.5": fields of ClutterParams by name; an unknown name or a bad number is an error.
ClutterParams parseClutterParams(const std::string& spec) {
    ClutterParams c;
    for (size_t p = 0; p < spec.size();) {
        size_t q = spec.find(',', p);
        if (q == std::string::npos) q = spec.size();
        const std::string item = spec.substr(p, q - p);
        const size_t eq = item.find('=');
        if (eq == std::string::npos) throw Error("--clutter: '" + item + "' is not NAME=VALUE");
        const std::string k = item.substr(0, eq), v = item.substr(eq + 1);
        size_t used = 0;
        const double x = std::stod(v, &used);
        if (used != v.size()) throw Error("--clutter: bad number '" + v + "' for " + k);
        if (k == "canvas") c.canvas = int(x);
        else if (k == "scaleMin") c.scaleMin = x;
        else if (k == "scaleMax") c.scaleMax = x;
        else if (k == "contrastMin") c.contrastMin = x;
        else if (k == "backgroundMax") c.backgroundMax = x;
        else if (k == "fragmentsMin") c.fragmentsMin = int(x);
        else if (k == "fragmentsMax") c.fragmentsMax = int(x);
        else if (k == "fragmentSideMin") c.fragmentSideMin = int(x);
        else if (k == "fragmentSideMax") c.fragmentSideMax = int(x);
        else if (k == "fragmentContrastMin") c.fragmentContrastMin = x;
        else if (k == "fragmentContrastMax") c.fragmentContrastMax = x;
        else if (k == "noise") c.noise = x;
        else throw Error("--clutter: unknown parameter '" + k + "'");
        p = q + 1;
    }
    return c;
}

}  // namespace peakscope::cnn
