// PeakScope Tutorial 2 ("Layers"): a peak map that stays put from layer to layer and epoch to
// epoch. Each class has a fixed anchor on the unit circle (classes of a macro-class side by side);
// a peak sits at the mean of its points' anchors (its class composition), so a peak of one class
// is always at that class's place and "Play layers" shows peaks forming instead of jumping. Discs
// are then pushed apart until none hides another, and labels take the first free spot around
// their disc. Pure (no ImGui): tested natively (tests/web/logic).
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

// Moves the discs apart (pairwise, both halves, deterministic) until no two overlap by more than
// 1e-6 (gap = space kept between discs) or `iterations` passes are done; returns the passes used.
int separate(std::vector<Disc>& discs, double gap, int iterations = 400);

// Labels of size w × h, one per disc (w ≤ 0: none), placed in order of `order` at the first of
// below, above, right, left of its disc that overlaps no disc and no placed label; returns each
// label's top-left corner, or NaN when no spot is free (the label is then not drawn).
std::vector<Point2> placeLabels(const std::vector<Disc>& discs, const std::vector<Point2>& sizes, const std::vector<int>& order);

}  // namespace peakscope::web::layers
