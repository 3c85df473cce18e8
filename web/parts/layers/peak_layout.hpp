// PeakScope Tutorial 2 ("Layers"): a peak map that stays put from layer to layer and epoch to
// epoch. Each class has a fixed anchor on the unit circle (classes of a macro-class side by side);
// a peak sits at the mean of its points' anchors (its class composition), so a peak of one class
// is always at that class's place and "Play layers" shows peaks forming instead of jumping. Discs
// are then pushed apart until none hides another; the class names (anchor labels) and the peaks'
// labels are placed so that no two meet and none lies under a disc (placeMapLabels). Pure (no
// ImGui): tested natively (tests/web/logic).
// Example: auto a = classAnchors(10, c2m);  auto d = compositionLayout(hist, a);  separate(d, 2);
#pragma once
#include <array>
#include <vector>

namespace peakscope::web::layers {

using Point2 = std::array<double, 2>;

struct Disc {
    double x = 0, y = 0, r = 0;
};

// Anchors of nClasses classes on the unit circle, grouped by macro-class (classToMacro may be
// empty: class order), a gap of one slot between macro-classes; class 0's group starts at the top.
std::vector<Point2> classAnchors(int nClasses, const std::vector<int>& classToMacro);

// Per peak: Σ_c n(peak, c) anchor_c / Σ_c n(peak, c) (the origin for an empty histogram).
std::vector<Point2> compositionLayout(const std::vector<std::vector<int>>& classHist, const std::vector<Point2>& anchors);

// One layer's discs in screen pixels (y down): each peak at its composition (compositionLayout)
// mapped by centre + scale × (x, y), radius rMax × √(population / largest population) (≥ 4), then
// separate(gap). A peak's place depends on its composition only, never on the layer's other peaks,
// their number or order, unless a disc would hide it (then separate moves the two just apart).
std::vector<Disc> compositionDiscs(const std::vector<std::vector<int>>& classHist, const std::vector<long long>& population,
                                   const std::vector<Point2>& anchors, Point2 centre, double scale, double rMax, double gap);

// Moves the discs apart (pairwise, both halves, deterministic) until no two overlap by more than
// 1e-6 (gap = space kept between discs) or `iterations` passes are done; returns the passes used.
int separate(std::vector<Disc>& discs, double gap, int iterations = 400);

// A rectangle in screen pixels: top-left corner and size.
struct Box {
    double x = 0, y = 0, w = 0, h = 0;
};

// Labels of size w × h, one per disc (w ≤ 0: none), placed in order of `order` at the first of
// below, above, right, left of its disc that overlaps no disc and no placed label; returns each
// label's top-left corner, or NaN when no spot is free (the label is then not drawn).
std::vector<Point2> placeLabels(const std::vector<Disc>& discs, const std::vector<Point2>& sizes, const std::vector<int>& order);

// Where the map's texts go: top-left corners, NaN = not drawn (no free spot).
struct MapLabels {
    std::vector<Point2> anchors;  // per class: its name
    std::vector<Point2> peaks;    // per disc: its label
};

// All labels of the peak map at once, so that no two label rectangles meet, none meets a disc or a
// `blocked` box (the legend), and all lie inside `bounds`. The class names come first (a fixed frame,
// faded): each at the first free spot of a ladder from its wanted centre `anchorAt[c]` outwards,
// away from `mid` (the centre of the class circle), then sideways. The peak labels follow in
// `order` (largest first) at the first free of eight spots around their disc (below, above, right,
// left, then the corners). Sizes with w ≤ 0: no label.
MapLabels placeMapLabels(const std::vector<Disc>& discs, const std::vector<Point2>& peakSizes, const std::vector<int>& order,
                         const std::vector<Point2>& anchorAt, const std::vector<Point2>& anchorSizes, Point2 mid,
                         const Box& bounds, const std::vector<Box>& blocked = {});

}  // namespace peakscope::web::layers
