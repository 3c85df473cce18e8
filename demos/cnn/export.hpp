// Export of the Tutorial 2 activation sets: per layer the exact kNN graph (core `neighbours`,
// maxk = 64, self column dropped) as float16 distances + uint16 indices, float16 activations for
// layers of ≤ 128 dimensions, written as .npz (npz_writer.hpp) and described by manifest.json.
// Float16 rules: each layer is scaled by a power of two, scale = 2^e with the largest kNN distance
// × scale in [256, 512) (stored = true value × scale, for distances and activations alike); a
// positive distance never rounds to 0 (smallest positive half instead). Layers with stored
// activations get the exact graph of those stored float16 values, so both agree.
// Sections: subset · layer export · manifest
// Example: auto idx = balancedSubset(test, 300);  ExportedLayer e = exportLayer(w, "trained", "fc128", acts[4], 64);
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "core/neighbours.hpp"
#include "core/json.hpp"  // json::quoted
#include "demos/cnn/fashion_mnist.hpp"
#include "demos/cnn/network.hpp"
#include "demos/cnn/npz_writer.hpp"

namespace peakscope::cnn {

// The first `perClass` images of each class in test-set order, grouped by class (class 0 first).
std::vector<std::int32_t> balancedSubset(const Dataset& d, int perClass);

constexpr int kExportMaxk = 64;
constexpr std::int64_t kActivationMaxDim = 128;

struct ExportedLayer {
    std::string name;          // input, conv1, conv2, conv3, fc128, logits
    std::int64_t dim = 0;
    std::string file;          // .npz file name (inside the data folder)
    std::string dist, index;   // member names of the graph arrays (n × maxk), empty if not stored
    std::string activations;   // member name of the n × dim float16 activations, empty if not stored
    int scaleExponent = 0;     // stored = true × 2^scaleExponent
    std::int64_t zeroDistances = 0;  // stored zero distances (exact duplicates only)
};

// A layer as it is stored: float16 kNN table (n × maxk, self column dropped, rows sorted by (stored
// distance, index)), float16 activations when dim ≤ 128 (then the table is their exact graph).
struct LayerTable {
    std::string name;
    std::int64_t n = 0, dim = 0;
    int maxk = 0, scaleExponent = 0;
    std::vector<std::uint16_t> dist, index;  // n × maxk
    std::vector<std::uint16_t> activations;  // n × dim float16, empty when dim > 128
    std::int64_t zeroDistances = 0;
};
LayerTable makeLayerTable(const LayerValues& v, std::int64_t n, int maxk = kExportMaxk);
// The table (dist, index, zeroDistances) of t's stored activations (n, dim, maxk, activations set):
// how a reader rebuilds the graph of an activations-only layer, as the export did.
void fillTableFromActivations(LayerTable& t);
// The stored table as a core KnnGraph (stored units), as a reader of the files builds it.
KnnGraph tableGraph(const LayerTable& t);
// Adds <prefix>_dist, <prefix>_index (when graph) and <prefix>_x (when stored) to w; `file` is recorded only.
ExportedLayer writeLayerTable(NpzWriter& w, const std::string& file, const std::string& prefix, const LayerTable& t,
                              bool graph = true);

// Adds <prefix>_dist, <prefix>_index (and <prefix>_x when dim ≤ 128) to w; `file` is recorded only.
// graph = false (only for dim ≤ 128): activations only, the graph is left to the reader.
ExportedLayer exportLayer(NpzWriter& w, const std::string& file, const std::string& prefix, const LayerValues& v,
                          std::int64_t n, int maxk = kExportMaxk, bool graph = true);

std::string fixed4(double v);  // "%.4f"

// The manifest's lines "graph", "dtypes", "scale_rule", "zero_distance_rule", "activation_layers"
// (the storage rules of this file; two-space indent, each line ending in ",\n").
std::string formatRulesJson();

// The manifest's lines "classes", "macro_classes" and "class_to_macro" (two-space indent, each
// line ending in ",\n").
std::string classesJson();

// The manifest's entry of one layer (strings quoted with json::quoted).
std::string jsonLayer(const ExportedLayer& e);

}  // namespace peakscope::cnn
