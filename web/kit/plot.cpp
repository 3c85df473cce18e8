// PeakScope plots; see plot.hpp.
#include "kit/plot.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "core/hierarchy.hpp"

namespace peakscope::web::plot {
namespace {
constexpr ImU32 kFrame = IM_COL32(255, 255, 255, 40);
constexpr ImU32 kGrid = IM_COL32(255, 255, 255, 18);
constexpr ImU32 kTickText = IM_COL32(200, 204, 212, 255);

void formatLogTick(char* buf, size_t n, double v) {
    const double a = std::pow(10.0, v);
    if (a >= 1e5 || a < 1e-3) std::snprintf(buf, n, "%.0e", a);
    else std::snprintf(buf, n, "%g", a);
}
void formatTick(char* buf, size_t n, double v, double step) {
    if (std::fabs(v) < step * 1e-9) v = 0;
    const double a = std::fabs(v);
    if (a != 0 && (a >= 1e5 || a < 1e-3))
        std::snprintf(buf, n, "%.1e", v);
    else {
        const int decimals = std::max(0, int(-std::floor(std::log10(step) + 1e-9)));
        std::snprintf(buf, n, "%.*f", std::min(decimals, 4), v);
    }
}
}  // namespace

void pad(double& lo, double& hi, double margin) {
    if (!std::isfinite(lo) || !std::isfinite(hi)) { lo = 0; hi = 1; }
    if (hi < lo) std::swap(lo, hi);
    if (hi - lo <= 0) { lo -= 0.5; hi += 0.5; return; }
    const double m = (hi - lo) * margin;
    lo -= m;
    hi += m;
}

std::vector<double> ticks(double lo, double hi, int target) {
    std::vector<double> t;
    if (!(hi > lo) || !std::isfinite(lo) || !std::isfinite(hi)) return t;
    const double raw = (hi - lo) / std::max(1, target);
    const double mag = std::pow(10.0, std::floor(std::log10(raw)));
    const double r = raw / mag;
    const double step = (r < 1.5 ? 1 : r < 3.5 ? 2 : r < 7.5 ? 5 : 10) * mag;
    for (double v = std::ceil(lo / step) * step; v <= hi + step * 1e-9; v += step) t.push_back(v);
    return t;
}

PlotArea begin(const char* id, ImVec2 size, const Axes& axes, const char* xLabel, const char* yLabel) {
    PlotArea p;
    const ImVec2 avail = ImGui::GetContentRegionAvail();
    if (size.x <= 0) size.x = std::max(80.0f, avail.x + size.x);
    if (size.y <= 0) size.y = std::max(80.0f, avail.y + size.y);
    p.frame0 = ImGui::GetCursorScreenPos();
    p.frame1 = ImVec2(p.frame0.x + size.x, p.frame0.y + size.y);
    ImGui::InvisibleButton(id, size, ImGuiButtonFlags_MouseButtonLeft | ImGuiButtonFlags_MouseButtonRight);
    p.axes = axes;
    if (!(p.axes.x1 > p.axes.x0)) pad(p.axes.x0, p.axes.x1, 0);
    if (!(p.axes.y1 > p.axes.y0)) pad(p.axes.y0, p.axes.y1, 0);
    const float fh = ImGui::GetFontSize();
    p.p0 = ImVec2(p.frame0.x + fh * 3.6f, p.frame0.y + fh * 0.6f);
    p.p1 = ImVec2(p.frame1.x - fh * 0.8f, p.frame1.y - fh * (xLabel && *xLabel ? 2.7f : 1.6f));
    p.dl = ImGui::GetWindowDrawList();
    p.mouse = ImGui::GetIO().MousePos;
    p.hovered = ImGui::IsItemHovered() && p.mouse.x >= p.p0.x && p.mouse.x <= p.p1.x && p.mouse.y >= p.p0.y &&
                p.mouse.y <= p.p1.y;

    ImDrawList* dl = p.dl;
    dl->AddRectFilled(p.p0, p.p1, IM_COL32(0, 0, 0, 60));
    char buf[32];
    const int nxt = std::max(2, int((p.p1.x - p.p0.x) / (fh * 6)));
    const auto xt = p.axes.logX ? logTicks(p.axes.x0, p.axes.x1, nxt) : ticks(p.axes.x0, p.axes.x1, nxt);
    const double xstep = xt.size() > 1 ? xt[1] - xt[0] : 1;
    for (double v : xt) {
        const float x = p.sx(v);
        dl->AddLine(ImVec2(x, p.p0.y), ImVec2(x, p.p1.y), kGrid);
        if (p.axes.logX) formatLogTick(buf, sizeof buf, v); else formatTick(buf, sizeof buf, v, xstep);
        const float w = ImGui::CalcTextSize(buf).x;
        dl->AddText(ImVec2(x - w / 2, p.p1.y + 2), kTickText, buf);
    }
    const int nyt = std::max(2, int((p.p1.y - p.p0.y) / (fh * 3)));
    const auto yt = p.axes.logY ? logTicks(p.axes.y0, p.axes.y1, nyt) : ticks(p.axes.y0, p.axes.y1, nyt);
    const double ystep = yt.size() > 1 ? yt[1] - yt[0] : 1;
    for (double v : yt) {
        const float y = p.sy(v);
        dl->AddLine(ImVec2(p.p0.x, y), ImVec2(p.p1.x, y), kGrid);
        if (p.axes.logY) formatLogTick(buf, sizeof buf, v); else formatTick(buf, sizeof buf, v, ystep);
        const float w = ImGui::CalcTextSize(buf).x;
        dl->AddText(ImVec2(p.p0.x - w - 4, y - fh / 2), kTickText, buf);
    }
    dl->AddRect(p.p0, p.p1, kFrame);
    if (xLabel && *xLabel) {
        const float w = ImGui::CalcTextSize(xLabel).x;
        dl->AddText(ImVec2((p.p0.x + p.p1.x - w) / 2, p.p1.y + fh * 1.2f), kTickText, xLabel);
    }
    if (yLabel && *yLabel) dl->AddText(ImVec2(p.frame0.x + 2, p.frame0.y - 2), kTickText, yLabel);
    dl->PushClipRect(p.p0, p.p1, true);
    return p;
}

void end(PlotArea& p) { p.dl->PopClipRect(); }

void PlotArea::line(double xa, double ya, double xb, double yb, ImU32 col, float t) const {
    dl->AddLine(s(xa, ya), s(xb, yb), col, t);
}
void PlotArea::polyline(const double* x, const double* y, int n, ImU32 col, float t) const {
    for (int i = 1; i < n; ++i)
        if (std::isfinite(y[i - 1]) && std::isfinite(y[i])) dl->AddLine(s(x[i - 1], y[i - 1]), s(x[i], y[i]), col, t);
}
void PlotArea::marker(double x, double y, ImU32 col, float r) const { dl->AddCircleFilled(s(x, y), r, col, 8); }
void PlotArea::errorBar(double x, double y, double err, ImU32 col) const {
    const float px = sx(x), w = 3;
    const float ya = sy(y - err), yb = sy(y + err);
    dl->AddLine(ImVec2(px, ya), ImVec2(px, yb), col);
    dl->AddLine(ImVec2(px - w, ya), ImVec2(px + w, ya), col);
    dl->AddLine(ImVec2(px - w, yb), ImVec2(px + w, yb), col);
}
void PlotArea::hline(double y, ImU32 col, float t) const { dl->AddLine(ImVec2(p0.x, sy(y)), ImVec2(p1.x, sy(y)), col, t); }
void PlotArea::vline(double x, ImU32 col, float t) const { dl->AddLine(ImVec2(sx(x), p0.y), ImVec2(sx(x), p1.y), col, t); }
void PlotArea::text(double x, double y, ImU32 col, const char* str) const { dl->AddText(s(x, y), col, str); }


// ---- added helpers ----------------------------------------------------------------------------
void PlotArea::band(const double* x, const double* lo, const double* hi, int n, ImU32 col) const {
    // without anti-aliased edges: adjacent (possibly sub-pixel) quads then tile without overdraw
    const ImDrawListFlags flags = dl->Flags;
    dl->Flags &= ~ImDrawListFlags_AntiAliasedFill;
    for (int i = 1; i < n; ++i) {
        if (!std::isfinite(lo[i - 1]) || !std::isfinite(hi[i - 1]) || !std::isfinite(lo[i]) || !std::isfinite(hi[i]))
            continue;
        dl->AddQuadFilled(s(x[i - 1], lo[i - 1]), s(x[i - 1], hi[i - 1]), s(x[i], hi[i]), s(x[i], lo[i]), col);
    }
    dl->Flags = flags;
}
void PlotArea::dashedLine(double xa, double ya, double xb, double yb, ImU32 col, float t, float dash) const {
    const ImVec2 a = s(xa, ya), b = s(xb, yb);
    const float len = std::hypot(b.x - a.x, b.y - a.y);
    if (!(len > 0) || !std::isfinite(len)) return;
    const int n = std::min(2000, int(len / dash));
    for (int i = 0; i <= n; i += 2) {
        const float f0 = float(i) * dash / len, f1 = std::min(1.0f, float(i + 1) * dash / len);
        dl->AddLine(ImVec2(a.x + (b.x - a.x) * f0, a.y + (b.y - a.y) * f0),
                    ImVec2(a.x + (b.x - a.x) * f1, a.y + (b.y - a.y) * f1), col, t);
    }
}
void PlotArea::ring(double x, double y, ImU32 col, float r, float t) const { dl->AddCircle(s(x, y), r, col, 16, t); }

std::vector<double> logTicks(double lo, double hi, int target) {
    std::vector<double> t;
    if (!(hi > lo) || !std::isfinite(lo) || !std::isfinite(hi)) return t;
    const double span = hi - lo;
    if (span < 1) {  // under a decade: linear nice ticks of 10^v
        for (double v : ticks(std::pow(10.0, lo), std::pow(10.0, hi), target))
            if (v > 0) t.push_back(std::log10(v));
        return t;
    }
    const int step = std::max(1, int(std::ceil(span / std::max(1, target))));
    const bool minor = span * 3 <= target;  // room for 2 and 5 within each decade
    for (int k = int(std::floor(lo)); k <= int(std::ceil(hi)); ++k) {
        if (k % step == 0 && k >= lo - 1e-9 && k <= hi + 1e-9) t.push_back(k);
        if (minor)
            for (double m : {2.0, 5.0}) {
                const double v = k + std::log10(m);
                if (v >= lo && v <= hi) t.push_back(v);
            }
    }
    std::sort(t.begin(), t.end());
    return t;
}

void legend(const PlotArea& p, const std::vector<LegendEntry>& entries, bool right) {
    if (entries.empty()) return;
    const float fh = ImGui::GetFontSize(), sw = fh * 1.2f, pad = 4;
    float w = 0;
    for (const auto& e : entries) w = std::max(w, ImGui::CalcTextSize(e.label.c_str()).x);
    w += sw + 3 * pad;
    const float h = float(entries.size()) * (fh + 2) + 2 * pad;
    const ImVec2 a(right ? p.p1.x - w - 6 : p.p0.x + 6, p.p0.y + 6);
    p.dl->AddRectFilled(a, ImVec2(a.x + w, a.y + h), IM_COL32(22, 24, 29, 215), 3.0f);
    float y = a.y + pad;
    for (const auto& e : entries) {
        p.dl->AddRectFilled(ImVec2(a.x + pad, y + fh * 0.35f), ImVec2(a.x + pad + sw, y + fh * 0.65f), e.col);
        p.dl->AddText(ImVec2(a.x + 2 * pad + sw, y), kTickText, e.label.c_str());
        y += fh + 2;
    }
}

//-----------------------------------------------------------------------------------------------
// Colour swatches, dendrogram layout, categorical x
//-----------------------------------------------------------------------------------------------

void swatch(ImU32 col, float size) {
    if (size <= 0) size = ImGui::GetFontSize();
    const ImVec2 p = ImGui::GetCursorScreenPos();
    const float dy = std::max(0.0f, (ImGui::GetTextLineHeight() - size) / 2);
    ImGui::GetWindowDrawList()->AddRectFilled(ImVec2(p.x, p.y + dy), ImVec2(p.x + size, p.y + dy + size), col, 2);
    ImGui::Dummy(ImVec2(size, ImGui::GetTextLineHeight()));
}

void swatch(ImU32 col, float size, int shape) {
    if (shape == 0) return swatch(col, size);
    if (size <= 0) size = ImGui::GetFontSize();
    const ImVec2 p = ImGui::GetCursorScreenPos();
    const float dy = std::max(0.0f, (ImGui::GetTextLineHeight() - size) / 2);
    shapeMarker(ImGui::GetWindowDrawList(), ImVec2(p.x + size / 2, p.y + dy + size / 2), size / 2, shape, col, col, 1.0f);
    ImGui::Dummy(ImVec2(size, ImGui::GetTextLineHeight()));
}

void shapeQuad(ImVec2 c, float r, int shape, ImVec2 out[4]) {
    const float e = r * 1.3f;  // diamonds and triangles a little larger: the same visual weight
    switch (shape) {
        case 1: out[0] = {c.x, c.y - e}; out[1] = {c.x + e, c.y}; out[2] = {c.x, c.y + e}; out[3] = {c.x - e, c.y}; break;
        case 2: out[0] = {c.x, c.y - e}; out[1] = {c.x, c.y - e}; out[2] = {c.x + e, c.y + r}; out[3] = {c.x - e, c.y + r}; break;
        case 3: out[0] = {c.x - e, c.y - r}; out[1] = {c.x + e, c.y - r}; out[2] = {c.x, c.y + e}; out[3] = {c.x, c.y + e}; break;
        default: out[0] = {c.x - r, c.y - r}; out[1] = {c.x + r, c.y - r}; out[2] = {c.x + r, c.y + r}; out[3] = {c.x - r, c.y + r};
    }
}

void shapeMarker(ImDrawList* dl, ImVec2 c, float r, int shape, ImU32 fill, ImU32 outline, float thickness) {
    if (shape == 0) {
        dl->AddCircleFilled(c, r, fill);
        dl->AddCircle(c, r, outline, 16, thickness);
        return;
    }
    ImVec2 q[4];
    shapeQuad(c, r, shape, q);
    ImVec2 poly[4];
    int k = 0;  // the triangles repeat a corner: drop it
    for (int i = 0; i < 4; ++i)
        if (k == 0 || q[i].x != poly[k - 1].x || q[i].y != poly[k - 1].y) poly[k++] = q[i];
    dl->AddConvexPolyFilled(poly, k, fill);
    dl->AddPolyline(poly, k, outline, ImDrawFlags_Closed, thickness);
}

TreeLayout dendrogramLayout(const peakscope::Dendrogram& d) {
    TreeLayout t;
    const size_t m = size_t(d.nLeaves), nodes = m + d.merges.size();
    t.x.assign(nodes, 0);
    t.y.assign(nodes, 0);
    for (size_t i = 0; i < d.leafOrder.size() && i < m; ++i) t.x[size_t(d.leafOrder[i])] = double(i);
    for (size_t c = 0; c < m && c < d.leafHeight.size(); ++c) t.y[c] = d.leafHeight[c];
    for (size_t k = 0; k < d.merges.size(); ++k) {  // children always precede their merge
        const auto& mg = d.merges[k];
        t.x[m + k] = 0.5 * (t.x[size_t(mg.left)] + t.x[size_t(mg.right)]);
        t.y[m + k] = mg.height;
    }
    t.root = nodes ? int(nodes - 1) : -1;
    return t;
}


PlotArea beginCategorical(const char* id, ImVec2 size, const Axes& axes, const char* yLabel, float bottomSpace) {
    PlotArea p;
    const ImVec2 avail = ImGui::GetContentRegionAvail();
    if (size.x <= 0) size.x = std::max(80.0f, avail.x + size.x);
    if (size.y <= 0) size.y = std::max(80.0f, avail.y + size.y);
    const float fh = ImGui::GetFontSize();
    p.frame0 = ImGui::GetCursorScreenPos();
    p.frame1 = ImVec2(p.frame0.x + size.x, p.frame0.y + size.y);
    p.p0 = ImVec2(p.frame0.x + fh * 3.6f, p.frame0.y + fh * 0.6f);
    p.p1 = ImVec2(p.frame1.x - fh * 0.8f, p.frame1.y - std::max(0.0f, bottomSpace));
    ImGui::SetCursorScreenPos(p.p0);
    ImGui::InvisibleButton(id, ImVec2(p.p1.x - p.p0.x, std::max(1.0f, p.p1.y - p.p0.y)),
                           ImGuiButtonFlags_MouseButtonLeft | ImGuiButtonFlags_MouseButtonRight);
    p.hovered = ImGui::IsItemHovered();  // use p.hovered + ImGui::IsMouseClicked: the Dummy below is the last item
    ImGui::SetCursorScreenPos(p.frame0);
    ImGui::Dummy(size);  // reserves the whole widget
    p.axes = axes;
    if (!(p.axes.x1 > p.axes.x0)) pad(p.axes.x0, p.axes.x1, 0);
    if (!(p.axes.y1 > p.axes.y0)) pad(p.axes.y0, p.axes.y1, 0);
    p.dl = ImGui::GetWindowDrawList();
    p.mouse = ImGui::GetIO().MousePos;
    ImDrawList* dl = p.dl;
    dl->AddRectFilled(p.p0, p.p1, IM_COL32(0, 0, 0, 60));
    char buf[32];
    const auto yt = ticks(p.axes.y0, p.axes.y1, std::max(2, int((p.p1.y - p.p0.y) / (fh * 3))));
    const double ystep = yt.size() > 1 ? yt[1] - yt[0] : 1;
    for (double v : yt) {
        const float y = p.sy(v);
        dl->AddLine(ImVec2(p.p0.x, y), ImVec2(p.p1.x, y), kGrid);
        formatTick(buf, sizeof buf, v, ystep);
        const float w = ImGui::CalcTextSize(buf).x;
        dl->AddText(ImVec2(p.p0.x - w - 4, y - fh / 2), kTickText, buf);
    }
    dl->AddRect(p.p0, p.p1, kFrame);
    if (yLabel && *yLabel) dl->AddText(ImVec2(p.frame0.x + 2, p.frame0.y - 2), kTickText, yLabel);
    dl->PushClipRect(p.p0, p.p1, true);
    return p;
}

}  // namespace peakscope::web::plot
