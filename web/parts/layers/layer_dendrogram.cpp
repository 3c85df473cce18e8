// PeakScope Tutorial 2 view: the dendrogram of the selected layer's peaks (d'Errico et al. 2021,
// §2.5): leaves = peaks (higher left), joins at the saddle log ρ, below each leaf the centre's image
// and the peak's most frequent class (whole names, stacked in rows: layers_layout.hpp); hover = class histogram (peak_map.cpp).
//   Sections: dendrogram
// Example: dendrogram(L, r, width, height);
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

#include "imgui.h"
#include "kit/plot.hpp"
#include "kit/style.hpp"
#include "parts/layers/layers_draw.hpp"
#include "parts/layers/layers_layout.hpp"

namespace peakscope::web::layers {

//-----------------------------------------------------------------------------------------------
// Dendrogram: leaves = peaks (higher left), joins at saddle log ρ; thumbnails + class names.
//-----------------------------------------------------------------------------------------------
void dendrogram(LayersState& L, LayerResult& r, float w, float h) {
    const LayerSet& set = L.set();
    const Dendrogram& d = r.hier;
    if (d.nLeaves < 1) return;
    const plot::TreeLayout t = plot::dendrogramLayout(d);
    double y0 = INFINITY, y1 = -INFINITY;
    for (double v : t.y) { y0 = std::min(y0, v); y1 = std::max(y1, v); }
    plot::pad(y0, y1, 0.06);
    const bool thumbs = !set.images.empty();
    const float leafW = (w - ImGui::GetFontSize() * 4.4f) / float(std::max<Index>(1, d.nLeaves));
    const float thumb = std::clamp(leafW - 2, 8.0f, 28.0f);
    // whole class names (never cut): stacked in rows so that the labels of one row do not meet
    std::vector<std::string> names;
    std::vector<float> widths;
    for (Index leaf = 0; leaf < d.nLeaves; ++leaf) {
        names.push_back(className(set, leaf < Index(r.dominant.size()) ? r.dominant[size_t(leaf)] : -1));
        widths.push_back(ImGui::CalcTextSize(names.back().c_str()).x);
    }
    const int rows = labelRows(widths, leafW, 6.0f, 8);
    // row of a leaf by its place from the left (neighbours on screen alternate rows)
    std::vector<int> rowOf(static_cast<size_t>(d.nLeaves), 0);
    {
        std::vector<int> byX(static_cast<size_t>(d.nLeaves));
        for (Index i = 0; i < d.nLeaves; ++i) byX[size_t(i)] = int(i);
        std::sort(byX.begin(), byX.end(), [&](int a, int b) { return t.x[size_t(a)] < t.x[size_t(b)]; });
        for (size_t k = 0; k < byX.size(); ++k) rowOf[size_t(byX[k])] = int(k) % rows;
    }
    const float bottom = (thumbs ? thumb + 4 : 0) + ImGui::GetFontSize() * (float(rows) + 0.6f);
    plot::PlotArea p = plot::beginCategorical("##dendro", ImVec2(w, h), plot::Axes{-0.5, d.nLeaves - 0.5, y0, y1}, "", bottom);
    const Index nL = d.nLeaves;
    for (size_t k = 0; k < d.merges.size(); ++k) {
        const auto& mg = d.merges[k];
        const int node = int(nL + Index(k));
        const ImU32 col = mg.connected ? style::kText : style::kMuted;
        for (int child : {mg.left, mg.right}) {
            p.line(t.x[size_t(child)], t.y[size_t(child)], t.x[size_t(child)], t.y[size_t(node)], col, 1.3f);
        }
        p.line(t.x[size_t(mg.left)], t.y[size_t(node)], t.x[size_t(mg.right)], t.y[size_t(node)], col, 1.3f);
    }
    int hover = -1;
    for (Index leaf = 0; leaf < nL; ++leaf) {
        const int dom = leaf < Index(r.dominant.size()) ? r.dominant[size_t(leaf)] : -1;
        const ImU32 col = groupColour(groupOf(set, dom));
        p.marker(t.x[size_t(leaf)], t.y[size_t(leaf)], col, 4);
        if (p.hovered && std::fabs(p.mouse.x - p.sx(t.x[size_t(leaf)])) < std::max(4.0f, leafW / 2)) hover = int(leaf);
    }
    plot::end(p);
    ImGui::PushClipRect(p.frame0, ImVec2(p.frame1.x, p.frame1.y + 2), true);
    for (Index leaf = 0; leaf < nL; ++leaf) {
        const float x = p.sx(t.x[size_t(leaf)]);
        float y = p.p1.y + 3;
        const int dom = leaf < Index(r.dominant.size()) ? r.dominant[size_t(leaf)] : -1;
        if (thumbs) {
            const int row = r.a->row(r.part.centres[size_t(leaf)]);
            if (const unsigned tex = thumbnail(L, row, L.series))
                p.dl->AddImage((ImTextureID)(intptr_t)tex, ImVec2(x - thumb / 2, y), ImVec2(x + thumb / 2, y + thumb));
            y += thumb + 2;
        }
        const std::string& nm = names[size_t(leaf)];
        const float tw = widths[size_t(leaf)];
        const float yy = y + float(rowOf[size_t(leaf)]) * ImGui::GetFontSize();
        const float xx = std::clamp(x - tw / 2, p.frame0.x, std::max(p.frame0.x, p.frame1.x - tw));
        p.dl->AddText(ImVec2(xx, yy), groupColour(groupOf(set, dom)), nm.c_str());
    }
    ImGui::PopClipRect();
    if (hover >= 0) {
        L.hoverPeak = hover;
        classHistogramTooltip(L, r, hover);
    }
}

}  // namespace peakscope::web::layers
