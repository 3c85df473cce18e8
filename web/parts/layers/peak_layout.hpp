// PeakScope Tutorial 2 ("Layers"): a peak map that stays put from layer to layer and epoch to
// epoch. Each class has a fixed anchor on the unit circle (classes of a macro-class side by side);
// a peak sits at the mean of its points' anchors (its class composition), so a peak of one class
// is always at that class's place and "Play layers" shows peaks forming instead of jumping. Discs
// are then pushed apart until none hides another; the class names (anchor labels) and the peaks'
// labels are placed so that no two meet and none lies under a disc (placeMapLabels). Pure (no
// ImGui): tested natively (tests/web/logic).
// Without classes (own data, no labels) the map is the classical MDS of the peaks, turned to the
// previous layer's map by orthogonal Procrustes on the points the peaks share (alignToPrevious).
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

// Orthogonal Procrustes (Schönemann 1966) in the plane: the rotation or reflection R and shift
// that minimise Σ_p w_p |R (a_p − ā) + b̄ − b_p|² (ā, b̄ weighted means); returns R (a_p − ā) + b̄.
// The map's shape (every distance) is kept: only its orientation and place change.
std::vector<Point2> procrustes(const std::vector<Point2>& a, const std::vector<Point2>& b, const std::vector<double>& w);

// A layer's map (`map`, per peak) turned to the previous layer's (`prevMap`): the target of peak p
// is the mean of the previous positions of its points (rowPeak / prevRowPeak: per point, its peak
// in this and in the previous layer; −1 = none), the weight its number of such points.
std::vector<Point2> alignToPrevious(const std::vector<Point2>& map, const std::vector<int>& rowPeak,
                                    const std::vector<Point2>& prevMap, const std::vector<int>& prevRowPeak);

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
