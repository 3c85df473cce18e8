// PeakScope intrinsic-dimension view (Facco et al. 2017, Sci. Rep. 7:12140; Gride: Denti et al.
// 2022). Two plots: (a) the TwoNN fit, −log(1 − F(μ)) against log μ (Eq. 5) with the least-squares
// line through the origin, slope = ID; (b) the ID against the length scale: decimation (Fig. 2)
// and Gride, with the TwoNN ID as a reference.
//   Sections: cache (ranges, subsample) · fit plot · scale plot · drawIdView
// Example: views::drawIdView(state);   // inside the right pane's "Intrinsic dimension" tab
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>

#include "kit/plot.hpp"
#include "kit/style.hpp"
#include "kit/text.hpp"
#include "parts/peaks/view_caches.hpp"
#include "parts/peaks/views.hpp"
#include "protocol/limits.hpp"

namespace peakscope::web::views {
namespace {

constexpr int kMaxMarkers = 20000;  // per plot per frame
const ImU32 kFitCol = style::category(1);        // orange: points in the fit, the line
const ImU32 kDecimCol = style::category(1);      // orange: decimation
const ImU32 kGrideCol = style::category(2);      // sky blue: Gride
const ImU32 kDropCol = IM_COL32(150, 154, 162, 140);

}  // namespace

void refreshFitCache(const PeaksState& s) {
    FitCache& fit = caches(s).fit;  // recomputed per result
    if (fit.serial == s.results.serial || !s.results.analysis) return;
    const TwoNNResult& id = s.results.analysis->id;
    fit.serial = s.results.serial;
    double x1 = 0, y1 = 0;
    for (size_t i = 0; i < id.logMu.size(); ++i)
        if (std::isfinite(id.logMu[i]) && std::isfinite(id.y[i])) {
            x1 = std::max(x1, id.logMu[i]);
            y1 = std::max(y1, id.y[i]);
        }
    fit.axes = {0, x1 > 0 ? x1 * 1.04 : 1, 0, y1 > 0 ? y1 * 1.04 : 1};
    fit.stride = std::max(1, int((id.logMu.size() + kMaxMarkers - 1) / kMaxMarkers));
}

namespace {

// (a) TwoNN: if the density is locally constant in d dimensions, μ = r2/r1 has the Pareto law
// F(μ) = 1 − μ^−d, so −log(1 − F) = d log μ: a straight line through the origin (Eq. 5).
void drawFitPlot(const PeaksState& s, const TwoNNResult& id, float height) {
    const FitCache& fit = caches(s).fit;  // refreshFitCache, in the part's update
    plot::PlotArea p = plot::begin("##twonn", ImVec2(0, height), fit.axes, "log mu  (mu = r2 / r1)", "-log(1 - F(mu))");
    const int n = int(id.logMu.size()), stride = fit.stride;
    for (int i = 0; i < n; i += stride)
        if (std::isfinite(id.y[size_t(i)]))
            p.marker(id.logMu[size_t(i)], id.y[size_t(i)], i < id.nFit ? kFitCol : kDropCol, 2.0f);
    const double xe = fit.axes.x1;
    p.line(0, 0, xe, id.id * xe, style::kText, 2.0f);
    char buf[96];
    std::snprintf(buf, sizeof buf, "ID = %.2f ± %.2f (slope)", id.id, id.error);
    std::vector<plot::LegendEntry> leg = {{style::kText, buf}};
    std::snprintf(buf, sizeof buf, "in the fit (%d points)", int(id.nFit));
    leg.push_back({kFitCol, buf});
    std::snprintf(buf, sizeof buf, "discarded: largest mu (%d)", int(n - id.nFit));
    leg.push_back({kDropCol, buf});
    plot::legend(p, leg);
    const int h = plot::nearest(p, (n + stride - 1) / stride, [&](int k) {
        return std::pair<double, double>(id.logMu[size_t(k * stride)], id.y[size_t(k * stride)]);
    });
    if (h >= 0) {
        const size_t i = size_t(h * stride);
        p.ring(id.logMu[i], id.y[i], style::kHighlight, 4.0f);
        ImGui::SetTooltip("mu = %.3f (log mu = %.3f)\n-log(1 - F) = %.3f\n%s", std::exp(id.logMu[i]), id.logMu[i],
                          id.y[i], int(i) < id.nFit ? "used in the fit" : "discarded (largest 10% of mu)");
    }
    plot::end(p);
    if (stride > 1) ImGui::TextDisabled("Showing 1 in every %d of the %d points.", stride, n);
}

// (b) ID vs scale: decimation (TwoNN on random subsets of N/2^i points, larger r1, r2) and Gride
// (ML on μ = r_{2 n1} / r_{n1}, n1 = 1, 2, 4, …). Scales are the mean neighbour distances.
void drawScalePlot(const Analysis& a, float height) {
    const IdScaling& dc = a.idScale;
    const GrideScaling& gr = a.grideScale;
    double x0 = INFINITY, x1 = -INFINITY, y0 = a.id.id, y1 = a.id.id;
    auto extend = [&](const std::vector<double>& sc, const std::vector<double>& v, const std::vector<double>& e) {
        for (size_t i = 0; i < v.size(); ++i) {
            if (!(sc[i] > 0) || !std::isfinite(v[i])) continue;
            x0 = std::min(x0, std::log10(sc[i])); x1 = std::max(x1, std::log10(sc[i]));
            const double err = std::isfinite(e[i]) ? e[i] : 0;
            y0 = std::min(y0, v[i] - err); y1 = std::max(y1, v[i] + err);
        }
    };
    extend(dc.scale, dc.id, dc.error);
    extend(gr.scale, gr.id, gr.error);
    if (!(x1 >= x0)) { x0 = -1; x1 = 1; }
    plot::pad(x0, x1, 0.06);
    const double minSpan = std::max(1.0, 0.25 * a.id.id);  // small wiggles should look small
    if (y1 - y0 < minSpan) { const double m = (y0 + y1) / 2; y0 = m - minSpan / 2; y1 = m + minSpan / 2; }
    plot::pad(y0, y1, 0.08);
    // legend above the plot (inside it would hide the curves)
    char buf[80];
    std::snprintf(buf, sizeof buf, "TwoNN on all points = %.2f", a.id.id);
    auto entry = [](ImU32 col, const char* label, bool sameLine) {
        if (sameLine) ImGui::SameLine(0, 14);
        plot::swatch(col, ImGui::GetFontSize() * 0.7f);
        ImGui::SameLine(0, 4);
        ImGui::TextUnformatted(label);
        if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", label[0] == 'd' ? "TwoNN on random subsets of N/2, N/4, ... points: fewer points, larger distances."
                                                    : label[0] == 'G' ? "Gride: maximum likelihood on mu = r(2 n1) / r(n1) for n1 = 1, 2, 4, ... (Denti et al. 2022)."
                                                    : "The TwoNN estimate on all points (plot a), at the smallest scale.");
    };
    bool first = true;
    if (!dc.id.empty()) { entry(kDecimCol, "decimation", false); first = false; }
    if (!gr.id.empty()) { entry(kGrideCol, "Gride", !first); first = false; }
    entry(style::kMuted, buf, !first);
    height -= ImGui::GetFrameHeightWithSpacing();
    plot::Axes ax{x0, x1, std::max(0.0, y0), y1};
    ax.logX = true;
    plot::PlotArea p = plot::begin("##idscale", ImVec2(0, height), ax, "scale (mean distance to the neighbours used, log axis)", "ID");
    p.dashedLine(x0, a.id.id, x1, a.id.id, style::kMuted, 1.5f);
    auto series = [&](const std::vector<double>& sc, const std::vector<double>& v, const std::vector<double>& e, ImU32 col) {
        std::vector<double> lx, ly;
        for (size_t i = 0; i < v.size(); ++i)
            if (sc[i] > 0 && std::isfinite(v[i])) { lx.push_back(std::log10(sc[i])); ly.push_back(v[i]); }
        p.polyline(lx.data(), ly.data(), int(lx.size()), col, 1.5f);
        for (size_t i = 0; i < v.size(); ++i) {
            if (!(sc[i] > 0) || !std::isfinite(v[i])) continue;
            if (std::isfinite(e[i])) p.errorBar(std::log10(sc[i]), v[i], e[i], col);
            p.marker(std::log10(sc[i]), v[i], col, 3.5f);
        }
    };
    series(dc.scale, dc.id, dc.error, kDecimCol);
    series(gr.scale, gr.id, gr.error, kGrideCol);
    // hover: the nearest marker of either series
    const int nd = int(dc.id.size()), ng = int(gr.id.size());
    const int h = plot::nearest(p, nd + ng, [&](int k) {
        const double sc = k < nd ? dc.scale[size_t(k)] : gr.scale[size_t(k - nd)];
        const double v = k < nd ? dc.id[size_t(k)] : gr.id[size_t(k - nd)];
        return std::pair<double, double>(sc > 0 ? std::log10(sc) : NAN, v);
    });
    if (h >= 0 && h < nd)
        ImGui::SetTooltip("Decimation: subsets of %lld points\nscale = %.4g\nID = %.2f ± %.2f",
                          (long long)dc.sizes[size_t(h)], dc.scale[size_t(h)], dc.id[size_t(h)], dc.error[size_t(h)]);
    else if (h >= nd)
        ImGui::SetTooltip("Gride: n1 = %lld, n2 = %lld\nscale = %.4g\nID = %.2f ± %.2f", (long long)gr.n1[size_t(h - nd)],
                          (long long)(2 * gr.n1[size_t(h - nd)]), gr.scale[size_t(h - nd)], gr.id[size_t(h - nd)],
                          gr.error[size_t(h - nd)]);
    plot::end(p);
}

}  // namespace

void drawIdView(PeaksState& s) {
    const auto& a = s.results.analysis;
    if (!a) {
        ImGui::TextDisabled("No results yet: the intrinsic dimension appears when the first analysis finishes.");
        return;
    }
    if (a->id.logMu.size() < 3 || a->id.y.size() != a->id.logMu.size()) {
        ImGui::TextDisabled("The TwoNN fit is not available for this data set (too few points).");
        return;
    }
    ImGui::Text("Intrinsic dimension (TwoNN) = %.2f ± %.2f   at scale %.3g", a->id.id, a->id.error, a->id.scale);
    const float fh = ImGui::GetFontSize();
    const float avail = ImGui::GetContentRegionAvail().y;
    const float plotH = std::max(140.0f, (avail - fh * 9.5f) / 2);
    kit::wrapped("(a) TwoNN fit. If the points are locally uniform in d dimensions, -log(1 - F(mu)) = d log mu: "
            "look for a straight line through the origin (its slope is the ID). Grey: the largest 10% of mu, "
            "most affected by noise and curvature, left out of the fit.");
    drawFitPlot(s, a->id, plotH);
    ImGui::Spacing();
    kit::wrapped("(b) ID vs scale. A plateau is the intrinsic dimension; a rise at small scale means noise "
            "dominates there, a drop at large scale comes from curvature or the finite size of the data.");
    if (a->idScale.id.empty()) {
        if (a->n > limits::kMaxPointsDecimation)
            kit::wrapped("Decimation not computed (N = " + std::to_string(a->n) + " > " +
                             std::to_string(limits::kMaxPointsDecimation) + ": too slow in the page); Gride only.",
                         true);
        else
            kit::wrapped("Decimation not computed (it needs coordinates); Gride only.", true);
    }
    drawScalePlot(*a, ImGui::GetContentRegionAvail().y - fh * 0.3f);
}

}  // namespace peakscope::web::views
