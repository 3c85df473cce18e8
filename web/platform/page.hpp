// PeakScope web platform: the page around the canvas — address bar, downloads, clipboard, new
// tabs, the parent frame, and the test hooks' rectangles. Plain C++ calls; the EM_JS bodies live in
// page.cpp only (canvas, input and clipboard for ImGui: platform.hpp).
//   Sections: address bar · downloads and clipboard · parent frame · page API rectangles
// Example: platform::replaceQuery("gen=moons&Z=2");  platform::download("a.csv", "text/csv", text);
#pragma once
#include <string>

namespace peakscope::web::platform {

// ---- address bar ----
std::string locationSearch();             // location.search without '?'
std::string locationBase();               // origin + pathname
void replaceQuery(const std::string& q);  // history.replaceState (sandboxed iframes may refuse: ignored)

// ---- downloads and clipboard ----
void download(const std::string& fileName, const std::string& mime, const std::string& content);
void saveCanvasPng();                     // right after rendering (the drawing buffer is still intact)
void copyText(const std::string& text);   // navigator.clipboard (works inside iframes that allow it)
void openTab(const std::string& url);     // window.open(url, '_blank', 'noopener')

// ---- parent frame ----
void postHeight(int height);              // {type:'peakscope-height', height} to the parent frame

// ---- page API rectangles ----
void setRect(const char* name, float x0, float y0, float x1, float y1);  // window.peakscope.rects[name]
void installPageApi();                    // window.peakscope with .rects (parts add their hooks)

}  // namespace peakscope::web::platform
