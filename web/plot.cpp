// PeakScope plots; see plot.hpp.
#include "plot.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace peakscope::web::plot {
namespace {
constexpr ImU32 kFrame = IM_COL32(255, 255, 255, 40);
constexpr ImU32 kGrid = IM_COL32(255, 255, 255, 18);
constexpr ImU32 kTickText = IM_COL32(200, 204, 212, 255);

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
    const auto xt = ticks(p.axes.x0, p.axes.x1, std::max(2, int((p.p1.x - p.p0.x) / (fh * 6))));
    const double xstep = xt.size() > 1 ? xt[1] - xt[0] : 1;
    for (double v : xt) {
        const float x = p.sx(v);
        dl->AddLine(ImVec2(x, p.p0.y), ImVec2(x, p.p1.y), kGrid);
        formatTick(buf, sizeof buf, v, xstep);
        const float w = ImGui::CalcTextSize(buf).x;
        dl->AddText(ImVec2(x - w / 2, p.p1.y + 2), kTickText, buf);
    }
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

}  // namespace peakscope::web::plot
