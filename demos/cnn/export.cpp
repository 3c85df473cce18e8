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

namespace {

// Rows of g without the self column, distances × distScale rounded to float16, sorted by (stored
// distance, index).
void fillTable(LayerTable& t, const KnnGraph& g, double distScale) {
    const std::int64_t n = t.n;
    const int maxk = t.maxk;
    t.dist.resize(static_cast<size_t>(n * maxk));
    t.index.resize(t.dist.size());
    t.zeroDistances = 0;
    std::vector<std::pair<std::uint16_t, std::uint16_t>> row(static_cast<size_t>(maxk));
    for (std::int64_t i = 0; i < n; ++i) {
        for (int j = 1; j <= maxk; ++j)
            row[size_t(j - 1)] = {distanceToHalf(g.dist(i, j) * distScale), std::uint16_t(g.index(i, j))};
        std::sort(row.begin(), row.end());  // positive halves order like their bit patterns
        for (int j = 0; j < maxk; ++j) {
            t.dist[size_t(i * maxk + j)] = row[size_t(j)].first;
            t.index[size_t(i * maxk + j)] = row[size_t(j)].second;
            if (row[size_t(j)].first == 0) ++t.zeroDistances;
        }
    }
}

}  // namespace

void fillTableFromActivations(LayerTable& t) {
    if (std::int64_t(t.activations.size()) != t.n * t.dim) throw Error("layer '" + t.name + "': wrong number of activations");
    std::vector<double> back(t.activations.size());
    for (size_t i = 0; i < back.size(); ++i) back[i] = halfToDouble(t.activations[i]);
    NeighbourParams np;
    np.maxk = t.maxk;
    fillTable(t, neighbours(PointsView(back.data(), t.n, t.dim), np), 1.0);
}

LayerTable makeLayerTable(const LayerValues& v, std::int64_t n, int maxk) {
    if (std::int64_t(v.values.size()) != n * v.dim) throw Error("layer '" + v.name + "': wrong number of values");
    LayerTable t;
    t.name = v.name;
    t.n = n;
    t.dim = v.dim;
    t.maxk = maxk;
    NeighbourParams np;
    np.maxk = maxk;
    KnnGraph g = neighbours(PointsView(v.values.data(), n, v.dim), np);
    double maxD = 0;
    for (double d : g.distances) maxD = std::max(maxD, d);
    if (maxD > 0) {
        int k;
        std::frexp(maxD, &k);        // maxD in [2^(k−1), 2^k)
        t.scaleExponent = 9 - k;     // → maxD·2^e in [256, 512)
    }
    const double scale = std::ldexp(1.0, t.scaleExponent);
    if (v.dim <= kActivationMaxDim) {
        // store the activations, then take the exact graph of the stored values (already scaled)
        t.activations.resize(v.values.size());
        for (size_t i = 0; i < t.activations.size(); ++i) t.activations[i] = toHalf(double(v.values[i]) * scale);
        fillTableFromActivations(t);
        return t;
    }
    fillTable(t, g, scale);
    return t;
}

KnnGraph tableGraph(const LayerTable& t) {
    std::vector<double> d(t.dist.size());
    std::vector<std::int32_t> ix(t.index.size());
    for (size_t k = 0; k < d.size(); ++k) {
        d[k] = halfToDouble(t.dist[k]);
        ix[k] = std::int32_t(t.index[k]);
    }
    return graphFromTable(d.data(), ix.data(), t.n, t.maxk, /*hasSelf=*/0);
}

ExportedLayer writeLayerTable(NpzWriter& w, const std::string& file, const std::string& prefix, const LayerTable& t,
                              bool graph) {
    ExportedLayer e;
    e.name = t.name;
    e.dim = t.dim;
    e.file = file;
    e.scaleExponent = t.scaleExponent;
    if (!graph && t.activations.empty()) throw Error("layer '" + t.name + "': neither graph nor activations to store");
    if (!t.activations.empty()) {
        e.activations = prefix + "_x";
        w.addF16(e.activations, {t.n, t.dim}, t.activations);
    }
    if (graph) {
        e.dist = prefix + "_dist";
        e.index = prefix + "_index";
        e.zeroDistances = t.zeroDistances;
        w.addF16(e.dist, {t.n, t.maxk}, t.dist);
        w.addU16(e.index, {t.n, t.maxk}, t.index);
    }
    return e;
}

ExportedLayer exportLayer(NpzWriter& w, const std::string& file, const std::string& prefix, const LayerValues& v,
                          std::int64_t n, int maxk, bool graph) {
    if (!graph && v.dim > kActivationMaxDim) throw Error("layer '" + v.name + "': neither graph nor activations to store");
    return writeLayerTable(w, file, prefix, makeLayerTable(v, n, maxk), graph);
}

std::string fixed4(double v) {
    char b[32];
    std::snprintf(b, sizeof b, "%.4f", v);
    return b;
}

std::string formatRulesJson() {
    return "  \"graph\": \"exact kNN (Euclidean) from peakscope::neighbours; row i lists neighbours 1..maxk of point i "
           "(the point itself excluded), sorted by (stored distance, index)\",\n"
           "  \"dtypes\": {\"dist\": \"float16\", \"index\": \"uint16\", \"activations\": \"float16\", \"labels\": \"uint8\", "
           "\"images\": \"uint8\"},\n"
           "  \"scale_rule\": \"stored = true value x scale, scale = 2^scale_exponent per layer, chosen so that the layer's "
           "largest kNN distance x scale lies in [256, 512); activations of a layer use the same scale\",\n"
           "  \"zero_distance_rule\": \"a positive distance that would round to float16 0 is stored as the smallest positive "
           "float16 (2^-24); 0 only for exact duplicates\",\n"
           "  \"activation_layers\": \"layers of at most " + std::to_string(kActivationMaxDim) +
           " dims also store float16 activations (n x dims); their graph is the exact kNN graph of the stored "
           "float16 values\",\n";
}

std::string classesJson() {
    std::string m = "  \"classes\": [";
    for (int c = 0; c < kClasses; ++c) m += (c ? ", " : "") + json::quoted(kClassNames[size_t(c)]);
    m += "],\n  \"macro_classes\": [";
    const auto macro = macroClasses();
    for (size_t g = 0; g < macro.size(); ++g) {
        m += std::string(g ? ", " : "") + "{\"name\": " + json::quoted(macro[g].name) + ", \"classes\": [";
        for (size_t k = 0; k < macro[g].classes.size(); ++k) m += (k ? ", " : "") + std::to_string(macro[g].classes[k]);
        m += "]}";
    }
    m += "],\n  \"class_to_macro\": [";
    const auto c2m = macroOfClass();
    for (int c = 0; c < kClasses; ++c) m += (c ? ", " : "") + std::to_string(c2m[size_t(c)]);
    return m + "],\n";
}

std::string jsonLayer(const ExportedLayer& e) {
    const std::string scale = json::number(std::ldexp(1.0, e.scaleExponent), 17);  // as %.17g
    auto orNull = [](const std::string& s) { return s.empty() ? std::string("null") : json::quoted(s); };
    return "{\"name\": " + json::quoted(e.name) + ", \"dims\": " + std::to_string(e.dim) + ", \"file\": " +
           json::quoted(e.file) + ", \"dist\": " + orNull(e.dist) + ", \"index\": " + orNull(e.index) +
           ", \"activations\": " + orNull(e.activations) +
           ", \"scale\": " + scale + ", \"scale_exponent\": " + std::to_string(e.scaleExponent) +
           ", \"zero_distances\": " + std::to_string(e.zeroDistances) + "}";
}

}  // namespace peakscope::cnn
