// PeakScope density view: the estimator (kNN, k*-NN, PAk) and k, then the density profile — the
// points sorted by log ρ (descending) with a ±σ band, coloured as in the scatter (by peak at Z) —
// and σ against log ρ. kNN: ρ = k / (N V_k), σ = 1/√k (Rodriguez & Laio 2014 use it; Tutorial 1);
// k*-NN and PAk: Rodriguez, d'Errico, Facco, Laio, JCTC 14:1206 (2018), Eqs. 2-5.
//   Sections: cache (order, subsample) · controls · profile plot · error plot · drawDensityView
// Example: views::drawDensityView(state);   // inside the right pane's "Density" tab
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <numeric>

#include "kit/plot.hpp"
#include "kit/style.hpp"
#include "parts/peaks/session.hpp"
#include "parts/peaks/view_caches.hpp"
#include "parts/peaks/views.hpp"
#include "shell/app.hpp"
#include "shell/page_api.hpp"

namespace peakscope::web::views {
namespace {

constexpr int kMaxMarkers = 20000;  // per plot per frame

}  // namespace

void refreshProfileCache(const PeaksState& s) {
    ProfileCache& c = caches(s).profile;  // view_caches.hpp
    if (c.serial == s.results.serial || !s.results.analysis) return;
    const Density& d = s.results.analysis->density;
    c.serial = s.results.serial;
    const int n = int(d.logRho.size());
    std::vector<int32_t> order(size_t(n), 0);
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(), [&](int32_t a, int32_t b) { return d.logRho[size_t(a)] > d.logRho[size_t(b)]; });
    c.stride = std::max(1, (n + kMaxMarkers - 1) / kMaxMarkers);
    c.unique.clear(); c.rank.clear(); c.y.clear(); c.lo.clear(); c.hi.clear();
    double y0 = INFINITY, y1 = -INFINITY, e1 = 0;
    for (int r = 0; r < n; r += c.stride) {
        const int32_t u = order[size_t(r)];
        const double v = d.logRho[size_t(u)], e = d.error[size_t(u)];
        c.unique.push_back(u); c.rank.push_back(r); c.y.push_back(v);
        c.lo.push_back(v - e); c.hi.push_back(v + e);
    }
    for (int u = 0; u < n; ++u) {  // ranges over all points, not only the drawn ones
        const double v = d.logRho[size_t(u)], e = d.error[size_t(u)];
        if (!std::isfinite(v)) continue;
        y0 = std::min(y0, v - (std::isfinite(e) ? e : 0)); y1 = std::max(y1, v + (std::isfinite(e) ? e : 0));
        if (std::isfinite(e)) e1 = std::max(e1, e);
    }
    plot::pad(y0, y1, 0.04);
    c.axes = {-0.01 * n, 1.01 * n, y0, y1};
    c.errAxes = {y0, y1, 0, e1 > 0 ? e1 * 1.08 : 1};
}

namespace {

// Estimator and k: bound to s.settings, re-run from the density on (as the data panel does).
void drawControls(PeaksState& s) {
    Settings& p = s.settings;
    static const char* kEst[] = {"kNN (k fixed)", "k*-NN (adaptive k)", "PAk (point-adaptive)"};
    bool changed = false;
    ImGui::SetNextItemWidth(190);
    if (ImGui::Combo("estimator##density", &p.density, kEst, 3)) changed = true;
    shell::publishRect("density.estimator");
    if (ImGui::IsItemHovered())
        ImGui::SetTooltip("kNN: rho = k / (N V_k), V_k the volume of the ball reaching the k-th neighbour in ID dimensions.\n"
                          "k*-NN: k chosen per point by a likelihood-ratio test (density constant up to k*).\n"
                          "PAk: likelihood fit of a log-linear density on the k* neighbourhood (smaller bias).");
    const auto& a = s.results.analysis;
    const int maxk = a ? int(a->graph.maxk) : 100;
    if (p.density == 0) {
        ImGui::SameLine();
        ImGui::SetNextItemWidth(std::max(80.0f, ImGui::GetContentRegionAvail().x - 20));
        ImGui::SliderInt("k##density", &p.k, 1, std::max(2, maxk));
        shell::publishRect("density.k");
        if (ImGui::IsItemHovered()) ImGui::SetTooltip("Neighbours per point (1..maxk = %d); re-runs on release.", maxk);
        changed |= ImGui::IsItemDeactivatedAfterEdit();
    }
    if (changed) {
        if (p.density == 0 && p.k > (p.maxk > 0 ? p.maxk : maxk)) p.k = p.maxk > 0 ? p.maxk : maxk;
        shell::linkChanged();
        session::reanalyze(s);
    }
    ImGui::PushTextWrapPos(0);
    if (p.density == 0)
        ImGui::TextDisabled("k sets a bias-variance trade-off: the error of log rho is 1/sqrt(k), so a large k "
                            "gives smooth, precise estimates but assumes the density constant over a larger "
                            "region (biased: peaks flattened, small peaks lost); a small k is unbiased but noisy.");
    else
        ImGui::TextDisabled("k* is chosen per point: the largest neighbourhood over which the density is "
                            "statistically constant, so dense regions use many neighbours (small error) and "
                            "sparse ones few.");
    ImGui::PopTextWrapPos();
}

// Also asks the scatter to ring the point (s.ui.linkedRowNext).
void pointTooltip(PeaksState& s, const Analysis& a, int u, int rank) {
    const int row = a.row(u);
    s.ui.linkedRowNext = row;
    const auto& d = a.density;
    ImGui::BeginTooltip();
    ImGui::Text("point %d (rank %d by density)", row, rank);
    ImGui::Text("log rho = %.3f ± %.3f", d.logRho[size_t(u)], d.error[size_t(u)]);
    ImGui::Text("k* = %d", d.kstar[size_t(u)]);
    if (row < int(s.z.rowLabels.size())) {
        const int lab = s.z.rowLabels[size_t(row)];
        const int halo = row < int(s.z.rowHalo.size()) ? s.z.rowHalo[size_t(row)] : lab;
        ImGui::Text("peak %d%s", lab, halo < 0 ? " (halo)" : "");
    }
    ImGui::EndTooltip();
}

// Profile: rank on x, log ρ on y, the ±σ band shaded; markers coloured as in the scatter.
void drawProfile(PeaksState& s, const Analysis& a, float height) {
    const ProfileCache& c = caches(s).profile;
    plot::PlotArea p = plot::begin("##profile", ImVec2(0, height), c.axes, "rank (points sorted by decreasing density)", "log rho");
    shell::publishRect("density.profile");
    p.band(c.rank.data(), c.lo.data(), c.hi.data(), int(c.rank.size()), IM_COL32(255, 255, 255, 45));
    const float r = c.rank.size() > 5000 ? 1.5f : 2.0f;
    for (size_t i = 0; i < c.rank.size(); ++i) p.marker(c.rank[i], c.y[i], pointColour(s, a.row(c.unique[i])), r);
    plot::legend(p, {{IM_COL32(255, 255, 255, 90), "log rho ± sigma"}}, true);
    const int h = plot::nearest(p, int(c.rank.size()), [&](int i) { return std::pair<double, double>(c.rank[size_t(i)], c.y[size_t(i)]); });
    if (h >= 0) {
        p.ring(c.rank[size_t(h)], c.y[size_t(h)], style::kHighlight, 4.5f);
        pointTooltip(s, a, c.unique[size_t(h)], int(c.rank[size_t(h)]));
    }
    plot::end(p);
}

// σ against log ρ: with kNN all points share σ = 1/√k; with k* and PAk σ grows where k* is small.
void drawErrors(PeaksState& s, const Analysis& a, float height) {
    const ProfileCache& c = caches(s).profile;
    ImGui::TextDisabled("sigma, the error of log rho, against log rho");
    plot::PlotArea p = plot::begin("##sigma", ImVec2(0, height - ImGui::GetTextLineHeightWithSpacing()), c.errAxes, "log rho", "");
    for (size_t i = 0; i < c.y.size(); ++i) p.marker(c.y[i], c.hi[i] - c.y[i], pointColour(s, a.row(c.unique[i]), 0.7f), 1.8f);
    const int h = plot::nearest(p, int(c.y.size()), [&](int i) { return std::pair<double, double>(c.y[size_t(i)], c.hi[size_t(i)] - c.y[size_t(i)]); });
    if (h >= 0) {
        p.ring(c.y[size_t(h)], c.hi[size_t(h)] - c.y[size_t(h)], style::kHighlight, 4.5f);
        pointTooltip(s, a, c.unique[size_t(h)], int(c.rank[size_t(h)]));
    }
    plot::end(p);
}

}  // namespace

void drawDensityView(PeaksState& s) {
    drawControls(s);
    const auto& a = s.results.analysis;
    if (!a) {
        ImGui::TextDisabled("No results yet: the density profile appears when the first analysis finishes.");
        return;
    }
    if (a->density.logRho.empty()) {
        ImGui::TextDisabled("No density in these results.");
        return;
    }
    if (s.results.settings != s.settings)
        ImGui::TextDisabled("(showing the previous estimate until the new one arrives)");
    ImGui::PushTextWrapPos(0);
    ImGui::TextUnformatted("Density profile: every point's log rho, densest first, coloured as in the scatter (by "
                           "peak at Z). Each colour's first points are its peak's top; lower down the colours mix where "
                           "peaks meet. The shaded band is ± sigma, the error of each estimate.");
    ImGui::PopTextWrapPos();
    if (caches(s).profile.stride > 1)
        ImGui::TextDisabled("Showing 1 in every %d of the %d points (ranks kept).", caches(s).profile.stride, int(a->density.logRho.size()));
    const float fh = ImGui::GetFontSize();
    const float avail = ImGui::GetContentRegionAvail().y;
    const float errH = std::max(110.0f, avail * 0.3f);
    drawProfile(s, *a, std::max(160.0f, avail - errH - fh * 0.6f));
    drawErrors(s, *a, ImGui::GetContentRegionAvail().y - fh * 0.3f);
}

}  // namespace peakscope::web::views
