// PeakScope Tutorial 2 views: controls (variant, Z, epoch, play, own data), the layer strip (ID ±
// error, peaks at Z, ARI with classes / macro-classes, overlap χ with labels / output; Ansuini et al.
// 2019, Doimo et al. 2020), the selected layer's peak map (classical MDS of saddle heights, discs
// ∝ population, pie = macro-class composition) and dendrogram (d'Errico et al. 2021, §2.5) with
// class names and thumbnails.
//   Sections: [1] helpers  [2] controls  [3] strip  [4] peak map  [5] dendrogram  [6] selected
// Example: drawStrip(s, L, width, height);
#include <GLES3/gl3.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>

#include "automation.hpp"
#include "imgui.h"
#include "layers/layers_state.hpp"
#include "plot.hpp"
#include "session.hpp"
#include "style.hpp"

namespace peakscope::web::layers {

std::vector<int> epochsOf(LayersState& L, int layer);  // layers.cpp

namespace {

//-----------------------------------------------------------------------------------------------
// [1] helpers
//-----------------------------------------------------------------------------------------------
ImU32 seriesColour(int i) {
    static const int map[] = {0, 1, 2, 5, 3, 4, 6};
    return style::category(map[((i % 7) + 7) % 7]);
}

// Groups for pie colours: macro-classes when the set has them, otherwise classes.
int groupOf(const LayerSet& set, int cls) {
    if (cls < 0) return -1;
    if (!set.classToMacro.empty()) return cls < int(set.classToMacro.size()) ? set.classToMacro[size_t(cls)] : -1;
    return cls;
}
int groupCount(const LayerSet& set) {
    return !set.classToMacro.empty() ? int(set.macroNames.size()) : int(set.classes.size());
}
std::string groupName(const LayerSet& set, int g) {
    if (!set.classToMacro.empty()) return g >= 0 && g < int(set.macroNames.size()) ? set.macroNames[size_t(g)] : "?";
    return g >= 0 && g < int(set.classes.size()) ? set.classes[size_t(g)] : "?";
}
ImU32 groupColour(int g, float alpha = 1.0f) { return g < 0 ? style::kHalo : style::category(g + 3, alpha); }

std::string className(const LayerSet& set, int c) {
    if (c < 0) return "-";
    return c < int(set.classes.size()) ? set.classes[size_t(c)] : "class " + std::to_string(c);
}

int layerCount(const LayersState& L) { return int(L.set().layerNames.size()); }
int selectedLayer(const LayersState& L) { return L.layer < 0 ? layerCount(L) - 1 : std::min(L.layer, layerCount(L) - 1); }

void help(const char* text) {
    if (ImGui::IsItemHovered()) {
        ImGui::BeginTooltip();
        ImGui::PushTextWrapPos(ImGui::GetFontSize() * 26);
        ImGui::TextUnformatted(text);
        ImGui::PopTextWrapPos();
        ImGui::EndTooltip();
    }
}

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

}  // namespace

//-----------------------------------------------------------------------------------------------
// [2] Controls: data set, variant, Z, epoch, play; loading progress with Cancel.
//-----------------------------------------------------------------------------------------------
void drawControls(AppState& s, LayersState& L) {
    LayerSet& set = L.set();
    ImGui::TextWrapped("Density peaks across the layers of a small CNN trained on Fashion-MNIST (3,000 test images).");
    if (ImGui::SmallButton("Back to Tutorial 1")) {
        s.ui.mode = Mode::Tutorial1;
        s.ui.urlDirty = true;
    }
    ImGui::SameLine();
    if (ImGui::SmallButton("Open own layers...")) openOwnPicker();
    automation::publishRect("layers-open");
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
            s.ui.urlDirty = true;
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
                s.ui.urlDirty = true;
            }
            ImGui::PopStyleColor();
            automation::publishRect(("variant-" + set.series[size_t(i)].name).c_str());
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
        s.ui.urlDirty = true;
    }
    automation::publishRect("layers-z");
    help("Significance of a peak: it stays a peak if its height above the saddle exceeds Z times the error "
         "(d'Errico et al. 2021, Eq. 6). Acts on every layer: peak counts and ARI in the strip follow it.");
    // layer and epoch
    const int nl = layerCount(L);
    if (nl > 0) {
        int layer = selectedLayer(L);
        ImGui::SetNextItemWidth(-1);
        if (ImGui::SliderInt("##layer", &layer, 0, nl - 1, ("layer: " + set.layerNames[size_t(layer)]).c_str())) {
            L.layer = layer;
            s.ui.urlDirty = true;
        }
        automation::publishRect("layers-layer");
        const auto ep = epochsOf(L, selectedLayer(L));
        if (!ep.empty() && L.series == 0) {
            ImGui::TextUnformatted("Training snapshot of this layer (epoch):");
            if (ImGui::RadioButton("final", L.epoch < 0)) { L.epoch = -1; s.ui.urlDirty = true; }
            for (int e : ep) {
                ImGui::SameLine(0, 4);
                if (ImGui::RadioButton(std::to_string(e).c_str(), L.epoch == e)) { L.epoch = e; s.ui.urlDirty = true; }
                automation::publishRect(("epoch-" + std::to_string(e)).c_str());
            }
        } else if (L.series == 0 && !set.epochs.empty()) {
            ImGui::TextDisabled("Training snapshots: conv3, fc128, logits only.");
        }
    }
    // play
    if (ImGui::Button(L.playing && !L.playEpochs ? "Pause##layers" : "Play layers")) {
        L.playing = !(L.playing && !L.playEpochs);
        L.playEpochs = false;
        if (L.playing) { L.layer = -1; L.epoch = -1; L.playNext = 0; }
    }
    automation::publishRect("play-layers");
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
    automation::publishRect("play-epochs");
    help("Steps through the training snapshots (epochs 0, 1, 2, 4, 6) of the selected layer (conv3, fc128 or logits).");
    ImGui::SameLine();
    if (ImGui::ArrowButton("##prev", ImGuiDir_Left) && nl > 0) {
        L.layer = std::max(0, selectedLayer(L) - 1);
        L.epoch = -1;
        s.ui.urlDirty = true;
    }
    automation::publishRect("layer-prev");
    ImGui::SameLine();
    if (ImGui::ArrowButton("##next", ImGuiDir_Right) && nl > 0) {
        L.layer = std::min(nl - 1, selectedLayer(L) + 1);
        L.epoch = -1;
        s.ui.urlDirty = true;
    }
    automation::publishRect("layer-next");
    // loading
    if (L.load.active) {
        ImGui::Separator();
        ImGui::TextWrapped("%s", L.load.stage.c_str());
        ImGui::ProgressBar(float(L.load.fraction), ImVec2(-70, 0));
        ImGui::SameLine();
        if (ImGui::Button("Cancel##layers")) {
            cancelLoading(L);
            session::notice(s, "Loading cancelled: the layers analysed so far stay.");
        }
        automation::publishRect("layers-cancel");
    } else if (!L.showOwn) {
        bool missing = set.series.empty();
        for (auto& se : set.series) for (auto& r : se.layers) if (!r.name.empty() && !r.done) missing = true;
        if (missing) {
            if (ImGui::Button("Load the shipped activations")) startShipped(L);
        } else if (!std::isnan(L.load.trainedMs)) {
            ImGui::TextDisabled("trained set analysed in %.2f s", L.load.trainedMs / 1000);
        }
    }
}

//-----------------------------------------------------------------------------------------------
// [3] Layer strip: one plot per quantity, x = layer, a curve per variant. Click selects a layer.
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

bool stripPlot(AppState& s, LayersState& L, const Metric& m, float w, float h, bool lastRow, int plotIndex) {
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
            s.ui.urlDirty = true;
            clicked = true;
        }
    }
    return clicked;
}

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

void drawStrip(AppState& s, LayersState& L, float width, float height) {
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
        stripPlot(s, L, metrics[i], width - 16, ph, true, i);
        if (i == 0) automation::publishRect("strip-id");
        if (i == 3) automation::publishRect("strip-chi");
    }
    if (training) trainingPlot(L, width - 16, ph);
    (void)height;
}

//-----------------------------------------------------------------------------------------------
// [4] Peak map: classical MDS of F_max − saddle log ρ; disc area ∝ population; pie = groups.
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

//-----------------------------------------------------------------------------------------------
// [5] Dendrogram: leaves = peaks (higher left), joins at saddle log ρ; thumbnails + class names.
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
    const float bottom = (thumbs ? thumb + 4 : 0) + ImGui::GetFontSize() * 2.3f;
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
        std::string nm = className(set, dom);
        const size_t cut = std::max<size_t>(2, size_t(leafW / (ImGui::GetFontSize() * 0.55f)));
        if (nm.size() > cut) nm = nm.substr(0, cut);
        const float tw = ImGui::CalcTextSize(nm.c_str()).x;
        const float yy = y + ((leaf % 2) && leafW < 50 ? ImGui::GetFontSize() : 0);
        p.dl->AddText(ImVec2(x - tw / 2, yy), groupColour(groupOf(set, dom)), nm.c_str());
    }
    ImGui::PopClipRect();
    if (hover >= 0) {
        L.hoverPeak = hover;
        classHistogramTooltip(L, r, hover);
    }
}

}  // namespace

//-----------------------------------------------------------------------------------------------
// [6] Selected layer: header with its numbers, the peak map, the dendrogram.
//-----------------------------------------------------------------------------------------------
void drawSelected(AppState& s, LayersState& L, float width, float height) {
    (void)s;
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
    automation::publishRect("peak-map");
    ImGui::TextUnformatted("Dendrogram of the peaks (joins at saddle log rho)");
    help("Single linkage on saddle heights (d'Errico et al. 2021, sec. 2.5): two groups of peaks join at the height of the "
         "highest saddle between them. Below each leaf: the centre's image and the peak's most frequent class.");
    dendrogram(L, *r, width - 16, ImGui::GetContentRegionAvail().y - 6);
    automation::publishRect("dendrogram");
}

}  // namespace peakscope::web::layers
