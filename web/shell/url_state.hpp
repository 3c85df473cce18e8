// PeakScope shell: the state in the address bar. The query string itself (which part writes which
// keys) is url_query.hpp; this file reads location.search once and rewrites the address bar.
//   Sections: read · write · share
#pragma once
#include <string>

namespace peakscope::web::shell::url {

// Page start: applies location.search to the shell and the parts (problems become a notice).
void readInitial();
// Rewrites the address bar (history.replaceState) when the link changed, at most 4× a second.
void writeIfDirty();
// Query string of the current state; `embed` forces embed=1.
std::string query(bool embed = false);
// Absolute link to the app with the current state.
std::string shareLink(bool embed = false);

}  // namespace peakscope::web::shell::url
