// Tutorial 2 with the deeper network (issue #13): the data set-up (cluttered train/test sets, the
// two analysed subsamples), parameter files of the training runs and snapshots, and the export of
// the shipped set (graphs of the first seed) with per-seed measures (core/representations/measures.hpp).
// Snapshots: after 25, 50, 100, 200, 400 batches of epoch 1 and at every epoch end; step 0 is the
// untrained control. Parameter files: <dir>/seed<S>/step<batches>.f32 (raw little-endian float32).
// Sections: data · training configuration · parameter files · export
// Example: DeepData d = loadDeepData(dir);  exportDeep(d, DeepSpec{}, deepTrainConfig(), 3, 1, params, out);
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "core/representations/measures.hpp"
#include "demos/cnn/cluttered.hpp"
#include "demos/cnn/deep_network.hpp"

namespace peakscope::cnn {

// ---- Data ------------------------------------------------------------------------------------------
struct DeepData {
    ClutterParams clutter;
    Dataset train, test;                    // cluttered, side = clutter.canvas
    std::int64_t n = 0;                     // analysed images per subsample (3,000)
    std::vector<std::int32_t> subset, subsetB;  // test indices: subsample A (the shipped one) and B
    std::vector<std::uint8_t> subsetImages, subsetImagesB;
    representations::LabelSets labels, labelsB;
};
// A = the first 300 test images of each class, B = the next 300 (t10k order, grouped by class).
DeepData loadDeepData(const std::string& fashionDir, const ClutterParams& clutter = {});

// ---- Training configuration -------------------------------------------------------------------------
TrainConfig deepTrainConfig();  // batch 64, chunk 16, Adam lr 5e-4
std::int64_t batchesPerEpoch(const DeepData& d, const TrainConfig& cfg);
bool isSnapshotBatch(std::int64_t batchOfEpoch1);  // 25, 50, 100, 200, 400
constexpr std::int64_t kSnapshotBatches[] = {25, 50, 100, 200, 400};

// ---- Parameter files ----------------------------------------------------------------------------------
std::string paramsPath(const std::string& dir, std::uint64_t seed, std::int64_t step);
void saveParams(const std::string& path, const std::vector<float>& p);
std::vector<float> loadParams(const std::string& path, std::int64_t count);

// ---- Commands of peakscope_tutorial2 -----------------------------------------------------------------
// probe: pixel-space 10-NN vote and χ(k = 30) of both subsamples (what a network must not get for free).
void probeDeep(const DeepData& d);
// train: one seed (cfg.seed); parameters after 0, the snapshot batches and every epoch end.
void trainDeep(const DeepData& d, const DeepSpec& spec, const TrainConfig& cfg, int epochs, const std::string& dir);

// ---- Export -------------------------------------------------------------------------------------------
// export: the shipped seed → <out>/manifest.json, trained.npz, untrained.npz, snapshots.npz,
// images.npz, and its measures (both subsamples, Z ∈ {1, 1.65, 2.5}) → <params>/seed<S>/summary.json.
void exportDeep(const DeepData& d, const DeepSpec& spec, const TrainConfig& cfg, int epochs, std::uint64_t seed,
                const std::string& paramsDir, const std::string& outDir);
// measure: another seed's measures only → <params>/seed<S>/summary.json.
void measureDeep(const DeepData& d, const DeepSpec& spec, const TrainConfig& cfg, int epochs, std::uint64_t seed,
                 const std::string& paramsDir);
// summary: <out>/summary.json from the seeds' measures (the first seed = the shipped one).
void summarizeDeep(const std::vector<std::uint64_t>& seeds, const std::string& paramsDir, const std::string& outDir);

}  // namespace peakscope::cnn
