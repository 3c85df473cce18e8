// PeakScope Tutorial 2 ("Layers"): its keys in the link (shell/url_query.hpp): variant, layer,
// epoch, lz (Z of the layers), wstep (walkthrough step).
//   Sections: isUrlKey · applyLink (link → state; a bad value: its default and a message) · appendQuery (state → link)
// Example: ?tutorial=2&variant=trained&layer=logits&lz=1.65&wstep=0
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <string>
#include <vector>

#include "parts/layers/layers.hpp"
#include "shell/url_query.hpp"

namespace peakscope::web::layers {

namespace {
const char* kVariants[] = {"trained", "untrained", "shifted"};
// the shipped network's representations (demos/data/tutorial2/cluttered/manifest.json), so that a
// link names a layer before the manifest has arrived
const char* kLayers[] = {"input", "conv1", "conv2", "conv3", "conv4", "conv5", "conv6", "conv7",
                         "conv8", "conv9", "conv10", "fc1", "fc2", "logits"};
constexpr int kLayerCount = int(sizeof kLayers / sizeof kLayers[0]);

std::string layerList() {
    std::string out;
    for (int i = 0; i < kLayerCount; ++i) out += (i ? ", " : "") + std::string(kLayers[i]);
    return out;
}
}  // namespace

bool isUrlKey(const std::string& key) {
    return key == "variant" || key == "layer" || key == "epoch" || key == "lz" || key == "wstep";
}

std::vector<std::string> applyLink(LayersState& L, shell::Pairs& pairs) {
    using shell::linkProblem;
    std::vector<std::string> problems;
    shell::Pairs rest;
    const LayersState def;
    for (const auto& kv : pairs) {
        const std::string& key = kv.first;
        const std::string& value = kv.second;
        if (!isUrlKey(key)) { rest.push_back(kv); continue; }
        double x = 0;
        bool ok = false;
        if (key == "variant") {
            for (int i = 0; i < 3; ++i)
                if (value == kVariants[i]) { L.series = i; ok = true; }
            if (!ok && shell::parseInteger(value, 0, 2, x)) { L.series = int(x); ok = true; }
            if (!ok) {
                L.series = def.series;
                problems.push_back(linkProblem(key, "one of trained, untrained, shifted (or 0 … 2)", value,
                                               std::string("using ") + kVariants[def.series]));
            }
        } else if (key == "layer") {
            for (int i = 0; i < kLayerCount; ++i)
                if (value == kLayers[i]) { L.layer = i; ok = true; }
            if (!ok && shell::parseInteger(value, -1, 63, x)) { L.layer = int(x); ok = true; }
            if (!ok) {
                L.layer = def.layer;
                problems.push_back(linkProblem(key, "one of " + layerList() + " (or a number 0 … 63)", value,
                                               "using the last layer"));
            }
        } else if (key == "epoch") {
            if (shell::parseInteger(value, -1, 1000000, x)) L.epoch = int(x);  // epoch or batch of a snapshot
            else {
                L.epoch = def.epoch;
                problems.push_back(linkProblem(key, "an integer in -1 … 1000000 (a snapshot's epoch or batch; −1: the variant itself)", value, "using -1"));
            }
        } else if (key == "lz") {
            if (shell::parseNumber(value, x) && x >= 0 && x < 100) L.Z = x;
            else {
                L.Z = def.Z;
                problems.push_back(linkProblem(key, "a finite number in 0 … 100", value, "using " + shell::formatNumber(def.Z)));
            }
        } else if (key == "wstep") {
            if (shell::parseInteger(value, -1, 49, x)) L.step = int(x);
            else {
                L.step = def.step;
                problems.push_back(linkProblem(key, "an integer in -1 … 49 (−1: closed)", value,
                                               "using " + std::to_string(def.step)));
            }
        }
    }
    pairs = rest;
    return problems;
}

void appendQuery(const LayersState& L, const shell::AddKey& add) {
    if (!L.showOwn && L.series >= 0 && L.series < 3) add("variant", kVariants[L.series]);
    const auto& names = L.set().layerNames;
    if (L.layer >= 0) add("layer", L.layer < int(names.size()) && !L.showOwn ? names[size_t(L.layer)] : std::to_string(L.layer));
    if (L.epoch >= 0) add("epoch", std::to_string(L.epoch));
    char b[32];
    std::snprintf(b, sizeof b, "%.4g", L.Z);
    add("lz", b);
    add("wstep", std::to_string(L.step));
}

}  // namespace peakscope::web::layers
