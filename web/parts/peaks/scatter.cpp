// PeakScope scatter view: the points (PCA to 2-D when D > 2), coloured by peak, halo, log-density
// or ground truth; peak centres and saddle points at the current Z marked; hover shows a point's
// index, log ρ ± σ, k* and peak; drag pans, wheel zooms, double-click refits.
// The point sprites are cached as vertices and re-emitted each frame (ImGui redraws everything).
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <vector>

#include "kit/plot.hpp"
#include "kit/style.hpp"
#include "kit/text.hpp"
#include "parts/peaks/session.hpp"
#include "parts/peaks/view_caches.hpp"
#include "parts/peaks/peaks_text.hpp"
#include "parts/peaks/views.hpp"
#include "shell/app.hpp"
#include "shell/page_api.hpp"

namespace peakscope::web::views {
namespace {

// Centre and scale so that the data fill the plot (w × h pixels) at equal aspect.
void fit(PeaksState& s, const Matrix& p, float w, float h) {
    double x0 = INFINITY, x1 = -INFINITY, y0 = INFINITY, y1 = -INFINITY;
    for (Index i = 0; i < p.rows; ++i) {
        x0 = std::min(x0, p(i, 0)); x1 = std::max(x1, p(i, 0));
        y0 = std::min(y0, p(i, 1)); y1 = std::max(y1, p(i, 1));
    }
    plot::pad(x0, x1, 0.04);
    plot::pad(y0, y1, 0.04);
    s.ui.viewX = (x0 + x1) / 2;
    s.ui.viewY = (y0 + y1) / 2;
    // shown half-extents are scale·max(1, w/h) and scale·max(1, h/w) (see drawScatter)
    const double ax = std::max(1.0, double(w) / double(h)), ay = std::max(1.0, double(h) / double(w));
    s.ui.viewScale = std::max((x1 - x0) / 2 / ax, (y1 - y0) / 2 / ay);
}

}  // namespace

void refreshSpriteStyles(const PeaksState& s) {
    SpriteCache& k = caches(s).sprites;
    const auto& a = s.results.analysis;
    if (!a || (k.serial == s.results.serial && k.dataVersion == s.data.version && k.z == s.z.computedZ &&
               k.colour == s.ui.colour && k.highlight == s.ui.highlightPeak))
        return;
    k.serial = s.results.serial; k.dataVersion = s.data.version; k.z = s.z.computedZ; k.colour = s.ui.colour;
    k.highlight = s.ui.highlightPeak;
    k.colours.resize(size_t(a->n));
    k.shapes.resize(size_t(a->n));
    for (Index i = 0; i < a->n; ++i) {
        float alpha = 0.85f;
        if (s.ui.highlightPeak >= 0 && i < Index(s.z.rowLabels.size()) && s.z.rowLabels[size_t(i)] != s.ui.highlightPeak)
            alpha = 0.12f;
        k.colours[size_t(i)] = pointColour(s, int(i), alpha);
        k.shapes[size_t(i)] = std::uint8_t(pointShape(s, int(i)));
    }
    ++k.generation;
}

void drawScatter(PeaksState& s) {
    const auto& a = s.results.analysis;
    // header: colouring
    static const char* kColour[] = {"peak at Z", "peak, halo grey", "log-density", "ground truth"};
    int c = int(s.ui.colour);
    ImGui::SetNextItemWidth(150);
    if (ImGui::Combo("colour", &c, kColour, s.data.truth.empty() ? 3 : 4)) {
        s.ui.colour = ColourBy(c);
        shell::linkChanged();
    }
    shell::publishRect("colour");
    if (!a) {
        kit::textAfter("No results yet.");
        return;
    }
    char head[96];
    std::snprintf(head, sizeof head, "%d peaks at Z = %.2f · ", int(s.z.partition.nClusters()), s.z.Z);
    kit::textAfter(head + s.data.name);
    const Matrix& P = s.results.projection;
    if (P.rows != a->n) {
        ImGui::TextDisabled("This data set has no coordinates to plot (kNN graph input).");
        return;
    }
    const ImVec2 avail = ImGui::GetContentRegionAvail();
    // square data window centred on (viewX, viewY); the plot keeps the aspect ratio
    const float fh = ImGui::GetFontSize();
    const float w = std::max(50.0f, avail.x - fh * 4.4f), h = std::max(50.0f, avail.y - fh * 3.3f);
    if (s.ui.viewScale <= 0) fit(s, P, w, h);
    const double halfX = s.ui.viewScale * std::max(1.0, double(w) / double(h));
    const double halfY = s.ui.viewScale * std::max(1.0, double(h) / double(w));
    plot::Axes ax{s.ui.viewX - halfX, s.ui.viewX + halfX, s.ui.viewY - halfY, s.ui.viewY + halfY};
    char xl[48], yl[48];
    if (s.data.d > 2) {
        std::snprintf(xl, sizeof xl, "PC1 (%.0f%% of variance)", 100 * (s.results.explained.size() > 0 ? s.results.explained[0] : 0));
        std::snprintf(yl, sizeof yl, "PC2 (%.0f%%)", 100 * (s.results.explained.size() > 1 ? s.results.explained[1] : 0));
    } else {
        std::snprintf(xl, sizeof xl, "x0");
        std::snprintf(yl, sizeof yl, s.data.d > 1 ? "x1" : "");
    }
    plot::PlotArea p = plot::begin("##scatter", ImVec2(0, 0), ax, xl, yl);
    shell::publishRect("scatter");

    // interaction: drag pans, wheel zooms at the cursor, double-click refits
    ImGuiIO& io = ImGui::GetIO();
    if (ImGui::IsItemActive() && ImGui::IsMouseDragging(ImGuiMouseButton_Left, 1.0f)) {
        s.ui.viewX -= double(io.MouseDelta.x) * (ax.x1 - ax.x0) / double(p.p1.x - p.p0.x);
        s.ui.viewY += double(io.MouseDelta.y) * (ax.y1 - ax.y0) / double(p.p1.y - p.p0.y);
    }
    if (p.hovered && io.MouseWheel != 0) {
        const double f = std::pow(0.85, double(io.MouseWheel));
        const double mx = p.dataX(p.mouse.x), my = p.dataY(p.mouse.y);
        s.ui.viewX = mx + (s.ui.viewX - mx) * f;
        s.ui.viewY = my + (s.ui.viewY - my) * f;
        s.ui.viewScale *= f;
    }
    if (p.hovered && ImGui::IsMouseDoubleClicked(ImGuiMouseButton_Left)) s.ui.viewScale = 0;

    // point sprites: their styles come from the part's update (refreshSpriteStyles); the vertices
    // are placed here, where the plot's rectangle is known, and kept while nothing moves
    const float radius = a->n > 20000 ? 1.3f : a->n > 5000 ? 1.8f : 2.4f;
    SpriteCache& k = caches(s).sprites;
    if (k.drawnGeneration != k.generation || k.vx != s.ui.viewX || k.vy != s.ui.viewY || k.vs != s.ui.viewScale ||
        k.p0.x != p.p0.x || k.p0.y != p.p0.y || k.p1.x != p.p1.x || k.p1.y != p.p1.y || k.radius != radius) {
        k.drawnGeneration = k.generation; k.vx = s.ui.viewX; k.vy = s.ui.viewY; k.vs = s.ui.viewScale;
        k.p0 = p.p0; k.p1 = p.p1; k.radius = radius;
        k.vtx.clear();
        k.vtx.reserve(size_t(a->n) * 4);
        const ImVec2 uv = ImGui::GetFontTexUvWhitePixel();
        const Index n = std::min(a->n, Index(k.colours.size()));
        for (Index i = 0; i < n; ++i) {
            const float x = p.sx(P(i, 0)), y = p.sy(P(i, 1));
            if (x < p.p0.x - 3 || x > p.p1.x + 3 || y < p.p0.y - 3 || y > p.p1.y + 3) continue;
            ImVec2 q[4];  // square, or the peak's shape when peaks share a colour (> 12 peaks)
            plot::shapeQuad(ImVec2(x, y), radius, k.shapes[size_t(i)], q);
            for (const ImVec2& v : q) k.vtx.push_back({v, uv, k.colours[size_t(i)]});
        }
    }
    {
        ImDrawList* dl = p.dl;
        const int nq = int(k.vtx.size() / 4);
        constexpr int kChunk = 8000;  // quads per PrimReserve (keeps each reservation modest)
        for (int q0 = 0; q0 < nq; q0 += kChunk) {
            const int q1 = std::min(nq, q0 + kChunk);
            dl->PrimReserve((q1 - q0) * 6, (q1 - q0) * 4);
            const ImDrawIdx base = static_cast<ImDrawIdx>(dl->_VtxCurrentIdx);
            std::memcpy(dl->_VtxWritePtr, k.vtx.data() + size_t(q0) * 4, size_t(q1 - q0) * 4 * sizeof(ImDrawVert));
            dl->_VtxWritePtr += (q1 - q0) * 4;
            for (int q = 0; q < q1 - q0; ++q) {
                const ImDrawIdx v = static_cast<ImDrawIdx>(base + q * 4);
                ImDrawIdx* ix = dl->_IdxWritePtr;
                ix[0] = v; ix[1] = static_cast<ImDrawIdx>(v + 1); ix[2] = static_cast<ImDrawIdx>(v + 2);
                ix[3] = v; ix[4] = static_cast<ImDrawIdx>(v + 2); ix[5] = static_cast<ImDrawIdx>(v + 3);
                dl->_IdxWritePtr += 6;
            }
            dl->_VtxCurrentIdx += unsigned((q1 - q0) * 4);
        }
    }

    // saddle points between surviving peaks (×) and peak centres (numbered discs)
    const Partition& part = s.z.partition;
    for (const Saddle& sd : part.saddles) {
        if (sd.point < 0) continue;
        const int row = a->row(sd.point);
        const ImVec2 q = p.s(P(row, 0), P(row, 1));
        const float r = 4.5f;
        p.dl->AddLine(ImVec2(q.x - r, q.y - r), ImVec2(q.x + r, q.y + r), IM_COL32(255, 255, 255, 230), 2.0f);
        p.dl->AddLine(ImVec2(q.x - r, q.y + r), ImVec2(q.x + r, q.y - r), IM_COL32(255, 255, 255, 230), 2.0f);
    }
    for (Index cI = 0; cI < part.nClusters(); ++cI) {
        const int row = a->row(part.centres[size_t(cI)]);
        const ImVec2 q = p.s(P(row, 0), P(row, 1));
        plot::shapeMarker(p.dl, q, 7.5f, int(peakStyle(s, int(cI)).shape), peakColour(s, int(cI)), IM_COL32(0, 0, 0, 255));
        char b[8];
        std::snprintf(b, sizeof b, "%d", int(cI));
        p.dl->AddText(ImVec2(q.x + 9, q.y - fh), style::kText, b);
    }

    // hover: the nearest point within 8 px
    s.ui.hoveredRow = -1;
    if (p.hovered) {
        float best = 64;
        for (Index i = 0; i < a->n; ++i) {
            const float dx = p.sx(P(i, 0)) - p.mouse.x, dy = p.sy(P(i, 1)) - p.mouse.y;
            const float d2 = dx * dx + dy * dy;
            if (d2 < best) { best = d2; s.ui.hoveredRow = int(i); }
        }
    }
    if (s.ui.hoveredRow < 0 && s.ui.linkedRow >= 0 && s.ui.linkedRow < a->n) {  // hovered in another view
        const int i = s.ui.linkedRow;
        const ImVec2 q = p.s(P(i, 0), P(i, 1));
        p.dl->AddCircle(q, radius + 6, style::kHighlight, 16, 2.0f);
        p.dl->AddLine(ImVec2(q.x - 14, q.y), ImVec2(q.x - radius - 7, q.y), style::kHighlight, 1.5f);
        p.dl->AddLine(ImVec2(q.x + radius + 7, q.y), ImVec2(q.x + 14, q.y), style::kHighlight, 1.5f);
    }
    if (s.ui.hoveredRow >= 0) {
        const int i = s.ui.hoveredRow;
        const size_t u = size_t(a->rowToUnique[size_t(i)]);
        p.dl->AddCircle(p.s(P(i, 0), P(i, 1)), radius + 3, style::kHighlight, 12, 1.5f);
        ImGui::BeginTooltip();
        ImGui::Text("point %d", i);
        ImGui::Text("log rho = %.3f ± %.3f", a->density.logRho[u], a->density.error[u]);
        ImGui::Text("k* = %d", a->density.kstar[u]);
        const int lab = s.z.rowLabels[size_t(i)], halo = s.z.rowHalo[size_t(i)];
        ImGui::Text("peak %d%s", lab, halo < 0 ? " (halo: below its peak's highest saddle)" : "");
        if (!s.data.truth.empty()) ImGui::Text("ground truth: %s", text::truthName(s.data, s.data.truth[size_t(i)]).c_str());
        ImGui::EndTooltip();
    }
    if (s.ui.colour == ColourBy::Truth && !s.data.truth.empty()) {  // which colour is which class
        std::vector<plot::LegendEntry> entries;
        for (const auto& [k, name] : text::truthLegend(s.data))
            entries.push_back({k == -2 ? IM_COL32(0, 0, 0, 0) : k < 0 ? style::kHalo : style::category(k), name});
        plot::legend(p, entries, true);
    }
    plot::end(p);
}

}  // namespace peakscope::web::views
