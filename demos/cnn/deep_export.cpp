// Tutorial 2 with the deeper network: data, parameter files, export (see deep_export.hpp).
#include "demos/cnn/deep_export.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <sstream>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>

#include "core/intrinsic_dimension.hpp"
#include "core/metrics.hpp"
#include "core/neighbours.hpp"
#include "core/types.hpp"
#include "demos/cnn/export.hpp"

namespace peakscope::cnn {

// the per-layer measures (core/representations/measures.hpp)
using representations::kChiK;
using representations::knnVote;
using representations::LabelSets;
using representations::measureLayer;
using representations::measuresJson;

DeepData loadDeepData(const std::string& fashionDir, const ClutterParams& clutter) {
    DeepData d;
    d.clutter = clutter;
    d.train = makeCluttered(loadFashionMnist(fashionDir, "train"), clutter, 1);
    d.test = makeCluttered(loadFashionMnist(fashionDir, "t10k"), clutter, 2);
    d.subset = balancedSubset(d.test, 300);
    const std::vector<std::int32_t> first600 = balancedSubset(d.test, 600);
    for (size_t k = 0; k < first600.size(); ++k)
        if ((k / 600) * 600 + 300 <= k) d.subsetB.push_back(first600[k]);  // each class's images 300..599
    d.n = std::int64_t(d.subset.size());
    const auto c2m = macroOfClass();
    auto fill = [&](const std::vector<std::int32_t>& idx, std::vector<std::uint8_t>& imgs, LabelSets& ls) {
        const std::int64_t px = d.test.pixels();
        imgs.resize(idx.size() * size_t(px));
        for (size_t i = 0; i < idx.size(); ++i) {
            std::memcpy(imgs.data() + i * size_t(px), d.test.image(idx[i]), size_t(px));
            const int c = d.test.labels[size_t(idx[i])];
            ls.classes.push_back(c);
            ls.macro.push_back(c2m[size_t(c)]);
        }
    };
    fill(d.subset, d.subsetImages, d.labels);
    fill(d.subsetB, d.subsetImagesB, d.labelsB);
    return d;
}

TrainConfig deepTrainConfig() {
    TrainConfig c;
    c.batch = 64;
    c.chunk = 16;
    c.learningRate = 5e-4;
    c.seed = 1;
    return c;
}

std::int64_t batchesPerEpoch(const DeepData& d, const TrainConfig& cfg) {
    const std::int64_t n = cfg.trainLimit > 0 ? std::min(cfg.trainLimit, d.train.n) : d.train.n;
    return (n + cfg.batch - 1) / cfg.batch;
}

bool isSnapshotBatch(std::int64_t k) {
    for (std::int64_t s : kSnapshotBatches)
        if (s == k) return true;
    return false;
}

std::string paramsPath(const std::string& dir, std::uint64_t seed, std::int64_t step) {
    return dir + "/seed" + std::to_string(seed) + "/step" + std::to_string(step) + ".f32";
}

void saveParams(const std::string& path, const std::vector<float>& p) {
    std::filesystem::create_directories(std::filesystem::path(path).parent_path());
    std::ofstream f(path, std::ios::binary);
    f.write(reinterpret_cast<const char*>(p.data()), std::streamsize(p.size() * sizeof(float)));
    if (!f) throw Error("cannot write '" + path + "'");
}

std::vector<float> loadParams(const std::string& path, std::int64_t count) {
    std::ifstream f(path, std::ios::binary);
    if (!f) throw Error("cannot read '" + path + "' (train this seed first)");
    std::vector<float> p(static_cast<size_t>(count));
    f.read(reinterpret_cast<char*>(p.data()), std::streamsize(p.size() * sizeof(float)));
    if (f.gcount() != std::streamsize(p.size() * sizeof(float)) || f.peek() != EOF)
        throw Error("'" + path + "' does not hold " + std::to_string(count) + " float32 parameters");
    return p;
}

namespace {

const std::vector<double> kZs = {1.0, 1.65, 2.5};

// The stored tables of the chosen representations (indices into deepLayerNames) of one network.
std::vector<LayerTable> tablesOf(const DeepSpec& spec, const std::vector<float>& p, const std::vector<std::uint8_t>& images,
                                 std::int64_t n, const std::vector<int>& which) {
    const auto acts = deepActivations(spec, p, images, n, which);
    std::vector<LayerTable> out;
    for (int l : which) out.push_back(makeLayerTable(acts[size_t(l)], n));
    return out;
}

// Measures of each table at every Z, as a JSON array (one measuresJson object per layer and line).
std::string measuresOf(const std::vector<LayerTable>& tables, const LabelSets& labels, const KnnGraph& input,
                       const KnnGraph& output) {
    std::string s = "[";
    for (size_t i = 0; i < tables.size(); ++i)
        s += std::string(i ? ",\n" : "\n") +
             measuresJson(tables[i].name, tables[i].dim, measureLayer(tableGraph(tables[i]), labels, kZs, &input, &output));
    return s + "]";
}

std::string layersJson(const std::vector<ExportedLayer>& ls, const std::string& indent) {
    std::string s = "[\n";
    for (size_t i = 0; i < ls.size(); ++i) s += indent + "  " + jsonLayer(ls[i]) + (i + 1 < ls.size() ? ",\n" : "\n");
    return s + indent + "]";
}

}  // namespace

// Pixel-space class structure of the analysed subset: what a network must not get for free.
void probeDeep(const DeepData& d) {
    for (int sub = 0; sub < 2; ++sub) {
        const auto& imgs = sub == 0 ? d.subsetImages : d.subsetImagesB;
        LayerValues v;
        v.name = "input";
        v.dim = d.test.pixels();
        v.values.resize(imgs.size());
        for (size_t k = 0; k < imgs.size(); ++k) v.values[k] = float(imgs[k]) / 255.f;
        NeighbourParams np;
        np.maxk = 64;
        const KnnGraph g = neighbours(PointsView(v.values.data(), d.n, v.dim), np);
        const LabelSets& ls = sub == 0 ? d.labels : d.labelsB;
        std::printf("subsample %c: 10-NN vote classes %.3f macro %.3f; chi(k=30) classes %.3f macro %.3f; TwoNN ID %.1f\n",
                    sub ? 'B' : 'A', knnVote(g, ls.classes, 10), knnVote(g, ls.macro, 10),
                    labelOverlap(g.indices.data(), g.n, g.width(), kChiK, ls.classes),
                    labelOverlap(g.indices.data(), g.n, g.width(), kChiK, ls.macro), twoNN(g).id);
    }
}

void trainDeep(const DeepData& d, const DeepSpec& spec, const TrainConfig& cfg, int epochs, const std::string& dir) {
    std::printf("seed %llu: %lld parameters, %d epochs, batch %d, chunk %d, Adam lr %g\n", (unsigned long long)cfg.seed,
                (long long)deepParamCount(spec), epochs, cfg.batch, cfg.chunk, cfg.learningRate);
    DeepTrainer t(d.train, d.test, spec, cfg);
    saveParams(paramsPath(dir, cfg.seed, 0), t.params());
    double total = 0;
    for (int e = 1; e <= epochs; ++e) {
        const std::int64_t base = std::int64_t(e - 1) * batchesPerEpoch(d, cfg);
        const auto tEpoch = std::chrono::steady_clock::now();
        const EpochStats s = t.runEpoch([&](std::int64_t k) {
            if (e == 1 && isSnapshotBatch(k)) saveParams(paramsPath(dir, cfg.seed, k), t.params());
            if (k % 100 == 0) {
                std::printf("  epoch %d batch %lld (%.0f s)\n", e, (long long)k, std::chrono::duration<double>(std::chrono::steady_clock::now() - tEpoch).count());
                std::fflush(stdout);
            }
        });
        total += s.seconds;
        saveParams(paramsPath(dir, cfg.seed, base + batchesPerEpoch(d, cfg)), t.params());
        std::printf("  epoch %d: %.1f s training, mean loss %.4f, test accuracy %.4f\n", e, s.seconds, s.meanLoss,
                    s.testAccuracy);
        std::fflush(stdout);
    }
    std::printf("seed %llu: training %.1f s\n", (unsigned long long)cfg.seed, total);
}

namespace {

// What the shipped seed adds to the files.
struct ShippedFiles {
    NpzWriter trained, untrained, snap;
    std::vector<ExportedLayer> trainedLayers, untrainedLayers;
    std::vector<std::pair<std::int64_t, std::vector<ExportedLayer>>> snaps;
    std::vector<double> accuracy;  // per step
};

// The analysed steps: 0 (untrained), the within-epoch snapshots, every epoch end (the last = trained).
std::vector<std::int64_t> stepsOf(std::int64_t bpe, int epochs) {
    std::vector<std::int64_t> steps = {0};
    for (std::int64_t b : kSnapshotBatches) if (b < bpe) steps.push_back(b);
    for (int e = 1; e <= epochs; ++e) steps.push_back(e * bpe);
    return steps;
}

// Snapshot layers: the last third of the representations (rounded up).
std::vector<int> lateLayers(int nRep) {
    std::vector<int> late;
    for (int l = nRep - (nRep + 2) / 3; l < nRep; ++l) late.push_back(l);
    return late;
}

// The measures of one seed as a summary.json entry; with files != nullptr also its shipped tables.
std::string measureSeed(const DeepData& d, const DeepSpec& spec, const TrainConfig& cfg, int epochs, std::uint64_t seed,
                        const std::string& paramsDir, ShippedFiles* files) {
    const auto names = deepLayerNames(spec);
    const int nRep = int(names.size());
    const std::int64_t count = deepParamCount(spec), bpe = batchesPerEpoch(d, cfg), n = d.n;
    std::vector<int> rest;  // every representation but the input
    for (int l = 1; l < nRep; ++l) rest.push_back(l);
    const std::vector<int> late = lateLayers(nRep);
    const std::vector<std::int64_t> steps = stepsOf(bpe, epochs);
    auto epochOf = [&](std::int64_t step) { return double(step) / double(bpe); };
    // the input layer is the same for every network
    const std::vector<std::uint8_t>* images[2] = {&d.subsetImages, &d.subsetImagesB};
    const LabelSets* labels[2] = {&d.labels, &d.labelsB};
    std::vector<LayerTable> input;
    for (int sub = 0; sub < 2; ++sub) {
        LayerValues v;
        v.name = names[0];
        v.dim = d.test.pixels();
        for (std::uint8_t b : *images[sub]) v.values.push_back(float(b) / 255.f);  // as deepActivations
        input.push_back(makeLayerTable(v, n));
    }
    std::printf("seed %llu\n", (unsigned long long)seed);
    std::fflush(stdout);
    std::vector<double> acc;
    std::string snapJson, variantJson[2];  // untrained, trained
    for (size_t k = 0; k < steps.size(); ++k) {
        const std::int64_t step = steps[k];
        const std::vector<float> p = loadParams(paramsPath(paramsDir, seed, step), count);
        acc.push_back(deepAccuracy(spec, p, d.test));
        std::printf("  step %lld (epoch %.3f): test accuracy %.4f\n", (long long)step, epochOf(step), acc.back());
        std::fflush(stdout);
        if (step == 0 || k + 1 == steps.size()) {
            // both subsamples, every representation
            std::string js = "{";
            for (int sub = 0; sub < 2; ++sub) {
                std::vector<LayerTable> t = tablesOf(spec, p, *images[sub], n, rest);
                t.insert(t.begin(), input[size_t(sub)]);
                js += std::string(sub ? ",\"B\":" : "\"A\":") +
                      measuresOf(t, *labels[sub], tableGraph(t.front()), tableGraph(t.back()));
                if (files && sub == 0) {
                    NpzWriter& w = step == 0 ? files->untrained : files->trained;
                    auto& list = step == 0 ? files->untrainedLayers : files->trainedLayers;
                    // the untrained control sees the same images: its input layer is the trained one's
                    // layers of ≤ 128 dims as activations only (the reader builds their graph), to fit the budget
                    for (int l = step == 0 ? 1 : 0; l < nRep; ++l)
                        list.push_back(writeLayerTable(w, step == 0 ? "untrained.npz" : "trained.npz", names[size_t(l)],
                                                       t[size_t(l)], t[size_t(l)].activations.empty()));
                }
            }
            variantJson[step == 0 ? 0 : 1] = js + "}";
        } else {
            // within-training snapshot: the late layers of subsample A (χ^out against its own output)
            const std::vector<LayerTable> t = tablesOf(spec, p, d.subsetImages, n, late);
            snapJson += std::string(snapJson.empty() ? "" : ",\n") + "{\"batch\":" + std::to_string(step) +
                        ",\"epoch\":" + fixed4(epochOf(step)) + ",\"test_accuracy\":" + fixed4(acc.back()) +
                        ",\"A\":" + measuresOf(t, d.labels, tableGraph(input[0]), tableGraph(t.back())) + "}";
            if (files && step <= bpe) {  // shipped: the snapshots of epoch 1 (later ones: measures only)
                const std::string prefix = "b" + std::to_string(step) + "_";
                std::vector<ExportedLayer> ls;
                for (const LayerTable& lt : t)
                    ls.push_back(writeLayerTable(files->snap, "snapshots.npz", prefix + lt.name, lt, lt.activations.empty()));
                files->snaps.push_back({step, ls});
            }
        }
    }
    if (files) {
        files->accuracy = acc;
        files->untrainedLayers.insert(files->untrainedLayers.begin(), files->trainedLayers[0]);
    }
    std::string accJson = "[";
    for (size_t k = 0; k < acc.size(); ++k) accJson += (k ? "," : "") + fixed4(acc[k]);
    accJson += "]";
    std::string stepsJson = "[";
    for (size_t k = 0; k < steps.size(); ++k) stepsJson += (k ? "," : "") + std::to_string(steps[k]);
    stepsJson += "]";
    // compact (one line per layer): the summary of three seeds must fit the data budget
    return "{\"seed\":" + std::to_string(seed) + ",\"test_accuracy\":" + fixed4(acc.back()) + ",\"steps\":" + stepsJson +
           ",\"accuracy_by_step\":" + accJson + ",\n\"trained\":" + variantJson[1] + ",\n\"untrained\":" + variantJson[0] +
           ",\n\"snapshots\":[\n" + snapJson + "]}";
}

std::string fragmentPath(const std::string& paramsDir, std::uint64_t seed) {
    return paramsDir + "/seed" + std::to_string(seed) + "/summary.json";
}

void writeText(const std::string& path, const std::string& text) {
    std::ofstream f(path, std::ios::binary);
    f << text;
    if (!f) throw Error("cannot write '" + path + "'");
}

}  // namespace

void measureDeep(const DeepData& d, const DeepSpec& spec, const TrainConfig& cfg, int epochs, std::uint64_t seed,
                 const std::string& paramsDir) {
    writeText(fragmentPath(paramsDir, seed), measureSeed(d, spec, cfg, epochs, seed, paramsDir, nullptr));
    std::printf("wrote %s\n", fragmentPath(paramsDir, seed).c_str());
}

void summarizeDeep(const std::vector<std::uint64_t>& seeds, const std::string& paramsDir, const std::string& outDir) {
    if (seeds.empty()) throw Error("summary: no seeds");
    std::string summary = "{\n  \"format\": \"peakscope-tutorial2-summary\",\n  \"version\": 1,\n  \"z\": [1, 1.65, 2.5],\n"
                          "  \"chi_k\": 30,\n  \"subsamples\": {\"A\": \"the shipped images (first 300 test images of each class)\", "
                          "\"B\": \"the next 300 test images of each class\"},\n  \"shipped_seed\": " +
                          std::to_string(seeds[0]) + ",\n  \"seeds\": [";
    for (size_t si = 0; si < seeds.size(); ++si) {
        const std::string path = fragmentPath(paramsDir, seeds[si]);
        std::ifstream f(path, std::ios::binary);
        if (!f) throw Error("cannot read '" + path + "' (run 'measure' or 'export' for seed " + std::to_string(seeds[si]) + " first)");
        summary += std::string(si ? ",\n    " : "\n    ") + std::string(std::istreambuf_iterator<char>(f), {});
    }
    summary += "\n  ]\n}\n";
    writeText(outDir + "/summary.json", summary);
    std::printf("wrote %s/summary.json (%zu seeds)\n", outDir.c_str(), seeds.size());
}

void exportDeep(const DeepData& d, const DeepSpec& spec, const TrainConfig& cfg, int epochs, std::uint64_t seed,
                const std::string& paramsDir, const std::string& outDir) {
    std::filesystem::create_directories(outDir);
    const auto names = deepLayerNames(spec);
    const int nRep = int(names.size());
    const std::int64_t count = deepParamCount(spec), bpe = batchesPerEpoch(d, cfg), n = d.n;
    const std::vector<int> late = lateLayers(nRep);
    const std::vector<std::int64_t> steps = stepsOf(bpe, epochs);
    auto epochOf = [&](std::int64_t step) { return double(step) / double(bpe); };
    ShippedFiles files;
    writeText(fragmentPath(paramsDir, seed), measureSeed(d, spec, cfg, epochs, seed, paramsDir, &files));
    const std::vector<double>& acc0 = files.accuracy;
    const auto& trained = files.trainedLayers;
    const auto& untrained = files.untrainedLayers;
    NpzWriter& wTrained = files.trained;
    NpzWriter& wUntrained = files.untrained;
    NpzWriter& wSnap = files.snap;
    NpzWriter wImages;

    std::vector<std::uint16_t> testIndex(d.subset.size());
    for (size_t i = 0; i < d.subset.size(); ++i) testIndex[i] = std::uint16_t(d.subset[i]);
    std::vector<std::uint8_t> labels(d.subset.size());
    for (size_t i = 0; i < labels.size(); ++i) labels[i] = std::uint8_t(d.labels.classes[i]);
    wTrained.addU8("labels", {n}, labels);
    wUntrained.addU8("labels", {n}, labels);
    wImages.addU8("labels", {n}, labels);
    wImages.addU16("test_index", {n}, testIndex);
    wImages.addU8("images", {n, d.test.side, d.test.side}, d.subsetImages);

    // ---- manifest (format of demos/data/tutorial2/manifest.json, version 2: more layers, batch-level snapshots)
    const ClutterParams& c = d.clutter;
    std::string stages;
    for (size_t s = 0; s < spec.stages.size(); ++s) {
        stages += s ? " | " : "";
        for (size_t k = 0; k < spec.stages[s].size(); ++k) stages += (k ? " " : "") + std::to_string(spec.stages[s][k]);
    }
    std::string dense;
    for (int w : spec.dense) dense += std::to_string(w) + "-";
    char clutter[512];
    std::snprintf(clutter, sizeof clutter,
                  "{\"canvas\": %d, \"scale\": [%g, %g], \"contrast_min\": %g, \"background_max\": %g, \"fragments\": [%d, %d], "
                  "\"fragment_side\": [%d, %d], \"fragment_contrast\": [%g, %g], \"noise\": %g, \"seed\": %llu}",
                  c.canvas, c.scaleMin, c.scaleMax, c.contrastMin, c.backgroundMax, c.fragmentsMin, c.fragmentsMax,
                  c.fragmentSideMin, c.fragmentSideMax, c.fragmentContrastMin, c.fragmentContrastMax, c.noise,
                  (unsigned long long)c.seed);
    std::ostringstream m;
    m << "{\n  \"format\": \"peakscope-tutorial2\",\n  \"version\": 2,\n"
      << "  \"dataset\": \"cluttered-fashion-mnist\",\n"
      << "  \"description\": \"Activations of a VGG-style CNN (3x3 conv stages " << stages << ", 2x2 max pooling after each stage, dense "
      << dense << spec.classes << ") trained on cluttered Fashion-MNIST (" << c.canvas << " x " << c.canvas
      << ") by demos/cnn (make tutorial2-data), for 3000 class-balanced test images; seed " << seed
      << " ships as graphs, the per-layer measures of every seed are in summary.json.\",\n"
      << "  \"clutter\": " << clutter << ",\n"
      << "  \"n\": " << n << ",\n  \"maxk\": " << kExportMaxk << ",\n  \"self_column\": false,\n"
      << "  \"input\": \"pixel values / 255 (the network's input), " << d.test.pixels() << " = " << d.test.side << " x "
      << d.test.side << " row-major\",\n"
      << "  \"layer_order\": \"convK after ReLU (and after 2x2 max pooling when it ends a stage), flattened channel-last "
         "((y * W + x) * C + c); fcK after ReLU; logits before softmax\",\n"
      << formatRulesJson()
      << "  \"activation_only\": \"in this set layers of at most " << kActivationMaxDim
      << " dims are stored as activations only (dist and index null, to fit the size budget): their graph is the exact kNN "
         "graph (maxk 64, Euclidean) of the stored float16 activations, sorted by (float16 distance, index)\",\n"
      << "  \"subset\": {\"rule\": \"the first 300 images of each class in t10k order, grouped by class (class 0 first)\", "
         "\"file\": \"images.npz\", \"labels\": \"labels\", \"test_index\": \"test_index\", \"images\": \"images\"},\n";
    m << classesJson();
    m << "  \"training\": {\"epochs\": " << epochs << ", \"batch\": " << cfg.batch << ", \"batches_per_epoch\": " << bpe
      << ", \"optimizer\": \"adam\", \"learning_rate\": " << cfg.learningRate << ", ";
    m << "\"seed\": " << seed << ", \"train_images\": " << d.train.n << ", \"parameters\": " << count << "},\n";
    std::string accJson = "[";
    std::string epochAcc = "[" + fixed4(acc0[0]);
    for (size_t k = 0; k < acc0.size(); ++k) {
        accJson += (k ? ", " : "") + fixed4(acc0[k]);
        if (steps[k] > 0 && steps[k] % bpe == 0) epochAcc += ", " + fixed4(acc0[k]);
    }
    accJson += "]";
    epochAcc += "]";
    m << "  \"summary\": \"summary.json\",\n";
    m << "  \"variants\": [\n"
      << "    {\"name\": \"trained\", \"description\": \"after " << epochs << " epochs on cluttered images\", \"epoch\": " << epochs
      << ", \"test_accuracy\": " << fixed4(acc0.back()) << ", \"accuracy_by_epoch\": " << epochAcc
      << ", \"images\": \"images\", \"layers\": " << layersJson(trained, "    ") << "},\n"
      << "    {\"name\": \"untrained\", \"description\": \"the trained run's initialisation (batch 0), the control\", "
         "\"epoch\": 0, \"test_accuracy\": " << fixed4(acc0.front()) << ", \"images\": \"images\", \"layers\": "
      << layersJson(untrained, "    ") << "}\n  ],\n";
    m << "  \"snapshots\": {\"variant\": \"trained\", \"layers\": [";
    for (size_t i = 0; i < late.size(); ++i) m << (i ? ", " : "") << json::quoted(names[size_t(late[i])]);
    m << "], \"note\": \"batch 0 = the untrained variant and the last entry = the trained variant; epoch = batch / "
         "batches_per_epoch; the snapshots at the ends of epochs 2 .. " << epochs - 1
      << " are in summary.json (measures of every seed) but not shipped as graphs, to fit the size budget\", "
         "\"epochs\": [\n";
    std::vector<std::pair<std::int64_t, std::vector<ExportedLayer>>> list;
    auto pick = [&](const std::vector<ExportedLayer>& v) {
        std::vector<ExportedLayer> o;
        for (int l : late) o.push_back(v[size_t(l)]);
        return o;
    };
    list.push_back({0, pick(untrained)});
    for (auto& s : files.snaps) list.push_back(s);
    list.push_back({steps.back(), pick(trained)});
    for (size_t i = 0; i < list.size(); ++i) {
        size_t k = 0;
        while (steps[k] != list[i].first) ++k;
        m << "    {\"epoch\": " << fixed4(epochOf(list[i].first)) << ", \"batch\": " << list[i].first
          << ", \"test_accuracy\": " << fixed4(acc0[k]) << ", \"layers\": " << layersJson(list[i].second, "    ") << "}"
          << (i + 1 < list.size() ? ",\n" : "\n");
    }
    m << "  ]}\n}\n";

    wTrained.save(outDir + "/trained.npz");
    wUntrained.save(outDir + "/untrained.npz");
    wSnap.save(outDir + "/snapshots.npz");
    wImages.save(outDir + "/images.npz");
    writeText(outDir + "/manifest.json", m.str());
    std::printf("wrote %s (shipped seed %llu: accuracy %.4f)\n", outDir.c_str(), (unsigned long long)seed, acc0.back());
}

}  // namespace peakscope::cnn
