// PeakScope Tutorial 2 ("Layers"): pane layout and leaf label rows (see layers_layout.hpp).
#include "parts/layers/layers_layout.hpp"

#include <algorithm>
#include <cmath>

namespace peakscope::web::layers {

LayersLayout layersLayout(float w, float h, bool embed, float controlsNeed) {
    LayersLayout l;
    l.compact = embed || w < 1000;
    if (!l.compact) {
        const float left = std::clamp(w * 0.24f, 280.0f, 340.0f), rest = w - left, mid = std::floor(rest * 0.46f);
        const float top = std::clamp(std::ceil(controlsNeed), h * 0.42f, h * 0.62f);  // the walkthrough keeps ≥ 38 %
        l.controls = {0, 0, left, top};
        l.walkthrough = {0, top, left, h - top};
        l.strip = {left, 0, mid, h};
        l.selected = {left + mid, 0, rest - mid, h};
        l.height = std::max(h, 640.0f);
        return l;
    }
    // compact: rows, each the full width, in one page that scrolls inside the frame; the heights do
    // not follow the frame's (a host page that sizes its iframe to the height asked for would
    // otherwise make it grow without end)
    (void)h;
    const float stripH = 640, selH = std::clamp(w * 0.75f, 480.0f, 720.0f);
    float top = 0;
    if (w < kOneColumnWidth) {  // phones: the controls, then the walkthrough, each the full width
        const float controlsH = std::max(200.0f, std::ceil(controlsNeed)), walkH = 380;
        l.controls = {0, 0, w, controlsH};
        l.walkthrough = {0, controlsH, w, walkH};
        top = controlsH + walkH;
    } else {
        top = std::max(300.0f, std::ceil(controlsNeed));
        const float left = std::floor(w * 0.45f);
        l.controls = {0, 0, left, top};
        l.walkthrough = {left, 0, w - left, top};
    }
    l.strip = {0, top, w, stripH};
    l.selected = {0, top + stripH, w, selH};
    l.height = top + stripH + selH;
    return l;
}

int labelRows(const std::vector<float>& widths, float slot, float gap, int maxRows) {
    float widest = 0;
    for (float x : widths) widest = std::max(widest, x);
    if (widths.size() < 2 || slot <= 0) return 1;
    const int rows = int(std::ceil((widest + gap) / slot));
    return std::clamp(rows, 1, std::max(1, maxRows));
}

}  // namespace peakscope::web::layers
