// peakscope_tutorial2: trains the Tutorial 2 CNN on Fashion-MNIST (plain and with ±4-pixel shifts)
// and writes the activation sets of 3,000 balanced test images to demos/data/tutorial2/.
// Runs: "trained" (6 epochs; its epoch-0 initialisation is the "untrained" control; snapshots of
// conv3/fc128/logits after epochs 1, 2, 4) and "shifted" (trained and evaluated on shifted images).
// Output is bit-identical for any thread count (see network.hpp) on the same CPU type.
// With a command first it runs Tutorial 2 on cluttered Fashion-MNIST with the deeper network
// (issue #13; deep_export.hpp): `probe` (pixel-space class structure of the analysed images),
// `train` (one seed, parameters saved at the snapshots), `export` (the shipped seed →
// demos/data/tutorial2/cluttered), `measure` (another seed's measures), `summary` (all seeds).
// Example: peakscope_tutorial2 --out demos/data/tutorial2 --threads 2
//          peakscope_tutorial2 train --seed 1;  peakscope_tutorial2 export --seed 1;  … summary --seeds 1,2,3
#include <cstdio>
#include <cstdlib>
#include <chrono>
#include <cstring>
#include <fstream>
#include <set>
#include <sstream>
#include <string>
#ifdef _OPENMP
#include <omp.h>
#endif

#include "core/types.hpp"
#include "demos/cnn/deep_export.hpp"
#include "demos/cnn/export.hpp"

using namespace peakscope;
using namespace peakscope::cnn;

namespace {

void usage() {
    std::printf(
        "usage: peakscope_tutorial2 [probe|train|export] [--data DIR] [--out DIR] [--epochs N] [--threads N] [--seed S]\n"
        "  (no command)   small CNN on plain Fashion-MNIST → demos/data/tutorial2\n"
        "  probe          cluttered images: pixel-space 10-NN vote and χ of the analysed subsamples\n"
        "  train          deep CNN on cluttered images, one seed; parameters → --params\n"
        "  export         deep CNN, seed --seed: graphs and measures → demos/data/tutorial2/cluttered, --params\n"
        "  measure        deep CNN, seed --seed: measures only → --params/seed<S>/summary.json\n"
        "  summary        --seeds A,B,C: their measures → demos/data/tutorial2/cluttered/summary.json\n"
        "  --data DIR     Fashion-MNIST gzip IDX files (default %s)\n"
        "  --out DIR      output folder (default demos/data/tutorial2, export: …/cluttered)\n"
        "  --epochs N     training epochs (default 6; train/export: 3)\n"
        "  --threads N    OpenMP threads (default: OpenMP's choice; results do not depend on it)\n"
        "  --seed S       seed of initialisation, shuffling and shifts (default 20240605; train: 1)\n"
        "  --seeds A,B,C  summary: the seeds (default 1,2,3; the first is the shipped one)\n"
        "  --params DIR   train/export: parameter files (default build/tutorial2-deep)\n"
        "  --train-limit N  use only the first N training images (quick runs)\n"
        "  --clutter K=V,…  cluttered-image parameters other than the defaults (ClutterParams: canvas,\n"
        "                 scaleMin, scaleMax, contrastMin, backgroundMax, fragmentsMin, fragmentsMax,\n"
        "                 fragmentSideMin, fragmentSideMax, fragmentContrastMin, fragmentContrastMax, noise);\n"
        "                 design 1 of the shipped data was noise=0.08\n",
        kDefaultFashionMnistDir);
}

std::vector<std::uint64_t> parseSeeds(const std::string& s) {
    std::vector<std::uint64_t> out;
    for (size_t p = 0;;) {
        const size_t q = s.find(',', p);
        out.push_back(std::stoull(s.substr(p, q == std::string::npos ? std::string::npos : q - p)));
        if (q == std::string::npos) return out;
        p = q + 1;
    }
}

double seconds(std::chrono::steady_clock::time_point t0) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

// The subset's images (as the network saw them) and labels.
std::vector<std::uint8_t> subsetImages(const std::vector<std::uint8_t>& all, const std::vector<std::int32_t>& idx) {
    std::vector<std::uint8_t> out(idx.size() * kPixels);
    for (size_t i = 0; i < idx.size(); ++i)
        std::memcpy(out.data() + i * kPixels, all.data() + size_t(idx[i]) * kPixels, kPixels);
    return out;
}

// Exports the chosen layers of `params` for the subset into w; returns the manifest entries.
std::vector<ExportedLayer> exportLayers(NpzWriter& w, const std::string& file, const std::string& prefix,
                                        const std::vector<float>& params, const std::vector<std::uint8_t>& images,
                                        std::int64_t n, const std::vector<int>& layers, bool smallAsActivations = false) {
    const auto acts = layerActivations(params, images, n, layers);
    std::vector<ExportedLayer> out;
    for (int l : layers) {
        const bool graph = !(smallAsActivations && acts[size_t(l)].dim <= kActivationMaxDim);
        out.push_back(exportLayer(w, file, prefix + acts[size_t(l)].name, acts[size_t(l)], n, kExportMaxk, graph));
    }
    return out;
}

std::string layersJson(const std::vector<ExportedLayer>& ls, const std::string& indent) {
    std::string s = "[\n";
    for (size_t i = 0; i < ls.size(); ++i) s += indent + "  " + jsonLayer(ls[i]) + (i + 1 < ls.size() ? ",\n" : "\n");
    return s + indent + "]";
}

}  // namespace

int main(int argc, char** argv) {
    std::string dataDir = kDefaultFashionMnistDir, outDir, paramsDir = "build/tutorial2-deep";
    int epochs = 0;
    TrainConfig cfg;
    std::vector<std::uint64_t> seeds = {1, 2, 3};
    std::string cmd;
    bool seedGiven = false;
    std::string clutterSpec;
    if (argc > 1 && argv[1][0] != '-') cmd = argv[1];
    if (!cmd.empty() && cmd != "probe" && cmd != "train" && cmd != "export" && cmd != "measure" && cmd != "summary") {
        std::fprintf(stderr, "error: unknown command '%s'\n", cmd.c_str());
        usage();
        return 2;
    }
    for (int i = cmd.empty() ? 1 : 2; i < argc; ++i) {
        const std::string a = argv[i];
        auto next = [&]() -> std::string {
            if (i + 1 >= argc) { std::fprintf(stderr, "error: %s needs a value\n", a.c_str()); std::exit(2); }
            return argv[++i];
        };
        try {
            if (a == "--data") dataDir = next();
            else if (a == "--out") outDir = next();
            else if (a == "--epochs") epochs = std::stoi(next());
            else if (a == "--seed") { cfg.seed = std::stoull(next()); seedGiven = true; }
            else if (a == "--seeds") seeds = parseSeeds(next());
            else if (a == "--params") paramsDir = next();
            else if (a == "--train-limit") cfg.trainLimit = std::stoll(next());
            else if (a == "--clutter") clutterSpec = next();
            else if (a == "--threads") {
                const int t = std::stoi(next());
#ifdef _OPENMP
                if (t > 0) omp_set_num_threads(t);
#else
                (void)t;
#endif
            } else if (a == "--help" || a == "-h") { usage(); return 0; }
            else { std::fprintf(stderr, "error: unknown option '%s'\n", a.c_str()); usage(); return 2; }
        } catch (const std::logic_error&) {
            std::fprintf(stderr, "error: bad value for %s\n", a.c_str());
            return 2;
        }
    }
    if (epochs == 0) epochs = cmd.empty() ? 6 : 3;
    if (outDir.empty()) outDir = cmd.empty() ? "demos/data/tutorial2" : "demos/data/tutorial2/cluttered";
    if (epochs < 1) { std::fprintf(stderr, "error: --epochs must be at least 1\n"); return 2; }
    if (!cmd.empty()) {
        try {
            const auto t0 = std::chrono::steady_clock::now();
            if (cmd == "summary") {
                summarizeDeep(seeds, paramsDir, outDir);
                return 0;
            }
            const DeepData d = loadDeepData(dataDir, parseClutterParams(clutterSpec));
            std::printf("cluttered Fashion-MNIST (%d x %d) made in %.1f s\n", d.test.side, d.test.side, seconds(t0));
            TrainConfig dc = deepTrainConfig();
            dc.trainLimit = cfg.trainLimit;
            if (seedGiven) dc.seed = cfg.seed;
            if (cmd == "probe") probeDeep(d);
            else if (cmd == "train") trainDeep(d, DeepSpec{}, dc, epochs, paramsDir);
            else if (cmd == "measure") measureDeep(d, DeepSpec{}, dc, epochs, dc.seed, paramsDir);
            else exportDeep(d, DeepSpec{}, dc, epochs, dc.seed, paramsDir, outDir);
            std::printf("done in %.1f s\n", seconds(t0));
        } catch (const std::exception& e) {
            std::fprintf(stderr, "error: %s\n", e.what());
            return 1;
        }
        return 0;
    }
    try {
        const auto tAll = std::chrono::steady_clock::now();
        int threads = 1;
#ifdef _OPENMP
        threads = omp_get_max_threads();
#endif
        std::printf("Fashion-MNIST from %s, %d thread(s)\n", dataDir.c_str(), threads);
        const Dataset train = loadFashionMnist(dataDir, "train"), test = loadFashionMnist(dataDir, "t10k");
        const std::vector<std::int32_t> subset = balancedSubset(test, 300);
        const std::int64_t n = std::int64_t(subset.size());
        std::vector<std::uint8_t> labels(subset.size());
        std::vector<std::uint16_t> testIndex(subset.size());
        for (size_t i = 0; i < subset.size(); ++i) {
            labels[i] = test.labels[size_t(subset[i])];
            testIndex[i] = std::uint16_t(subset[i]);
        }
        const std::vector<int> all = {0, 1, 2, 3, 4, 5}, late = {3, 4, 5};
        const std::set<int> snapshotEpochs = {1, 2, 4};

        // ---- run 1: trained, with the untrained control (epoch 0) and snapshots ----
        std::printf("run 'trained' (plain images), %d epochs, batch %d, Adam lr %g, seed %llu\n", epochs, cfg.batch,
                    cfg.learningRate, (unsigned long long)cfg.seed);
        Trainer t(train, test, cfg);
        const std::vector<std::uint8_t> plain = subsetImages(t.testImages(), subset);
        NpzWriter wTrained, wUntrained, wSnap, wShifted, wImages;
        std::vector<std::pair<int, double>> accTrained, accShifted;
        accTrained.push_back({0, t.testAccuracy()});
        std::printf("  epoch 0: test accuracy %.4f (initialisation = untrained control)\n", accTrained.back().second);
        auto tx = std::chrono::steady_clock::now();
        std::vector<ExportedLayer> untrained = exportLayers(wUntrained, "untrained.npz", "", t.params(), plain, n, {1, 2, 3, 4, 5});
        std::printf("  exported untrained layers (%.1f s)\n", seconds(tx));
        std::vector<std::pair<int, std::vector<ExportedLayer>>> snaps;
        double trainSeconds = 0;
        for (int e = 1; e <= epochs; ++e) {
            const EpochStats s = t.runEpoch();
            trainSeconds += s.seconds;
            accTrained.push_back({e, s.testAccuracy});
            std::printf("  epoch %d: %.1f s training, mean loss %.4f, test accuracy %.4f\n", e, s.seconds, s.meanLoss,
                        s.testAccuracy);
            std::fflush(stdout);
            if (snapshotEpochs.count(e) && e < epochs) {
                const std::string p = "epoch" + std::to_string(e) + "_";
                snaps.push_back({e, exportLayers(wSnap, "snapshots.npz", p, t.params(), plain, n, late, true)});
            }
        }
        tx = std::chrono::steady_clock::now();
        std::vector<ExportedLayer> trained = exportLayers(wTrained, "trained.npz", "", t.params(), plain, n, all);
        std::printf("  exported trained layers (%.1f s)\n", seconds(tx));
        wTrained.addU8("labels", {n}, labels);
        wUntrained.addU8("labels", {n}, labels);
        // the untrained control sees the same images: its input layer is the trained run's
        untrained.insert(untrained.begin(), trained[0]);

        // ---- run 2: shift-trained, evaluated on shifted test images ----
        TrainConfig cs = cfg;
        cs.shifts = true;
        std::printf("run 'shifted' (random ±%d-pixel shifts of training and test images)\n", cs.maxShift);
        Trainer ts(train, test, cs);
        accShifted.push_back({0, ts.testAccuracy()});
        std::printf("  epoch 0: test accuracy %.4f (shifted test images)\n", accShifted.back().second);
        for (int e = 1; e <= epochs; ++e) {
            const EpochStats s = ts.runEpoch();
            trainSeconds += s.seconds;
            accShifted.push_back({e, s.testAccuracy});
            std::printf("  epoch %d: %.1f s training, mean loss %.4f, test accuracy %.4f\n", e, s.seconds, s.meanLoss,
                        s.testAccuracy);
            std::fflush(stdout);
        }
        const std::vector<std::uint8_t> shiftedImages = subsetImages(ts.testImages(), subset);
        std::vector<std::int8_t> shifts(static_cast<size_t>(2 * n));
        for (std::int64_t i = 0; i < n; ++i)
            for (int k = 0; k < 2; ++k) shifts[size_t(2 * i + k)] = ts.testShifts()[size_t(2 * subset[size_t(i)] + k)];
        tx = std::chrono::steady_clock::now();
        std::vector<ExportedLayer> shifted = exportLayers(wShifted, "shifted.npz", "", ts.params(), shiftedImages, n, all);
        std::printf("  exported shifted layers (%.1f s)\n", seconds(tx));
        wShifted.addU8("labels", {n}, labels);

        wImages.addU8("labels", {n}, labels);
        wImages.addU16("test_index", {n}, testIndex);
        wImages.addU8("images", {n, kSide, kSide}, plain);
        wImages.addI8("shifts", {n, 2}, shifts);

        // ---- manifest ----
        std::ostringstream m;
        m << "{\n  \"format\": \"peakscope-tutorial2\",\n  \"version\": 1,\n"
          << "  \"description\": \"Activations of a small CNN (conv3x3(16)-pool-conv3x3(32)-pool-conv3x3(64)-pool-fc128-fc10) "
             "trained on Fashion-MNIST by demos/cnn (make tutorial2-data), for 3000 class-balanced test images.\",\n"
          << "  \"n\": " << n << ",\n  \"maxk\": " << kExportMaxk << ",\n"
          << "  \"self_column\": false,\n"
          << "  \"input\": \"pixel values / 255 (the network's input), 784 = 28 x 28 row-major\",\n"
          << "  \"layer_order\": \"conv1..conv3 are after ReLU and 2x2 max pooling, flattened channel-last ((y * W + x) * C + c); "
             "fc128 after ReLU; logits before softmax\",\n"
          << formatRulesJson()
          << "  \"subset\": {\"rule\": \"the first 300 images of each class in t10k order, grouped by class (class 0 first)\", "
             "\"file\": \"images.npz\", \"labels\": \"labels\", \"test_index\": \"test_index\", \"images\": \"images\", "
             "\"shifts\": \"shifts\", \"shifted_images\": \"the shifted variant sees image i moved by shifts[i] = (dx, dy): "
             "out(y, x) = in(y - dy, x - dx), 0 outside\"},\n";
        m << classesJson();
        m << "  \"training\": {\"epochs\": " << epochs << ", \"batch\": " << cfg.batch << ", \"optimizer\": \"adam\", "
          << "\"learning_rate\": " << cfg.learningRate << ", \"seed\": " << cfg.seed << ", \"max_shift\": " << cs.maxShift
          << ", \"train_images\": " << (cfg.trainLimit > 0 ? std::min<std::int64_t>(cfg.trainLimit, train.n) : train.n)
          << "},\n";
        auto accJson = [&](const std::vector<std::pair<int, double>>& acc) {
            std::string s = "[";
            for (size_t i = 0; i < acc.size(); ++i) s += (i ? ", " : "") + fixed4(acc[i].second);
            return s + "]";
        };
        m << "  \"variants\": [\n"
          << "    {\"name\": \"trained\", \"description\": \"after " << epochs << " epochs on plain images\", \"epoch\": " << epochs
          << ", \"test_accuracy\": " << fixed4(accTrained.back().second) << ", \"accuracy_by_epoch\": " << accJson(accTrained)
          << ", \"images\": \"images\", \"layers\": " << layersJson(trained, "    ") << "},\n"
          << "    {\"name\": \"untrained\", \"description\": \"the trained run's initialisation (epoch 0), the control\", "
             "\"epoch\": 0, \"test_accuracy\": " << fixed4(accTrained.front().second)
          << ", \"images\": \"images\", \"layers\": " << layersJson(untrained, "    ") << "},\n"
          << "    {\"name\": \"shifted\", \"description\": \"trained " << epochs << " epochs with random +-" << cs.maxShift
          << "-pixel shifts; images and accuracy are of shifted test images\", \"epoch\": " << epochs
          << ", \"test_accuracy\": " << fixed4(accShifted.back().second) << ", \"accuracy_by_epoch\": " << accJson(accShifted)
          << ", \"images\": \"images shifted by shifts\", \"layers\": " << layersJson(shifted, "    ") << "}\n  ],\n";
        m << "  \"snapshots\": {\"variant\": \"trained\", \"layers\": [\"conv3\", \"fc128\", \"logits\"], "
             "\"note\": \"epoch 0 = the untrained variant and the last epoch = the trained variant; in snapshots.npz "
             "fc128 and logits are stored as float16 activations only (dist and index null: build their graph from the "
             "activations), to keep the files small\", \"epochs\": [\n";
        std::vector<std::pair<int, std::vector<ExportedLayer>>> epochsList;
        epochsList.push_back({0, {untrained[3], untrained[4], untrained[5]}});
        for (auto& s : snaps) epochsList.push_back(s);
        epochsList.push_back({epochs, {trained[3], trained[4], trained[5]}});
        for (size_t i = 0; i < epochsList.size(); ++i)
            m << "    {\"epoch\": " << epochsList[i].first << ", \"test_accuracy\": "
              << fixed4(accTrained[size_t(epochsList[i].first)].second)
              << ", \"layers\": " << layersJson(epochsList[i].second, "    ") << "}" << (i + 1 < epochsList.size() ? ",\n" : "\n");
        m << "  ]}\n}\n";

        wTrained.save(outDir + "/trained.npz");
        wUntrained.save(outDir + "/untrained.npz");
        wShifted.save(outDir + "/shifted.npz");
        if (wSnap.members()) wSnap.save(outDir + "/snapshots.npz");
        wImages.save(outDir + "/images.npz");
        std::ofstream(outDir + "/manifest.json", std::ios::binary) << m.str();
        if (!std::ifstream(outDir + "/manifest.json")) throw Error("cannot write '" + outDir + "/manifest.json'");
        std::printf("trained: test accuracy %.4f; shifted: %.4f; untrained: %.4f\n", accTrained.back().second,
                    accShifted.back().second, accTrained.front().second);
        std::printf("training %.1f s (%.1f s per epoch), total %.1f s; wrote %s\n", trainSeconds, trainSeconds / (2 * epochs),
                    seconds(tAll), outDir.c_str());
    } catch (const std::exception& e) {
        std::fprintf(stderr, "error: %s\n", e.what());
        return 1;
    }
    return 0;
}
