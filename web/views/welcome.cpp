// PeakScope welcome view; see welcome.hpp.
#include "views/welcome.hpp"

#include <algorithm>
#include <cmath>
#include <random>

#include "imgui.h"
#include "style.hpp"

namespace peakscope::web::views {
namespace {

// The illustration's mixture: centre and standard deviations per component (data units).
struct Component { float cx, cy, sx, sy; };
constexpr Component kMixture[] = {
    {-2.6f, -1.0f, 0.70f, 0.50f},
    {2.0f, -1.8f, 0.50f, 0.80f},
    {-0.2f, 2.2f, 0.90f, 0.40f},
    {3.2f, 1.9f, 0.35f, 0.35f},
};
constexpr int kComponents = static_cast<int>(sizeof(kMixture) / sizeof(kMixture[0]));
// Fixed plot window (data units), so changing the spread visibly widens the clusters.
constexpr float kXMin = -6.0f, kXMax = 6.0f, kYMin = -4.5f, kYMax = 4.5f;

// Illustration data only (the analyses themselves live in core/): resample when a parameter moved.
void refreshSample(WelcomeDemo& d) {
    if (d.cachedSeed == d.seed && d.cachedPointsPerCluster == d.pointsPerCluster &&
        d.cachedSpread == d.spread)
        return;
    std::mt19937 rng(d.seed);
    std::normal_distribution<float> gauss(0.0f, 1.0f);
    d.points.clear();
    d.points.reserve(static_cast<size_t>(kComponents) * d.pointsPerCluster);
    for (int i = 0; i < d.pointsPerCluster; ++i)
        for (int k = 0; k < kComponents; ++k) {  // interleaved: no component is drawn on top
            const Component& c = kMixture[k];
            d.points.push_back({c.cx + d.spread * c.sx * gauss(rng),
                                c.cy + d.spread * c.sy * gauss(rng), k});
        }
    d.cachedSeed = d.seed;
    d.cachedPointsPerCluster = d.pointsPerCluster;
    d.cachedSpread = d.spread;
}

void drawPipeline() {
    const char* steps[] = {"intrinsic dimension", "density", "density peaks", "hierarchy"};
    for (int i = 0; i < 4; ++i) {
        if (i > 0) {
            ImGui::SameLine();
            ImGui::TextDisabled("->");
            ImGui::SameLine();
        }
        ImGui::Text("%d. %s", i + 1, steps[i]);
    }
}

// One coloured dot + label per mixture component, on the current line.
void drawLegend() {
    ImDrawList* dl = ImGui::GetWindowDrawList();
    // The line holds a button, so its text is centred in a frame-high band: centre the dots too.
    const float r = 4.0f, frameH = ImGui::GetFrameHeight();
    for (int k = 0; k < kComponents; ++k) {
        ImGui::SameLine(0.0f, k == 0 ? 16.0f : 12.0f);
        const ImVec2 p = ImGui::GetCursorScreenPos();
        dl->AddCircleFilled(ImVec2(p.x + r, p.y + frameH * 0.5f), r, style::category(k), 12);
        ImGui::Dummy(ImVec2(2 * r, frameH));
        ImGui::SameLine(0.0f, 4.0f);
        ImGui::Text("%d", k + 1);
    }
}

void drawScatter(WelcomeDemo& d) {
    const ImVec2 avail = ImGui::GetContentRegionAvail();
    const float w = std::max(avail.x, 120.0f);
    const float h = std::clamp(w * (kYMax - kYMin) / (kXMax - kXMin), 120.0f,
                               std::max(avail.y, 120.0f));
    const ImVec2 p0 = ImGui::GetCursorScreenPos();
    ImGui::InvisibleButton("scatter", ImVec2(w, h));
    const ImVec2 p1(p0.x + w, p0.y + h);

    ImDrawList* dl = ImGui::GetWindowDrawList();
    dl->AddRectFilled(p0, p1, IM_COL32(22, 24, 29, 255), 4.0f);
    dl->PushClipRect(p0, p1, true);
    auto toScreen = [&](float x, float y) {
        return ImVec2(p0.x + (x - kXMin) / (kXMax - kXMin) * w,
                      p1.y - (y - kYMin) / (kYMax - kYMin) * h);
    };
    // light grid at integer data coordinates
    for (int gx = static_cast<int>(kXMin); gx <= static_cast<int>(kXMax); ++gx)
        dl->AddLine(toScreen(gx, kYMin), toScreen(gx, kYMax), IM_COL32(255, 255, 255, gx ? 10 : 28));
    for (int gy = static_cast<int>(kYMin); gy <= static_cast<int>(kYMax); ++gy)
        dl->AddLine(toScreen(kXMin, gy), toScreen(kXMax, gy), IM_COL32(255, 255, 255, gy ? 10 : 28));

    const float radius = 2.6f;
    const ImVec2 mouse = ImGui::GetIO().MousePos;
    int hovered = -1;
    float bestD2 = 8.0f * 8.0f;
    for (size_t i = 0; i < d.points.size(); ++i) {
        const auto& p = d.points[i];
        const ImVec2 s = toScreen(p.x, p.y);
        dl->AddCircleFilled(s, radius, style::category(p.component, 0.85f), 8);
        const float dx = s.x - mouse.x, dy = s.y - mouse.y;
        if (ImGui::IsItemHovered() && dx * dx + dy * dy < bestD2) {
            bestD2 = dx * dx + dy * dy;
            hovered = static_cast<int>(i);
        }
    }
    if (hovered >= 0) {
        const auto& p = d.points[static_cast<size_t>(hovered)];
        dl->AddCircle(toScreen(p.x, p.y), radius + 3.0f, IM_COL32(255, 255, 255, 220), 12, 1.5f);
        ImGui::SetTooltip("point %d\ncomponent %d\n(%.2f, %.2f)", hovered, p.component + 1, p.x, p.y);
    }
    dl->PopClipRect();
    dl->AddRect(p0, p1, IM_COL32(255, 255, 255, 40), 4.0f);
}

}  // namespace

void drawWelcome(AppState& state) {
    if (!state.showWelcome) return;
    WelcomeDemo& d = state.welcome;
    refreshSample(d);

    const ImGuiViewport* vp = ImGui::GetMainViewport();
    ImGui::SetNextWindowPos(ImVec2(vp->WorkPos.x + 24, vp->WorkPos.y + 24), ImGuiCond_FirstUseEver);
    ImGui::SetNextWindowSize(ImVec2(std::min(640.0f, vp->WorkSize.x - 48),
                                    std::min(720.0f, vp->WorkSize.y - 48)),
                             ImGuiCond_FirstUseEver);
    if (!ImGui::Begin("PeakScope " PEAKSCOPE_VERSION "###welcome", &state.showWelcome)) {
        ImGui::End();
        return;
    }

    ImGui::TextColored(ImVec4(0.34f, 0.71f, 0.91f, 1.0f), "PeakScope %s", PEAKSCOPE_VERSION);
    ImGui::SameLine();
    ImGui::TextDisabled("- intrinsic dimension and density peaks of point clouds");
    ImGui::Spacing();
    ImGui::TextWrapped(
        "PeakScope finds the structure of a point cloud in four steps. It estimates the intrinsic "
        "dimension of the data (TwoNN: how many coordinates the points really use, however many "
        "they are given in), then the density around every point in that dimension (kNN, k* and "
        "PAk estimators), then the density peaks and the saddles between them (Advanced Density "
        "Peaks), and finally merges peaks that are not statistically distinct into a hierarchy of "
        "clusters. Everything runs in this page: your data never leaves the browser.");
    ImGui::Spacing();
    drawPipeline();
    ImGui::Separator();

    ImGui::TextUnformatted("Try it: a seeded 2-D Gaussian mixture, four components");
    ImGui::PushItemWidth(std::max(ImGui::GetContentRegionAvail().x * 0.5f, 160.0f));
    ImGui::SliderFloat("spread", &d.spread, 0.3f, 2.5f, "%.2f x sigma");
    ImGui::SliderInt("points per component", &d.pointsPerCluster, 50, 1000);
    ImGui::PopItemWidth();
    if (ImGui::Button("New sample")) ++d.seed;
    ImGui::SameLine();
    ImGui::Text("seed %u, N = %d", static_cast<unsigned>(d.seed), static_cast<int>(d.points.size()));
    drawLegend();
    drawScatter(d);
    ImGui::End();
}

}  // namespace peakscope::web::views
