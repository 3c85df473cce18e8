// PeakScope session: the app's actions on its state — new data (generator, file, URL), analysis in
// the compute worker (worker_main.cpp) with progress and cancel, the merge at Z in the page, and
// user messages. Views call these; the browser side of the worker lives in worker_bridge.js-style
// EM_JS functions inside session.cpp.
//   Sections: data · analysis · Z · messages · per-frame
// Example: session::generate(state, source);  session::setZ(state, 2.0);
#pragma once
#include "parts/peaks/peaks_state.hpp"

namespace peakscope::web::session {

// The app's state (owned by main.cpp); the worker's replies arrive through exported C functions.
AppState& state();

// ---- data ----
// Generates a demos catalogue data set in the page (fast) and analyses it; on failure the
// previous data stays and the message names the problem.
void generate(AppState& s, const DataSource& source);
void openFilePicker();                       // <input type=file>; the file then goes to the worker
void loadUrl(AppState& s, const std::string& url);  // fetch (CORS) → worker parse → analysis

// ---- analysis ----
// Re-analyses the current data with s.settings (reuses the worker's neighbour graph when possible).
void reanalyze(AppState& s);
void cancel(AppState& s);
bool busy(const AppState& s);

// ---- Z ----
void setZ(AppState& s, double Z);
// Makes s.z match s.z.Z and the current results (cheap; called every frame).
void refreshPartition(AppState& s);

// ---- messages ----
void error(AppState& s, const std::string& message);
void notice(AppState& s, const std::string& message);

// ---- per frame ----
void pollProgress(AppState& s);

}  // namespace peakscope::web::session
