// PeakScope plots: a small 2-D plotting layer on ImGui's draw lists (ImPlot is not in Debian's
// ImGui 1.86 sources, and the views need only axes, ticks, lines, markers and error bars).
// Data enter as (x, y) pairs or spans; nothing is copied.
//   Sections: Axes · PlotArea (begin/end, transforms) · primitives · ticks
// Example:
//   plot::PlotArea p = plot::begin("##fit", size, {0, 3, 0, 5}, "log mu", "-log(1-F)");
//   p.line(x0, y0, x1, y1, style::category(1));  p.marker(x, y, col);  plot::end(p);
#pragma once

#include <string>
#include <vector>

#include "imgui.h"

namespace peakscope::web::plot {

// Data range shown: x in [x0, x1], y in [y0, y1].
struct Axes {
    double x0 = 0, x1 = 1, y0 = 0, y1 = 1;
};

// Expands a range [lo, hi] by `margin` of its width on each side (a zero width becomes ±0.5).
void pad(double& lo, double& hi, double margin = 0.05);

struct PlotArea {
    ImVec2 frame0, frame1;   // whole widget (screen)
    ImVec2 p0, p1;           // inner plotting rectangle (screen)
    Axes axes;
    ImDrawList* dl = nullptr;
    bool hovered = false;    // mouse inside the inner rectangle
    ImVec2 mouse;            // mouse position (screen)

    float sx(double x) const { return p0.x + float((x - axes.x0) / (axes.x1 - axes.x0)) * (p1.x - p0.x); }
    float sy(double y) const { return p1.y - float((y - axes.y0) / (axes.y1 - axes.y0)) * (p1.y - p0.y); }
    ImVec2 s(double x, double y) const { return ImVec2(sx(x), sy(y)); }
    double dataX(float px) const { return axes.x0 + double(px - p0.x) / double(p1.x - p0.x) * (axes.x1 - axes.x0); }
    double dataY(float py) const { return axes.y0 + double(p1.y - py) / double(p1.y - p0.y) * (axes.y1 - axes.y0); }

    void line(double xa, double ya, double xb, double yb, ImU32 col, float thickness = 1.5f) const;
    void polyline(const double* x, const double* y, int n, ImU32 col, float thickness = 1.5f) const;
    void marker(double x, double y, ImU32 col, float radius = 3.0f) const;
    void errorBar(double x, double y, double err, ImU32 col) const;  // vertical ±err
    void hline(double y, ImU32 col, float thickness = 1.0f) const;
    void vline(double x, ImU32 col, float thickness = 1.0f) const;
    void text(double x, double y, ImU32 col, const char* s) const;
};

// Reserves `size` (≤ 0: fill the available width/height), draws the frame, grid, ticks and axis
// labels, and clips drawing to the inner rectangle until end(). The widget is an InvisibleButton
// with the given id, so ImGui::IsItemHovered/Clicked work after begin().
PlotArea begin(const char* id, ImVec2 size, const Axes& axes, const char* xLabel, const char* yLabel);
void end(PlotArea& p);

// "Nice" ticks (1, 2, 5 × 10^k) covering [lo, hi], about `target` of them.
std::vector<double> ticks(double lo, double hi, int target = 6);

}  // namespace peakscope::web::plot
