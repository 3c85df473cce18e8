// PeakScope Tutorial 2 view: the selected layer's pane, its numbers and peak map: peaks placed by
// their class composition around fixed class anchors (peak_layout.hpp: the same place in every
// layer and epoch; classical MDS of the saddle heights, d'Errico et al. 2021 §2.5, without labels),
// discs pushed apart, disc area ∝ population, pie = the classes, ring = the macro-classes, labels
// where they meet nothing; hover = class histogram and the centre's image.
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
#include "kit/text.hpp"
#include "parts/layers/layers_draw.hpp"
#include "parts/layers/peak_layout.hpp"
#include "shell/page_api.hpp"

namespace peakscope::web::layers {

//-----------------------------------------------------------------------------------------------
// [1] Pie and class histogram tooltip
//-----------------------------------------------------------------------------------------------
namespace {

// Ten distinguishable colours for the classes of the pies (Tableau 10, on a dark background).
ImU32 classColour(int c, float alpha = 1.0f) {
    static const unsigned rgb[] = {0x4E79A7, 0xF28E2B, 0xE15759, 0x76B7B2, 0x59A14F,
                                   0xEDC948, 0xB07AA1, 0xFF9DA7, 0x9C755F, 0xBAB0AC};
    if (c < 0) return style::kHalo;
    const unsigned v = rgb[c % 10];
    return IM_COL32((v >> 16) & 255, (v >> 8) & 255, v & 255, int(255 * alpha));
}

// A filled pie (slices ≤ 90° so each is convex) of fractions, slice k coloured colour(k).
template <class Colour>
void pie(ImDrawList* dl, ImVec2 c, float r, const std::vector<double>& frac, Colour colour) {
    double a = -M_PI / 2;
    for (size_t g = 0; g < frac.size(); ++g) {
        if (frac[g] <= 0) continue;
        double left = frac[g] * 2 * M_PI;
        while (left > 1e-6) {
            const double step = std::min(left, M_PI / 2);
            dl->PathLineTo(c);
            dl->PathArcTo(c, r, float(a), float(a + step), std::max(4, int(step * r / 3)));
            dl->PathFillConvex(colour(int(g)));
            a += step;
            left -= step;
        }
    }
    dl->AddCircle(c, r, IM_COL32(20, 20, 24, 220), 0, 1.2f);
}

// A ring of width w just outside radius r: arcs by fraction, coloured colour(k).
template <class Colour>
void ring(ImDrawList* dl, ImVec2 c, float r, float w, const std::vector<double>& frac, Colour colour) {
    double a = -M_PI / 2;
    for (size_t g = 0; g < frac.size(); ++g) {
        if (frac[g] <= 0) continue;
        const double step = frac[g] * 2 * M_PI;
        dl->PathArcTo(c, r + w / 2, float(a), float(a + step), std::max(4, int(step * r / 3)));
        dl->PathStroke(colour(int(g)), 0, w);
        a += step;
    }
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
    const int nClasses = r.classHist.empty() ? 0 : int(r.classHist[0].size());
    bool byClass = nClasses >= 2;  // composition layout (fixed class anchors); otherwise MDS
    if (byClass) {
        bool any = false;
        for (const auto& hh : r.classHist)
            for (int v : hh) any = any || v > 0;
        byClass = any;
    }
    std::vector<Point2> pos(static_cast<size_t>(m));  // MDS only (by class: compositionDiscs below)
    if (!byClass)
        for (Index i = 0; i < m; ++i) pos[size_t(i)] = {r.mds(i, 0), -r.mds(i, 1)};
    double x0 = -1.3, x1 = 1.3, y0 = -1.3, y1 = 1.3;  // composition: the same axes in every layer
    if (!byClass) {
        x0 = y0 = INFINITY;
        x1 = y1 = -INFINITY;
        for (const auto& q : pos) {
            x0 = std::min(x0, q[0]); x1 = std::max(x1, q[0]);
            y0 = std::min(y0, q[1]); y1 = std::max(y1, q[1]);
        }
        if (!std::isfinite(x0)) { x0 = y0 = 0; x1 = y1 = 1; }
        plot::pad(x0, x1, 0.15);
        plot::pad(y0, y1, 0.15);
    }
    // equal aspect
    const double sx = (x1 - x0) / w, sy = (y1 - y0) / h, sc = std::max(sx, sy);
    const double cx = (x0 + x1) / 2, cy = (y0 + y1) / 2;
    plot::Axes ax{cx - sc * w / 2, cx + sc * w / 2, cy - sc * h / 2, cy + sc * h / 2};
    plot::PlotArea p = plot::beginCategorical("##peakmap", ImVec2(w, h), ax, "", 4);
    Index maxPop = 1;
    for (Index i = 0; i < m; ++i) maxPop = std::max(maxPop, r.part.population[size_t(i)]);
    const float rMax = std::clamp(std::min(p.p1.x - p.p0.x, p.p1.y - p.p0.y) / (4.0f + 2.0f * std::sqrt(float(m))), 8.0f, 34.0f);
    // discs in screen pixels (y down: data y is drawn downwards here), pushed apart so none hides another
    std::vector<Disc> discs(static_cast<size_t>(m));
    if (byClass) {  // the same place in every layer and snapshot for the same composition (peak_layout.hpp)
        const std::vector<long long> pops(r.part.population.begin(), r.part.population.end());
        discs = compositionDiscs(r.classHist, pops, classAnchors(nClasses, set.classToMacro),
                                 {p.sx(0), p.p0.y + (p.p1.y - p.sy(0))}, p.sx(1) - p.sx(0), rMax, 3.0);
    } else {
        for (Index i = 0; i < m; ++i) {
            const float rad = std::max(4.0f, rMax * std::sqrt(float(r.part.population[size_t(i)]) / float(maxPop)));
            discs[size_t(i)] = {p.sx(pos[size_t(i)][0]), p.p0.y + (p.p1.y - p.sy(pos[size_t(i)][1])), rad};
        }
        separate(discs, 3.0);
    }
    auto centre = [&](int i) { return ImVec2(float(discs[size_t(i)].x), float(discs[size_t(i)].y)); };
    // links for the highest saddles (the dendrogram's merges between connected groups)
    const double lowest = r.part.centreLogRho.empty() ? 0 : *std::min_element(r.part.centreLogRho.begin(), r.part.centreLogRho.end());
    for (const auto& sd : r.part.saddles) {
        const float t = float(std::clamp((sd.logRho - lowest) / 6.0 + 0.2, 0.05, 0.6));
        p.dl->AddLine(centre(int(sd.a)), centre(int(sd.b)), IM_COL32(200, 200, 210, int(t * 255)), 1.0f);
    }
    const int G = groupCount(set);
    int hover = -1;
    float hoverD = 1e9f;
    std::vector<int> order(static_cast<size_t>(m));
    for (Index i = 0; i < m; ++i) order[size_t(i)] = int(i);
    std::sort(order.begin(), order.end(), [&](int a, int b) { return r.part.population[size_t(a)] > r.part.population[size_t(b)]; });
    const bool macroRing = !set.classToMacro.empty();
    for (int i : order) {
        const ImVec2 c = centre(i);
        const float rad = float(discs[size_t(i)].r);
        std::vector<double> frac(static_cast<size_t>(std::max(nClasses, 0)), 0.0), macro(static_cast<size_t>(std::max(G, 0)), 0.0);
        double tot = 0;
        if (i < int(r.classHist.size()))
            for (size_t c2 = 0; c2 < r.classHist[size_t(i)].size(); ++c2) {
                const double v = r.classHist[size_t(i)][c2];
                frac[c2] += v;
                tot += v;
                const int g = groupOf(set, int(c2));
                if (macroRing && g >= 0 && g < G) macro[size_t(g)] += v;
            }
        if (tot > 0) {
            for (double& f : frac) f /= tot;
            for (double& f : macro) f /= tot;
            pie(p.dl, c, macroRing ? rad - 3 : rad, frac, [](int k) { return classColour(k, 0.92f); });
            if (macroRing) ring(p.dl, c, rad - 3, 3.0f, macro, [](int g) { return groupColour(g); });
        } else {
            p.dl->AddCircleFilled(c, rad, style::kHalo);
        }
        if (L.hoverPeak == i) p.dl->AddCircle(c, rad + 3, style::kHighlight, 0, 2);
        const float d = std::hypot(p.mouse.x - c.x, p.mouse.y - c.y);
        if (p.hovered && d < rad + 3 && d < hoverD) { hover = i; hoverD = d; }
    }
    // texts: the class names where a peak of one class sits (faded) and each peak's most frequent
    // class, placed together so that none meets another, a disc or the ring's legend (peak_layout.hpp)
    const float fh = ImGui::GetFontSize();
    const int legendRows = G > 0 && macroRing ? std::min(G, 10) + 1 : 0;
    float legendW = 0;
    for (int g = 0; g < std::min(G, 10) && legendRows > 0; ++g) legendW = std::max(legendW, 14 + ImGui::CalcTextSize(groupName(set, g).c_str()).x);
    std::vector<Box> blocked;
    if (legendRows > 0) blocked.push_back({p.p0.x + 4, p.p0.y + 2, legendW + 6, legendRows * (fh + 1) + 4});
    std::vector<Point2> anchorAt, anchorSizes;
    std::vector<std::string> anchorNames;
    if (byClass) {
        const auto anchors = classAnchors(nClasses, set.classToMacro);
        for (int c = 0; c < nClasses; ++c) {
            anchorNames.push_back(className(set, c));
            const ImVec2 ts = ImGui::CalcTextSize(anchorNames.back().c_str());
            anchorSizes.push_back({ts.x, ts.y});
            anchorAt.push_back({p.sx(anchors[size_t(c)][0] * 1.18), p.p0.y + (p.p1.y - p.sy(anchors[size_t(c)][1] * 1.18))});
        }
    }
    std::vector<Point2> sizes(static_cast<size_t>(m), Point2{0, 0});
    std::vector<std::string> names(static_cast<size_t>(m));
    for (Index i = 0; i < m; ++i)
        if (i < Index(r.dominant.size()) && r.dominant[size_t(i)] >= 0 && discs[size_t(i)].r > 9) {
            names[size_t(i)] = className(set, r.dominant[size_t(i)]);
            const ImVec2 ts = ImGui::CalcTextSize(names[size_t(i)].c_str());
            sizes[size_t(i)] = {ts.x, ts.y};
        }
    const Point2 mid{p.sx(0), p.p0.y + (p.p1.y - p.sy(0))};  // the centre of the class circle
    const MapLabels texts = placeMapLabels(discs, sizes, order, anchorAt, anchorSizes, mid,
                                           Box{p.p0.x, p.p0.y, p.p1.x - p.p0.x, p.p1.y - p.p0.y}, blocked);
    for (size_t c = 0; c < texts.anchors.size(); ++c)
        if (std::isfinite(texts.anchors[c][0]))
            p.dl->AddText(ImVec2(float(texts.anchors[c][0]), float(texts.anchors[c][1])), classColour(int(c), 0.75f), anchorNames[c].c_str());
    for (Index i = 0; i < m; ++i)
        if (std::isfinite(texts.peaks[size_t(i)][0]))
            p.dl->AddText(ImVec2(float(texts.peaks[size_t(i)][0]), float(texts.peaks[size_t(i)][1])), style::kText, names[size_t(i)].c_str());
    plot::end(p);
    // legend of the ring (macro-classes) or of the groups
    if (G > 0 && macroRing) {
        ImVec2 q(p.p0.x + 6, p.p0.y + 4);
        p.dl->AddText(q, style::kMuted, "ring:");
        q.y += ImGui::GetFontSize() + 1;
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
    auto f2 = [](double v) {
        char b[16];
        if (!std::isfinite(v)) return std::string("-");
        std::snprintf(b, sizeof b, "%.2f", v);
        return std::string(b);
    };
    char line[256];
    std::snprintf(line, sizeof line, "ID %.1f ± %.1f · %lld peaks at Z = %.2f · ARI classes %s, macro %s · chi labels %s, output %s",
                  r->a->id.id, r->a->id.error, (long long)r->part.nClusters(), L.Z, f2(r->ariClass).c_str(),
                  f2(r->ariMacro).c_str(), f2(r->chiLabels).c_str(),
                  li == set.outputLayer ? "(this is the output)" : f2(r->chiOutput).c_str());
    kit::wrapped(line);
    const float avail = ImGui::GetContentRegionAvail().y;
    ImGui::TextUnformatted("Peak map");
    help("Each disc is a density peak at Z: area ~ its points, slices = its classes, outer ring = its macro-classes. A peak "
         "sits at the mean of its classes' places around the circle (the class names), the same in every layer and "
         "training snapshot, so a peak of one class is always at that class and mixed peaks sit inside; discs are pushed "
         "apart so none hides another. Lines: saddles. Without labels: classical MDS of the saddle heights. Hover for the "
         "class histogram and the image at the peak's centre.");
    peakMap(L, *r, width - 16, std::floor(avail * 0.52f));
    shell::publishRect("peak-map");
    ImGui::TextUnformatted("Dendrogram of the peaks (joins at saddle log rho)");
    help("Single linkage on saddle heights (d'Errico et al. 2021, sec. 2.5): two groups of peaks join at the height of the "
         "highest saddle between them. Below each leaf: the centre's image and the peak's most frequent class.");
    dendrogram(L, *r, width - 16, ImGui::GetContentRegionAvail().y - 6);
    shell::publishRect("dendrogram");
}

}  // namespace peakscope::web::layers
