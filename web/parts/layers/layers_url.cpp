// PeakScope Tutorial 2 ("Layers"): its keys in the link (shell/url_query.hpp): variant, layer,
// epoch, lz (Z of the layers), wstep (walkthrough step). A layer is named as in the loaded set (the
// manifest's names, or the own files'); a name given before the set is known waits (resolveLinkLayer).
//   Sections: isUrlKey · applyLink (link → state; a bad value: its default and a message) ·
//             resolveLinkLayer · appendQuery (state → link)
// Example: ?tutorial=2&variant=trained&layer=logits&lz=1.65&wstep=0
#include <cctype>
#include <functional>
#include <string>
#include <vector>

#include "parts/layers/layers.hpp"
#include "parts/layers/layers_params.hpp"
#include "shell/url_query.hpp"

namespace peakscope::web::layers {

namespace {
const char* kVariants[] = {"trained", "untrained", "shifted"};

// What a layer value may be: a name of the loaded set (its manifest or own files), or a number.
std::string layerChoices(const std::vector<std::string>& names) {
    return (names.empty() ? std::string("a layer name of the loaded set") : shell::oneOf(names)) + " (or a number 0 … 63)";
}
// A name the set could have (kept until the set's names are known): letters, digits, _ - . :
bool plausibleName(const std::string& v) {
    if (v.empty() || v.size() > 64) return false;
    for (char c : v)
        if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-' || c == '.' || c == ':')) return false;
    return true;
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
            // the names of the set on screen; before its manifest has arrived a name waits in linkLayer
            const std::vector<std::string>& names = L.set().layerNames;
            L.linkLayer.clear();
            for (int i = 0; i < int(names.size()); ++i)
                if (value == names[size_t(i)]) { L.layer = i; ok = true; }
            if (!ok && shell::parseInteger(value, -1, 63, x)) { L.layer = int(x); ok = true; }
            if (!ok && names.empty() && plausibleName(value)) { L.layer = def.layer; L.linkLayer = value; ok = true; }
            if (!ok) {
                L.layer = def.layer;
                problems.push_back(linkProblem(key, layerChoices(names), value, "using the last layer"));
            }
        } else if (key == "epoch") {
            if (shell::parseInteger(value, -1, 1000000, x)) L.epoch = int(x);  // epoch or batch of a snapshot
            else {
                L.epoch = def.epoch;
                problems.push_back(linkProblem(key, "an integer in -1 … 1000000 (a snapshot's epoch or batch; −1: the variant itself)", value, "using -1"));
            }
        } else if (key == "lz") {
            if (!parseLinkZ(value, L.Z)) {  // the codec's rules for Z (layers_params.hpp)
                L.Z = def.Z;
                problems.push_back(linkProblem(key, linkZValues(), value, "using " + linkZ(def.Z)));
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

std::string resolveLinkLayer(LayersState& L) {
    const std::vector<std::string>& names = L.set().layerNames;
    if (L.linkLayer.empty() || names.empty()) return "";
    const std::string want = L.linkLayer;
    L.linkLayer.clear();
    for (int i = 0; i < int(names.size()); ++i)
        if (names[size_t(i)] == want) {
            L.layer = i;
            return "";
        }
    L.layer = LayersState{}.layer;
    return shell::linkProblem("layer", layerChoices(names), want, "using the last layer");
}

void appendQuery(const LayersState& L, const shell::AddKey& add) {
    if (!L.showOwn && L.series >= 0 && L.series < 3) add("variant", kVariants[L.series]);
    const auto& names = L.set().layerNames;
    if (!L.linkLayer.empty()) add("layer", L.linkLayer);  // not known yet: the link's name stays
    else if (L.layer >= 0) add("layer", L.layer < int(names.size()) && !L.showOwn ? names[size_t(L.layer)] : std::to_string(L.layer));
    if (L.epoch >= 0) add("epoch", std::to_string(L.epoch));
    add("lz", linkZ(L.Z));
    add("wstep", std::to_string(L.step));
}

}  // namespace peakscope::web::layers
