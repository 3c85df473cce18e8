// PeakScope Tutorial 1 session: the part's actions on its state — new data (generator, file, URL),
// analysis in the compute worker (worker/main.cpp) with progress and cancel, the merge at Z in the
// page. Views call these; messages go to the shell's message line (shell::error, shell::notice).
// The browser side of the worker (EM_JS) is section [1] of session.cpp.
//   Sections: data · analysis · Z · per-frame
// Example: session::generate(state, source);  session::setZ(state, 2.0);
#pragma once
#include "parts/peaks/peaks_state.hpp"
#include "shell/app.hpp"

namespace peakscope::web::session {

// The part's state; the worker's replies arrive through exported C functions between frames.
PeaksState& state();

// ---- data ----
// Generates a demos catalogue data set in the page (fast) and analyses it; on failure the
// previous data stays and the message names the problem.
void generate(PeaksState& s, const DataSource& source);
void openFilePicker();                       // <input type=file>; the file then goes to the worker
void loadUrl(PeaksState& s, const std::string& url);  // fetch (CORS) → worker parse → analysis
// Starts loading the data named by the link (generator or ?data=), once (when the part is first shown).
void startInitialData(PeaksState& s);

// ---- analysis ----
// Re-analyses the current data with s.settings (reuses the worker's neighbour graph when possible).
void reanalyze(PeaksState& s);
void cancel(PeaksState& s);
bool busy(const PeaksState& s);

// ---- Z ----
void setZ(PeaksState& s, double Z);
// Makes s.z match s.z.Z and the current results (cheap; called every frame).
void refreshPartition(PeaksState& s);

// ---- per frame ----
void pollProgress(PeaksState& s);

}  // namespace peakscope::web::session
