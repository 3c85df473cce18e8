// PeakScope Tutorial 2 walkthrough: the goals of issue #13 (hunchback, forgetting then nucleation,
// coarse before fine, learned mountain chains, peaks during training; Ansuini et al. 2019, Doimo et
// al. 2020), each a claim of core/representations/findings with its numbers and threshold, computed from the
// measures of summary.json (the strip's bands); a claim that fails is shown as "not in this
// network". Next/Back set the variant, layer and epoch of each step.
//   Sections: [1] numbers from the data  [2] steps  [3] panel
// Example: drawWalkthrough(L);
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <functional>
#include <string>
#include <vector>

#include "imgui.h"
#include "kit/text.hpp"
#include "parts/layers/layers_params.hpp"
#include "parts/layers/layers_state.hpp"
#include "shell/app.hpp"
#include "shell/page_api.hpp"

namespace peakscope::web::layers {

namespace {

//-----------------------------------------------------------------------------------------------
// [1] Numbers from the data: the profiles of summary.json (the strip's bands) at the Z nearest
// the slider's, averaged over the seeds; the claims and their thresholds are core/representations/findings.
//-----------------------------------------------------------------------------------------------
std::string fmt(const char* f, double v) {
    if (!std::isfinite(v)) return "n/a";
    char b[48];
    std::snprintf(b, sizeof b, f, v);
    return b;
}

struct Numbers {
    bool ok = false;
    size_t zi = 0;
    double Z = NAN;
    std::vector<std::string> names;
    std::vector<representations::Profile> ts, us;  // per seed
    representations::Profile t, u;                 // mean over the seeds
};

// The neighbours per point of the shipped trained layers analysed (each layer's graph reports it;
// the part's choice before any arrives, layers_params.hpp).
Index shippedMaxk(const LayersState& L) {
    Index m = 0;
    if (!L.shipped.series.empty())
        for (const LayerResult& r : L.shipped.series[0].layers) m = std::max(m, r.maxk);
    return m > 0 ? m : analysisOptions(L.Z).analysis.neighbours.maxk;
}

Numbers numbers(LayersState& L) {
    Numbers n;
    const Summary& s = L.shipped.summary;
    const int zi = nearestZ(s, L.Z);
    if (!s.ready || zi < 0 || !s.names.count("trained")) return n;
    n.zi = size_t(zi);
    n.Z = s.zs[n.zi];
    n.names = s.names.at("trained");
    for (size_t k = 0; k < s.seeds.size(); ++k) {
        representations::Profile t = summaryProfile(s, "trained", k, n.zi), u = summaryProfile(s, "untrained", k, n.zi);
        if (t.size() != n.names.size() || u.size() != t.size()) continue;
        n.ts.push_back(std::move(t));
        n.us.push_back(std::move(u));
    }
    if (n.ts.empty() || n.names.size() < 4) return n;
    n.t = representations::meanProfile(n.ts);
    n.u = representations::meanProfile(n.us);
    n.ok = true;
    return n;
}

std::string header(const Numbers& n) {
    return "Mean over " + std::to_string(n.ts.size()) + " training seeds at Z = " + fmt("%.2f", n.Z) +
           " (the Z of summary.json nearest the slider; the bands of the strip). ";
}

// A claim on the mean profile, and in how many seeds it holds on its own.
std::string claim(const Numbers& n, representations::Claim (*make)(const Numbers&, size_t seed)) {
    if (!n.ok) return "Waiting for summary.json...";
    try {
        const representations::Claim c = make(n, size_t(-1));
        int holds = 0;
        for (size_t k = 0; k < n.ts.size(); ++k) holds += make(n, k).holds;
        return header(n) + c.text + " Holds in " + std::to_string(holds) + " of " + std::to_string(n.ts.size()) +
               " seeds on their own.";
    } catch (const std::exception& e) {
        return std::string("Cannot judge this here: ") + e.what();
    }
}
const representations::Profile& tOf(const Numbers& n, size_t k) { return k < n.ts.size() ? n.ts[k] : n.t; }
const representations::Profile& uOf(const Numbers& n, size_t k) { return k < n.us.size() ? n.us[k] : n.u; }

representations::Claim hunchbackAt(const Numbers& n, size_t k) {
    return representations::hunchbackClaim(representations::hunchback(tOf(n, k), uOf(n, k)), n.names);
}
representations::Claim nucleationAt(const Numbers& n, size_t k) {
    return representations::nucleationClaim(representations::nucleation(tOf(n, k), uOf(n, k)), n.names);
}
representations::Claim hierarchyAt(const Numbers& n, size_t k) {
    return representations::hierarchyClaim(representations::hierarchy(tOf(n, k)), n.names);
}
representations::Claim chainsAt(const Numbers& n, size_t k) {
    return representations::chainsClaim(representations::chains(tOf(n, k)), n.names);
}

// The last layer's measures over training of seed k: untrained, the snapshots, trained; the
// labels of those steps and the index of the end of epoch 1 (−1: no snapshot there).
struct Training {
    std::vector<representations::Profile> perSeed;  // one "profile" per seed: a LayerMeasures per step
    std::vector<std::string> labels;
    int epoch1 = -1;
};

Training training(LayersState& L, const Numbers& n) {
    Training tr;
    const Summary& s = L.shipped.summary;
    const int bpe = L.shipped.batchesPerEpoch;
    tr.labels.push_back("untrained");
    for (int b : s.batches) {
        tr.labels.push_back("batch " + std::to_string(b));
        if (bpe > 0 && b == bpe) tr.epoch1 = int(tr.labels.size()) - 1;
    }
    tr.labels.push_back("trained");
    for (size_t k = 0; k < n.ts.size(); ++k) {
        representations::Profile steps = {n.us[k].back()};
        for (int b : s.batches) {
            const representations::Profile p = summaryProfile(s, "b" + std::to_string(b), k, n.zi);
            if (p.empty()) break;
            steps.push_back(p.back());
        }
        steps.push_back(n.ts[k].back());
        if (steps.size() == tr.labels.size()) tr.perSeed.push_back(std::move(steps));
    }
    return tr;
}

std::string evolutionText(LayersState& L) {
    const Numbers n = numbers(L);
    if (!n.ok) return "Waiting for summary.json...";
    const Training tr = training(L, n);
    if (tr.perSeed.empty() || tr.epoch1 < 1) return "summary.json has no training snapshots up to the end of epoch 1.";
    try {
        const representations::Profile mean = representations::meanProfile(tr.perSeed);
        const representations::Claim c =
            representations::evolutionClaim(representations::evolution(mean, tr.epoch1), tr.labels, tr.epoch1);
        int holds = 0;
        for (const auto& p : tr.perSeed) holds += representations::evolution(p, tr.epoch1).holds;
        return header(n) + c.text + " Holds in " + std::to_string(holds) + " of " + std::to_string(tr.perSeed.size()) +
               " seeds on their own. Press 'Play epochs' to watch the map of a snapshot layer change.";
    } catch (const std::exception& e) {
        return std::string("Cannot judge this here: ") + e.what();
    }
}

//-----------------------------------------------------------------------------------------------
// [2] Steps: a title, the state it sets, and text built from the numbers.
//-----------------------------------------------------------------------------------------------
struct Step {
    const char* title;
    int series, layer, epoch;  // layer −1 = last
    std::function<std::string(LayersState&)> text;
};

const std::vector<Step>& steps() {
    static const std::vector<Step> v = {
        {"1. What you see", 0, 0, -1,
         [](LayersState& L) {
             const LayerSet& set = L.shipped;
             const Summary& s = set.summary;
             const int nl = int(set.layerNames.size());
             std::string t = "A network with " + std::to_string(nl) + " representations (" +
                             (nl ? set.layerNames.front() + " ... " + set.layerNames.back() : std::string("?")) + ") saw " +
                             std::to_string(set.n) + " test images of " + std::to_string(set.classes.size()) + " classes (" +
                             std::to_string(set.macroNames.size()) + " macro-classes). For every layer the app builds the kNN "
                             "graph of the representations and runs Tutorial 1's analysis: the intrinsic dimension (ID), the "
                             "density peaks at Z, how well the peaks match the classes (ARI) and how many of an image's 30 "
                             "nearest neighbours share its class (chi). Lines: the shipped seed, analysed here at the slider's Z. ";
             if (s.ready) {
                 double lo = 1, hi = 0;
                 for (double a : s.accuracy) { lo = std::min(lo, a); hi = std::max(hi, a); }
                 t += "Bands: lowest to highest of " + std::to_string(s.seeds.size()) + " training seeds (test accuracy " +
                      fmt("%.0f", 100 * lo) + "-" + fmt("%.0f", 100 * hi) + "%), each with its untrained control.";
             }
             return t;
         }},
        {"2. The ID profile (hunchback)", 0, -1, -1, [](LayersState& L) { return claim(numbers(L), hunchbackAt); }},
        {"3. Forgetting, then nucleation", 0, -1, -1,
         [](LayersState& L) {
             const Numbers n = numbers(L);
             if (!n.ok) return std::string("Waiting for summary.json...");
             const size_t half = (n.t.size() - 1) / 2, last = n.t.size() - 1;
             std::string t = "Forgetting (neighbourhood overlap with the input, strip): " + fmt("%.2f", n.t[half].overlapInput) +
                             " at " + n.names[half] + " and " + fmt("%.2f", n.t[last].overlapInput) + " at " + n.names[last] +
                             " (untrained: " + fmt("%.2f", n.u[half].overlapInput) + ", " + fmt("%.2f", n.u[last].overlapInput) + "). ";
             return t + claim(n, nucleationAt);
         }},
        {"4. Coarse before fine", 0, -1, -1, [](LayersState& L) { return claim(numbers(L), hierarchyAt); }},
        {"5. Mountain chains", 0, -1, -1,
         [](LayersState& L) {
             return claim(numbers(L), chainsAt) +
                    " The dendrogram (right) shows the shipped seed's peaks at the slider's Z; peaks join at the height of their saddle.";
         }},
        {"6. Peaks during training", 0, -1, -1, evolutionText},
        {"7. Controls and limits", 1, -1, -1,
         [](LayersState& L) {
             const Numbers n = numbers(L);
             std::string t = "The untrained control is shown now (blue): the same network before training. ";
             if (n.ok)
                 t += "Its class chi goes " + fmt("%.2f", n.u.front().chiClass) + " -> " + fmt("%.2f", n.u.back().chiClass) +
                      " (trained: " + fmt("%.2f", n.t.front().chiClass) + " -> " + fmt("%.2f", n.t.back().chiClass) + "). ";
             t += "Limits: one small network on small images, " + std::to_string(L.shipped.n) + " points and maxk = " +
                  std::to_string(shippedMaxk(L)) + " "
                  "limit the scales seen; the judgements are made at three Z values only. A claim marked 'not in this "
                  "network' is what these data do not show. Read trends, not exact numbers.";
             return t;
         }},
    };
    return v;
}

void applyStep(LayersState& L, int i) {
    const auto& v = steps();
    if (i < 0 || i >= int(v.size())) return;
    const Step& st = v[size_t(i)];
    if (L.showOwn) return;  // the steps describe the shipped network
    L.series = st.series;
    L.layer = st.layer;
    L.epoch = st.epoch;
    L.playing = false;
}

}  // namespace

int walkthroughSteps() { return int(steps().size()); }

void walkthroughStepBy(LayersState& L, int delta) {
    if (L.showOwn) return;  // the steps describe the shipped network
    const int n = walkthroughSteps();
    const int to = L.step < 0 ? 0 : std::clamp(L.step + delta, 0, n - 1);
    if (n == 0 || to == L.step) return;
    L.step = to;
    applyStep(L, to);
    shell::linkChanged();
}

std::string walkthroughText(LayersState& L) {
    const auto& v = steps();
    if (L.showOwn || L.step < 0 || v.empty()) return "";
    return v[size_t(std::min(L.step, int(v.size()) - 1))].text(L);
}

//-----------------------------------------------------------------------------------------------
// [3] Panel: text of the step, Back / Next.
//-----------------------------------------------------------------------------------------------
void drawWalkthrough(LayersState& L) {
    const auto& v = steps();
    if (L.showOwn) {
        ImGui::TextWrapped("Your own data: the strip shows each layer's ID, peaks at Z, ARI with your labels and chi. The "
                           "walkthrough describes the shipped network; switch back to 'shipped CNN' above to follow it.");
        return;
    }
    if (L.step < 0) {
        if (ImGui::Button("Open the walkthrough")) walkthroughStepBy(L, 0);
        ImGui::TextDisabled("Keys: N / B next and back, [ and ] move Z.");
        return;
    }
    const Step& st = v[size_t(std::min(L.step, int(v.size()) - 1))];
    ImGui::TextUnformatted(st.title);
    ImGui::Separator();
    const float buttons = ImGui::GetFrameHeightWithSpacing() + 6;
    ImGui::BeginChild("##wtext", ImVec2(0, -buttons));
    kit::wrapped(st.text(L));
    ImGui::EndChild();
    ImGui::BeginDisabled(L.step == 0);
    if (ImGui::Button("Back")) walkthroughStepBy(L, -1);
    ImGui::EndDisabled();
    shell::publishRect("walk-back");
    ImGui::SameLine();
    ImGui::Text("%d / %d", L.step + 1, int(v.size()));
    ImGui::SameLine();
    ImGui::BeginDisabled(L.step + 1 >= int(v.size()));
    if (ImGui::Button("Next")) walkthroughStepBy(L, +1);
    ImGui::EndDisabled();
    shell::publishRect("walk-next");
    ImGui::SameLine();
    if (ImGui::SmallButton("Close")) { L.step = -1; shell::linkChanged(); }
}

}  // namespace peakscope::web::layers
