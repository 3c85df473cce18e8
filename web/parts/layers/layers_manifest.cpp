// PeakScope Tutorial 2: manifest.json → the shipped LayerSet. See layers_manifest.hpp.
#include "parts/layers/layers_manifest.hpp"

#include <cmath>
#include <cstdlib>

namespace peakscope::web::layers {

LayerSet manifestSet(const std::map<std::string, std::string>& kv) {
    const auto get = [&](const std::string& k) {
        const auto it = kv.find(k);
        return it == kv.end() ? std::string() : it->second;
    };
    const auto has = [&](const std::string& prefix) {
        const auto it = kv.lower_bound(prefix);
        return it != kv.end() && it->first.compare(0, prefix.size(), prefix) == 0;
    };
    const auto count = [&](const std::string& array) {
        int n = 0;
        while (has(array + "." + std::to_string(n))) ++n;
        return n;
    };
    const auto number = [&](const std::string& k) { return std::atof(get(k).c_str()); };
    const auto layer = [&](const std::string& q) {
        LayerResult r;
        r.name = get(q + ".name");
        r.dims = Index(std::atoll(get(q + ".dims").c_str()));
        r.key = get(q + ".file");
        r.dist = get(q + ".dist");
        r.index = get(q + ".index");
        r.act = r.dist.empty() ? get(q + ".activations") : "";
        r.scale = number(q + ".scale");
        return r;
    };
    LayerSet set;
    set.title = "CNN on Fashion-MNIST (shipped)";
    set.n = Index(std::atoll(get("n").c_str()));
    for (int i = 0, n = count("classes"); i < n; ++i) set.classes.push_back(get("classes." + std::to_string(i)));
    for (int i = 0, n = count("macro_classes"); i < n; ++i)
        set.macroNames.push_back(get("macro_classes." + std::to_string(i) + ".name"));
    for (int i = 0, n = count("class_to_macro"); i < n; ++i)
        set.classToMacro.push_back(std::atoi(get("class_to_macro." + std::to_string(i)).c_str()));
    const double bpe = number("training.batches_per_epoch");
    const bool byBatch = bpe > 0 && has("snapshots.epochs.0.batch");
    set.snapshotUnit = byBatch ? "batch" : "epoch";
    set.batchesPerEpoch = int(bpe);
    for (int v = 0, n = count("variants"); v < n; ++v) {
        const std::string p = "variants." + std::to_string(v);
        Series se;
        se.name = get(p + ".name");
        se.description = get(p + ".description");
        se.accuracy = number(p + ".test_accuracy");
        se.epoch = byBatch ? int(std::llround(number(p + ".epoch") * bpe)) : std::atoi(get(p + ".epoch").c_str());
        for (int i = 0, m = count(p + ".layers"); i < m; ++i) {
            se.layers.push_back(layer(p + ".layers." + std::to_string(i)));
            if (v == 0) set.layerNames.push_back(se.layers.back().name);
        }
        if (se.name == "shifted") set.shiftedSeries = v;
        set.series.push_back(std::move(se));
    }
    for (int e = 0, n = count("snapshots.epochs"); e < n; ++e) {
        const std::string p = "snapshots.epochs." + std::to_string(e);
        const std::string at = get(p + (byBatch ? ".batch" : ".epoch"));
        const int when = std::atoi(at.c_str());
        if (when == 0 || (!set.series.empty() && when == set.series[0].epoch)) continue;  // = untrained / trained
        Series se;
        se.name = set.snapshotUnit + " " + at;
        se.epoch = when;
        se.accuracy = number(p + ".test_accuracy");
        se.layers.resize(set.layerNames.size());
        for (int i = 0, m = count(p + ".layers"); i < m; ++i) {
            LayerResult r = layer(p + ".layers." + std::to_string(i));
            for (size_t j = 0; j < set.layerNames.size(); ++j)
                if (set.layerNames[j] == r.name) se.layers[j] = r;
        }
        set.epochs.push_back(std::move(se));
    }
    set.outputLayer = int(set.layerNames.size()) - 1;
    return set;
}

}  // namespace peakscope::web::layers
