// PeakScope Tutorial 1 as a part of the shell: toy data (or the user's file), intrinsic dimension,
// density, decision graph, peaks at Z and the dendrogram. Lays the screen out (data panel and
// guided tutorial left, scatter in the middle, tabbed views right; ?embed=1: a slim bar with the
// Z slider and the view tabs) and shows the running job's progress.
//   Sections: [1] right pane   [2] layout   [3] progress   [4] the part
#include "parts/peaks/peaks_part.hpp"

#include <algorithm>
#include <cmath>

#include "imgui.h"
#include "kit/panes.hpp"
#include "parts/peaks/export.hpp"
#include "parts/peaks/session.hpp"
#include "parts/peaks/views.hpp"
#include "shell/app.hpp"
#include "shell/page_api.hpp"

namespace peakscope::web::peaks {
namespace {

using kit::kPane;
using kit::place;

//-----------------------------------------------------------------------------------------------
// [1] The tabbed right pane. A change of s.ui.view made elsewhere (URL, tutorial) selects its tab;
// a click on a tab sets it.
//-----------------------------------------------------------------------------------------------
// short labels, the full name on hover
struct Tab { View v; const char* label; const char* title; void (*draw)(PeaksState&); };
const Tab kTabs[] = {
    {View::Id, "ID", "Intrinsic dimension (TwoNN)", views::drawIdView},
    {View::Density, "Density", "Density profile", views::drawDensityView},
    {View::Decision, "Decision", "Decision graph", views::drawDecisionView},
    {View::Peaks, "Peaks & Z", "Peaks and Z", views::drawPeaksView},
    {View::Dendrogram, "Dendrogram", "Dendrogram of the peaks", views::drawDendrogramView},
};

// The width a pane needs to show every tab whole (at the current font size).
float tabsPaneWidth() {
    const ImGuiStyle& st = ImGui::GetStyle();
    float w = 2 * st.WindowPadding.x;
    for (const Tab& t : kTabs)  // ImGui 1.86 TabItemCalcSize: label + 2 × padding + 1, then the spacing
        w += ImGui::CalcTextSize(t.label).x + 2 * st.FramePadding.x + 1 + st.ItemInnerSpacing.x;
    return std::ceil(w + 2);
}

// withPanels (narrow screens): the data panel and the tutorial as the first two tabs.
void drawRightPane(PeaksState& s, bool withPanels = false) {
    const auto& tabs = kTabs;
    const bool programmatic = s.ui.view != s.ui.viewShown;
    // scroll rather than shrink: a shrunk tab clips its label ("Intrinsic d")
    if (ImGui::BeginTabBar("views", ImGuiTabBarFlags_FittingPolicyScroll)) {
        if (withPanels) {
            if (ImGui::BeginTabItem("Data")) {
                views::drawDataPanel(s);
                ImGui::EndTabItem();
            }
            shell::publishRect("tab.data");
            if (ImGui::BeginTabItem("Tutorial")) {
                views::drawTutorial(s);
                ImGui::EndTabItem();
            }
            shell::publishRect("tab.tutorial");
        }
        for (const Tab& t : tabs) {
            const ImGuiTabItemFlags f = (programmatic && s.ui.view == t.v) ? ImGuiTabItemFlags_SetSelected : 0;
            const bool open = ImGui::BeginTabItem(t.label, nullptr, f);
            if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", t.title);
            shell::publishRect(viewName(t.v));
            if (open) {
                if (!programmatic && s.ui.view != t.v) {
                    s.ui.view = t.v;
                    shell::linkChanged();
                }
                if (s.ui.view == t.v) {
                    t.draw(s);
                    s.ui.viewShown = t.v;
                }
                ImGui::EndTabItem();
            }
        }
        ImGui::EndTabBar();
    }
}

//-----------------------------------------------------------------------------------------------
// [2] Layout. Returns the height (CSS px) this layout would like at width W; an embedding page may
// size its iframe to it (the shell posts it to the parent).
//-----------------------------------------------------------------------------------------------
constexpr float kNarrow = 700;  // CSS px: below it the full app stacks (three columns need ~900)

float layout(PeaksState& s, float W, float H) {
    if (shell::state().embed) {
        const float bar = 42;
        place(0, 0, W, bar);
        ImGui::Begin("##embedbar", nullptr, kPane | ImGuiWindowFlags_NoTitleBar);
        ImGui::TextUnformatted("PeakScope");
        ImGui::SameLine();
        views::zSlider(s, "##Z", std::min(220.0f, W * 0.35f));
        ImGui::SameLine();
        ImGui::Text("%d peaks", s.results.analysis ? int(s.z.partition.nClusters()) : 0);
        ImGui::SameLine();
        if (ImGui::SmallButton("Open full app")) exporting::openFullApp(s);
        ImGui::End();
        // narrow frames stack the scatter above the views; wide ones put them side by side
        const bool stacked = W < 760;
        const float scatterH = stacked ? std::floor(std::max(240.0f, (H - bar) * 0.5f)) : H - bar;
        const float half = stacked ? W : std::floor(W / 2);
        place(0, bar, half, scatterH);
        ImGui::Begin("Points##embed", nullptr, kPane);
        views::drawScatter(s);
        ImGui::End();
        if (stacked)
            place(0, bar + scatterH, W, std::max(1.0f, H - bar - scatterH));
        else
            place(half, bar, W - half, H - bar);
        ImGui::Begin("##rightembed", nullptr, kPane | ImGuiWindowFlags_NoTitleBar);
        drawRightPane(s);
        ImGui::End();
        return stacked ? bar + 2 * std::max(300.0f, W * 0.75f) : bar + std::max(440.0f, W * 0.4f);
    }
    if (W < kNarrow) {  // phones, narrow windows: the points on top, everything else in tabs below
        const float scatterH = std::floor(std::clamp(W, 300.0f, std::max(300.0f, H * 0.5f)));
        place(0, 0, W, scatterH);
        ImGui::Begin("Points", nullptr, kPane);
        views::drawScatter(s);
        ImGui::End();
        place(0, scatterH, W, std::max(1.0f, H - scatterH));
        ImGui::Begin("##below", nullptr, kPane | ImGuiWindowFlags_NoTitleBar);
        drawRightPane(s, true);
        ImGui::End();
        return 640;
    }
    const float left = std::clamp(W * 0.25f, 290.0f, 360.0f);
    const float rest = W - left;
    // the views' pane: half the rest, or as wide as its tabs need (the points keep ≥ 300 px)
    const float mid = rest - std::max(std::ceil(rest * 0.5f), std::min(tabsPaneWidth(), rest - 300.0f));
    const float top = std::max(H * 0.5f, H - 250.0f);  // the tutorial needs ~250 px
    place(0, 0, left, top);
    ImGui::Begin("PeakScope", nullptr, kPane);
    shell::publishWindowRect("pane-data");  // page tests
    views::drawDataPanel(s);
    ImGui::End();
    place(0, top, left, H - top);
    ImGui::Begin("Guided tutorial", nullptr, kPane);
    shell::publishWindowRect("pane-tutorial");  // page tests
    views::drawTutorial(s);
    ImGui::End();
    place(left, 0, mid, H);
    ImGui::Begin("Points", nullptr, kPane);
    shell::publishWindowRect("pane-points");  // page tests
    views::drawScatter(s);
    ImGui::End();
    place(left + mid, 0, rest - mid, H);
    ImGui::Begin("##right", nullptr, kPane | ImGuiWindowFlags_NoTitleBar);
    shell::publishWindowRect("pane-views");  // page tests
    drawRightPane(s);
    ImGui::End();
    return 640;
}

//-----------------------------------------------------------------------------------------------
// Keys (the canvas has the focus, no text field is edited, no Ctrl/Cmd): [ and ] move Z by 0.05,
// 1-5 pick a view, N / B the tutorial's Next / Back. ImGui's arrows + Space reach everything else.
// Key indices are GLFW's, which equal ASCII for digits, letters and brackets.
//-----------------------------------------------------------------------------------------------
void handleKeys(PeaksState& s) {
    const ImGuiIO& io = ImGui::GetIO();
    if (io.WantTextInput || io.KeyCtrl || io.KeySuper || io.KeyAlt) return;
    if (ImGui::IsKeyPressed(']')) session::setZ(s, s.z.Z + 0.05);
    if (ImGui::IsKeyPressed('[')) session::setZ(s, std::max(0.0, s.z.Z - 0.05));
    for (int k = 0; k < 5; ++k)
        if (ImGui::IsKeyPressed('1' + k, false) && s.ui.view != View(k)) {
            s.ui.view = View(k);
            shell::linkChanged();
        }
    if (ImGui::IsKeyPressed('N', false)) views::tutorialStepBy(s, +1);
    if (ImGui::IsKeyPressed('B', false)) views::tutorialStepBy(s, -1);
}

//-----------------------------------------------------------------------------------------------
// [3] Progress of the running job (file parse or analysis) with Cancel, above the panes.
//-----------------------------------------------------------------------------------------------
void drawProgress(PeaksState& s, float W, float H) {
    if (!session::busy(s)) return;
    const float w = std::min(420.0f, W - 20);
    ImGui::SetNextWindowPos(ImVec2((W - w) / 2, H - 78));
    ImGui::SetNextWindowSize(ImVec2(w, 0));
    ImGui::Begin("##progress", nullptr, kit::kOverlay);
    ImGui::Text("Working: %s", s.job.stage.c_str());
    ImGui::ProgressBar(float(s.job.fraction), ImVec2(w - 90, 0));
    ImGui::SameLine();
    if (ImGui::Button("Cancel")) s.job.cancelJob = s.job.id;  // update() cancels this job
    shell::publishRect("cancel");
    ImGui::End();
}

//-----------------------------------------------------------------------------------------------
// [4] The part: its state is session::state(); the worker's replies arrive between frames.
//-----------------------------------------------------------------------------------------------
class PeaksPart : public shell::Part {
public:
    const char* id() const override { return "peaks"; }
    const char* tutorial() const override { return "1"; }
    const char* title() const override { return "toy data"; }
    const char* summary() const override { return "Intrinsic dimension, density and peaks of toy data or a file"; }
    void install() override {
        installPageHooks();
        session::install();
    }
    void openFiles(std::vector<platform::files::File> files) override {
        session::openFiles(session::state(), std::move(files));
    }
    void update(bool shown) override {
        PeaksState& s = session::state();
        if (const int job = s.job.cancelJob) {  // the progress window's Cancel, for the job it was on
            s.job.cancelJob = 0;
            if (job == s.job.id && session::busy(s)) session::cancel(s);
        }
        // the link's data start only when this part is shown (Layers must not compete for CPU)
        if (shown) session::startInitialData(s);
        s.ui.linkedRow = s.ui.linkedRowNext;  // a point hovered in a view last frame: the scatter rings it
        s.ui.linkedRowNext = -1;
        session::refreshPartition(s);
        session::warmMergePath(s);
        views::updateViewCaches(s);
        if (shown) views::updateAccessibleText(s);
    }
    platform::Motion motion() const override {
        return session::busy(session::state()) ? platform::Motion::Working : platform::Motion::Still;
    }
    float draw(float width, float height) override {
        handleKeys(session::state());
        return layout(session::state(), width, height);
    }
    void overlay(float width, float height) override { drawProgress(session::state(), width, height); }
    std::vector<std::string> applyLink(shell::Pairs& pairs) override { return peaks::applyLink(session::state(), pairs); }
    void appendQuery(const shell::AddKey& add) const override { peaks::appendQuery(session::state(), add); }
};

}  // namespace

shell::Part& part() {
    static PeaksPart p;
    return p;
}

}  // namespace peakscope::web::peaks
