// PeakScope plots: a small 2-D plotting layer on ImGui's draw lists (ImPlot is not in Debian's
// ImGui 1.86 sources, and the views need only axes, ticks, lines, markers and error bars).
// Data enter as (x, y) pairs or spans; nothing is copied.
//   Sections: Axes (linear or log10) · PlotArea (begin/end, transforms) · primitives · ticks ·
//             added helpers (band, dashed line, log ticks, nearest-item hover, legend)
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
    // Log axes: the data passed in are log10 values; ticks sit at 1, 2, 5 × 10^k and are labelled 10^v.
    bool logX = false, logY = false;
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
    // Filled band between lo[i] and hi[i] over x[i] (x increasing); non-finite segments skipped.
    void band(const double* x, const double* lo, const double* hi, int n, ImU32 col) const;
    void dashedLine(double xa, double ya, double xb, double yb, ImU32 col, float thickness = 1.5f, float dash = 6) const;
    void ring(double x, double y, ImU32 col, float radius = 6.0f, float thickness = 1.5f) const;
};

// Reserves `size` (≤ 0: fill the available width/height), draws the frame, grid, ticks and axis
// labels, and clips drawing to the inner rectangle until end(). The widget is an InvisibleButton
// with the given id, so ImGui::IsItemHovered/Clicked work after begin().
PlotArea begin(const char* id, ImVec2 size, const Axes& axes, const char* xLabel, const char* yLabel);
void end(PlotArea& p);

// "Nice" ticks (1, 2, 5 × 10^k) covering [lo, hi], about `target` of them.
std::vector<double> ticks(double lo, double hi, int target = 6);

// ---- added helpers: log ticks, hover, legend ------------------------------------------------
// Ticks for a log10 axis over [lo, hi] (log10 units): whole decades, 1-2-5 within a few decades,
// linear "nice" ticks of 10^v when the range is under a decade. Returned in log10 units.
std::vector<double> logTicks(double lo, double hi, int target = 6);

// Index of the item nearest to the mouse within maxPx screen pixels (−1: none or not hovered);
// xy(i) returns the data coordinates of item i as ImVec2-convertible {x, y} doubles.
template <class XY>
int nearest(const PlotArea& p, int n, XY xy, float maxPx = 8) {
    if (!p.hovered) return -1;
    int best = -1;
    float bestD2 = maxPx * maxPx;
    for (int i = 0; i < n; ++i) {
        const auto q = xy(i);
        const float dx = p.sx(q.first) - p.mouse.x, dy = p.sy(q.second) - p.mouse.y;
        const float d2 = dx * dx + dy * dy;
        if (d2 < bestD2) { bestD2 = d2; best = i; }
    }
    return best;
}

// A small legend box in the top-left (or top-right) corner of the plot: a swatch and a label per entry.
struct LegendEntry { ImU32 col; std::string label; };
void legend(const PlotArea& p, const std::vector<LegendEntry>& entries, bool right = false);

}  // namespace peakscope::web::plot

// ---- additions: colour swatches, dendrogram layout, categorical x (peaks and dendrogram views) ----
namespace peakscope { struct Dendrogram; }
namespace peakscope::web::plot {

// A small filled square in the text line (an ImGui item, so tooltips/SameLine work after it).
void swatch(ImU32 col, float size = 0);  // size ≤ 0: the font height
// The same with a marker shape (palette::Shape as int: 0 square, 1 diamond, 2 triangle, 3 inverted).
void swatch(ImU32 col, float size, int shape);

// Four corners of a marker of half-size r at c in shape `shape` (palette::Shape as int); triangles
// repeat a corner, so every shape is one quad (the scatter's point sprites).
void shapeQuad(ImVec2 c, float r, int shape, ImVec2 out[4]);
// A filled marker with an outline (peak centres): a disc for shape 0, else the shape.
void shapeMarker(ImDrawList* dl, ImVec2 c, float r, int shape, ImU32 fill, ImU32 outline, float thickness = 2.0f);

// Node positions of a dendrogram: leaves at x = 0, 1, … in leafOrder, y = leafHeight; merge k
// (node nLeaves + k) at the mean x of its two children and y = its height.
struct TreeLayout {
    std::vector<double> x, y;  // per node (leaves first, then merges)
    int root = -1;
};
TreeLayout dendrogramLayout(const peakscope::Dendrogram& d);

// Like begin(), but with a y axis only (ticks, grid, label): for categorical x (leaves, bars),
// labelled by the caller below p1.y. The InvisibleButton covers the inner rectangle only, so the
// caller's own items below it (e.g. one button per label) receive clicks.
PlotArea beginCategorical(const char* id, ImVec2 size, const Axes& axes, const char* yLabel, float bottomSpace);

}  // namespace peakscope::web::plot
