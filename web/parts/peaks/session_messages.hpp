// PeakScope Tutorial 1: what the session asks of the compute worker, as messages
// (protocol/messages.hpp). Pure (no EM_JS, no ImGui): tested natively (tests/web/logic).
//   loadMessage    a data set: its generator settings with the catalogue's defaults filled in, or its
//                  file's name and label column (a link's labels=<name> until the panel picks one)
//   analysisPairs  the analysis parameters as the codec's key=value pairs (core/params.hpp)
//   toOptions / fromOptions  the controls' Settings and Z as the codec's Options and back (the
//                  link and the messages name, format and check them there)
// Example: worker::post(loadMessage(d, job, s.data.version), d.fileId);
#pragma once
#include "core/params.hpp"
#include "parts/peaks/peaks_state.hpp"
#include "protocol/messages.hpp"

namespace peakscope::web::session {

// Throws Error for an unknown generator.
protocol::Load loadMessage(const Dataset& d, int job, int keepVersion);
protocol::Pairs analysisPairs(const Settings& p, double Z);
params::Options toOptions(const Settings& p, double Z);
void fromOptions(const params::Options& o, Settings& p, double& Z);

}  // namespace peakscope::web::session
