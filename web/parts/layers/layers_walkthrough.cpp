// PeakScope Tutorial 2 walkthrough: the seed tutorial's points (ID profile, forgetting then
// learning, coarse before fine, late nucleation, mountain chains; Ansuini et al. 2019, Doimo et
// al. 2020) told with the numbers measured on the data shown, and what this small network does not
// show. Next/Back set the variant, layer and epoch of each step.
//   Sections: [1] numbers from the data  [2] steps  [3] panel
// Example: drawWalkthrough(L);
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <functional>
#include <string>
#include <vector>

#include "imgui.h"
#include "parts/layers/layers_state.hpp"
#include "shell/app.hpp"
#include "shell/page_api.hpp"

namespace peakscope::web::layers {

namespace {

//-----------------------------------------------------------------------------------------------
// [1] Numbers from the data
//-----------------------------------------------------------------------------------------------
std::string fmt(const char* f, double v) {
    if (!std::isfinite(v)) return "n/a";
    char b[48];
    std::snprintf(b, sizeof b, f, v);
    return b;
}

double val(LayersState& L, int series, int layer, int epoch, double (*get)(LayerResult&)) {
    LayerResult* r = at(L, series, layer, epoch);
    if (!r || !r->a) return NAN;
    refreshAtZ(L, *r, false);
    return get(*r);
}
double gId(LayerResult& r) { return r.a->id.id; }
double gAri(LayerResult& r) { return r.ariClass; }
double gAriM(LayerResult& r) { return r.ariMacro; }
double gChi(LayerResult& r) { return r.chiLabels; }


// In the dendrogram of `r`: merge by merge (highest saddle first), when do all peaks of macro-class
// `g` (by their dominant class) first sit in one group, and is any other peak in it then?
// Returns 1 = they join each other first, 0 = another macro-class joins in before, −1 = undecided.
int joinsFirst(const LayerSet& set, LayerResult& r, int g) {
    const Dendrogram& d = r.hier;
    if (set.classToMacro.empty() || d.nLeaves < 2) return -1;
    std::vector<int> group(size_t(d.nLeaves + Index(d.merges.size())), -1);
    std::vector<int> macro(size_t(d.nLeaves));
    int count = 0;
    for (Index i = 0; i < d.nLeaves; ++i) {
        const int c = i < Index(r.dominant.size()) ? r.dominant[size_t(i)] : -1;
        macro[size_t(i)] = c >= 0 && c < int(set.classToMacro.size()) ? set.classToMacro[size_t(c)] : -1;
        if (macro[size_t(i)] == g) ++count;
    }
    if (count < 2) return -1;
    // leaves under each node
    std::vector<std::vector<int>> leaves(group.size());
    for (Index i = 0; i < d.nLeaves; ++i) leaves[size_t(i)] = {int(i)};
    for (size_t k = 0; k < d.merges.size(); ++k) {
        const auto& m = d.merges[k];
        auto& out = leaves[size_t(d.nLeaves) + k];
        out = leaves[size_t(m.left)];
        out.insert(out.end(), leaves[size_t(m.right)].begin(), leaves[size_t(m.right)].end());
        int mine = 0, other = 0;
        for (int l : out) (macro[size_t(l)] == g ? mine : other)++;
        if (mine == count) return other == 0 && m.connected ? 1 : 0;
        if (mine > 0 && other > 0) return 0;  // another macro-class joined a part of g first
    }
    return -1;
}

//-----------------------------------------------------------------------------------------------
// [2] Steps: a title, the state it sets, and text built from the numbers.
//-----------------------------------------------------------------------------------------------
struct Step {
    const char* title;
    int series, layer, epoch;  // layer −1 = last
    std::function<std::string(LayersState&)> text;
};

int idx(LayersState& L, const char* name) {
    const auto& n = L.set().layerNames;
    for (size_t i = 0; i < n.size(); ++i)
        if (n[i] == name) return int(i);
    return -1;
}

const std::vector<Step>& steps() {
    static const std::vector<Step> v = {
        {"1. What you see", 0, 0, -1,
         [](LayersState&) {
             return std::string(
                 "A small CNN (3 conv blocks, fc128, 10 logits) saw 3,000 Fashion-MNIST test images. For every layer we "
                 "build the kNN graph of the 3,000 representations and run the same analysis as in Tutorial 1: the "
                 "intrinsic dimension (ID), the density peaks at Z, and how well the peaks match the classes (ARI) and "
                 "how many of an image's neighbours share its class (chi). Three networks: trained (orange), untrained "
                 "(blue, same initial weights) and trained on randomly shifted images (green). Start with the input layer.");
         }},
        {"2. The ID profile", 0, -1, -1,
         [](LayersState& L) {
             const int nl = int(L.set().layerNames.size());
             std::vector<double> id(static_cast<size_t>(nl));
             int best = 0;
             for (int i = 0; i < nl; ++i) {
                 id[size_t(i)] = val(L, 0, i, -1, gId);
                 if (std::isfinite(id[size_t(i)]) && (!std::isfinite(id[size_t(best)]) || id[size_t(i)] > id[size_t(best)])) best = i;
             }
             if (nl == 0 || !std::isfinite(id[0])) return std::string("Waiting for the analyses...");
             std::string t = "Top plot, orange: the ID of the trained network is " + fmt("%.1f", id[0]) + " at the input, " +
                             fmt("%.1f", id[size_t(best)]) + " at its highest (" + L.set().layerNames[size_t(best)] + ") and " +
                             fmt("%.1f", id.back()) + " at the logits. ";
             if (best > 0 && best < nl - 1 && id.back() < id[size_t(best)])
                 t += "So it rises in the first layers and falls towards the output, the hunchback profile of Ansuini et al. "
                      "(2019), although on a small scale: a representation of 784-3136 numbers per image lives on a manifold "
                      "of a few tens of dimensions at most.";
             else
                 t += "The rise-then-fall of Ansuini et al. (2019) is not clear here: this network is small and its input "
                      "ID is already low; what holds is that the last layers have a lower ID than the widest conv layer ones.";
             t += " Compare the untrained network (blue): its ID stays closer to the input's.";
             return t;
         }},
        {"3. Forgetting, then learning", 0, 1, -1,
         [](LayersState& L) {
             const int nl = int(L.set().layerNames.size());
             const double in = val(L, 0, 0, -1, gChi), out = val(L, 0, nl - 1, -1, gChi);
             double lo = in;
             int loAt = 0;
             for (int i = 1; i < nl - 1; ++i) {
                 const double c = val(L, 0, i, -1, gChi);
                 if (std::isfinite(c) && c < lo) { lo = c; loAt = i; }
             }
             const double sh = val(L, 2, 0, -1, gChi);
             std::string t = "chi with the labels (4th plot): at the input " + fmt("%.2f", in) + " of an image's 30 nearest "
                             "neighbours share its class: Fashion-MNIST pixels are already partly sorted by class. ";
             if (loAt > 0 && lo < in - 0.01)
                 t += "In the trained network it first drops to " + fmt("%.2f", lo) + " (" + L.set().layerNames[size_t(loAt)] +
                      ") - the first layers 'forget' the pixel neighbourhoods - and then rises to " + fmt("%.2f", out) +
                      " at the logits (Doimo et al. 2020).";
             else
                 t += "Here it does not drop much before rising to " + fmt("%.2f", out) + " at the logits: this small network "
                      "shows little 'forgetting'.";
             t += " With shifted images (green) the input chi is only " + fmt("%.2f", sh) + ": there the class structure is "
                  "built by the network from almost nothing.";
             return t;
         }},
        {"4. Coarse before fine", 0, 3, -1,
         [](LayersState& L) {
             const int nl = int(L.set().layerNames.size());
             int firstMacro = -1, firstClass = -1;
             for (int i = 0; i < nl; ++i) {
                 if (firstMacro < 0 && val(L, 0, i, -1, gAriM) > 0.5) firstMacro = i;
                 if (firstClass < 0 && val(L, 0, i, -1, gAri) > 0.5) firstClass = i;
             }
             const int c3 = idx(L, "conv3");
             std::string t = "3rd plot: solid = ARI with the 10 classes, dashed = with 4 macro-classes (garments, footwear, "
                             "trouser, bag). ";
             if (c3 >= 0)
                 t += "At conv3 the trained network's peaks reach ARI " + fmt("%.2f", val(L, 0, c3, -1, gAriM)) +
                      " with macro-classes but " + fmt("%.2f", val(L, 0, c3, -1, gAri)) + " with classes. ";
             auto name = [&](int i) { return i < 0 ? std::string("no layer") : L.set().layerNames[size_t(i)]; };
             t += "ARI above 0.5 is first reached at " + name(firstMacro) + " for macro-classes and at " + name(firstClass) +
                  " for classes. ";
             t += firstMacro >= 0 && (firstClass < 0 || firstMacro < firstClass)
                      ? "Coarse concepts come earlier than fine ones, as in Doimo et al. (2020)."
                      : "In this network the coarse and fine partitions appear at the same depth; the ordering is not resolved here.";
             return t;
         }},
        {"5. Late, sharp nucleation", 0, -1, 1,
         [](LayersState& L) {
             const int c3 = idx(L, "conv3"), f = idx(L, "fc128"), lg = int(L.set().layerNames.size()) - 1;
             std::string t = "Class peaks form late: ARI with classes is " + fmt("%.2f", val(L, 0, 0, -1, gAri)) + " at the input, " +
                             fmt("%.2f", c3 >= 0 ? val(L, 0, c3, -1, gAri) : NAN) + " at conv3, " +
                             fmt("%.2f", f >= 0 ? val(L, 0, f, -1, gAri) : NAN) + " at fc128 and " + fmt("%.2f", val(L, 0, lg, -1, gAri)) +
                             " at the logits. ";
             t += "During training (bottom plot, logits): epoch 0 " + fmt("%.2f", val(L, 0, lg, 0, gAri)) + ", epoch 1 " +
                  fmt("%.2f", val(L, 0, lg, 1, gAri)) + ", final " + fmt("%.2f", val(L, 0, lg, -1, gAri)) +
                  ". Press 'Play epochs' to watch the peaks of the logits appear; one epoch of Fashion-MNIST already gives 86% "
                  "accuracy, so most of the change happens in the first epoch.";
             return t;
         }},
        {"6. Mountain chains", 0, -1, -1,
         [](LayersState& L) {
             const int lg = int(L.set().layerNames.size()) - 1;
             LayerResult* r = at(L, 0, lg, -1);
             if (!r || !r->a) return std::string("Waiting for the analyses...");
             refreshAtZ(L, *r, false);
             const int foot = joinsFirst(L.set(), *r, 1), garm = joinsFirst(L.set(), *r, 0);
             std::string t = "The dendrogram of the logits' " + std::to_string(r->part.nClusters()) +
                             " peaks (right, below the map): peaks join at the height of their saddle. ";
             t += foot == 1 ? "The footwear peaks (sandal, sneaker, ankle boot) join each other before any joins a garment peak. "
                  : foot == 0 ? "Here a footwear peak joins another macro-class before the footwear peaks are all joined. "
                              : "There are too few footwear peaks at this Z to tell how they join. ";
             t += garm == 1 ? "The garment peaks (T-shirt, pullover, dress, coat, shirt) form their own chain as well. "
                  : garm == 0 ? "The garment peaks do not form a separate chain at this Z. " : "";
             t += "Semantic kinship shows up as mountain chains of the density (Doimo et al. 2020). Try a lower Z.";
             return t;
         }},
        {"7. Controls and limits", 1, -1, -1,
         [](LayersState& L) {
             const int lg = int(L.set().layerNames.size()) - 1;
             std::string t = "Untrained network (shown now): ARI with classes " + fmt("%.2f", val(L, 1, 0, -1, gAri)) + " at the input and " +
                             fmt("%.2f", val(L, 1, lg, -1, gAri)) + " at the logits; a random network keeps what the pixels "
                             "have and adds nothing. Shifted training: input ARI " + fmt("%.2f", val(L, 2, 0, -1, gAri)) +
                             ", logits " + fmt("%.2f", val(L, 2, lg, -1, gAri)) + ". ";
             t += "What this does not show: a 6-layer network on 28x28 images is far from the deep ImageNet networks of the "
                  "papers; 3,000 points and maxk = 64 limit the scales seen; one training run with one seed. Peak counts "
                  "depend on Z: read trends, not exact numbers.";
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

//-----------------------------------------------------------------------------------------------
// [3] Panel: text of the step, Back / Next.
//-----------------------------------------------------------------------------------------------
void drawWalkthrough(LayersState& L) {
    const auto& v = steps();
    if (L.stepApplied) {  // from the link: the step's text, the link's own selection
        L.stepApplied = false;
    }
    if (L.showOwn) {
        ImGui::TextWrapped("Your own data: the strip shows each layer's ID, peaks at Z, ARI with your labels and chi. The "
                           "walkthrough describes the shipped network; switch back to 'shipped CNN' above to follow it.");
        return;
    }
    if (L.step < 0) {
        if (ImGui::Button("Open the walkthrough")) { L.step = 0; applyStep(L, 0); shell::linkChanged(); }
        return;
    }
    L.step = std::min(L.step, int(v.size()) - 1);
    const Step& st = v[size_t(L.step)];
    ImGui::TextUnformatted(st.title);
    ImGui::Separator();
    const float buttons = ImGui::GetFrameHeightWithSpacing() + 6;
    ImGui::BeginChild("##wtext", ImVec2(0, -buttons));
    ImGui::PushTextWrapPos(0);
    ImGui::TextUnformatted(st.text(L).c_str());
    ImGui::PopTextWrapPos();
    ImGui::EndChild();
    ImGui::BeginDisabled(L.step == 0);
    if (ImGui::Button("Back")) { --L.step; applyStep(L, L.step); shell::linkChanged(); }
    ImGui::EndDisabled();
    shell::publishRect("walk-back");
    ImGui::SameLine();
    ImGui::Text("%d / %d", L.step + 1, int(v.size()));
    ImGui::SameLine();
    ImGui::BeginDisabled(L.step + 1 >= int(v.size()));
    if (ImGui::Button("Next")) { ++L.step; applyStep(L, L.step); shell::linkChanged(); }
    ImGui::EndDisabled();
    shell::publishRect("walk-next");
    ImGui::SameLine();
    if (ImGui::SmallButton("Close")) { L.step = -1; shell::linkChanged(); }
}

}  // namespace peakscope::web::layers
