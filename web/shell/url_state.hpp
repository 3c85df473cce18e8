// PeakScope state in the address bar: the data set and its parameters, the estimator, k, maxk,
// Z, the view, the colouring, the tutorial step and embed mode. A link restores all of it
// (a dropped file cannot travel in a link: the link then names the generator defaults instead).
//   ?gen=gaussians&n=5000&noise=1&seed=1&dim=3 | ?data=<url>   &est=knn|kstar|pak&k=16&maxk=100
//   &Z=1.65&view=id|density|decision|peaks|dendrogram&color=peak|halo|density|truth&step=2&embed=1
#pragma once
#include <string>

#include "parts/peaks/peaks_state.hpp"

namespace peakscope::web::url {

// Query string ("gen=...&...") for the state; `embed` forces embed=1.
std::string query(const AppState& s, bool embed = false);
// Applies a query string to the state (unknown keys and bad values are reported, not fatal);
// returns the messages. Does not start any work.
std::string apply(AppState& s, const std::string& query);
// Page start: applies location.search and starts the first analysis (generator or ?data=).
void readInitial(AppState& s);
// Starts loading the data named by the link (generator or ?data=), once.
void startInitialData(AppState& s);
// Rewrites the address bar (history.replaceState) when the state changed, at most 4× a second.
void writeIfDirty(AppState& s);
// Absolute link to the app with the current state.
std::string shareLink(const AppState& s, bool embed = false);

}  // namespace peakscope::web::url
