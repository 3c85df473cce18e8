// PeakScope web platform: functions of the page API (window.peakscope.<name>) that browser tests
// and embedding pages call, backed by C++ functions of the parts. (The rectangles of the page API:
// page.hpp setRect.)
// Example: hooks::text("state", [] { return stateJson(); }, true);   // window.peakscope.state()
//          hooks::call("setZ", [](double z, double, double) { setZ(z); return 0.0; });
#pragma once
#include <functional>
#include <string>

namespace peakscope::web::platform::hooks {

// window.peakscope[name](a, b, c): arguments as numbers (missing ones NaN); returns f's number.
void call(const char* name, std::function<double(double, double, double)> f);
// window.peakscope[name](): f's text, parsed with JSON.parse when `json`.
void text(const char* name, std::function<std::string()> f, bool json);

}  // namespace peakscope::web::platform::hooks
