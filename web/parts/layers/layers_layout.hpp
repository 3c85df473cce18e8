// PeakScope Tutorial 2 ("Layers"): where the panes go, and how the dendrogram's leaf labels are
// stacked so that none is cut or runs into its neighbour. Pure (no ImGui): tested natively.
//   layersLayout  three columns (controls + walkthrough | strip | selected layer) on a wide screen;
//                 compact (?embed=1 or narrow): controls | walkthrough on top (as tall as the
//                 controls need: that pane never scrolls; a long walkthrough step scrolls in its
//                 pane; below kOneColumnWidth, phones, the walkthrough goes under the controls), then the strip, then the selected layer, each the full width, in one page
//                 that scrolls inside the frame; the heights depend on the width only (the height
//                 posted to a host page does not grow with the frame)
//   labelRows     rows of leaf labels (leaf i in row i % rows) so that labels in one row never meet
// Example: LayersLayout l = layersLayout(800, 560, true);  int rows = labelRows(widths, 24, 6);
#pragma once
#include <vector>

namespace peakscope::web::layers {

constexpr float kOneColumnWidth = 600;  // CSS px: narrower pages stack every pane

struct PaneRect {
    float x = 0, y = 0, w = 0, h = 0;
};

struct LayersLayout {
    PaneRect controls, walkthrough, strip, selected;
    float height = 0;  // of the whole page (≥ the window's)
    bool compact = false;
};

// controlsNeed: the height the controls' content took (measured by the caller in the last frame;
// 0 = unknown); the compact layout's top row is at least that tall; on a wide screen the controls'
// pane too, up to 62 % of the height (the walkthrough below keeps the rest).
LayersLayout layersLayout(float width, float height, bool embed, float controlsNeed = 0);

// widths: each label's width; slot: the distance between neighbouring leaves; gap: space kept
// between labels of one row. Returns rows ≥ 1 such that rows × slot ≥ widest + gap, at most maxRows
// (then the caller has to use less space per label: it still never cuts a name).
int labelRows(const std::vector<float>& widths, float slot, float gap, int maxRows);

}  // namespace peakscope::web::layers
