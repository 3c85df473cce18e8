// PeakScope dendrogram as a standalone SVG (the "Dendrogram SVG" export): the hierarchy of the
// peaks at the current Z (d'Errico et al. 2021, §2.5) on a white page — y axis log ρ with ticks,
// leaves at their height ± error in the app's peak colours (each leaf's <title> names it), joins at the
// saddle heights (dashed: no saddle, a floor), leaf labels, title with the data name and Z.
//   Sections: [1] XML helpers · [2] dendrogramSvg
// Example: platform::download("peakscope_dendrogram.svg", "image/svg+xml", exporting::dendrogramSvg(s));
#include <algorithm>
#include <cmath>
#include <cstdio>

#include "kit/plot.hpp"
#include "kit/style.hpp"
#include "kit/markup.hpp"
#include "kit/palette.hpp"
#include "parts/peaks/export.hpp"
#include "parts/peaks/views.hpp"
#include "platform/page.hpp"

namespace peakscope::web::exporting {
namespace {

//-----------------------------------------------------------------------------------------------
// [1] XML helpers.
//-----------------------------------------------------------------------------------------------
using markup::escape;

// printf with up to four numbers into a string of any length (two passes, never truncated).
std::string fmt(const char* f, double a, double b = 0, double c = 0, double d = 0) {
    const int n = std::snprintf(nullptr, 0, f, a, b, c, d);
    std::string out(size_t(std::max(0, n)) + 1, '\0');
    std::snprintf(&out[0], out.size(), f, a, b, c, d);
    out.resize(size_t(std::max(0, n)));
    return out;
}

// A peak's colour as on screen (its style at this Z: touching peaks never share one).
std::string colour(const PeaksState& s, int peak) {
    const palette::Rgb c = palette::kCategorical[views::peakStyle(s, peak).colour];
    char buf[16];
    std::snprintf(buf, sizeof buf, "#%02x%02x%02x", c.r, c.g, c.b);
    return buf;
}

// "peak 3: orange" (", diamond" when the shape tells it from a peak of the same colour).
std::string styleTitle(const PeaksState& s, int peak) {
    const palette::PeakStyle st = views::peakStyle(s, peak);
    std::string t = "peak " + std::to_string(peak) + ": " + palette::colourName(st.colour);
    if (st.shape != palette::Shape::Square) t += std::string(", ") + palette::shapeName(st.shape);
    return t;
}

}  // namespace

//-----------------------------------------------------------------------------------------------
// [2] dendrogramSvg.
//-----------------------------------------------------------------------------------------------
std::string dendrogramSvg(const PeaksState& s) {
    const Dendrogram& d = s.z.hierarchy;
    const Partition& pt = s.z.partition;
    const size_t m = size_t(d.nLeaves);
    const double W = std::max(560.0, 80.0 + 28.0 * double(m)), H = 420, left = 64, right = 20, top = 48, bottom = 56;
    std::string o = fmt("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\" "
                        "width=\"%.0f\" height=\"%.0f\" viewBox=\"0 0 %.0f %.0f\" font-family=\"sans-serif\" "
                        "font-size=\"12\">\n",
                        W, H, W, H);
    o += "<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n";
    const std::string name = s.data.name.empty() ? std::string("data") : s.data.name;
    o += "<text x=\"" + fmt("%.0f", W / 2) + "\" y=\"20\" text-anchor=\"middle\" font-size=\"15\">" +
         escape("Peak hierarchy \xe2\x80\x94 " + name) + "</text>\n";
    o += "<text x=\"" + fmt("%.0f", W / 2) + "\" y=\"37\" text-anchor=\"middle\" fill=\"#555\">" +
         fmt("Z = %.2f, %.0f peak(s)", s.z.Z, double(m)) + "</text>\n";
    if (m == 0) return o + "</svg>\n";

    // scales: leaves at x = 0..m−1 in leafOrder, y = log ρ
    const plot::TreeLayout L = plot::dendrogramLayout(d);
    double lo = INFINITY, hi = -INFINITY;
    for (size_t i = 0; i < L.y.size(); ++i) {
        const double e = i < m ? pt.centreError[i] : 0;
        lo = std::min(lo, L.y[i] - e);
        hi = std::max(hi, L.y[i] + e);
    }
    if (m == 1) lo -= 1;
    plot::pad(lo, hi, 0.06);
    const double x0 = left, x1 = W - right, y0 = top, y1 = H - bottom;
    auto X = [&](double x) { return x0 + (x + 0.5) / double(m) * (x1 - x0); };
    auto Y = [&](double y) { return y1 - (y - lo) / (hi - lo) * (y1 - y0); };

    // axis with log ρ ticks
    o += "<g stroke=\"#999\" stroke-width=\"1\">\n";
    o += fmt("<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\"/>\n", x0, y0, x0, y1);
    for (double v : plot::ticks(lo, hi, 6))
        o += fmt("<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#eee\"/>\n", x0, Y(v), x1, Y(v));
    o += "</g>\n<g text-anchor=\"end\" fill=\"#333\">\n";
    for (double v : plot::ticks(lo, hi, 6)) o += fmt("<text x=\"%.1f\" y=\"%.1f\">%g</text>\n", x0 - 6, Y(v) + 4, v);
    o += "</g>\n";
    o += fmt("<text transform=\"translate(16 %.1f) rotate(-90)\" text-anchor=\"middle\">log \xcf\x81</text>\n", (y0 + y1) / 2);

    // joins: verticals from each child down to the join, then the horizontal join
    o += "<g stroke-width=\"2\" fill=\"none\">\n";
    std::vector<std::pair<double, double>> placed;  // join labels drawn so far
    for (size_t k = 0; k < d.merges.size(); ++k) {
        const auto& mg = d.merges[k];
        for (int c : {mg.left, mg.right}) {
            const std::string col = size_t(c) < m ? colour(s, c) : std::string("#444");
            o += fmt("<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\"", X(L.x[size_t(c)]), Y(L.y[size_t(c)]),
                     X(L.x[size_t(c)]), Y(mg.height)) +
                 " stroke=\"" + col + "\"/>\n";
        }
        o += fmt("<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\"", X(L.x[size_t(mg.left)]), Y(mg.height),
                 X(L.x[size_t(mg.right)]), Y(mg.height)) +
             (mg.connected ? " stroke=\"#444\"/>\n" : " stroke=\"#999\" stroke-dasharray=\"5 4\"/>\n");
        const double z = mg.mergeZ;  // the Z at which these groups merge (core labelJoins)
        const double lx = 0.5 * (X(L.x[size_t(mg.left)]) + X(L.x[size_t(mg.right)])), ly = Y(mg.height) - 4;
        bool free = std::isfinite(z) && m <= 40;  // skip if crowded
        for (const auto& q : placed) free = free && (std::fabs(q.first - lx) > 40 || std::fabs(q.second - ly) > 12);
        if (free) placed.emplace_back(lx, ly);
        if (free)
            o += fmt("<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\" font-size=\"10\" fill=\"#666\" "
                     "stroke=\"none\">Z %.2f</text>\n",
                     lx, ly, z);
    }
    const size_t r = size_t(L.root);
    o += fmt("<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#444\"/>\n", X(L.x[r]), Y(L.y[r]), X(L.x[r]), y1);
    o += "</g>\n";

    // leaves: error bar, marker, label
    for (size_t i = 0; i < m; ++i) {
        const double x = X(L.x[i]), y = Y(L.y[i]), e = pt.centreError[i];
        const std::string col = colour(s, int(i));
        o += "<g stroke=\"" + col + "\"><title>" + escape(styleTitle(s, int(i))) + "</title>";
        o += fmt("<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\"/>", x, Y(L.y[i] - e), x, Y(L.y[i] + e));
        o += fmt("<circle cx=\"%.1f\" cy=\"%.1f\" r=\"4\"", x, y) + " fill=\"" + col +
             "\" stroke=\"#333\" stroke-width=\"0.6\"/>";
        o += "</g>\n";
        o += fmt("<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\"", x, y1 + 16) + " fill=\"" + col +
             "\" stroke=\"#333\" stroke-width=\"0.3\">" + fmt("%.0f", double(i)) + "</text>\n";
    }
    o += fmt("<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\" fill=\"#333\">peak</text>\n", (x0 + x1) / 2, H - 24);
    o += fmt("<text x=\"%.1f\" y=\"%.1f\" font-size=\"10\" fill=\"#666\">", 8, H - 6) +
         "Joins at the saddle's log \xcf\x81; label Z: the pair merges above it (Eq. 6); dashed: no saddle."
         "</text>\n";
    return o + "</svg>\n";
}

}  // namespace peakscope::web::exporting
