// PeakScope JavaScript API: the Embind bindings of peakscope.mjs (an ES module, no canvas).
// Works in browsers, Web Workers and Node. Each binding is a thin adaptor over core/; no
// algorithm lives here (see DESIGN.md "Module boundaries").
//   Sections: [1] adaptors (C++ -> JS-friendly types)   [2] EMSCRIPTEN_BINDINGS table
// Example (JS):  import PeakScope from './peakscope.mjs';
//                const ps = await PeakScope();  console.log(ps.version());   // "0.1.0"
#include <emscripten/bind.h>

#include <string>

namespace peakscope::api {

//-----------------------------------------------------------------------------------------------
// [1] Adaptors: one small function per exported entry point; add new ones here.
//-----------------------------------------------------------------------------------------------

// The project version (CMake's PROJECT_VERSION, e.g. "0.1.0").
std::string version() { return PEAKSCOPE_VERSION; }

}  // namespace peakscope::api

//-----------------------------------------------------------------------------------------------
// [2] Bindings: one line per entry point, in the order of the sections above.
//-----------------------------------------------------------------------------------------------
EMSCRIPTEN_BINDINGS(peakscope) {
    emscripten::function("version", &peakscope::api::version);
}
