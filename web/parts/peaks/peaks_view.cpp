// PeakScope view "Peaks and Z": the significance threshold Z of Advanced Density Peaks
// (d'Errico et al. 2021, §2.3, Eq. 6) with live merging, the number of peaks vs Z, and tables of
// the peaks and saddles at the current Z.
//   Sections: [1] helpers · [2] number of peaks vs Z (click/drag sets Z) · [3] peaks table ·
//             [4] saddles table · [5] the view
// Example: views::drawPeaksView(state);  // inside the right-hand pane
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <numeric>

#include "kit/plot.hpp"
#include "kit/style.hpp"
#include "kit/text.hpp"
#include "parts/peaks/session.hpp"
#include "parts/peaks/view_caches.hpp"
#include "parts/peaks/views.hpp"
#include "shell/app.hpp"
#include "shell/page_api.hpp"

namespace peakscope::web::views {
namespace {

//-----------------------------------------------------------------------------------------------
// [1] Helpers.
//-----------------------------------------------------------------------------------------------
// Same range as the Z slider (common.cpp): a little beyond the last breakpoint.
double zRange(const PeaksState& s) {
    double m = 5;
    const auto& c = s.results.analysis->curve;
    if (!c.z.empty()) m = std::max(m, c.z.back() * 1.15);
    return std::max(std::min(m, 50.0), s.z.Z * 1.05);
}

void toggleHighlight(PeaksState& s, int peak) { s.ui.highlightPeak = s.ui.highlightPeak == peak ? -1 : peak; }

//-----------------------------------------------------------------------------------------------
// [2] Number of peaks vs Z: a step function (nClusters[k] on [z[k], z[k+1])). Beyond exactUpTo
// the steps are grid samples (work budget spent): shaded and dashed. Click or drag to set Z.
//-----------------------------------------------------------------------------------------------
void drawCurve(PeaksState& s, float height) {
    const MergeCurve& c = s.results.analysis->curve;
    bool& logScale = s.ui.peaksLogScale;
    Index nMax = 1;
    for (Index v : c.nClusters) nMax = std::max(nMax, v);
    auto Y = [&](double n) { return logScale ? std::log10(std::max(1.0, n)) : n; };
    const double zHi = zRange(s);
    plot::Axes ax{0, zHi, logScale ? -0.05 : 0, Y(double(nMax)) * 1.08 + (logScale ? 0.05 : 0.5)};
    ax.logY = logScale;
    plot::PlotArea p = plot::begin("##peaksVsZ", ImVec2(-1, height), ax, "Z (significance)", "number of peaks");
    shell::publishRect("peaksVsZ");
    const bool active = ImGui::IsItemActive(), hovered = ImGui::IsItemHovered();
    const double exactEnd = c.truncated() ? c.exactUpTo : zHi;
    if (c.truncated() && exactEnd < zHi)
        p.dl->AddRectFilled(ImVec2(p.sx(exactEnd), p.p0.y), p.p1, IM_COL32(255, 255, 255, 14));
    const ImU32 exactCol = style::category(1), sampledCol = style::category(1, 0.55f);
    for (size_t k = 0; k < c.z.size(); ++k) {
        const double za = c.z[k], zb = k + 1 < c.z.size() ? c.z[k + 1] : zHi;
        const double y = Y(double(c.nClusters[k]));
        const bool sampled = za >= exactEnd;
        if (sampled)
            p.dashedLine(za, y, zb, y, sampledCol, 1.5f, 5);
        else
            p.line(za, y, zb, y, exactCol, 1.8f);
        if (k + 1 < c.z.size()) {
            const double y2 = Y(double(c.nClusters[k + 1]));
            if (sampled) p.dashedLine(zb, y, zb, y2, sampledCol, 1.0f, 4);
            else p.line(zb, y, zb, y2, exactCol, 1.0f);
        }
    }
    // the current Z and the count there (exact: the partition on screen)
    const double Z = s.z.Z, n = double(s.z.partition.nClusters());
    p.vline(Z, style::kHighlight, 1.5f);
    p.marker(Z, Y(n), style::category(4), 5.0f);
    char buf[64];
    std::snprintf(buf, sizeof buf, " %d peak%s at Z = %.2f", int(n), n == 1 ? "" : "s", Z);
    const float tw = ImGui::CalcTextSize(buf).x;
    const float tx = p.sx(Z) + tw + 8 < p.p1.x ? p.sx(Z) + 4 : p.sx(Z) - tw - 6;
    p.dl->AddText(ImVec2(tx, p.p0.y + 2), style::category(4), buf);
    if (c.truncated() && exactEnd < zHi) {
        std::snprintf(buf, sizeof buf, "sampled beyond Z = %.2f", exactEnd);
        p.dl->AddText(ImVec2(p.p1.x - ImGui::CalcTextSize(buf).x - 4, p.p0.y + ImGui::GetFontSize() + 6), style::kMuted, buf);
    }
    plot::end(p);
    if (active && ImGui::IsMouseDown(ImGuiMouseButton_Left))
        session::setZ(s, std::clamp(p.dataX(p.mouse.x), 0.0, zHi));
    else if (hovered && p.hovered) {
        const double z = std::max(0.0, p.dataX(p.mouse.x));
        ImGui::SetTooltip("Z = %.2f: %d peaks\nClick or drag to set Z.", z, int(clustersAtZ(s.results.analysis->topography, z)));
    }
    if (ImGui::Checkbox("log scale", &logScale)) shell::linkChanged();
    if (c.truncated()) {
        char note[128];
        std::snprintf(note, sizeof note, "Exact up to Z = %.2f; beyond it (shaded, dashed) sampled on a grid of Z values.",
                      c.exactUpTo);
        kit::textAfter(note);
    }
}

//-----------------------------------------------------------------------------------------------
// [3] Peaks at Z: centre, height log ρ ± σ, population and halo. A row click highlights the peak.
//-----------------------------------------------------------------------------------------------
void drawPeaksTable(PeaksState& s, float height) {
    const Partition& pt = s.z.partition;
    const Analysis& a = *s.results.analysis;
    const peaks::PeakRows& cn = peakRows(s);  // rows and halo rows per peak (ADP §2.4)
    const ImGuiTableFlags flags = ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerV | ImGuiTableFlags_ScrollY |
                                  ImGuiTableFlags_SizingStretchProp;
    if (!ImGui::BeginTable("##peaks", 5, flags, ImVec2(0, height))) return;
    ImGui::TableSetupScrollFreeze(0, 1);
    ImGui::TableSetupColumn("Peak");
    ImGui::TableSetupColumn("Centre (row)");
    ImGui::TableSetupColumn("log rho \xc2\xb1 sigma");
    ImGui::TableSetupColumn("Points");
    ImGui::TableSetupColumn("Halo");
    ImGui::TableHeadersRow();
    ImGuiListClipper clip;
    clip.Begin(int(pt.nClusters()));
    while (clip.Step())
        for (int c = clip.DisplayStart; c < clip.DisplayEnd; ++c) {
            ImGui::TableNextRow();
            ImGui::TableSetColumnIndex(0);
            char id[32];
            std::snprintf(id, sizeof id, "##peakrow%d", c);
            if (ImGui::Selectable(id, s.ui.highlightPeak == c,
                                  ImGuiSelectableFlags_SpanAllColumns | ImGuiSelectableFlags_AllowItemOverlap))
                toggleHighlight(s, c);
            if (c < 64) shell::publishRect(id + 2);
            if (ImGui::IsItemHovered())
                ImGui::SetTooltip("Click to highlight peak %d in the scatter (click again to clear).", c);
            ImGui::SameLine(0, 0);
            plot::swatch(peakColour(s, c), 0, int(peakStyle(s, c).shape));
            ImGui::SameLine();
            ImGui::Text("%d", c);
            ImGui::TableSetColumnIndex(1);
            ImGui::Text("%d", a.row(pt.centres[size_t(c)]));
            ImGui::TableSetColumnIndex(2);
            ImGui::Text("%.2f \xc2\xb1 %.2f", pt.centreLogRho[size_t(c)], pt.centreError[size_t(c)]);
            ImGui::TableSetColumnIndex(3);
            ImGui::Text("%lld", static_cast<long long>(cn.rows[size_t(c)]));
            ImGui::TableSetColumnIndex(4);
            ImGui::Text("%lld", static_cast<long long>(cn.halo[size_t(c)]));
        }
    ImGui::EndTable();
}

//-----------------------------------------------------------------------------------------------
// [4] Saddles at Z, the pair closest to merging first: margin = the Z at which it would merge.
//-----------------------------------------------------------------------------------------------
void drawSaddlesTable(PeaksState& s, float height) {
    const Partition& pt = s.z.partition;
    const peaks::SaddlesByMerge& by = saddlesByMerge(s);
    const std::vector<size_t>& order = by.order;
    const std::vector<double>& margin = by.margin;
    if (pt.saddles.empty()) {
        ImGui::TextDisabled(pt.nClusters() > 1 ? "No saddles: the peaks' regions do not touch."
                                               : "No saddles: a single peak at this Z.");
        return;
    }
    const ImGuiTableFlags flags = ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerV | ImGuiTableFlags_ScrollY |
                                  ImGuiTableFlags_SizingStretchProp;
    if (!ImGui::BeginTable("##saddles", 3, flags, ImVec2(0, height))) return;
    ImGui::TableSetupScrollFreeze(0, 1);
    ImGui::TableSetupColumn("Peaks");
    ImGui::TableSetupColumn("Saddle log rho \xc2\xb1 sigma");
    ImGui::TableSetupColumn("Merges at Z =");
    ImGui::TableHeadersRow();
    ImGuiListClipper clip;
    clip.Begin(int(order.size()));
    while (clip.Step())
        for (int r = clip.DisplayStart; r < clip.DisplayEnd; ++r) {
            const Saddle& sd = pt.saddles[order[size_t(r)]];
            ImGui::TableNextRow();
            ImGui::TableSetColumnIndex(0);
            plot::swatch(peakColour(s, sd.a), ImGui::GetFontSize() * 0.8f, int(peakStyle(s, sd.a).shape));
            ImGui::SameLine(0, 2);
            plot::swatch(peakColour(s, sd.b), ImGui::GetFontSize() * 0.8f, int(peakStyle(s, sd.b).shape));
            ImGui::SameLine();
            ImGui::Text("%d - %d", sd.a, sd.b);
            ImGui::TableSetColumnIndex(1);
            ImGui::Text("%.2f \xc2\xb1 %.2f", sd.logRho, sd.error);
            ImGui::TableSetColumnIndex(2);
            ImGui::Text("%.2f", margin[order[size_t(r)]]);
            if (ImGui::IsItemHovered())
                ImGui::SetTooltip("min over the two centres of (log rho_c - log rho_s) / "
                                  "(sigma_c + sigma_s)\n(Eq. 6): above this Z the pair is not significant.");
        }
    ImGui::EndTable();
}

}  // namespace

//-----------------------------------------------------------------------------------------------
// [5] The view.
//-----------------------------------------------------------------------------------------------
void drawPeaksView(PeaksState& s) {
    if (!s.results.analysis) {
        ImGui::TextDisabled("No results yet.");
        return;
    }
    zSlider(s, "##Zpeaks", -1);
    const Partition& pt = s.z.partition;
    char line[128];
    std::snprintf(line, sizeof line, "%d peak%s at Z = %.2f  (%d putative peaks)", int(pt.nClusters()),
                  pt.nClusters() == 1 ? "" : "s", s.z.Z, int(s.results.analysis->topography.centres.size()));
    kit::wrapped(line);
    std::snprintf(line, sizeof line, "re-merge %.2f ms", s.z.mergeMs);
    kit::textAfter(line);
    ImGui::PushTextWrapPos(0);
    ImGui::TextDisabled("Two peaks merge when the height of either one above the saddle between them is not "
                        "significant: log rho_peak - log rho_saddle < Z (sigma_peak + "
                        "sigma_saddle) (d'Errico et al. 2021, Eq. 6). Larger Z: fewer, more certain peaks.");
    ImGui::PopTextWrapPos();
    const float avail = ImGui::GetContentRegionAvail().y;
    const float fh = ImGui::GetFrameHeightWithSpacing();
    drawCurve(s, std::clamp(avail * 0.36f, 140.0f, 260.0f));
    const float rest = std::max(120.0f, ImGui::GetContentRegionAvail().y - 2 * fh);
    ImGui::TextUnformatted("Peaks at this Z");
    kit::textAfter("(click a row to highlight its points)");
    const float rowH = ImGui::GetTextLineHeight() + 2 * ImGui::GetStyle().CellPadding.y;
    drawPeaksTable(s, std::floor(std::min(rest * 0.55f, float(pt.nClusters() + 1) * rowH + 6)));
    ImGui::TextUnformatted("Saddles between peaks");
    kit::textAfter("(closest to merging first)");
    drawSaddlesTable(s, 0);
}

}  // namespace peakscope::web::views
