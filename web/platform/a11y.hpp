// PeakScope accessible text layer: the canvas is one image to a screen reader, so the result also
// lives in the DOM — a polite live region (#peakscope-live: "5 peaks at Z = 1.65 …") and visually
// hidden HTML tables (#peakscope-tables), kept in sync by the parts. Plain C++ calls; the EM_JS
// bodies are in a11y.cpp. Also the user's motion preference (prefers-reduced-motion).
// Example: platform::setLiveText("5 peaks at Z = 1.65");  platform::setHiddenHtml(tablesHtml);
#pragma once
#include <string>

namespace peakscope::web::platform {

void setLiveText(const std::string& text);   // the live region's text (announced when it changes)
void setHiddenHtml(const std::string& html); // the hidden tables (trusted HTML built by the app)
bool prefersReducedMotion();                 // matchMedia('(prefers-reduced-motion: reduce)')
// Counts the writes above: a part that remembers the count after its own writes knows whether
// another part has written since (the text on the page is then not its own any more).
int accessibleWrites();

}  // namespace peakscope::web::platform
