// PeakScope Tutorial 1 session: the part's actions on its state — new data (generator, file, URL),
// analysis in the page's compute worker (platform/worker.hpp; worker/main.cpp) with progress and
// cancel, the merge at Z in the page. Views call these; messages go to the shell's message line
// (shell::error, shell::notice). The worker's replies arrive between frames (session.cpp [1]).
//   Sections: data · analysis · Z
// Example: session::generate(state, source);  session::setZ(state, 2.0);
#pragma once
#include <vector>

#include "parts/peaks/peaks_state.hpp"
#include "platform/files.hpp"
#include "shell/app.hpp"

namespace peakscope::web::session {

// The part's state.
PeaksState& state();
// Once: listens to the worker, window.peakscope.openBytes(name, bytes).
void install();

// ---- data ----
// A toy data set (core/toy/generators.hpp), generated and analysed in the worker; on failure the previous data
// stays and the message names the problem.
void generate(PeaksState& s, const DataSource& source);
void openFilePicker();                       // <input type=file>; the file then goes to the worker
void openFiles(PeaksState& s, std::vector<platform::files::File> files);  // dropped / picked / given
void loadUrl(PeaksState& s, const std::string& url);  // fetch (CORS) → worker → analysis
// Reads the file on screen again with file column `column` as labels (−2 none) and analyses it;
// a bad choice (not class labels) leaves the data on screen and says why.
void pickLabelColumn(PeaksState& s, int column);
// Starts loading the data named by the link (generator or ?data=), once (when the part is first shown).
void startInitialData(PeaksState& s);

// ---- analysis ----
// Re-analyses the current data with s.settings (reuses the worker's neighbour graph when possible).
void reanalyze(PeaksState& s);
void cancel(PeaksState& s);
bool busy(const PeaksState& s);

// ---- Z ----
// Sets the slider's Z (a control may call it while drawing); the merge at Z follows in the next
// frame's update (refreshPartition), before anything is drawn: a frame never mixes two merges.
void setZ(PeaksState& s, double Z);
// Makes s.z match s.z.Z and the current results (cheap; called every frame).
void refreshPartition(PeaksState& s);
// The frames after a result (one round per frame, from the part's update): the merge path run at
// other Z and dropped, so that the user's first move of Z runs optimised code (issue #12: ≤ 5 ms).
void warmMergePath(PeaksState& s);

}  // namespace peakscope::web::session
