// PeakScope Tutorial 2 view: the layer strip. One plot per quantity, x = layer, a curve per network
// variant: intrinsic dimension (TwoNN ± error; Facco et al. 2017, Ansuini et al. 2019), peaks at Z,
// ARI with classes / macro-classes, χ with classes / macro-classes, neighbourhood overlap with the
// input (forgetting) and the output (Doimo et al. 2020); bands: range over the training seeds of
// summary.json; ARI during training from the snapshots. Click selects a layer.
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
#include "kit/text.hpp"
#include "parts/layers/layers_draw.hpp"
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
    double (*value)(LayerResult&);   // the analysed seed, solid; may be null (bands only)
    double (*second)(LayerResult&);  // dashed, may be null
    double (*error)(LayerResult&);   // may be null
    bool unitRange;
    double (*band)(const representations::LayerMeasures&);   // summary.json over seeds (solid's), may be null
    double (*band2)(const representations::LayerMeasures&);  // (dashed's), may be null
};

double vId(LayerResult& r) { return r.a ? r.a->id.id : NAN; }
double vIdErr(LayerResult& r) { return r.a ? r.a->id.error : NAN; }
double vPeaks(LayerResult& r) { return r.a ? double(r.part.nClusters()) : NAN; }
double vAri(LayerResult& r) { return r.ariClass; }
double vAriM(LayerResult& r) { return r.ariMacro; }
double vChi(LayerResult& r) { return r.chiLabels; }
double vChiM(LayerResult& r) { return r.chiMacro; }
double vChiO(LayerResult& r) { return r.chiOutput; }
double bId(const representations::LayerMeasures& m) { return m.id; }
double bPeaks(const representations::LayerMeasures& m) { return double(m.peaks); }
double bAri(const representations::LayerMeasures& m) { return m.ariClass; }
double bAriM(const representations::LayerMeasures& m) { return m.ariMacro; }
double bChi(const representations::LayerMeasures& m) { return m.chiClass; }
double bChiM(const representations::LayerMeasures& m) { return m.chiMacro; }
double bOvIn(const representations::LayerMeasures& m) { return m.overlapInput; }
double bOvOut(const representations::LayerMeasures& m) { return m.overlapOutput; }

// The bands of series si (its name is the summary's run: trained, untrained) at the Z shown.
struct Bands { Band a, b; bool any = false; };
Bands bandsOf(LayersState& L, const Metric& m, int si) {
    Bands out;
    const Summary& s = L.set().summary;
    const int zi = nearestZ(s, L.Z);
    if (L.showOwn || !s.ready || zi < 0 || si >= int(L.set().series.size())) return out;
    const std::string& run = L.set().series[size_t(si)].name;
    if (m.band) out.a = summaryBand(s, run, size_t(zi), m.band);
    if (m.band2) out.b = summaryBand(s, run, size_t(zi), m.band2);
    out.any = !out.a.mean.empty() || !out.b.mean.empty();
    return out;
}

// ID axis: from 0 only when 0 is close to the data (the lowest value ≤ 0.2 × the highest);
// otherwise from just below the data, so a profile of 40 → 10 is not flattened.
void numberAxis(double& y0, double& y1) {
    const bool fromZero = y0 >= 0 && y0 <= 0.2 * y1;
    plot::pad(y0, y1, 0.08);
    if (fromZero) y0 = 0;
}

//-----------------------------------------------------------------------------------------------
// [2] One strip plot: the variants across the layers; a click selects a layer
//-----------------------------------------------------------------------------------------------
bool stripPlot(LayersState& L, const Metric& m, float w, float h, bool lastRow, int plotIndex) {
    LayerSet& set = L.set();
    const int nl = layerCount(L);
    ImGui::TextWrapped("%s", m.title);  // a narrow pane wraps the title instead of cutting it
    help(m.tip);
    std::vector<Bands> bands;
    for (int si = 0; si < int(set.series.size()); ++si) bands.push_back(bandsOf(L, m, si));
    double y0 = m.unitRange ? 0 : INFINITY, y1 = m.unitRange ? 1 : -INFINITY;
    auto include = [&](double lo, double hi) {
        if (std::isfinite(lo)) y0 = std::min(y0, lo);
        if (std::isfinite(hi)) y1 = std::max(y1, hi);
    };
    for (int si = 0; si < int(set.series.size()); ++si) {
        for (const Band* b : {&bands[size_t(si)].a, &bands[size_t(si)].b})
            for (size_t i = 0; i < b->lo.size(); ++i) include(b->lo[i], b->hi[i]);
        for (int li = 0; li < nl; ++li) {
            LayerResult* r = at(L, si, li, -1);
            if (!r || !r->a) continue;
            const double e = m.error ? m.error(*r) : 0;
            for (double v : {m.value ? m.value(*r) : NAN, m.second ? m.second(*r) : NAN})
                include(v - (std::isfinite(e) ? e : 0), v + (std::isfinite(e) ? e : 0));
        }
    }
    if (!std::isfinite(y0) || !std::isfinite(y1)) { y0 = 0; y1 = 1; }
    if (!m.unitRange) {
        numberAxis(y0, y1);
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
    // bands first (mean ± spread over the seeds of summary.json): filled range, thin mean line
    for (int si = 0; si < int(set.series.size()); ++si) {
        const ImU32 col = seriesColour(si);
        const ImU32 fill = (col & 0x00FFFFFFu) | (ImU32(si == L.series ? 70 : 45) << 24);
        const Band* bs[] = {&bands[size_t(si)].a, &bands[size_t(si)].b};
        for (int k = 0; k < 2; ++k) {
            const Band& b = *bs[k];
            const int n = std::min(nl, int(b.mean.size()));
            if (n == 0) continue;
            std::vector<double> xs(static_cast<size_t>(n));
            for (int li = 0; li < n; ++li) xs[size_t(li)] = li;
            p.band(xs.data(), b.lo.data(), b.hi.data(), n, k == 0 ? fill : (col & 0x00FFFFFFu) | (ImU32(30) << 24));
            const ImU32 meanCol = (col & 0x00FFFFFFu) | (ImU32(150) << 24);
            for (int li = 1; li < n; ++li)
                if (std::isfinite(b.mean[size_t(li - 1)]) && std::isfinite(b.mean[size_t(li)])) {
                    if (k == 0) p.line(li - 1, b.mean[size_t(li - 1)], li, b.mean[size_t(li)], meanCol, 1.0f);
                    else p.dashedLine(li - 1, b.mean[size_t(li - 1)], li, b.mean[size_t(li)], meanCol, 1.0f, 4);
                }
        }
    }
    for (int si = 0; si < int(set.series.size()); ++si) {
        const ImU32 col = seriesColour(si);
        std::vector<double> xs, ys, ys2;
        for (int li = 0; li < nl; ++li) {
            LayerResult* r = at(L, si, li, -1);
            xs.push_back(li + (si - 1) * 0.06);
            ys.push_back(r && r->a && m.value ? m.value(*r) : NAN);
            ys2.push_back(r && r->a && m.second ? m.second(*r) : NAN);
            if (r && r->a && m.error && m.value) p.errorBar(xs.back(), ys.back(), m.error(*r), col);
        }
        if (m.value) {
            p.polyline(xs.data(), ys.data(), nl, col, si == L.series ? 2.2f : 1.4f);
            for (int li = 0; li < nl; ++li)
                if (std::isfinite(ys[size_t(li)])) p.marker(xs[size_t(li)], ys[size_t(li)], col, 3.0f);
        }
        if (m.second)
            for (int li = 1; li < nl; ++li)
                if (std::isfinite(ys2[size_t(li - 1)]) && std::isfinite(ys2[size_t(li)]))
                    p.dashedLine(xs[size_t(li - 1)], ys2[size_t(li - 1)], xs[size_t(li)], ys2[size_t(li)], col, 1.3f, 5);
    }
    // the epoch shown in the map (trained network's snapshot), as a white ring
    if (L.epoch >= 0 && m.value) {
        LayerResult* r = at(L, 0, sel, L.epoch);
        if (r && r->a && std::isfinite(m.value(*r))) p.ring(sel, m.value(*r), style::kHighlight, 5, 1.5f);
    }
    plot::end(p);
    if (lastRow) {
        // layer names that do not run together: every k-th when they are wider than a layer's slot
        float widest = 0;
        for (const auto& nm : set.layerNames) widest = std::max(widest, ImGui::CalcTextSize(nm.c_str()).x);
        const float slot = nl > 1 ? p.sx(1) - p.sx(0) : widest + 8;
        const int every = std::max(1, int(std::ceil((widest + 6) / std::max(1.0f, slot))));
        for (int li = 0; li < nl; ++li) {
            const bool shown = li == sel || (li % every == 0 && std::abs(li - sel) >= every) || (li == nl - 1 && std::abs(li - sel) >= every);
            if (!shown) continue;
            const std::string& nm = set.layerNames[size_t(li)];
            const float tw = ImGui::CalcTextSize(nm.c_str()).x;
            const float x = std::clamp(p.sx(li) - tw / 2, p.frame0.x, p.frame1.x - tw);
            p.dl->AddText(ImVec2(x, p.p1.y + 2), li == sel ? style::kText : style::kMuted, nm.c_str());
        }
    }
    bool clicked = false;
    if (p.hovered) {
        const int li = std::clamp(int(std::lround(p.dataX(p.mouse.x))), 0, nl - 1);
        ImGui::BeginTooltip();
        ImGui::Text("%s (click to select)", set.layerNames[size_t(li)].c_str());
        for (int si = 0; si < int(set.series.size()); ++si) {
            LayerResult* r = at(L, si, li, -1);
            const char* name = set.series[size_t(si)].name.c_str();
            if (r && r->a && (m.value || m.second)) {
                plot::swatch(seriesColour(si));
                ImGui::SameLine();
                const double v = m.value ? m.value(*r) : NAN;
                if (m.error)
                    ImGui::Text("%s: %.2f ± %.2f", name, v, m.error(*r));
                else if (m.second && m.value)
                    ImGui::Text("%s: %.3f / %.3f", name, v, m.second(*r));
                else if (m.second)
                    ImGui::Text("%s (dashed): %.3f", name, m.second(*r));
                else
                    ImGui::Text("%s: %.3g", name, v);
            }
            const Bands& b = bands[size_t(si)];
            for (const Band* band : {&b.a, &b.b})
                if (li < int(band->mean.size()) && std::isfinite(band->mean[size_t(li)]))
                    ImGui::TextDisabled("  %s over seeds%s: %.3g (%.3g ... %.3g)", name, band == &b.b ? " (dashed)" : "",
                                        band->mean[size_t(li)], band->lo[size_t(li)], band->hi[size_t(li)]);
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
// ARI with classes during training (snapshots of the trained run): x = snapshot, a curve per layer.
const char* const kTrainingTitle = "During training: ARI of the peaks with classes (trained run)";
void trainingPlot(LayersState& L, float w, float h) {
    LayerSet& set = L.set();
    if (set.epochs.empty()) return;
    std::vector<int> layersWith;
    for (int li = 0; li < layerCount(L); ++li)
        if (!epochsOf(L, li).empty()) layersWith.push_back(li);
    if (layersWith.empty()) return;
    const auto ep = epochsOf(L, layersWith[0]);
    const int ne = int(ep.size());
    ImGui::TextWrapped("%s", kTrainingTitle);
    help("Snapshots of the trained network (x: one step per snapshot, labelled by its batch or epoch). Solid: classes; "
         "dashed: macro-classes. A sudden rise marks when class peaks form (nucleation).");
    // legend: a row above the plot (wrapping), so no entry is cut off by a short plot
    const float right = ImGui::GetWindowPos().x + ImGui::GetWindowContentRegionMax().x;
    for (size_t k = 0; k < layersWith.size(); ++k) {
        const std::string& nm = set.layerNames[size_t(layersWith[k])];
        const float ew = ImGui::GetFontSize() * 1.2f + 4 + ImGui::CalcTextSize(nm.c_str()).x;
        if (k > 0 && ImGui::GetItemRectMax().x + 12 + ew < right) ImGui::SameLine(0, 12);
        ImGui::BeginGroup();
        plot::swatch(style::category(int(k) + 4), ImGui::GetFontSize() * 0.7f);
        ImGui::SameLine(0, 4);
        ImGui::TextUnformatted(nm.c_str());
        ImGui::EndGroup();
        shell::publishRect(("training-legend-" + nm).c_str());
    }
    plot::PlotArea p = plot::beginCategorical("##training", ImVec2(w, h), plot::Axes{-0.3, ne - 0.7, -0.05, 1.05}, "",
                                              ImGui::GetFontSize() * 1.4f);
    for (size_t k = 0; k < layersWith.size(); ++k) {
        const int li = layersWith[k];
        const ImU32 col = style::category(int(k) + 4);
        std::vector<double> xs, ys, ys2;
        for (int i = 0; i < ne; ++i) {
            LayerResult* r = at(L, 0, li, ep[size_t(i)]);
            xs.push_back(i);
            ys.push_back(r && r->a ? r->ariClass : NAN);
            ys2.push_back(r && r->a ? r->ariMacro : NAN);
        }
        p.polyline(xs.data(), ys.data(), int(xs.size()), col, 1.8f);
        for (size_t i = 0; i < xs.size(); ++i) {
            if (std::isfinite(ys[i])) p.marker(xs[i], ys[i], col, 3);
            if (i && std::isfinite(ys2[i - 1]) && std::isfinite(ys2[i])) p.dashedLine(xs[i - 1], ys2[i - 1], xs[i], ys2[i], col, 1.2f, 5);
        }
    }
    for (int i = 0; i < ne; ++i)
        if (L.epoch == ep[size_t(i)]) p.vline(i, IM_COL32(255, 255, 255, 90));
    plot::end(p);
    const char* xl = set.snapshotUnit == "batch" ? "batch:" : "epoch:";
    const float xlw = ImGui::CalcTextSize(xl).x;
    p.dl->AddText(ImVec2(p.frame0.x + 2, p.p1.y + 2), style::kMuted, xl);
    float nextFree = p.frame0.x + xlw + 8;
    for (int i = 0; i < ne; ++i) {
        const std::string b = std::to_string(ep[size_t(i)]);
        const float tw = ImGui::CalcTextSize(b.c_str()).x, x = p.sx(i) - tw / 2;
        if (x < nextFree) continue;  // labels never run together
        p.dl->AddText(ImVec2(x, p.p1.y + 2), L.epoch == ep[size_t(i)] ? style::kText : style::kMuted, b.c_str());
        nextFree = x + tw + 6;
    }
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
    const Summary& sm = set.summary;
    const int zi = nearestZ(sm, L.Z);
    if (!L.showOwn && sm.ready && zi >= 0) {
        char line[96];
        std::snprintf(line, sizeof line, "lines: shipped seed, Z = %.2f; bands: %d seeds, Z = %.2f", L.Z,
                      int(sm.seeds.size()), sm.zs[size_t(zi)]);
        kit::wrapped(line, true);
    }
    static const Metric metrics[] = {
        {"Intrinsic dimension (TwoNN, ± error)",
         "Facco et al. 2017. Ansuini et al. 2019 found it rises in the first layers and falls towards the output of trained "
         "networks. Band: lowest to highest over the training seeds; the axis starts near the data, not at 0.",
         vId, nullptr, vIdErr, false, bId, nullptr},
        {"Number of density peaks at Z",
         "Advanced density peaks (d'Errico et al. 2021) at the Z of the slider: the peaks that stay significant.",
         vPeaks, nullptr, nullptr, false, bPeaks, nullptr},
        {"ARI of the peaks with classes (solid) and macro-classes (dashed)",
         "Adjusted Rand index (Hubert & Arabie 1985) between the peak of each image and its class (10) or macro-class. "
         "1 = identical partitions, 0 = chance.",
         vAri, vAriM, nullptr, true, bAri, bAriM},
        {"chi: same class (solid) / macro-class (dashed) of 30 neighbours",
         "Doimo et al. 2020: the fraction of each image's 30 nearest neighbours with its class (solid) or macro-class "
         "(dashed). Compare with the ARI above: chi can rise while the peaks do not match the classes yet.",
         vChi, vChiM, nullptr, true, bChi, bChiM},
        {"Forgetting: overlap with the input (solid) / output (dashed)",
         "Doimo et al. 2020: the fraction of each image's 30 nearest neighbours that are also among its 30 nearest at the "
         "input layer (solid, bands over the seeds of summary.json) or at the logits (dashed; the line is the analysed seed).",
         nullptr, vChiO, nullptr, true, bOvIn, bOvOut},
    };
    constexpr int kMetrics = int(sizeof metrics / sizeof metrics[0]);
    const bool training = !set.epochs.empty() && !L.showOwn;
    const float fh = ImGui::GetFontSize();
    const float avail = ImGui::GetContentRegionAvail().y;
    const int nPlots = kMetrics + (training ? 1 : 0);
    // the titles as wrapped in this width (one or two lines each)
    const float wrapW = ImGui::GetContentRegionAvail().x;
    float titles = 0;
    for (int i = 0; i < kMetrics; ++i) titles += ImGui::CalcTextSize(metrics[i].title, nullptr, false, wrapW).y + 8;
    if (training) titles += ImGui::CalcTextSize(kTrainingTitle, nullptr, false, wrapW).y + 8 + fh + 6;  // + legend row
    const float ph = std::max(56.0f, (avail - titles - fh * 2.8f) / nPlots);
    for (int i = 0; i < kMetrics; ++i) {
        stripPlot(L, metrics[i], width - 16, ph, i == kMetrics - 1 || ph > fh * 6, i);
        if (i == 0) shell::publishRect("strip-id");
        if (i == 3) shell::publishRect("strip-chi");
        if (i == 4) shell::publishRect("strip-forgetting");
    }
    if (training) {
        trainingPlot(L, width - 16, ph);
        shell::publishRect("training-plot");
    }
    (void)height;
}

}  // namespace peakscope::web::layers
