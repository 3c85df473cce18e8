// PeakScope page API for tests and embedding pages (window.peakscope): screen rectangles of named
// widgets (so a browser test can drive the real UI), and the page height for a parent frame
// (iframe auto-resize). Parts add their own hooks (state(), layers(), ...) in Part::install().
//   Sections: publishRect, publishWindowRect · install · per-frame
#pragma once

namespace peakscope::web::shell {

// Records the last ImGui item's rectangle (CSS pixels) as window.peakscope.rects[name].
void publishRect(const char* name);
// Records the current ImGui window's rectangle (CSS pixels) as window.peakscope.rects[name].
void publishWindowRect(const char* name);
// Defines window.peakscope.rects. Call once.
void installPageApi();
// Per frame: inside an iframe, posts {type:'peakscope-height', height} to the parent when the height
// the layout would like (CSS px, depends on the width) changed, so the host can size the frame.
void postContentHeight(float contentHeight);

}  // namespace peakscope::web::shell
