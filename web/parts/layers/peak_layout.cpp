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

std::vector<Point2> procrustes(const std::vector<Point2>& a, const std::vector<Point2>& b, const std::vector<double>& w) {
    const size_t n = std::min({a.size(), b.size(), w.size()});
    double sw = 0, ma[2] = {0, 0}, mb[2] = {0, 0};
    for (size_t p = 0; p < n; ++p)
        if (w[p] > 0) {
            sw += w[p];
            for (int k = 0; k < 2; ++k) ma[k] += w[p] * a[p][k], mb[k] += w[p] * b[p][k];
        }
    if (!(sw > 0)) return a;
    for (int k = 0; k < 2; ++k) ma[k] /= sw, mb[k] /= sw;
    double H[2][2] = {{0, 0}, {0, 0}};  // Σ w (a − ā)(b − b̄)ᵀ
    for (size_t p = 0; p < n; ++p)
        if (w[p] > 0)
            for (int i = 0; i < 2; ++i)
                for (int j = 0; j < 2; ++j) H[i][j] += w[p] * (a[p][i] - ma[i]) * (b[p][j] - mb[j]);
    // maximise trace(R H): rotation [[c, −s], [s, c]] gives c (H00 + H11) + s (H01 − H10),
    // reflection [[c, s], [s, −c]] gives c (H00 − H11) + s (H01 + H10)
    const double rc = H[0][0] + H[1][1], rs = H[0][1] - H[1][0];
    const double fc = H[0][0] - H[1][1], fs = H[0][1] + H[1][0];
    const bool reflect = std::hypot(fc, fs) > std::hypot(rc, rs) * (1 + 1e-12);
    const double t = reflect ? std::atan2(fs, fc) : std::atan2(rs, rc), c = std::cos(t), s = std::sin(t);
    const double R[2][2] = {{c, reflect ? s : -s}, {s, reflect ? -c : c}};
    std::vector<Point2> out(a.size());
    for (size_t p = 0; p < a.size(); ++p) {
        const double x = a[p][0] - ma[0], y = a[p][1] - ma[1];
        out[p] = {R[0][0] * x + R[0][1] * y + mb[0], R[1][0] * x + R[1][1] * y + mb[1]};
    }
    return out;
}

std::vector<Point2> alignToPrevious(const std::vector<Point2>& map, const std::vector<int>& rowPeak,
                                    const std::vector<Point2>& prevMap, const std::vector<int>& prevRowPeak) {
    std::vector<Point2> target(map.size(), Point2{0, 0});
    std::vector<double> weight(map.size(), 0.0);
    for (size_t i = 0; i < rowPeak.size() && i < prevRowPeak.size(); ++i) {
        const int p = rowPeak[i], q = prevRowPeak[i];
        if (p < 0 || q < 0 || size_t(p) >= map.size() || size_t(q) >= prevMap.size()) continue;
        target[size_t(p)][0] += prevMap[size_t(q)][0];
        target[size_t(p)][1] += prevMap[size_t(q)][1];
        weight[size_t(p)] += 1;
    }
    for (size_t p = 0; p < map.size(); ++p)
        if (weight[p] > 0) target[p] = {target[p][0] / weight[p], target[p][1] / weight[p]};
    return procrustes(map, target, weight);
}

std::vector<Disc> compositionDiscs(const std::vector<std::vector<int>>& hist, const std::vector<long long>& population,
                                   const std::vector<Point2>& anchors, Point2 centre, double scale, double rMax, double gap) {
    const std::vector<Point2> pos = compositionLayout(hist, anchors);
    long long maxPop = 1;
    for (long long v : population) maxPop = std::max(maxPop, v);
    std::vector<Disc> d(pos.size());
    for (size_t i = 0; i < pos.size(); ++i) {
        const double pop = i < population.size() ? double(population[i]) : 0.0;
        d[i] = {centre[0] + scale * pos[i][0], centre[1] + scale * pos[i][1], std::max(4.0, rMax * std::sqrt(pop / double(maxPop)))};
    }
    separate(d, gap);
    return d;
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
bool boxesMeet(const Box& a, const Box& b) { return a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h; }
bool inside(const Box& a, const Box& b) { return a.x >= b.x && a.y >= b.y && a.x + a.w <= b.x + b.w && a.y + a.h <= b.y + b.h; }

// Places boxes one at a time: the first candidate inside the bounds that meets no disc, no blocked
// box and no box placed before.
struct Placer {
    const std::vector<Disc>& discs;
    Box bounds;
    std::vector<Box> taken;
    bool fits(const Box& b) const {
        if (!inside(b, bounds)) return false;
        for (const Disc& o : discs)
            if (boxHitsDisc(b.x, b.y, b.w, b.h, o)) return false;
        for (const Box& t : taken)
            if (boxesMeet(b, t)) return false;
        return true;
    }
    template <class Candidates>
    Point2 place(const Candidates& cand) {
        for (const Box& b : cand)
            if (fits(b)) {
                taken.push_back(b);
                return {b.x, b.y};
            }
        return {NAN, NAN};
    }
};

std::vector<Box> aroundDisc(const Disc& c, double w, double h) {
    const double d = 1;  // gap between disc and label
    return {{c.x - w / 2, c.y + c.r + d, w, h},          {c.x - w / 2, c.y - c.r - d - h, w, h},
            {c.x + c.r + 2 * d, c.y - h / 2, w, h},      {c.x - c.r - 2 * d - w, c.y - h / 2, w, h},
            {c.x + c.r * 0.72, c.y + c.r * 0.72, w, h},  {c.x - c.r * 0.72 - w, c.y + c.r * 0.72, w, h},
            {c.x + c.r * 0.72, c.y - c.r * 0.72 - h, w, h}, {c.x - c.r * 0.72 - w, c.y - c.r * 0.72 - h, w, h}};
}
}  // namespace

std::vector<Point2> placeLabels(const std::vector<Disc>& discs, const std::vector<Point2>& sizes, const std::vector<int>& order) {
    const double big = 1e300;
    return placeMapLabels(discs, sizes, order, {}, {}, {0, 0}, Box{-big / 2, -big / 2, big, big}).peaks;
}

MapLabels placeMapLabels(const std::vector<Disc>& discs, const std::vector<Point2>& peakSizes, const std::vector<int>& order,
                         const std::vector<Point2>& anchorAt, const std::vector<Point2>& anchorSizes, Point2 mid,
                         const Box& bounds, const std::vector<Box>& blocked) {
    MapLabels out;
    out.anchors.assign(anchorAt.size(), Point2{NAN, NAN});
    out.peaks.assign(discs.size(), Point2{NAN, NAN});
    Placer pl{discs, bounds, blocked};
    // class names: outwards along the ray from the circle's centre, then sideways, then inwards
    for (size_t c = 0; c < anchorAt.size() && c < anchorSizes.size(); ++c) {
        const double w = anchorSizes[c][0], h = anchorSizes[c][1];
        if (w <= 0) continue;
        double ux = anchorAt[c][0] - mid[0], uy = anchorAt[c][1] - mid[1];
        const double len = std::hypot(ux, uy);
        if (len > 1e-9) { ux /= len; uy /= len; } else { ux = 0; uy = -1; }
        std::vector<Box> cand;
        const double step = h * 0.6;
        for (int k = 0; k <= 8; ++k)  // outwards
            for (int s : {0, 1, -1, 2, -2}) {  // sideways, in half label widths (perpendicular to the ray)
                const double cx = anchorAt[c][0] + ux * step * k - uy * s * w * 0.5;
                const double cy = anchorAt[c][1] + uy * step * k + ux * s * h;
                Box b{cx - w / 2, cy - h / 2, w, h};
                // a name pushed against the border slides along it
                b.x = std::clamp(b.x, bounds.x, bounds.x + bounds.w - w);
                b.y = std::clamp(b.y, bounds.y, bounds.y + bounds.h - h);
                cand.push_back(b);
            }
        for (int k = 1; k <= 4; ++k)  // inwards
            cand.push_back({anchorAt[c][0] - ux * step * k - w / 2, anchorAt[c][1] - uy * step * k - h / 2, w, h});
        out.anchors[c] = pl.place(cand);
    }
    for (int k : order) {
        if (k < 0 || size_t(k) >= discs.size() || size_t(k) >= peakSizes.size()) continue;
        const double w = peakSizes[size_t(k)][0], h = peakSizes[size_t(k)][1];
        if (w <= 0) continue;
        out.peaks[size_t(k)] = pl.place(aroundDisc(discs[size_t(k)], w, h));
    }
    return out;
}

}  // namespace peakscope::web::layers
