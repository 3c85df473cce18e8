// PeakScope Tutorial 1: its keys in the link (pure: natively tested). A link restores the data
// set and its parameters, the estimator, k, maxk, Z, the view, the colouring and the tutorial step
// (a dropped file cannot travel in a link: the link then names the generator defaults instead).
//   ?gen=gaussians&n=5000&noise=1&seed=1&dim=3 | ?data=<url>   &est=knn|kstar|pak&k=16&maxk=100
//   &Z=1.65&view=id|density|decision|peaks|dendrogram&color=peak|halo|density|truth&step=2
#include <algorithm>

#include "parts/peaks/peaks_state.hpp"
#include "shell/url_query.hpp"

namespace peakscope::web {

const char* viewName(View v) {
    switch (v) {
        case View::Id: return "id";
        case View::Density: return "density";
        case View::Decision: return "decision";
        case View::Peaks: return "peaks";
        case View::Dendrogram: return "dendrogram";
    }
    return "peaks";
}
const char* colourName(ColourBy c) {
    switch (c) {
        case ColourBy::Peak: return "peak";
        case ColourBy::Halo: return "halo";
        case ColourBy::LogDensity: return "density";
        case ColourBy::Truth: return "truth";
    }
    return "peak";
}

namespace peaks {
namespace {
const char* kEstimators[] = {"knn", "kstar", "pak"};
}  // namespace

void appendQuery(const PeaksState& s, const shell::AddKey& add) {
    using shell::formatNumber;
    const DataSource& src = s.data.source;
    if (!src.url.empty()) {
        add("data", src.url);
    } else {
        add("gen", src.generator.empty() ? "gaussians" : src.generator);
        if (!src.generator.empty()) {
            add("n", std::to_string(src.n));
            if (src.noise >= 0) add("noise", formatNumber(src.noise));
            add("seed", std::to_string(src.seed));
            if (src.dim > 0) add("dim", std::to_string(src.dim));
        }
    }
    add("est", kEstimators[std::clamp(s.settings.density, 0, 2)]);
    if (s.settings.density == 0) add("k", std::to_string(s.settings.k));
    if (s.settings.maxk > 0) add("maxk", std::to_string(s.settings.maxk));
    add("Z", formatNumber(s.z.Z));
    add("view", viewName(s.ui.view));
    add("color", colourName(s.ui.colour));
    if (s.ui.tutorialStep >= 0) add("step", std::to_string(s.ui.tutorialStep));
}

bool applyUrlKey(PeaksState& s, const std::string& k, const std::string& v) {
    double x = 0;
    const auto number = [&](double lo, double hi) { return shell::parseNumber(v, x) && x >= lo && x <= hi; };
    DataSource& src = s.data.source;
    if (k == "gen") { src.generator = v; src.url.clear(); return true; }
    if (k == "data") { src.url = v; src.generator.clear(); return true; }
    // a key of this part with a bad value is still this part's: report it (return true only when applied)
    if (k == "n") { if (number(1, 1e300)) { src.n = Index(x); return true; } return false; }
    if (k == "noise") { if (number(0, 1e300)) { src.noise = x; return true; } return false; }
    if (k == "seed") { if (number(0, 1e300)) { src.seed = std::uint64_t(x); return true; } return false; }
    if (k == "dim") { if (number(1, 1e300)) { src.dim = Index(x); return true; } return false; }
    if (k == "est") {
        for (int i = 0; i < 3; ++i)
            if (v == kEstimators[i]) { s.settings.density = i; return true; }
        return false;
    }
    if (k == "k") { if (number(1, 1000)) { s.settings.k = int(x); return true; } return false; }
    if (k == "maxk") { if (number(4, 1000)) { s.settings.maxk = int(x); return true; } return false; }
    if (k == "Z") { if (number(0, 1e300)) { s.z.Z = x; return true; } return false; }
    if (k == "view") {
        for (View w : {View::Id, View::Density, View::Decision, View::Peaks, View::Dendrogram})
            if (v == viewName(w)) { s.ui.view = w; return true; }
        return false;
    }
    if (k == "color" || k == "colour") {
        for (ColourBy c : {ColourBy::Peak, ColourBy::Halo, ColourBy::LogDensity, ColourBy::Truth})
            if (v == colourName(c)) { s.ui.colour = c; return true; }
        return false;
    }
    if (k == "step") {
        if (shell::parseNumber(v, x) && x >= -1 && x < 100) { s.ui.tutorialStep = int(x); return true; }
        return false;
    }
    return false;
}

}  // namespace peaks
}  // namespace peakscope::web
