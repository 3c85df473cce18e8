// PeakScope Tutorial 1 ("peaks"): the part the shell shows by default (?tutorial=1). web/main.cpp
// registers part(); the rest of the app reaches this folder only through shell::Part.
//   part · link keys (peaks_url.cpp, pure) · page hooks (page_hooks.cpp)
#pragma once
#include <string>
#include <vector>

#include "parts/peaks/peaks_state.hpp"
#include "shell/part.hpp"

namespace peakscope::web::peaks {

shell::Part& part();

// Link keys of this part (peaks_url.cpp: no browser code, natively tested).
void appendQuery(const PeaksState& s, const shell::AddKey& add);
// Takes this part's keys out of `pairs`; returns one line per bad value (it keeps its default).
std::vector<std::string> applyLink(PeaksState& s, shell::Pairs& pairs);

// window.peakscope.{state(), setZ(z), clustersAtZ(z), openBytes(name, bytes), exportJson()}.
void installPageHooks();

}  // namespace peakscope::web::peaks
