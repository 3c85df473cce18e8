// PeakScope Tutorial 1: its keys in the link (pure: natively tested). A link restores the data
// set and its parameters, the estimator, k, maxk, Z, the view, the colouring, the tutorial step and
// the views' toggles (a dropped file cannot travel in a link: the link names the generator defaults).
// The toggles are written only when they differ from their defaults.
// A bad value falls back to its default with one message line (shell::linkProblem; the analysis
// keys through the parameter codec, core/params.hpp); a bad data set to the default data set.
//   ?gen=gaussians&n=5000&noise=1&seed=1&dim=3 | ?data=<url>   &est=knn|kstar|pak&k=16&maxk=100
//   &Z=1.65&view=id|density|decision|peaks|dendrogram&color=peak|halo|density|truth&step=2
//   &logdelta=0|1 (decision graph's δ axis) &logpeaks=0|1 (peaks-vs-Z count axis) &tree=z|all (dendrogram)
#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <optional>
#include <string>
#include <vector>

#include "core/params.hpp"
#include "core/toy/generators.hpp"
#include "parts/peaks/peaks_state.hpp"
#include "parts/peaks/session_messages.hpp"
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
const char* kTrees[] = {"z", "all"};  // UiState::dendrogramMode 0, 1
std::string formatInt(double x) { return params::numberText(x); }
}  // namespace

void appendQuery(const PeaksState& s, const shell::AddKey& add) {
    using shell::formatNumber;
    const DataSource& src = s.data.source;
    if (!src.url.empty()) {
        add("data", src.url);
        if (!src.labels.empty()) add("labels", src.labels);
    } else {
        add("gen", src.generator.empty() ? "gaussians" : src.generator);
        if (!src.generator.empty()) {
            add("n", std::to_string(src.n));
            if (src.noise >= 0) add("noise", formatNumber(src.noise));
            add("seed", std::to_string(src.seed));
            if (src.dim > 0) add("dim", std::to_string(src.dim));
        }
    }
    // The analysis keys, named and written by the codec: the estimator, k for kNN, maxk unless
    // auto, Z to 6 significant digits (a dragged slider's value).
    const params::Options o = session::toOptions(s.settings, std::strtod(formatNumber(s.z.Z).c_str(), nullptr));
    const auto put = [&](const char* name) {
        const params::Spec& sp = params::spec(name);
        add(sp.shown(params::App).c_str(), params::format(sp, o));
    };
    put("density");
    if (o.analysis.density.method == DensityMethod::Knn) put("k");
    if (params::spec("maxk").get(o) != params::spec("maxk").autoValue) put("maxk");
    put("Z");
    add("view", viewName(s.ui.view));
    add("color", colourName(s.ui.colour));
    if (s.ui.tutorialStep >= 0) add("step", std::to_string(s.ui.tutorialStep));
    const UiState def;
    if (s.ui.decisionLogDelta != def.decisionLogDelta) add("logdelta", s.ui.decisionLogDelta ? "1" : "0");
    if (s.ui.peaksLogScale != def.peaksLogScale) add("logpeaks", s.ui.peaksLogScale ? "1" : "0");
    if (s.ui.dendrogramMode != def.dendrogramMode) add("tree", kTrees[std::clamp(s.ui.dendrogramMode, 0, 1)]);
}

namespace {

// The codec's parameters the app's controls set (under any of their names: est, z, …).
bool isAnalysisKey(const std::string& k) {
    const params::Spec* sp = params::find(k);
    if (!sp) return false;
    for (const char* x : {"density", "k", "maxk", "Z"})
        if (std::string(sp->name) == x) return true;
    return false;
}

bool isKey(const std::string& k) {
    static const char* keys[] = {"gen", "data", "n", "noise", "seed", "dim", "view", "color", "colour",
                                 "step", "logdelta", "logpeaks", "tree", "labels"};
    for (const char* x : keys)
        if (k == x) return true;
    return isAnalysisKey(k);
}

std::string integerIn(double lo, double hi) { return "an integer in " + formatInt(lo) + " … " + formatInt(hi); }

// gen / data, n, noise, seed, dim: checked against the catalogue (core/toy) once all keys are read,
// since the valid n, noise and dim depend on gen. A bad gen shows the default data set.
void applyDataKeys(DataSource& src, const shell::Pairs& keys, std::vector<std::string>& problems) {
    using shell::linkProblem;
    const DataSource def;
    if (!src.url.empty()) {  // a fetched file: the generator's keys do not apply
        for (const auto& [k, v] : keys)
            problems.push_back("option " + k + " applies to generated data only, got " + params::valueText(v) +
                               " (ignored: the data is " + src.url + ")");
        return;
    }
    const toy::GeneratorInfo* info = toy::findGenerator(src.generator);
    if (!info) {
        std::vector<std::string> ids;
        for (const auto& g : toy::catalogue()) ids.push_back(g.id);
        problems.push_back(linkProblem("gen", shell::oneOf(ids), src.generator,
                                       "showing the default data set, " + def.generator));
        src = def;
        info = toy::findGenerator(src.generator);
    }
    const std::string forGen = " for " + std::string(info->id);
    double x = 0;
    for (const auto& [k, v] : keys) {
        if (k == "n") {
            const Index fallback = def.n >= info->minN && def.n <= info->maxN ? def.n : info->defaultN;
            if (shell::parseInteger(v, double(info->minN), double(info->maxN), x)) src.n = Index(x);
            else {
                src.n = fallback;
                problems.push_back(linkProblem("n", integerIn(double(info->minN), double(info->maxN)) + forGen, v,
                                               "using " + std::to_string(fallback)));
            }
        } else if (k == "noise") {
            const bool applies = info->maxNoise > 0;
            if (applies && shell::parseNumber(v, x) && x >= info->minNoise && x <= info->maxNoise) src.noise = x;
            else {
                src.noise = def.noise;
                problems.push_back(linkProblem(
                    "noise",
                    applies ? "a number in " + shell::formatNumber(info->minNoise) + " … " + shell::formatNumber(info->maxNoise) + forGen
                            : "absent (no noise" + forGen + ")",
                    v, "using the default " + shell::formatNumber(info->defaultNoise)));
            }
        } else if (k == "seed") {
            if (shell::parseInteger(v, 0, 9007199254740992.0, x)) src.seed = std::uint64_t(x);
            else {
                src.seed = def.seed;
                problems.push_back(linkProblem("seed", integerIn(0, 9007199254740992.0), v, "using " + std::to_string(def.seed)));
            }
        } else if (k == "dim") {
            const bool applies = info->maxDim > 0;
            if (applies && shell::parseInteger(v, double(info->minDim), double(info->maxDim), x)) src.dim = Index(x);
            else {
                src.dim = def.dim;
                problems.push_back(linkProblem(
                    "dim", applies ? integerIn(double(info->minDim), double(info->maxDim)) + forGen : "absent (" + std::string(info->id) + " is 2-D)",
                    v, applies ? "using the default " + std::to_string(info->defaultDim) : "ignored"));
            }
        }
    }
}

// est / density, k, maxk, Z: parsed and checked by the parameter codec (core/params.hpp) with the
// app's ranges (maxk 4 … 1000; k ≤ maxk, auto maxk at most 100).
void applyAnalysisKeys(PeaksState& s, const shell::Pairs& keys, std::vector<std::string>& problems) {
    params::Options o = session::toOptions(s.settings, s.z.Z);
    const params::Options def = session::toOptions(Settings{}, ZState{}.Z);
    const params::Spec& kSpec = params::spec("k");
    const auto fallBack = [&](const params::Spec& sp, const Error& e) {
        problems.push_back(std::string(e.what()) + " (using " + params::format(sp, def) + ")");
        sp.set(o, sp.get(def));
    };
    std::string kText;
    for (const auto& [k, v] : keys) {
        const params::Spec& sp = *params::find(k);
        try {
            params::parse(sp, v, o, params::App);
            if (&sp == &kSpec) kText = v;
        } catch (const Error& e) {
            fallBack(sp, e);
        }
    }
    if (!kText.empty()) try {
            params::checkKWithinMaxk(o, params::App, kText);
        } catch (const Error& e) {
            fallBack(kSpec, e);
        }
    session::fromOptions(o, s.settings, s.z.Z);
}

}  // namespace

std::vector<std::string> applyLink(PeaksState& s, shell::Pairs& pairs) {
    std::vector<std::string> problems;
    shell::Pairs rest, dataKeys, analysisKeys;
    DataSource& src = s.data.source;
    std::optional<std::string> labels;  // labels=<column name> | none: for ?data= files
    for (const auto& kv : pairs) {
        const std::string& k = kv.first;
        const std::string& v = kv.second;
        if (!isKey(k)) rest.push_back(kv);
        else if (k == "gen") { src.generator = v; src.url.clear(); }
        else if (k == "data") { src.url = v; src.generator.clear(); }
        else if (k == "labels") labels = v;
        else if (k == "n" || k == "noise" || k == "seed" || k == "dim") dataKeys.push_back(kv);
        else if (isAnalysisKey(k)) analysisKeys.push_back(kv);
        else if (k == "view") {
            std::vector<std::string> names;
            bool ok = false;
            for (View w : {View::Id, View::Density, View::Decision, View::Peaks, View::Dendrogram}) {
                names.push_back(viewName(w));
                if (v == viewName(w)) { s.ui.view = w; ok = true; }
            }
            if (!ok) {
                s.ui.view = UiState{}.view;
                problems.push_back(shell::linkProblem(k, shell::oneOf(names), v, std::string("using ") + viewName(s.ui.view)));
            }
        } else if (k == "color" || k == "colour") {
            std::vector<std::string> names;
            bool ok = false;
            for (ColourBy c : {ColourBy::Peak, ColourBy::Halo, ColourBy::LogDensity, ColourBy::Truth}) {
                names.push_back(colourName(c));
                if (v == colourName(c)) { s.ui.colour = c; ok = true; }
            }
            if (!ok) {
                s.ui.colour = UiState{}.colour;
                problems.push_back(shell::linkProblem(k, shell::oneOf(names), v, std::string("using ") + colourName(s.ui.colour)));
            }
        } else if (k == "logdelta" || k == "logpeaks") {
            bool& flag = k == "logdelta" ? s.ui.decisionLogDelta : s.ui.peaksLogScale;
            if (v == "0" || v == "1") flag = v == "1";
            else {
                const UiState def;
                flag = k == "logdelta" ? def.decisionLogDelta : def.peaksLogScale;
                problems.push_back(shell::linkProblem(k, "0 or 1", v, flag ? "using 1" : "using 0"));
            }
        } else if (k == "tree") {
            if (v == kTrees[0] || v == kTrees[1]) s.ui.dendrogramMode = v == kTrees[1] ? 1 : 0;
            else {
                s.ui.dendrogramMode = UiState{}.dendrogramMode;
                problems.push_back(shell::linkProblem(k, shell::oneOf({kTrees[0], kTrees[1]}), v,
                                                      std::string("using ") + kTrees[s.ui.dendrogramMode]));
            }
        } else if (k == "step") {
            double x = 0;
            if (shell::parseInteger(v, -1, 99, x)) s.ui.tutorialStep = int(x);
            else {
                s.ui.tutorialStep = UiState{}.tutorialStep;
                problems.push_back(shell::linkProblem(k, integerIn(-1, 99) + " (−1: closed)", v,
                                                      "using " + std::to_string(s.ui.tutorialStep)));
            }
        }
    }
    pairs = rest;
    src.labels.clear();
    if (labels && src.url.empty())
        problems.push_back("option labels applies to a file given by data=<url>, got " + params::valueText(*labels) +
                           " (ignored)");
    else if (labels && labels->empty())
        problems.push_back(shell::linkProblem("labels", "a column name of the file, or none", *labels,
                                              "using a column named like labels"));
    else if (labels)
        src.labels = *labels;
    applyDataKeys(src, dataKeys, problems);
    applyAnalysisKeys(s, analysisKeys, problems);
    return problems;
}

}  // namespace peaks
}  // namespace peakscope::web
