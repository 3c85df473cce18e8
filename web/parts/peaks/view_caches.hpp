// PeakScope Tutorial 1: what the views derive from a result and keep between frames (ranges,
// subsamples, sprites, the peaks' styles, the accessible text last written). Part of the state
// (PeaksState::caches, made on first use: views::caches(s)), never of the link; each cache says
// which result (Results::serial) and which Z (ZState::computedZ) it was made for. They are made in
// the part's update (views::updateViewCaches, before any drawing); the views only read them — except
// the scatter's vertices, which need the plot's rectangle on screen.
//   Sections: common · scatter · ID · density · decision graph · tables at Z · ViewCaches · refresh
#pragma once
#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

#include "core/hierarchy.hpp"
#include "imgui.h"
#include "kit/palette.hpp"
#include "kit/plot.hpp"
#include "parts/peaks/at_z.hpp"
#include "parts/peaks/peaks_state.hpp"

namespace peakscope::web::views {

// ---- common (common.cpp) ----
// Styles of the final peaks at Z (kit/palette.hpp): touching peaks never share a colour and a peak
// keeps its colour while it survives as Z moves (the memory lives as long as the result).
struct PeakStyles {
    int serial = -1;
    double z = NAN;
    std::vector<palette::PeakStyle> styles;
    palette::PeakStyleMemory memory;
};
// The accessible text layer as last written (the DOM is touched only when it changes).
struct AccessibleText {
    int serial = -2;
    double z = NAN;
    std::string summary, tables;
    int writes = -1;  // platform::accessibleWrites() after this part's last write
};
// Colour by log-density: the robust range (1st to 99th percentile of log ρ).
struct DensityRange {
    int serial = -1;
    std::pair<double, double> range{0, 1};  // peaks::robustRange of log ρ
};

// ---- scatter (scatter.cpp): the point sprites ----
struct SpriteCache {
    // per input row, from the result (refreshSpriteStyles): colour and marker shape
    int serial = -1, dataVersion = -1, highlight = -2;
    double z = NAN;
    ColourBy colour = ColourBy::Peak;
    std::vector<ImU32> colours;
    std::vector<std::uint8_t> shapes;
    int generation = 0;  // increments when the styles change
    // on screen (drawScatter): the vertices for those styles, the view and the plot's rectangle
    int drawnGeneration = -1;
    double vx = 0, vy = 0, vs = 0;
    ImVec2 p0, p1;
    float radius = 0;
    std::vector<ImDrawVert> vtx;
};

// ---- ID (id_view.cpp): ranges of the fit plot and the subsampling stride ----
struct FitCache {
    int serial = -1;
    plot::Axes axes;
    int stride = 1;
};

// ---- density (density_view.cpp) ----
// Unique points in order of decreasing log ρ, subsampled to ≤ kMaxMarkers ranks (every stride-th),
// with the band arrays (O(N log N) per result).
struct ProfileCache {
    int serial = -1;
    int stride = 1;
    std::vector<int32_t> unique;          // drawn points (unique index), by rank
    std::vector<double> rank, y, lo, hi;  // rank, log ρ, log ρ ∓ σ
    plot::Axes axes, errAxes;
};

// ---- decision graph (decision_view.cpp): drawn points (every stride-th unique point), ranges ----
struct DecisionCache {
    int serial = -1;
    int stride = 1;
    int nanDelta = 0;                 // δ unknown (graph input: no higher point among the neighbours)
    std::vector<int32_t> drawn;       // unique indices
    std::vector<double> g;            // x: g = log ρ − σ per unique point (adpHeight)
    double x0 = 0, x1 = 1, d0 = 1, d1 = 1;  // g range; smallest positive and largest δ
};

// ---- the tables at Z (at_z.hpp): peaks table, dendrogram, saddles table ----
struct PeakCounts {  // input rows and halo rows per final peak
    peaks::PeakRows rows;
    int serial = -1;
    double z = NAN;
};
struct SaddleOrder {  // the saddles, the pair closest to merging first
    peaks::SaddlesByMerge saddles;
    int serial = -1;
    double z = NAN;
};
// of the putative peaks (dendrogram_view.cpp; Z-independent)
struct PutativeTree {
    Dendrogram tree;
    int serial = -1;
};

// ---- all of them ----
struct ViewCaches {
    PeakStyles styles;
    AccessibleText accessible;
    DensityRange densityRange;
    SpriteCache sprites;
    FitCache fit;
    ProfileCache profile;
    DecisionCache decision;
    PeakCounts counts;
    SaddleOrder saddles;
    PutativeTree putative;
};

// The caches of s (made on first use). They are derived data: a const state may refresh them.
inline ViewCaches& caches(const PeaksState& s) {
    if (!s.caches) s.caches = std::make_shared<ViewCaches>();
    return *s.caches;
}

// ---- refresh: each brings its cache up to the current result and Z (no-op when it is) ----
void refreshSpriteStyles(const PeaksState& s);   // scatter.cpp
void refreshFitCache(const PeaksState& s);       // id_view.cpp
void refreshProfileCache(const PeaksState& s);   // density_view.cpp
void refreshDecisionCache(const PeaksState& s);  // decision_view.cpp
const Dendrogram& putativeTree(const PeaksState& s);  // dendrogram_view.cpp (needs a result)

}  // namespace peakscope::web::views
