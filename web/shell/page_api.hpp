// PeakScope page API for tests and embedding pages (window.peakscope): the app's state as JSON,
// screen rectangles of named widgets (so a browser test can drive the real UI), and actions
// (set Z, load bytes). Also posts the page height to a parent frame (iframe auto-resize).
//   Sections: publishRect · install · per-frame
#pragma once
#include "parts/peaks/peaks_state.hpp"

namespace peakscope::web::automation {

// Records the last ImGui item's rectangle (CSS pixels) as window.peakscope.rects[name].
void publishRect(const char* name);
// Defines window.peakscope.{state(), rects, setZ(z), openBytes(name, bytes)}. Call once.
void install();
// Per frame: inside an iframe, posts {type:'peakscope-height', height} to the parent when the height
// the layout would like (CSS px, depends on the width) changed, so the host can size the frame.
void endFrame(const AppState& s, float contentHeight);

}  // namespace peakscope::web::automation
