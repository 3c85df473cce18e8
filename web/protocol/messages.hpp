// The one message set between the page (both tutorials) and the compute worker. Pure C++: a message
// is a struct; encode() gives its bytes, decode() reads them back (native tests: tests/web/logic).
// The transport (platform/worker.hpp on the page, worker/transport.cpp in the worker) carries the
// bytes and, beside them, at most one payload: the bytes of a file, held by the page's JavaScript
// (platform/files.hpp) and read in the worker — never through the page's wasm heap.
//
// The worker owns the data sets: a file or a generated set is read there (Load) and its points stay
// there; the page gets their metadata (Table: n, d, labels, text) and, with each result, the 2-D
// projection. Analysis parameters travel as key=value text of the parameter codec (core/params.hpp).
//
//   page → worker                                       worker → page
//   Load      {job, version, keep, generator | file,     Table     {job, version, n, d, labels, info,
//              labelColumn}                                         columns, labelColumn}
//   Analyze   {job, version, params}                     Result    {job, Analysis, projection}
//   LayersFile {key, name} + file bytes                  LayersFileInfo {key, listing, labels}
//   LayersLabels {set, labels, macro}                    LayersResult {job, slot, χ, times, Analysis}
//   LayersAnalyze {job, set, slot, ref, arrays, params}  Progress  {job, stage, fraction}
//   LayersDrop {key} · LayersWarmup {}                   Failed    {job, key, message, workerLost}
// The same messages run between the page's worker (the coordinator) and its pool of helper workers
// (worker/pool.hpp, issue #12): the coordinator sends PoolPoints once per point set, then slices
//   PoolNeighbours {job, set, maxk, method, begin, end}  PoolRows {job, KnnRows}       + Progress, Failed
//   PoolDensity {job, rows of the graph, k*, ID, unit}   PoolDensityRows {job, begin, log ρ, σ}
// Job numbers come from one counter (platform::worker::newJob), so a reply names its part's job.
// Tutorial 1 sends a new data set's Load and its Analyze at once, with one job number: the worker
// analyses right after reading (Table first), and drops that Analyze when the Load failed.
// Example: auto bytes = protocol::encode(protocol::Analyze{3, 1, {{"k", "16"}}});
//          protocol::ToWorker m = protocol::decodeToWorker(bytes.data(), bytes.size());
#pragma once
#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "core/analysis.hpp"

namespace peakscope::web::protocol {

using Pairs = std::vector<std::pair<std::string, std::string>>;

// ---- page → worker ----------------------------------------------------------------------------
// A data set for Tutorial 1, kept under `version`; the worker then forgets every set other than
// `version` and `keep` (the set on screen). A generator id, or else a file in the payload.
struct Load {
    int job = 0, version = 0, keep = -1;
    std::string generator;           // toy::catalogue() id ("gaussians", core/toy); empty for a file
    Index n = 0;                     // generator: points
    double noise = -1;               // generator: noise (< 0 = its default)
    std::uint64_t seed = 1;
    Index dim = 0;                   // generator: dimension (0 = its default)
    std::string fileName;            // file: its name (the format follows the extension)
    int labelColumn = -3;            // text file: −3 a column named like labels (label, class, ...),
                                     // −2 none, k ≥ 0 file column k (0-based) holds the labels
    std::string labelName;           // text file: the header column of this name holds the labels
                                     // (a link's labels=); overrides labelColumn; not found: −3 + notice
};
// Analyses data set `version` with the codec's key=value parameters; idScaling as in the codec, but
// only up to limits::kMaxPointsDecimation points.
struct Analyze {
    int job = 0, version = 0;
    Pairs params;                    // every App parameter: params::toPairs(options, App, false)
};
struct LayersFile { std::string key, name; };  // payload: an .npz or .npy, kept under `key`
struct LayersDrop { std::string key; };
struct LayersWarmup {};
struct LayersLabels {
    int set = 0;                     // 0 shipped, 1 own
    std::vector<std::int32_t> labels, macro;  // per point; macro empty = none
};
struct LayersAnalyze {
    int job = 0, set = 0, slot = 0, ref = -1;   // ref: slot of the output layer (χ^out), −1 none
    std::string key, dist, index, act;          // file key; arrays: kNN table (dist, index) or points (act)
    double scale = 1;
    Pairs params;                               // the codec's key=value pairs (layers_params.hpp)
};
// Coordinator → helper (worker/pool.hpp). The points of a neighbour search, kept under `set` (a
// helper keeps one set: a new one replaces it).
struct PoolPoints {
    int set = 0;
    Index n = 0, d = 0;
    std::vector<double> values;      // n × d, row-major
};
// Rows of positions [begin, end) of the search of set `set` (core NeighbourSearch::rows).
struct PoolNeighbours {
    int job = 0, set = 0;
    Index maxk = -1;
    int method = 0;                  // NeighbourMethod
    Index begin = 0, end = 0;
};
// PAk of rows [begin, begin + rows) of a graph of n points (core pakRows): their distances,
// columns 0..width−1 (width > every k* of the slice), their k*, the ID and the volume unit.
struct PoolDensity {
    int job = 0;
    Index begin = 0, n = 0, width = 0;
    double id = 0, logUnit = 0;
    std::vector<std::int32_t> kstar;
    std::vector<double> distances;   // kstar.size() × width
};
using ToWorker = std::variant<Load, Analyze, LayersFile, LayersDrop, LayersWarmup, LayersLabels, LayersAnalyze,
                              PoolPoints, PoolNeighbours, PoolDensity>;

// ---- worker → page ----------------------------------------------------------------------------
struct Progress { int job = 0; std::string stage; double fraction = 0; };
// job −1 with a key: a Layers file; workerLost: the worker itself failed (the transport restarts it).
struct Failed { int job = -1; std::string key, message; bool workerLost = false; };
struct Table {
    int job = 0, version = 0;
    Index n = 0, d = 0;
    std::vector<std::int32_t> labels;     // ground truth per row; empty = none
    std::vector<std::string> labelNames;  // text class labels: label k is labelNames[k]
    std::string info;                     // "900 points × 2 dimensions, labels in 'label'"
    std::vector<std::string> columns;     // text file: every column in file order ("column 3"
                                          // without a header); empty for .npy/.npz and generators
    int labelColumn = -1;                 // the column of `columns` taken as labels; −1 none
    std::string notice;                   // what the page should say (Load.labelName not found)
};
struct Result {
    int job = 0;
    std::shared_ptr<const Analysis> analysis;
    Matrix projection;                    // n × 2 (PCA when d > 2); empty for graph input
    std::vector<double> explained;
};
struct LayersFileInfo {
    std::string key, listing;             // "name dtype d0xd1;" per array
    std::vector<std::int32_t> labels;     // an integer 'labels' / 'y' array, if any
};
struct LayersResult {
    int job = 0, slot = 0, maxk = 0;
    double chiLabels = 0, chiMacro = 0, chiOutput = 0, graphMs = 0, ms = 0;  // NaN = not computed
    std::shared_ptr<const Analysis> analysis;
};
// Helper → coordinator: a slice's rows (positions rows.begin… of the search), a slice's densities.
struct PoolRows { int job = 0; KnnRows rows; };
struct PoolDensityRows { int job = 0; Index begin = 0; std::vector<double> logRho, error; };
using ToPage = std::variant<Progress, Failed, Table, Result, LayersFileInfo, LayersResult, PoolRows, PoolDensityRows>;

// ---- bytes --------------------------------------------------------------------------------------
std::vector<std::uint8_t> encode(const ToWorker& m);
std::vector<std::uint8_t> encode(const ToPage& m);
// Throw peakscope::Error on a truncated or unknown message.
ToWorker decodeToWorker(const std::uint8_t* data, std::size_t size);
ToPage decodeToPage(const std::uint8_t* data, std::size_t size);

}  // namespace peakscope::web::protocol
