// PeakScope Tutorial 2 view: the selected layer's pane, its numbers and peak map: classical MDS of
// the saddle heights F_max − log ρ_saddle (d'Errico et al. 2021, §2.5), disc area ∝ population,
// pie = macro-class (or class) composition, hover = class histogram and the centre's image.
//   Sections: [1] pie and tooltip  [2] peak map  [3] selected layer
// Example: drawSelected(L, width, height);
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <string>
#include <vector>

#include "imgui.h"
#include "kit/plot.hpp"
#include "kit/style.hpp"
#include "parts/layers/layers_internal.hpp"
#include "shell/page_api.hpp"

namespace peakscope::web::layers {

//-----------------------------------------------------------------------------------------------
// [1] Pie and class histogram tooltip
//-----------------------------------------------------------------------------------------------
namespace {

// A filled pie (slices ≤ 90° so each is convex) of group fractions.
void pie(ImDrawList* dl, ImVec2 c, float r, const std::vector<double>& frac, float alpha) {
    double a = -M_PI / 2;
    for (size_t g = 0; g < frac.size(); ++g) {
        if (frac[g] <= 0) continue;
        double left = frac[g] * 2 * M_PI;
        while (left > 1e-6) {
            const double step = std::min(left, M_PI / 2);
            dl->PathLineTo(c);
            dl->PathArcTo(c, r, float(a), float(a + step), std::max(4, int(step * r / 3)));
            dl->PathFillConvex(groupColour(int(g), alpha));
            a += step;
            left -= step;
        }
    }
    dl->AddCircle(c, r, IM_COL32(20, 20, 24, 220), 0, 1.2f);
}

}  // namespace

void classHistogramTooltip(LayersState& L, LayerResult& r, int peak) {
    const LayerSet& set = L.set();
    const Analysis& a = *r.a;
    ImGui::BeginTooltip();
    const int centreRow = a.row(r.part.centres[size_t(peak)]);
    ImGui::Text("Peak %d: %lld points, log rho = %.2f ± %.2f", peak, (long long)r.part.population[size_t(peak)],
                r.part.centreLogRho[size_t(peak)], r.part.centreError[size_t(peak)]);
    if (const unsigned tex = thumbnail(L, centreRow, L.series)) {
        ImGui::Image((ImTextureID)(intptr_t)tex, ImVec2(84, 84));
        ImGui::SameLine();
    }
    ImGui::BeginGroup();
    ImGui::TextDisabled("centre: image %d (%s)", centreRow,
                        set.labels.empty() ? "no label" : className(set, set.labels[size_t(centreRow)]).c_str());
    if (peak < int(r.classHist.size())) {
        const auto& h = r.classHist[size_t(peak)];
        int tot = 0, mx = 1;
        for (int v : h) { tot += v; mx = std::max(mx, v); }
        ImDrawList* dl = ImGui::GetWindowDrawList();
        for (size_t c = 0; c < h.size(); ++c) {
            if (h[c] == 0) continue;
            const ImVec2 p = ImGui::GetCursorScreenPos();
            const float w = 120.0f * float(h[c]) / float(mx);
            dl->AddRectFilled(ImVec2(p.x, p.y + 2), ImVec2(p.x + w, p.y + ImGui::GetFontSize()), groupColour(groupOf(set, int(c)), 0.85f));
            ImGui::Dummy(ImVec2(124, ImGui::GetFontSize()));
            ImGui::SameLine();
            ImGui::Text("%-12s %4d (%.0f%%)", className(set, int(c)).c_str(), h[c], 100.0 * h[c] / std::max(1, tot));
        }
    }
    ImGui::EndGroup();
    ImGui::EndTooltip();
}

//-----------------------------------------------------------------------------------------------
// [2] Peak map: classical MDS of F_max − saddle log ρ; disc area ∝ population; pie = groups.
//-----------------------------------------------------------------------------------------------
namespace {

void peakMap(LayersState& L, LayerResult& r, float w, float h) {
    const LayerSet& set = L.set();
    const Index m = r.part.nClusters();
    double x0 = INFINITY, x1 = -INFINITY, y0 = INFINITY, y1 = -INFINITY;
    for (Index i = 0; i < m; ++i) {
        x0 = std::min(x0, r.mds(i, 0)); x1 = std::max(x1, r.mds(i, 0));
        y0 = std::min(y0, r.mds(i, 1)); y1 = std::max(y1, r.mds(i, 1));
    }
    if (!std::isfinite(x0)) { x0 = y0 = 0; x1 = y1 = 1; }
    plot::pad(x0, x1, 0.15);
    plot::pad(y0, y1, 0.15);
    // equal aspect
    const double sx = (x1 - x0) / w, sy = (y1 - y0) / h, sc = std::max(sx, sy);
    const double cx = (x0 + x1) / 2, cy = (y0 + y1) / 2;
    plot::Axes ax{cx - sc * w / 2, cx + sc * w / 2, cy - sc * h / 2, cy + sc * h / 2};
    plot::PlotArea p = plot::beginCategorical("##peakmap", ImVec2(w, h), ax, "", 4);
    Index maxPop = 1;
    for (Index i = 0; i < m; ++i) maxPop = std::max(maxPop, r.part.population[size_t(i)]);
    const float rMax = std::clamp(std::min(p.p1.x - p.p0.x, p.p1.y - p.p0.y) / (4.0f + 2.0f * std::sqrt(float(m))), 8.0f, 34.0f);
    // links for the highest saddles (the dendrogram's merges between connected groups)
    for (const auto& sd : r.part.saddles) {
        const float t = float(std::clamp((sd.logRho - (r.part.centreLogRho.empty() ? 0 : *std::min_element(r.part.centreLogRho.begin(), r.part.centreLogRho.end()))) / 6.0 + 0.2, 0.05, 0.6));
        p.dl->AddLine(p.s(r.mds(sd.a, 0), r.mds(sd.a, 1)), p.s(r.mds(sd.b, 0), r.mds(sd.b, 1)), IM_COL32(200, 200, 210, int(t * 255)), 1.0f);
    }
    const int G = groupCount(set);
    int hover = -1;
    float hoverD = 1e9f;
    std::vector<int> order(static_cast<size_t>(m));
    for (Index i = 0; i < m; ++i) order[size_t(i)] = int(i);
    std::sort(order.begin(), order.end(), [&](int a, int b) { return r.part.population[size_t(a)] > r.part.population[size_t(b)]; });
    for (int i : order) {
        const ImVec2 c = p.s(r.mds(i, 0), r.mds(i, 1));
        const float rad = std::max(4.0f, rMax * std::sqrt(float(r.part.population[size_t(i)]) / float(maxPop)));
        std::vector<double> frac(size_t(std::max(G, 0)), 0.0);
        double tot = 0;
        if (i < int(r.classHist.size()))
            for (size_t c2 = 0; c2 < r.classHist[size_t(i)].size(); ++c2) {
                const int g = groupOf(set, int(c2));
                if (g >= 0 && g < G) { frac[size_t(g)] += r.classHist[size_t(i)][c2]; tot += r.classHist[size_t(i)][c2]; }
            }
        if (tot > 0) for (double& f : frac) f /= tot;
        if (tot > 0) pie(p.dl, c, rad, frac, 0.9f);
        else p.dl->AddCircleFilled(c, rad, style::kHalo);
        if (L.hoverPeak == i) p.dl->AddCircle(c, rad + 3, style::kHighlight, 0, 2);
        const float d = std::hypot(p.mouse.x - c.x, p.mouse.y - c.y);
        if (p.hovered && d < rad + 3 && d < hoverD) { hover = i; hoverD = d; }
        if (i < int(r.dominant.size()) && rad > 12) {
            const std::string nm = className(set, r.dominant[size_t(i)]);
            const float tw = ImGui::CalcTextSize(nm.c_str()).x;
            p.dl->AddText(ImVec2(c.x - tw / 2, c.y + rad + 1), style::kText, nm.c_str());
        }
    }
    plot::end(p);
    // legend of the groups
    if (G > 0) {
        ImVec2 q(p.p0.x + 6, p.p0.y + 4);
        for (int g = 0; g < std::min(G, 10); ++g) {
            p.dl->AddRectFilled(q, ImVec2(q.x + 10, q.y + 10), groupColour(g));
            const std::string nm = groupName(set, g);
            p.dl->AddText(ImVec2(q.x + 14, q.y - 2), style::kMuted, nm.c_str());
            q.y += ImGui::GetFontSize() + 1;
        }
    }
    L.hoverPeak = hover;
    if (hover >= 0) classHistogramTooltip(L, r, hover);
}

}  // namespace

//-----------------------------------------------------------------------------------------------
// [3] Selected layer: header with its numbers, the peak map, the dendrogram.
//-----------------------------------------------------------------------------------------------
void drawSelected(LayersState& L, float width, float height) {
    (void)height;
    LayerSet& set = L.set();
    const int nl = layerCount(L);
    if (nl == 0) { ImGui::TextUnformatted("No layers yet."); return; }
    const int li = selectedLayer(L);
    LayerResult* r = current(L);
    const std::string sname = L.series < int(set.series.size()) ? set.series[size_t(L.series)].name : "";
    const bool snapshot = L.epoch >= 0 && L.series == 0 && r && r == at(L, 0, li, L.epoch);
    ImGui::Text("%s · %s%s", sname.c_str(), set.layerNames[size_t(li)].c_str(),
                snapshot ? (" · epoch " + std::to_string(L.epoch)).c_str() : "");
    if (r && r->dims > 0) { ImGui::SameLine(); ImGui::TextDisabled("(%lld dimensions)", (long long)r->dims); }
    if (!r || !r->a) {
        ImGui::TextDisabled("%s", r && r->failed ? ("failed: " + r->error).c_str() : "not analysed yet...");
        return;
    }
    refreshAtZ(L, *r, true);
    auto f2 = [](double v) {
        char b[16];
        if (!std::isfinite(v)) return std::string("-");
        std::snprintf(b, sizeof b, "%.2f", v);
        return std::string(b);
    };
    ImGui::TextWrapped("ID %.1f ± %.1f · %lld peaks at Z = %.2f · ARI classes %s, macro %s · chi labels %s, output %s",
                       r->a->id.id, r->a->id.error, (long long)r->part.nClusters(), L.Z, f2(r->ariClass).c_str(),
                       f2(r->ariMacro).c_str(), f2(r->chiLabels).c_str(),
                       li == set.outputLayer ? "(this is the output)" : f2(r->chiOutput).c_str());
    const float avail = ImGui::GetContentRegionAvail().y;
    ImGui::TextUnformatted("Peak map");
    help("Each disc is a density peak at Z: area ~ its points, slices = its macro-classes (classes for own data). Placed by "
         "classical MDS of the saddle heights, so peaks joined by a high saddle sit close. Hover for the class histogram "
         "and the image at the peak's centre.");
    peakMap(L, *r, width - 16, std::floor(avail * 0.52f));
    shell::publishRect("peak-map");
    ImGui::TextUnformatted("Dendrogram of the peaks (joins at saddle log rho)");
    help("Single linkage on saddle heights (d'Errico et al. 2021, sec. 2.5): two groups of peaks join at the height of the "
         "highest saddle between them. Below each leaf: the centre's image and the peak's most frequent class.");
    dendrogram(L, *r, width - 16, ImGui::GetContentRegionAvail().y - 6);
    shell::publishRect("dendrogram");
}

}  // namespace peakscope::web::layers
