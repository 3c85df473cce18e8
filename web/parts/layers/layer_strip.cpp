// PeakScope Tutorial 2 view: the layer strip. One plot per quantity, x = layer, a curve per network
// variant: intrinsic dimension (TwoNN ± error; Facco et al. 2017, Ansuini et al. 2019), peaks at Z,
// ARI with classes / macro-classes, overlap χ with labels / output (Doimo et al. 2020); ARI during
// training from the epoch snapshots. Click selects a layer.
//   Sections: [1] metrics  [2] one strip plot  [3] training plot  [4] the strip
// Example: drawStrip(L, width, height);
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

#include "imgui.h"
#include "kit/plot.hpp"
#include "kit/style.hpp"
#include "parts/layers/layers_internal.hpp"
#include "shell/app.hpp"
#include "shell/page_api.hpp"

namespace peakscope::web::layers {

//-----------------------------------------------------------------------------------------------
// [1] Metrics of the strip (value, dashed second value, error)
//-----------------------------------------------------------------------------------------------
namespace {

struct Metric {
    const char* title;
    const char* tip;
    double (*value)(LayerResult&);
    double (*second)(LayerResult&);  // dashed, may be null
    double (*error)(LayerResult&);   // may be null
    bool unitRange;
};

double vId(LayerResult& r) { return r.a ? r.a->id.id : NAN; }
double vIdErr(LayerResult& r) { return r.a ? r.a->id.error : NAN; }
double vPeaks(LayerResult& r) { return r.a ? double(r.part.nClusters()) : NAN; }
double vAri(LayerResult& r) { return r.ariClass; }
double vAriM(LayerResult& r) { return r.ariMacro; }
double vChi(LayerResult& r) { return r.chiLabels; }
double vChiO(LayerResult& r) { return r.chiOutput; }

//-----------------------------------------------------------------------------------------------
// [2] One strip plot: the variants across the layers; a click selects a layer
//-----------------------------------------------------------------------------------------------
bool stripPlot(LayersState& L, const Metric& m, float w, float h, bool lastRow, int plotIndex) {
    LayerSet& set = L.set();
    const int nl = layerCount(L);
    ImGui::TextUnformatted(m.title);
    help(m.tip);
    double y0 = m.unitRange ? 0 : INFINITY, y1 = m.unitRange ? 1 : -INFINITY;
    for (int si = 0; si < int(set.series.size()); ++si)
        for (int li = 0; li < nl; ++li) {
            LayerResult* r = at(L, si, li, -1);
            if (!r || !r->a) continue;
            refreshAtZ(L, *r, false);
            const double e = m.error ? m.error(*r) : 0;
            for (double v : {m.value(*r), m.second ? m.second(*r) : NAN})
                if (std::isfinite(v)) {
                    y0 = std::min(y0, v - (std::isfinite(e) ? e : 0));
                    y1 = std::max(y1, v + (std::isfinite(e) ? e : 0));
                }
        }
    if (!std::isfinite(y0)) { y0 = 0; y1 = 1; }
    if (!m.unitRange) {
        y0 = std::min(0.0, y0);
        plot::pad(y0, y1, 0.08);
        y0 = std::max(y0, m.value == vPeaks || m.value == vId ? 0.0 : y0);
    } else {
        y0 = std::min(y0, 0.0);
        y1 = std::max(1.0, y1) + 0.05;
        y0 -= 0.05;
    }
    const float bottom = lastRow ? ImGui::GetFontSize() * 1.4f : 4.0f;
    const std::string id = std::string("##strip") + std::to_string(plotIndex);
    plot::PlotArea p = plot::beginCategorical(id.c_str(), ImVec2(w, h), plot::Axes{-0.4, nl - 0.6, y0, y1}, "", bottom);
    const int sel = selectedLayer(L);
    p.dl->AddRectFilled(ImVec2(p.sx(sel - 0.45), p.p0.y), ImVec2(p.sx(sel + 0.45), p.p1.y), IM_COL32(255, 255, 255, 22));
    for (int si = 0; si < int(set.series.size()); ++si) {
        const ImU32 col = seriesColour(si);
        std::vector<double> xs, ys, ys2;
        for (int li = 0; li < nl; ++li) {
            LayerResult* r = at(L, si, li, -1);
            xs.push_back(li + (si - 1) * 0.06);
            ys.push_back(r && r->a ? m.value(*r) : NAN);
            ys2.push_back(r && r->a && m.second ? m.second(*r) : NAN);
            if (r && r->a && m.error) p.errorBar(xs.back(), ys.back(), m.error(*r), col);
        }
        p.polyline(xs.data(), ys.data(), nl, col, si == L.series ? 2.2f : 1.4f);
        for (int li = 0; li < nl; ++li)
            if (std::isfinite(ys[size_t(li)])) p.marker(xs[size_t(li)], ys[size_t(li)], col, 3.0f);
        if (m.second)
            for (int li = 1; li < nl; ++li)
                if (std::isfinite(ys2[size_t(li - 1)]) && std::isfinite(ys2[size_t(li)]))
                    p.dashedLine(xs[size_t(li - 1)], ys2[size_t(li - 1)], xs[size_t(li)], ys2[size_t(li)], col, 1.3f, 5);
    }
    // the epoch shown in the map (trained network's snapshot), as a white ring
    if (L.epoch >= 0) {
        LayerResult* r = at(L, 0, sel, L.epoch);
        if (r && r->a && std::isfinite(m.value(*r))) p.ring(sel, m.value(*r), style::kHighlight, 5, 1.5f);
    }
    plot::end(p);
    if (lastRow) {
        for (int li = 0; li < nl; ++li) {
            const std::string& nm = set.layerNames[size_t(li)];
            const float tw = ImGui::CalcTextSize(nm.c_str()).x;
            p.dl->AddText(ImVec2(p.sx(li) - tw / 2, p.p1.y + 2), li == sel ? style::kText : style::kMuted, nm.c_str());
        }
    }
    bool clicked = false;
    if (p.hovered) {
        const int li = std::clamp(int(std::lround(p.dataX(p.mouse.x))), 0, nl - 1);
        ImGui::BeginTooltip();
        ImGui::Text("%s (click to select)", set.layerNames[size_t(li)].c_str());
        for (int si = 0; si < int(set.series.size()); ++si) {
            LayerResult* r = at(L, si, li, -1);
            if (!r || !r->a) continue;
            plot::swatch(seriesColour(si));
            ImGui::SameLine();
            if (m.error)
                ImGui::Text("%s: %.2f ± %.2f", set.series[size_t(si)].name.c_str(), m.value(*r), m.error(*r));
            else if (m.second)
                ImGui::Text("%s: %.3f / %.3f", set.series[size_t(si)].name.c_str(), m.value(*r), m.second(*r));
            else
                ImGui::Text("%s: %.3g", set.series[size_t(si)].name.c_str(), m.value(*r));
        }
        ImGui::EndTooltip();
        if (ImGui::IsMouseClicked(0)) {
            L.layer = li;
            L.epoch = -1;
            shell::linkChanged();
            clicked = true;
        }
    }
    return clicked;
}

//-----------------------------------------------------------------------------------------------
// [3] Training plot
//-----------------------------------------------------------------------------------------------
// ARI with classes during training (snapshots of the trained run): x = epoch, a curve per layer.
void trainingPlot(LayersState& L, float w, float h) {
    LayerSet& set = L.set();
    if (set.epochs.empty()) return;
    std::vector<int> layersWith;
    for (int li = 0; li < layerCount(L); ++li)
        if (!epochsOf(L, li).empty()) layersWith.push_back(li);
    if (layersWith.empty()) return;
    const auto ep = epochsOf(L, layersWith[0]);
    ImGui::TextUnformatted("During training: ARI of the peaks with classes (trained run)");
    help("Snapshots of the trained network after 0, 1, 2, 4 and 6 epochs. Solid: classes; dashed: macro-classes. "
         "A sudden rise marks the epoch at which class peaks form (nucleation).");
    plot::PlotArea p = plot::beginCategorical("##training", ImVec2(w, h), plot::Axes{-0.3, ep.back() + 0.3, -0.05, 1.05}, "",
                                              ImGui::GetFontSize() * 1.4f);
    std::vector<plot::LegendEntry> leg;
    for (size_t k = 0; k < layersWith.size(); ++k) {
        const int li = layersWith[k];
        const ImU32 col = style::category(int(k) + 4);
        std::vector<double> xs, ys, ys2;
        for (int e : ep) {
            LayerResult* r = at(L, 0, li, e);
            if (r && r->a) refreshAtZ(L, *r, false);
            xs.push_back(e);
            ys.push_back(r && r->a ? r->ariClass : NAN);
            ys2.push_back(r && r->a ? r->ariMacro : NAN);
        }
        p.polyline(xs.data(), ys.data(), int(xs.size()), col, 1.8f);
        for (size_t i = 0; i < xs.size(); ++i) {
            if (std::isfinite(ys[i])) p.marker(xs[i], ys[i], col, 3);
            if (i && std::isfinite(ys2[i - 1]) && std::isfinite(ys2[i])) p.dashedLine(xs[i - 1], ys2[i - 1], xs[i], ys2[i], col, 1.2f, 5);
        }
        leg.push_back({col, set.layerNames[size_t(li)]});
    }
    if (L.epoch >= 0) p.vline(L.epoch, IM_COL32(255, 255, 255, 90));
    plot::legend(p, leg);
    plot::end(p);
    for (int e : ep) {
        char b[16];
        std::snprintf(b, sizeof b, "%d", e);
        const float tw = ImGui::CalcTextSize(b).x;
        p.dl->AddText(ImVec2(p.sx(e) - tw / 2, p.p1.y + 2), style::kMuted, b);
    }
    const char* xl = "epoch:";
    p.dl->AddText(ImVec2(p.frame0.x + 2, p.p1.y + 2), style::kMuted, xl);
}

}  // namespace

//-----------------------------------------------------------------------------------------------
// [4] The strip: legend of the variants, four metric plots, the training plot
//-----------------------------------------------------------------------------------------------
void drawStrip(LayersState& L, float width, float height) {
    LayerSet& set = L.set();
    if (set.series.empty() || set.layerNames.empty()) {
        ImGui::TextWrapped(L.load.active ? "Loading the activation sets..." : "No layers loaded.");
        return;
    }
    // legend
    for (int si = 0; si < int(set.series.size()); ++si) {
        if (si) ImGui::SameLine();
        plot::swatch(seriesColour(si));
        ImGui::SameLine();
        const auto& se = set.series[size_t(si)];
        if (std::isfinite(se.accuracy)) ImGui::Text("%s (%.0f%%)", se.name.c_str(), 100 * se.accuracy);
        else ImGui::TextUnformatted(se.name.c_str());
        if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", se.description.c_str());
    }
    static const Metric metrics[] = {
        {"Intrinsic dimension (TwoNN, ± error)",
         "Facco et al. 2017. Ansuini et al. 2019 found it rises in the first layers and falls towards the output of trained networks.",
         vId, nullptr, vIdErr, false},
        {"Number of density peaks at Z",
         "Advanced density peaks (d'Errico et al. 2021) at the Z of the slider: the peaks that stay significant.",
         vPeaks, nullptr, nullptr, false},
        {"ARI of the peaks with classes (solid) and macro-classes (dashed)",
         "Adjusted Rand index (Hubert & Arabie 1985) between the peak of each image and its class (10) or macro-class "
         "(garments, footwear, trouser, bag). 1 = identical partitions, 0 = chance.",
         vAri, vAriM, nullptr, true},
        {"Overlap chi with the labels (solid) and with the output layer (dashed)",
         "Doimo et al. 2020: the fraction of each image's 30 nearest neighbours with the same class (solid), or shared "
         "with its 30 nearest neighbours at the logits (dashed).",
         vChi, vChiO, nullptr, true},
    };
    const bool training = !set.epochs.empty() && !L.showOwn;
    const float fh = ImGui::GetFontSize();
    const float avail = ImGui::GetContentRegionAvail().y;
    const int nPlots = 4 + (training ? 1 : 0);
    const float ph = std::max(70.0f, (avail - nPlots * (fh + 8) - fh * 2.8f) / nPlots);
    for (int i = 0; i < 4; ++i) {
        stripPlot(L, metrics[i], width - 16, ph, true, i);
        if (i == 0) shell::publishRect("strip-id");
        if (i == 3) shell::publishRect("strip-chi");
    }
    if (training) trainingPlot(L, width - 16, ph);
    (void)height;
}

}  // namespace peakscope::web::layers
