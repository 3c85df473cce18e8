// PeakScope Tutorial 2 ("Layers"): its keys in the link (shell/url_query.hpp): variant, layer,
// epoch, lz (Z of the layers), wstep (walkthrough step).
//   Sections: isUrlKey · applyUrlKey (link → state) · appendQuery (state → link)
// Example: ?tutorial=2&variant=trained&layer=logits&lz=1.65&wstep=0
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <string>

#include "parts/layers/layers.hpp"

namespace peakscope::web::layers {

bool isUrlKey(const std::string& key) {
    return key == "variant" || key == "layer" || key == "epoch" || key == "lz" || key == "wstep";
}

bool applyUrlKey(LayersState& L, const std::string& key, const std::string& value) {
    char* end = nullptr;
    const double x = std::strtod(value.c_str(), &end);
    const bool num = end && *end == 0 && !value.empty();
    if (key == "variant") {
        static const char* names[] = {"trained", "untrained", "shifted"};
        for (int i = 0; i < 3; ++i)
            if (value == names[i]) { L.series = i; return true; }
        if (num && x >= 0 && x < 3) { L.series = int(x); return true; }
        return false;
    }
    if (key == "layer") {
        static const char* names[] = {"input", "conv1", "conv2", "conv3", "fc128", "logits"};
        for (int i = 0; i < 6; ++i)
            if (value == names[i]) { L.layer = i; return true; }
        if (num && x >= 0 && x < 64) { L.layer = int(x); return true; }
        return false;
    }
    if (key == "epoch") { if (num && x >= -1 && x < 1000) { L.epoch = int(x); return true; } return false; }
    if (key == "lz") { if (num && x >= 0 && x < 100) { L.Z = x; return true; } return false; }
    if (key == "wstep") { if (num && x >= -1 && x < 50) { L.step = int(x); L.stepApplied = true; return true; } return false; }
    return false;
}

void appendQuery(const LayersState& L, const shell::AddKey& add) {
    static const char* variants[] = {"trained", "untrained", "shifted"};
    if (!L.showOwn && L.series >= 0 && L.series < 3) add("variant", variants[L.series]);
    const auto& names = L.set().layerNames;
    if (L.layer >= 0) add("layer", L.layer < int(names.size()) && !L.showOwn ? names[size_t(L.layer)] : std::to_string(L.layer));
    if (L.epoch >= 0) add("epoch", std::to_string(L.epoch));
    char b[32];
    std::snprintf(b, sizeof b, "%.4g", L.Z);
    add("lz", b);
    add("wstep", std::to_string(L.step));
}

}  // namespace peakscope::web::layers
