// Peak colours (web/kit/palette): 12 colours that stay apart with colour-vision deficiencies and
// on the dark background; touching peaks never share a colour; a peak keeps its colour as Z moves.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <set>
#include <string>

#include "core/analysis.hpp"
#include "core/toy/generators.hpp"
#include "kit/palette.hpp"

using namespace peakscope;
using namespace peakscope::web::palette;

namespace {

double toLinear(double c) { c /= 255; return c <= 0.04045 ? c / 12.92 : std::pow((c + 0.055) / 1.055, 2.4); }
double toSrgb(double c) {
    c = std::clamp(c, 0.0, 1.0);
    return 255 * (c <= 0.0031308 ? 12.92 * c : 1.055 * std::pow(c, 1 / 2.4) - 0.055);
}
struct Lab { double L, a, b; };
Lab lab(const double rgb[3]) {
    const double r = toLinear(rgb[0]), g = toLinear(rgb[1]), b = toLinear(rgb[2]);
    const double X = (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047, Y = 0.2126 * r + 0.7152 * g + 0.0722 * b,
                 Z = (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883;
    auto f = [](double t) { return t > 0.008856 ? std::cbrt(t) : 7.787 * t + 16.0 / 116; };
    return {116 * f(Y) - 16, 500 * (f(X) - f(Y)), 200 * (f(Y) - f(Z))};
}
double deltaE(const Lab& p, const Lab& q) { return std::sqrt((p.L - q.L) * (p.L - q.L) + (p.a - q.a) * (p.a - q.a) + (p.b - q.b) * (p.b - q.b)); }
// Machado, Oliveira & Fernandes (2009), severity 1.0, on linear RGB; index 0 = normal vision.
const double kSim[4][3][3] = {
    {{1, 0, 0}, {0, 1, 0}, {0, 0, 1}},
    {{0.152286, 1.052583, -0.204868}, {0.114503, 0.786281, 0.099216}, {-0.003882, -0.048116, 1.051998}},
    {{0.367322, 0.860646, -0.227968}, {0.280085, 0.672501, 0.047413}, {-0.011820, 0.042940, 0.968881}},
    {{1.255528, -0.076749, -0.178779}, {-0.078411, 0.930809, 0.147602}, {0.004733, 0.691367, 0.303900}}};
Lab seen(Rgb c, int vision) {
    const double lin[3] = {toLinear(c.r), toLinear(c.g), toLinear(c.b)};
    double out[3];
    for (int i = 0; i < 3; ++i)
        out[i] = toSrgb(kSim[vision][i][0] * lin[0] + kSim[vision][i][1] * lin[1] + kSim[vision][i][2] * lin[2]);
    return lab(out);
}

void checkTouching(const std::vector<PeakStyle>& st, const std::vector<std::pair<int32_t, int32_t>>& touching, int& bad) {
    for (const auto& t : touching)
        if (st[size_t(t.first)].colour == st[size_t(t.second)].colour) ++bad;
}

}  // namespace

TEST_CASE("palette: 12 colours apart with protanopia, deuteranopia, tritanopia and from the background") {
    const Rgb background{31, 33, 38};  // the panes' background (style.cpp WindowBg)
    for (int v = 0; v < 4; ++v) {
        double minPair = 1e9, minBg = 1e9;
        for (int i = 0; i < kColours; ++i) {
            minBg = std::min(minBg, deltaE(seen(kCategorical[i], v), seen(background, v)));
            for (int j = i + 1; j < kColours; ++j)
                minPair = std::min(minPair, deltaE(seen(kCategorical[i], v), seen(kCategorical[j], v)));
        }
        CAPTURE(v);
        CHECK(minPair >= 15.0);  // ΔE*76 between any two colours (~ clearly different)
        CHECK(minBg >= 30.0);
    }
}

TEST_CASE("peak styles: touching peaks differ, ≤ 12 peaks all differ, shapes beyond 12") {
    PeakStyleMemory mem;
    // a chain of 5 peaks
    std::vector<int32_t> key = {10, 20, 30, 40, 50};
    std::vector<double> h = {5, 4, 3, 2, 1};
    std::vector<std::pair<int32_t, int32_t>> touch = {{0, 1}, {1, 2}, {2, 3}, {3, 4}};
    auto st = assignPeakStyles(key, h, touch, mem);
    std::set<int> cols;
    for (const auto& x : st) cols.insert(x.colour);
    CHECK(cols.size() == 5);
    for (int i = 0; i < 5; ++i) CHECK(st[size_t(i)].colour == i);  // fresh: peak c in colour c
    // the same peaks in another order of height: still colour c for peak c (the tests of the page
    // and the legend rely on it), and again with memory after the peaks renumber (keys persist)
    PeakStyleMemory fresh;
    const auto st2 = assignPeakStyles(key, {1, 2, 3, 4, 5}, touch, fresh);
    for (int i = 0; i < 5; ++i) CHECK(st2[size_t(i)].colour == i);
    const auto st3 = assignPeakStyles({20, 40, 50}, {4, 2, 1}, {{0, 1}, {1, 2}}, mem);  // 10 and 30 merged away
    CHECK(st3[0].colour == 1);
    CHECK(st3[1].colour == 3);
    CHECK(st3[2].colour == 4);
    // 30 peaks, every peak touching its 5 successors (a dense band): no touching pair shares a colour,
    // and peaks sharing a colour have different shapes while there are ≤ 48 of them
    PeakStyleMemory mem2;
    key.clear(); h.clear(); touch.clear();
    for (int i = 0; i < 30; ++i) { key.push_back(i * 7); h.push_back(-i); }
    for (int i = 0; i < 30; ++i)
        for (int j = i + 1; j < std::min(30, i + 6); ++j) touch.push_back({i, j});
    st = assignPeakStyles(key, h, touch, mem2);
    int bad = 0;
    checkTouching(st, touch, bad);
    CHECK(bad == 0);
    std::set<std::pair<int, int>> combos;
    for (const auto& x : st) combos.insert({x.colour, int(x.shape)});
    CHECK(combos.size() == 30);
}

TEST_CASE("peak styles along Z on toy data: touching peaks never share a colour; survivors keep theirs") {
    for (const char* id : {"hierarchy", "gaussians", "moons"}) {
        const toy::Dataset ds = toy::generate(toy::defaultSpec(id, 1));
        AnalysisParams params;
        params.decisionGraph = false;
        const Analysis a = analyze(ds.points.view(), params);
        PeakStyleMemory mem;
        std::map<int32_t, int> last;  // centre → colour at the previous Z
        size_t lastCount = 0;
        int badTouch = 0, changedFew = 0, changedMany = 0, distinctFew = 0, steps = 0;
        std::vector<double> zs;
        for (double z = 0.0; z <= 6.0; z += 0.1) zs.push_back(z);
        for (double z = 6.0; z >= 0.0; z -= 0.15) zs.push_back(z);  // and back down
        for (double z : zs) {
            const Partition p = mergeAtZ(a.topography, a.density, z);
            std::vector<int32_t> key(p.centres.begin(), p.centres.end());
            std::vector<double> hh;
            for (size_t c = 0; c < key.size(); ++c) hh.push_back(p.centreLogRho[c] - p.centreError[c]);
            std::vector<std::pair<int32_t, int32_t>> touch;
            for (const Saddle& s : p.saddles) touch.push_back({s.a, s.b});
            const auto st = assignPeakStyles(key, hh, touch, mem);
            checkTouching(st, touch, badTouch);
            std::set<int> cols;
            for (const auto& x : st) cols.insert(x.colour);
            if (key.size() <= size_t(kColours) && cols.size() != key.size()) ++distinctFew;
            std::map<int32_t, int> now;
            for (size_t c = 0; c < key.size(); ++c) {
                now[key[c]] = st[c].colour;
                const auto it = last.find(key[c]);
                if (it != last.end() && it->second != st[c].colour)
                    ++((key.size() <= size_t(kColours) && lastCount <= size_t(kColours)) ? changedFew : changedMany);
            }
            last = now;
            lastCount = key.size();
            ++steps;
        }
        CAPTURE(std::string(id));
        MESSAGE(std::string(id) << ": " << steps << " Z steps, colour changes of surviving peaks with > 12 peaks: " << changedMany);
        CHECK(badTouch == 0);
        CHECK(distinctFew == 0);
        CHECK(changedFew == 0);
    }
}
