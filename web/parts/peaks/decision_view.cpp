// PeakScope decision graph (Rodriguez & Laio, Science 344:1492, 2014): every point at (g, δ),
// g = log ρ − σ the height by which ADP (d'Errico et al. 2021, §2.2) orders points and picks its
// centres, δ the distance to the nearest point of larger g (core decisionGraph). Cluster centres
// stand out at large g and anomalously large δ; ADP finds them without a cut by eye, and its
// centres at the current Z are marked with their peak numbers.
//   Sections: cache (ranges, subsample) · plot · drawDecisionView
// Example: views::drawDecisionView(state);   // inside the right pane's "Decision graph" tab
#include <algorithm>
#include <cmath>
#include <cstdio>

#include "kit/plot.hpp"
#include "kit/style.hpp"
#include "parts/peaks/view_caches.hpp"
#include "parts/peaks/views.hpp"
#include "shell/app.hpp"
#include "shell/page_api.hpp"

namespace peakscope::web::views {
namespace {

constexpr int kMaxMarkers = 20000;  // per plot per frame

}  // namespace

void refreshDecisionCache(const PeaksState& s) {
    DecisionCache& c = caches(s).decision;  // per result (view_caches.hpp)
    if (c.serial == s.results.serial || !s.results.analysis) return;
    const Analysis& a = *s.results.analysis;
    c.serial = s.results.serial;
    c.g = adpHeight(a.density);
    const auto& lr = c.g;
    const auto& dl = a.decision.delta;
    const int n = int(std::min(lr.size(), dl.size()));
    c.stride = std::max(1, (n + kMaxMarkers - 1) / kMaxMarkers);
    c.drawn.clear();
    for (int u = 0; u < n; u += c.stride) c.drawn.push_back(u);
    c.nanDelta = 0;
    c.x0 = INFINITY; c.x1 = -INFINITY; c.d0 = INFINITY; c.d1 = 0;
    for (int u = 0; u < n; ++u) {
        if (std::isfinite(lr[size_t(u)])) { c.x0 = std::min(c.x0, lr[size_t(u)]); c.x1 = std::max(c.x1, lr[size_t(u)]); }
        const double d = dl[size_t(u)];
        if (!std::isfinite(d)) { ++c.nanDelta; continue; }
        if (d > 0) c.d0 = std::min(c.d0, d);
        c.d1 = std::max(c.d1, d);
    }
    if (!(c.d0 <= c.d1)) { c.d0 = 1e-3; c.d1 = std::max(1.0, c.d1); }
    const double w = c.x1 - c.x0;
    plot::pad(c.x0, c.x1, 0.04);
    c.x1 += 0.05 * w;  // room for the centres' numbers on the right
}

namespace {

// δ on the y axis: log10 δ on a log axis, or δ.
double yOf(bool logDelta, double delta) { return logDelta ? (delta > 0 ? std::log10(delta) : NAN) : delta; }

void drawGraph(PeaksState& s, const Analysis& a) {
    const DecisionCache& c = caches(s).decision;
    const bool logDelta = s.ui.decisionLogDelta;
    plot::Axes ax{c.x0, c.x1, 0, c.d1 * 1.1};
    if (logDelta) {
        ax.y0 = std::log10(c.d0);
        ax.y1 = std::log10(c.d1);
        plot::pad(ax.y0, ax.y1, 0.06);
        ax.y1 += 0.05 * (ax.y1 - ax.y0);
        ax.logY = true;
    }
    plot::PlotArea p = plot::begin("##decision", ImVec2(0, ImGui::GetContentRegionAvail().y - ImGui::GetFontSize() * 0.3f),
                                   ax, "g = log rho - sigma", logDelta ? "delta (log axis)" : "delta");
    shell::publishRect("decision.plot");
    const auto& lr = c.g;
    const auto& dl = a.decision.delta;
    const float r = c.drawn.size() > 5000 ? 1.6f : 2.2f;
    for (int32_t u : c.drawn) {
        const double y = yOf(logDelta, dl[size_t(u)]);
        if (std::isfinite(y)) p.marker(lr[size_t(u)], y, pointColour(s, a.row(u), 0.8f), r);
    }
    // putative centres (before merging at Z): thin grey rings; final centres at Z: numbered discs
    for (int32_t u : a.topography.centres) {
        const double y = yOf(logDelta, dl[size_t(u)]);
        if (std::isfinite(y)) p.ring(lr[size_t(u)], y, style::kMuted, 5.0f, 1.0f);
    }
    const Partition& part = s.z.partition;
    const float fh = ImGui::GetFontSize();
    std::vector<ImVec2> placed;  // number labels already drawn (nearby centres: shift down)
    for (size_t k = 0; k < part.centres.size(); ++k) {
        const int32_t u = part.centres[k];
        const double y = yOf(logDelta, dl[size_t(u)]);
        if (!std::isfinite(y)) continue;
        const ImVec2 q = p.s(lr[size_t(u)], y);
        plot::shapeMarker(p.dl, q, 6.5f, int(peakStyle(s, int(k)).shape), peakColour(s, int(k)), IM_COL32(0, 0, 0, 255));
        char b[8];
        std::snprintf(b, sizeof b, "%d", int(k));
        ImVec2 at(q.x + 8, q.y - fh);
        // push the label down past overlapping ones; bounded (each pass moves past one label, and
        // float rounding at huge coordinates must not loop forever)
        for (size_t pass = 0; pass <= placed.size(); ++pass) {
            bool moved = false;
            for (const ImVec2& o : placed)
                if (std::fabs(o.x - at.x) < fh * 1.2f && std::fabs(o.y - at.y) < fh * 0.9f) { at.y = o.y + fh; moved = true; }
            if (!moved || !std::isfinite(at.y)) break;
        }
        placed.push_back(at);
        p.dl->AddText(at, style::kText, b);
    }
    plot::legend(p, {{style::kText, "peak centres at Z (numbered)"}, {style::kMuted, "putative peaks before merging"}});
    // hover: nearest drawn point or centre
    const int nd = int(c.drawn.size()), nc = int(part.centres.size());
    const int h = plot::nearest(p, nd + nc, [&](int i) {
        const int32_t u = i < nd ? c.drawn[size_t(i)] : part.centres[size_t(i - nd)];
        return std::pair<double, double>(lr[size_t(u)], yOf(logDelta, dl[size_t(u)]));
    });
    if (h >= 0) {
        const int32_t u = h < nd ? c.drawn[size_t(h)] : part.centres[size_t(h - nd)];
        const int row = a.row(u);
        s.ui.linkedRowNext = row;
        p.ring(lr[size_t(u)], yOf(logDelta, dl[size_t(u)]), style::kHighlight, 5.0f);
        ImGui::BeginTooltip();
        ImGui::Text("point %d", row);
        ImGui::Text("g = %.3f (log rho = %.3f, sigma = %.3f)", lr[size_t(u)], a.density.logRho[size_t(u)],
                    a.density.error[size_t(u)]);
        ImGui::Text("delta = %.4g", dl[size_t(u)]);
        const int32_t nh = u < int32_t(a.decision.nearestHigher.size()) ? a.decision.nearestHigher[size_t(u)] : -1;
        if (nh >= 0) ImGui::Text("nearest point of larger g: %d", a.row(nh));
        else ImGui::TextUnformatted("the point of largest g (delta = its largest distance)");
        const auto it = std::find(part.centres.begin(), part.centres.end(), u);
        if (it != part.centres.end()) ImGui::Text("centre of peak %d at Z = %.2f", int(it - part.centres.begin()), s.z.Z);
        else if (row < int(s.z.rowLabels.size())) ImGui::Text("peak %d", s.z.rowLabels[size_t(row)]);
        ImGui::EndTooltip();
    }
    plot::end(p);
}

}  // namespace

void drawDecisionView(PeaksState& s) {
    const auto& a = s.results.analysis;
    if (!a) {
        ImGui::TextDisabled("No results yet: the decision graph appears when the first analysis finishes.");
        return;
    }
    if (a->decision.delta.size() != a->density.logRho.size() || a->decision.delta.empty()) {
        ImGui::TextDisabled("The decision graph was not computed for these results.");
        return;
    }
    ImGui::PushTextWrapPos(0);
    ImGui::TextUnformatted("Decision graph: across, each point's g = log rho - sigma, the height by which ADP ranks "
                           "points (density minus its error); up, delta, its distance to the nearest point of larger "
                           "g. Centres are points of large g and anomalously large delta. ADP needs no cut by eye: "
                           "its centres at Z (numbered) are the significant peaks.");
    ImGui::PopTextWrapPos();
    if (ImGui::Checkbox("log delta axis", &s.ui.decisionLogDelta)) shell::linkChanged();
    shell::publishRect("decision.logy");
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("A log axis spreads out the many small delta values of ordinary points.");
    ImGui::SameLine();
    ImGui::TextDisabled("%d peaks at Z = %.2f (%d putative)", int(s.z.partition.nClusters()), s.z.Z,
                        int(a->topography.centres.size()));
    const DecisionCache& c = caches(s).decision;
    if (c.stride > 1)
        ImGui::TextDisabled("Showing 1 in every %d of the %d points (all centres shown).", c.stride, int(a->decision.delta.size()));
    if (c.nanDelta > 0)
        ImGui::TextDisabled("delta unknown for %d points (graph input: no point of larger g among their neighbours).", c.nanDelta);
    drawGraph(s, *a);
}

}  // namespace peakscope::web::views
