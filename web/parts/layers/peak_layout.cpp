// PeakScope Tutorial 2 ("Layers"): peak map layout by class composition (see peak_layout.hpp).
#include "parts/layers/peak_layout.hpp"

#include <algorithm>
#include <cmath>

namespace peakscope::web::layers {

std::vector<Point2> classAnchors(int nClasses, const std::vector<int>& classToMacro) {
    std::vector<int> order(static_cast<size_t>(std::max(0, nClasses)));
    for (int c = 0; c < nClasses; ++c) order[size_t(c)] = c;
    auto macroOf = [&](int c) { return c < int(classToMacro.size()) ? classToMacro[size_t(c)] : 0; };
    std::stable_sort(order.begin(), order.end(), [&](int a, int b) { return macroOf(a) < macroOf(b); });
    // slots: one per class, one gap between consecutive macro-classes
    std::vector<double> slot(order.size());
    double s = 0;
    for (size_t i = 0; i < order.size(); ++i) {
        if (i > 0 && !classToMacro.empty() && macroOf(order[i]) != macroOf(order[i - 1])) s += 1;
        slot[i] = s;
        s += 1;
    }
    const double total = std::max(1.0, s + (classToMacro.empty() ? 0 : 1));
    std::vector<Point2> out(order.size());
    for (size_t i = 0; i < order.size(); ++i) {
        const double a = 2 * M_PI * slot[i] / total;
        out[size_t(order[i])] = {std::sin(a), -std::cos(a)};  // clockwise from the top (screen y down)
    }
    return out;
}

std::vector<Point2> compositionLayout(const std::vector<std::vector<int>>& hist, const std::vector<Point2>& anchors) {
    std::vector<Point2> out(hist.size(), Point2{0, 0});
    for (size_t p = 0; p < hist.size(); ++p) {
        double n = 0, x = 0, y = 0;
        for (size_t c = 0; c < hist[p].size() && c < anchors.size(); ++c) {
            n += hist[p][c];
            x += hist[p][c] * anchors[c][0];
            y += hist[p][c] * anchors[c][1];
        }
        if (n > 0) out[p] = {x / n, y / n};
    }
    return out;
}

int separate(std::vector<Disc>& d, double gap, int iterations) {
    for (int it = 0; it < iterations; ++it) {
        bool moved = false;
        for (size_t i = 0; i < d.size(); ++i)
            for (size_t j = i + 1; j < d.size(); ++j) {
                double dx = d[j].x - d[i].x, dy = d[j].y - d[i].y, dist = std::hypot(dx, dy);
                const double need = d[i].r + d[j].r + gap;
                if (dist >= need - 1e-6) continue;
                if (dist < 1e-9) {  // same place: a direction from the pair's indices (deterministic)
                    const double a = 2.399963 * double(i * 31 + j);
                    dx = std::cos(a);
                    dy = std::sin(a);
                    dist = 1;
                } else {
                    dx /= dist;
                    dy /= dist;
                }
                const double push = (need - dist) / 2 + 1e-4;
                d[i].x -= dx * push;
                d[i].y -= dy * push;
                d[j].x += dx * push;
                d[j].y += dy * push;
                moved = true;
            }
        if (!moved) return it;
    }
    return iterations;
}

namespace {
bool boxHitsDisc(double x, double y, double w, double h, const Disc& c) {
    const double nx = std::clamp(c.x, x, x + w), ny = std::clamp(c.y, y, y + h);
    return std::hypot(c.x - nx, c.y - ny) < c.r;
}
bool boxesMeet(const Point2& a, const Point2& sa, const Point2& b, const Point2& sb) {
    return a[0] < b[0] + sb[0] && b[0] < a[0] + sa[0] && a[1] < b[1] + sb[1] && b[1] < a[1] + sa[1];
}
}  // namespace

std::vector<Point2> placeLabels(const std::vector<Disc>& discs, const std::vector<Point2>& sizes, const std::vector<int>& order) {
    std::vector<Point2> out(discs.size(), Point2{NAN, NAN});
    std::vector<size_t> placed;
    for (int k : order) {
        if (k < 0 || size_t(k) >= discs.size() || size_t(k) >= sizes.size()) continue;
        const Disc& c = discs[size_t(k)];
        const double w = sizes[size_t(k)][0], h = sizes[size_t(k)][1];
        if (w <= 0) continue;
        const Point2 spots[] = {{c.x - w / 2, c.y + c.r + 1}, {c.x - w / 2, c.y - c.r - 1 - h},
                                {c.x + c.r + 2, c.y - h / 2}, {c.x - c.r - 2 - w, c.y - h / 2}};
        for (const Point2& s : spots) {
            bool free = true;
            for (const Disc& o : discs) free = free && !boxHitsDisc(s[0], s[1], w, h, o);
            for (size_t q : placed) free = free && !boxesMeet(s, {w, h}, out[q], sizes[q]);
            if (!free) continue;
            out[size_t(k)] = s;
            placed.push_back(size_t(k));
            break;
        }
    }
    return out;
}

}  // namespace peakscope::web::layers
