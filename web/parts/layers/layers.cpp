// PeakScope Tutorial 2 ("Layers"): density peaks across the layers of a trained CNN (Ansuini et
// al. 2019; Doimo et al. 2020). The screen: controls + walkthrough (left), layer strip (middle),
// selected layer (right); the controls (data set, variant, Z, layer, epoch, play, loading).
//   Sections: [1] play  [2] layout and the part (update, then draw)  [3] controls
// Example: ?tutorial=2&variant=trained&layer=logits&lz=1.65
#include <algorithm>
#include <cmath>
#include <string>
#include <utility>
#include <vector>

#include "imgui.h"
#include "kit/panes.hpp"
#include "kit/text.hpp"
#include "parts/layers/layers.hpp"
#include "parts/layers/layers_draw.hpp"
#include "parts/layers/layers_loading.hpp"
#include "parts/layers/layers_own_data.hpp"
#include "parts/layers/layers_layout.hpp"
#include "parts/layers/layers_text.hpp"
#include "parts/layers/layers_worker.hpp"
#include "platform/a11y.hpp"
#include "platform/platform.hpp"
#include "shell/app.hpp"
#include "shell/page_api.hpp"

namespace peakscope::web::layers {

//-----------------------------------------------------------------------------------------------
// [1] Play: one step per interval through layers (or epochs of the selected layer).
//-----------------------------------------------------------------------------------------------
namespace {

void play(LayersState& L) {
    if (!L.playing) return;
    const double t = now() / 1000.0;
    if (t < L.playNext) {
        platform::frameAt(L.playNext * 1000.0);  // frames on demand: the next step on time
        return;
    }
    L.playNext = t + L.playInterval;
    platform::frameAt(L.playNext * 1000.0);
    const int nl = int(L.set().layerNames.size());
    if (L.playEpochs) {
        const int layer = L.layer < 0 ? nl - 1 : L.layer;
        const auto ep = epochsOf(L, layer);
        if (ep.empty()) { L.playing = false; return; }
        size_t i = 0;
        while (i < ep.size() && ep[i] != L.epoch) ++i;
        if (i + 1 >= ep.size() || L.epoch < 0) {
            if (L.epoch < 0 || i >= ep.size()) L.epoch = ep[0];
            else { L.playing = false; return; }
        } else {
            L.epoch = ep[i + 1];
        }
    } else {
        L.epoch = -1;
        if (L.layer < 0 || L.layer >= nl - 1) {
            if (L.layer == nl - 1 && L.playNext > 0 && L.layer >= 0) { L.playing = false; return; }
            L.layer = 0;
        } else {
            ++L.layer;
        }
    }
    shell::linkChanged();
}

}  // namespace

//-----------------------------------------------------------------------------------------------
// [2] Layout: four fixed panes, drawn from the state (update() ran before).
//-----------------------------------------------------------------------------------------------
namespace {

// One pane: a fixed window on a wide screen; in the compact layout a bordered child of one page
// window that covers the canvas and scrolls (the wheel over a pane that does not scroll itself, or
// the scrollbar), so every pane can be reached inside a frame of any height.
template <class Draw>
void pane(const PaneRect& r, const char* title, bool compact, Draw draw) {
    if (!compact) {
        kit::place(r.x, r.y, r.w, r.h);
        ImGui::Begin(title, nullptr, kit::kPane);
    } else {
        ImGui::SetCursorPos(ImVec2(r.x, r.y));
        ImGui::BeginChild(title, ImVec2(r.w, r.h), true);
        ImGui::TextDisabled("%s", title);
        ImGui::Separator();
    }
    draw();
    if (compact) ImGui::EndChild();
    else ImGui::End();
}

float layout(LayersState& L, float w, float h) {
    auto& measured = L.measured;
    const LayersLayout l = layersLayout(w, h, shell::state().embed, measured.width == w ? measured.controlsNeed : 0);
    if (l.compact) {
        kit::place(0, 0, w, h);
        ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(0, 0));
        ImGui::Begin("##layers-page", nullptr, kit::kPane | ImGuiWindowFlags_NoTitleBar);
        ImGui::PopStyleVar();
    }
    pane(l.controls, "Layers of a CNN", l.compact, [&] {
        drawControls(L);
        shell::publishRect("controls-last");  // the last control: inside the pane when it does not scroll
        // the height the controls took (content coordinates, scrolling included), for the next frame
        const float need = ImGui::GetCursorPosY() - ImGui::GetStyle().ItemSpacing.y + ImGui::GetStyle().WindowPadding.y;
        measured.controlsNeed = measured.width == w ? std::max(measured.controlsNeed, need) : need;
        measured.width = w;
        shell::publishWindowRect("pane-controls");
    });
    pane(l.walkthrough, "Walkthrough", l.compact, [&] { drawWalkthrough(L); });
    pane(l.strip, "Across layers", l.compact, [&] {
        drawStrip(L, l.strip.w, l.strip.h);
        shell::publishWindowRect("pane-strip");
    });
    pane(l.selected, "Selected layer", l.compact, [&] {
        drawSelected(L, l.selected.w, l.selected.h);
        shell::publishWindowRect("pane-selected");
    });
    if (l.compact) {
        ImGui::SetCursorPos(ImVec2(0, l.height));  // the page's scroll range: all the rows
        ImGui::Dummy(ImVec2(1, 1));
        ImGui::End();
    }
    return l.height;
}

// The accessible text (platform/a11y, layers_text.hpp): the layer on screen and its network's
// layers, written when they change or when Tutorial 1 wrote since.
void updateAccessibleText(LayersState& L) {
    LayerSet& set = L.set();
    Series* se = currentSeries(L);  // the series of the selected layer (a snapshot when an epoch is)
    int total = 0, done = 0;
    countLayers(set, total, done);
    const int layer = L.layer < 0 ? int(set.layerNames.size()) - 1 : L.layer;
    const std::string s1 = se ? layerSentence(*se, layer, L.Z, total, done)
                              : std::string(L.load.error.empty() ? "Tutorial 2: loading the layers." : "Tutorial 2: " + L.load.error);
    const std::string t1 = se ? layersTableHtml(*se, L.Z) : std::string();
    auto& c = L.a11y;
    const bool ours = c.writes == platform::accessibleWrites();
    if (!ours || s1 != c.sentence) platform::setLiveText(c.sentence = s1);
    if (!ours || t1 != c.table) platform::setHiddenHtml(c.table = t1);
    c.writes = platform::accessibleWrites();
}

// Keys (the canvas has the focus, no text field is edited, no Ctrl/Cmd/Alt), as in Tutorial 1:
// N / B the walkthrough's Next / Back (N opens it), [ and ] move Z by 0.05. Key indices are GLFW's
// (ASCII for letters and brackets).
void handleKeys(LayersState& L) {
    const ImGuiIO& io = ImGui::GetIO();
    if (io.WantTextInput || io.KeyCtrl || io.KeySuper || io.KeyAlt) return;
    if (ImGui::IsKeyPressed('N', false)) walkthroughStepBy(L, +1);
    if (ImGui::IsKeyPressed('B', false)) walkthroughStepBy(L, -1);
    for (const auto& [key, dz] : {std::pair<int, double>{']', 0.05}, {'[', -0.05}})
        if (ImGui::IsKeyPressed(key)) {
            L.Z = std::max(0.0, std::round((L.Z + dz) * 100) / 100);
            shell::linkChanged();
        }
}

// The part: its state is created on first use (ensure()); loading and play advance once per
// frame while it is shown.
class LayersPart : public shell::Part {
public:
    const char* id() const override { return "layers"; }
    const char* tutorial() const override { return "2"; }
    const char* title() const override { return "CNN"; }
    const char* summary() const override { return "Density peaks across the layers of a trained CNN"; }
    // Everything that changes the state outside a control's own click: the controls' requests
    // (cancel, reload), loading, play, the results at Z, the walkthrough step; draw() only reads.
    void update(bool shown) override {
        // the worker was restarted since the last frame (by either part, maybe in the middle of a
        // frame): what this part held there is gone; loading under way starts again. Shown or not.
        if (LayersState* R = st()) settleWorkerRestart(*R);
        if (!shown) return;
        LayersState& L = ensure();
        if (L.cancelRequested) {
            L.cancelRequested = false;
            cancelLoading(L);
            shell::notice("Loading cancelled: the layers analysed so far stay.");
        }
        if (!L.shippedRequested || L.reloadRequested) {
            L.reloadRequested = false;
            startShipped(L);
        }
        requestSummary(L);  // the seeds' bands: on screen before the page's own analyses end
        poll(L);
        pump(L);
        // the thumbnails' images once the default network's layers are analysed (their inflate
        // would hold the page's thread while the worker waits for it)
        if (!L.shipped.imagesNpz.empty() && !defaultNetworkPending(L)) readImages(L.shipped);
        if (const std::string problem = resolveLinkLayer(L); !problem.empty()) shell::notice("Link: " + problem);
        play(L);
        refreshShown(L);
        prepareThumbnails(L);
        L.step = std::min(L.step, walkthroughSteps() - 1);
        updateAccessibleText(L);
    }
    float draw(float width, float height) override {
        handleKeys(ensure());
        return layout(ensure(), width, height);
    }
    platform::Motion motion() const override {  // play asks for the frame of its next step (frameAt)
        const LayersState* L = st();
        return L && L->load.active ? platform::Motion::Working : platform::Motion::Still;
    }
    void openFiles(std::vector<platform::files::File> files) override {
        ensure();
        openOwnFiles(std::move(files));
    }
    std::vector<std::string> applyLink(shell::Pairs& pairs) override {
        for (const auto& kv : pairs)
            if (isUrlKey(kv.first)) return layers::applyLink(ensure(), pairs);
        return {};  // no key of this part: its state is not created
    }
    void appendQuery(const shell::AddKey& add) const override {
        if (const LayersState* L = st()) layers::appendQuery(*L, add);
    }
};

}  // namespace

shell::Part& part() {
    static LayersPart p;
    return p;
}

//-----------------------------------------------------------------------------------------------
// [3] Controls: data set, variant, Z, epoch, play; loading progress with Cancel.
//-----------------------------------------------------------------------------------------------
void drawControls(LayersState& L) {
    LayerSet& set = L.set();
    ImGui::TextWrapped("Density peaks across the layers of a CNN trained on Fashion-MNIST images (%d test images).", int(set.n));
    if (ImGui::SmallButton("Back to Tutorial 1")) shell::show(shell::defaultPart().id());
    shell::publishRect("mode.tutorial1");
    const char* openLabel = "Open own layers...";  // beside, or below when the pane is narrow
    const float openW = ImGui::CalcTextSize(openLabel).x + 2 * ImGui::GetStyle().FramePadding.x;
    if (ImGui::GetItemRectMax().x + ImGui::GetStyle().ItemSpacing.x + openW < ImGui::GetWindowPos().x + ImGui::GetWindowContentRegionMax().x)
        ImGui::SameLine();
    if (ImGui::SmallButton(openLabel)) pickOwnFiles();
    shell::publishRect("layers-open");
    help("Your own representations: one .npz with an array per layer (points n x d, or <layer>_dist + <layer>_index "
         "kNN tables) plus 'labels'; or several layer_*.npz files with 'dist' and 'index' (the nucleation paper's "
         "format). Class names: drop a .json array of strings with them. Drag and drop works too.");
    if (!L.own.series.empty()) {
        int which = L.showOwn ? 1 : 0;
        ImGui::RadioButton("shipped CNN", &which, 0);
        ImGui::SameLine();
        ImGui::RadioButton("own data", &which, 1);
        if ((which == 1) != L.showOwn) {
            L.showOwn = which == 1;
            L.series = 0;
            L.layer = -1;
            L.epoch = -1;
            shell::linkChanged();
        }
    }
    ImGui::Separator();
    if (set.series.size() > 1) {
        ImGui::TextUnformatted("Network shown in the map:");
        for (int i = 0; i < int(set.series.size()); ++i) {
            if (i) ImGui::SameLine();
            ImGui::PushStyleColor(ImGuiCol_Text, seriesColour(i));
            if (ImGui::RadioButton(set.series[size_t(i)].name.c_str(), L.series == i)) {
                L.series = i;
                if (i != 0) L.epoch = -1;
                shell::linkChanged();
            }
            ImGui::PopStyleColor();
            shell::publishRect(("variant-" + set.series[size_t(i)].name).c_str());
            if (ImGui::IsItemHovered())
                ImGui::SetTooltip("%s\ntest accuracy %.1f%%", set.series[size_t(i)].description.c_str(),
                                  100 * set.series[size_t(i)].accuracy);
        }
    }
    // Z
    double z = L.Z;
    const double lo = 0, hi = 6;
    ImGui::SetNextItemWidth(-1);
    if (ImGui::SliderScalar("##lz", ImGuiDataType_Double, &z, &lo, &hi, "Z = %.2f")) {
        L.Z = std::max(0.0, z);
        shell::linkChanged();
    }
    shell::publishRect("layers-z");
    help("Significance of a peak: it stays a peak if its height above the saddle exceeds Z times the error "
         "(d'Errico et al. 2021, Eq. 6). Acts on every layer: peak counts and ARI in the strip follow it.");
    // layer and epoch
    const int nl = layerCount(L);
    if (nl > 0) {
        int layer = selectedLayer(L);
        ImGui::SetNextItemWidth(-1);
        if (ImGui::SliderInt("##layer", &layer, 0, nl - 1, ("layer: " + set.layerNames[size_t(layer)]).c_str())) {
            L.layer = layer;
            shell::linkChanged();
        }
        shell::publishRect("layers-layer");
        const auto ep = epochsOf(L, selectedLayer(L));
        if (!ep.empty() && L.series == 0) {
            ImGui::TextWrapped("Training snapshot of this layer (%s):", set.snapshotUnit.c_str());
            if (ImGui::RadioButton("final", L.epoch < 0)) { L.epoch = -1; shell::linkChanged(); }
            for (size_t i = 0; i < ep.size(); ++i) {
                const std::string label = std::to_string(ep[i]);
                // wrap the buttons to the pane's width
                const float w = ImGui::CalcTextSize(label.c_str()).x + ImGui::GetFrameHeight() + 8;
                if (ImGui::GetItemRectMax().x + w < ImGui::GetWindowPos().x + ImGui::GetWindowContentRegionMax().x) ImGui::SameLine(0, 4);
                if (ImGui::RadioButton(label.c_str(), L.epoch == ep[i])) { L.epoch = ep[i]; shell::linkChanged(); }
                shell::publishRect(("epoch-" + label).c_str());
            }
        } else if (L.series == 0 && !set.epochs.empty()) {
            std::string names;
            for (int li = 0; li < nl; ++li)
                if (!epochsOf(L, li).empty()) names += (names.empty() ? "" : ", ") + set.layerNames[size_t(li)];
            ImGui::TextDisabled("Training snapshots: %s only.", names.c_str());
        }
    }
    // play
    if (ImGui::Button(L.playing && !L.playEpochs ? "Pause##layers" : "Play layers")) {
        L.playing = !(L.playing && !L.playEpochs);
        L.playEpochs = false;
        if (L.playing) { L.layer = -1; L.epoch = -1; L.playNext = 0; }
    }
    shell::publishRect("play-layers");
    help("Steps through the layers from the input to the logits, so you can watch peaks form.");
    ImGui::SameLine();
    const bool canEpochs = L.series == 0 && !epochsOf(L, selectedLayer(L)).empty();
    ImGui::BeginDisabled(!canEpochs);
    if (ImGui::Button(L.playing && L.playEpochs ? "Pause##epochs" : "Play epochs")) {
        L.playing = !(L.playing && L.playEpochs);
        L.playEpochs = true;
        if (L.playing) { L.epoch = -1; L.playNext = 0; }
    }
    ImGui::EndDisabled();
    shell::publishRect("play-epochs");
    help("Steps through the training snapshots of the selected layer (a layer with snapshots: see above).");
    ImGui::SameLine();
    if (ImGui::ArrowButton("##prev", ImGuiDir_Left) && nl > 0) {
        L.layer = std::max(0, selectedLayer(L) - 1);
        L.epoch = -1;
        shell::linkChanged();
    }
    shell::publishRect("layer-prev");
    ImGui::SameLine();
    if (ImGui::ArrowButton("##next", ImGuiDir_Right) && nl > 0) {
        L.layer = std::min(nl - 1, selectedLayer(L) + 1);
        L.epoch = -1;
        shell::linkChanged();
    }
    shell::publishRect("layer-next");
    // loading
    if (L.load.active) {
        ImGui::Separator();
        kit::wrapped(L.load.stage);
        ImGui::ProgressBar(float(L.load.fraction), ImVec2(-70, 0));
        ImGui::SameLine();
        if (ImGui::Button("Cancel##layers")) L.cancelRequested = true;  // update() restarts the worker
        shell::publishRect("layers-cancel");
    } else if (!L.showOwn) {
        bool missing = set.series.empty();
        for (auto& se : set.series) for (auto& r : se.layers) if (!r.name.empty() && !r.done) missing = true;
        if (missing) {
            if (ImGui::Button("Load the shipped activations")) L.reloadRequested = true;
            shell::publishRect("layers-reload");
        } else if (!std::isnan(L.load.trainedMs)) {
            ImGui::TextDisabled("trained set analysed in %.2f s", L.load.trainedMs / 1000);
        }
    }
}

}  // namespace peakscope::web::layers
