// Tutorial 2 export: balanced subset, per-layer kNN graphs in float16/uint16 (see export.hpp).
#include "demos/cnn/export.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "core/neighbours.hpp"
#include "demos/cnn/half.hpp"

namespace peakscope::cnn {

std::vector<std::int32_t> balancedSubset(const Dataset& d, int perClass) {
    std::vector<std::int32_t> out;
    for (int c = 0; c < kClasses; ++c) {
        int taken = 0;
        for (std::int64_t i = 0; i < d.n && taken < perClass; ++i)
            if (d.labels[size_t(i)] == c) {
                out.push_back(std::int32_t(i));
                ++taken;
            }
        if (taken < perClass) throw Error("class " + std::to_string(c) + " has only " + std::to_string(taken) + " images");
    }
    return out;
}

ExportedLayer exportLayer(NpzWriter& w, const std::string& file, const std::string& prefix, const LayerValues& v,
                          std::int64_t n, int maxk, bool graph) {
    if (std::int64_t(v.values.size()) != n * v.dim) throw Error("layer '" + v.name + "': wrong number of values");
    ExportedLayer e;
    e.name = v.name;
    e.dim = v.dim;
    e.file = file;
    if (!graph && v.dim > kActivationMaxDim) throw Error("layer '" + v.name + "': neither graph nor activations to store");
    if (graph) {
        e.dist = prefix + "_dist";
        e.index = prefix + "_index";
    }
    NeighbourParams np;
    np.maxk = maxk;
    KnnGraph g = neighbours(PointsView(v.values.data(), n, v.dim), np);
    double maxD = 0;
    for (double d : g.distances) maxD = std::max(maxD, d);
    if (maxD > 0) {
        int k;
        std::frexp(maxD, &k);        // maxD in [2^(k−1), 2^k)
        e.scaleExponent = 9 - k;     // → maxD·2^e in [256, 512)
    }
    const double scale = std::ldexp(1.0, e.scaleExponent);
    double distScale = scale;
    if (v.dim <= kActivationMaxDim) {
        // store the activations, then take the exact graph of the stored values (already scaled)
        std::vector<std::uint16_t> h(v.values.size());
        std::vector<double> back(v.values.size());
        for (size_t i = 0; i < h.size(); ++i) {
            h[i] = toHalf(double(v.values[i]) * scale);
            back[i] = halfToDouble(h[i]);
        }
        e.activations = prefix + "_x";
        w.addF16(e.activations, {n, v.dim}, h);
        if (!graph) return e;
        g = neighbours(PointsView(back.data(), n, v.dim), np);
        distScale = 1.0;
    }
    // self column (column 0) dropped; rows sorted by (stored distance, index)
    std::vector<std::uint16_t> dist(static_cast<size_t>(n * maxk)), index(static_cast<size_t>(n * maxk));
    std::vector<std::pair<std::uint16_t, std::uint16_t>> row(static_cast<size_t>(maxk));
    for (std::int64_t i = 0; i < n; ++i) {
        for (int j = 1; j <= maxk; ++j)
            row[size_t(j - 1)] = {distanceToHalf(g.dist(i, j) * distScale), std::uint16_t(g.index(i, j))};
        std::sort(row.begin(), row.end());  // positive halves order like their bit patterns
        for (int j = 0; j < maxk; ++j) {
            dist[size_t(i * maxk + j)] = row[size_t(j)].first;
            index[size_t(i * maxk + j)] = row[size_t(j)].second;
            if (row[size_t(j)].first == 0) ++e.zeroDistances;
        }
    }
    w.addF16(e.dist, {n, maxk}, dist);
    w.addU16(e.index, {n, maxk}, index);
    return e;
}

std::string jsonLayer(const ExportedLayer& e) {
    char scale[64];
    std::snprintf(scale, sizeof scale, "%.17g", std::ldexp(1.0, e.scaleExponent));
    auto orNull = [](const std::string& s) { return s.empty() ? std::string("null") : jsonString(s); };
    return "{\"name\": " + jsonString(e.name) + ", \"dims\": " + std::to_string(e.dim) + ", \"file\": " +
           jsonString(e.file) + ", \"dist\": " + orNull(e.dist) + ", \"index\": " + orNull(e.index) +
           ", \"activations\": " + orNull(e.activations) +
           ", \"scale\": " + scale + ", \"scale_exponent\": " + std::to_string(e.scaleExponent) +
           ", \"zero_distances\": " + std::to_string(e.zeroDistances) + "}";
}

}  // namespace peakscope::cnn
