// PeakScope Tutorial 1: its hooks in the page API (window.peakscope), for browser tests and
// embedding pages: the state as JSON, set Z, clusters at Z, open bytes, the results JSON.
//   Sections: [1] the functions (the state as JSON: core/json)   [2] install (platform::hooks)
// Example: window.peakscope.state().nClusters;  window.peakscope.setZ(2.5);

#include <cmath>
#include <string>

#include "core/json.hpp"
#include "parts/peaks/export.hpp"
#include "parts/peaks/peaks_part.hpp"
#include "parts/peaks/session.hpp"
#include "platform/hooks.hpp"
#include "platform/platform.hpp"
#include "shell/app.hpp"

//-----------------------------------------------------------------------------------------------
// [1] Called by the hooks (section [2])
//-----------------------------------------------------------------------------------------------
namespace peakscope::web::peaks {
namespace {

std::string stateJson() {
    const PeaksState& s = session::state();
    const shell::ShellState& sh = shell::state();
    json::Writer j;  // numbers read back exactly; NaN and infinities as null
    j.beginObject();
    const auto& a = s.results.analysis;
    j.field("hasResult", a != nullptr);
    j.field("name", s.data.name);
    j.field("info", s.data.info);
    j.field("generator", s.data.source.generator);
    j.field("seed", double(s.data.source.seed));
    j.field("n", double(s.data.n));
    j.field("d", double(s.data.d));
    j.field("dataVersion", s.data.version);
    j.field("columns", s.data.columns);  // a text file's columns; labelColumn: index, −1 none
    j.field("labelColumn", s.data.columns.empty() ? -1 : s.data.labelColumn);
    j.field("nTruth", double(s.data.truth.size()));
    j.field("busy", session::busy(s));
    j.field("stage", s.job.stage);
    j.field("fraction", s.job.fraction);
    j.field("Z", s.z.Z);
    j.field("nClusters", a ? double(s.z.partition.nClusters()) : NAN);
    j.field("partitionZ", s.z.computedZ);
    j.field("nPutative", a ? double(a->topography.centres.size()) : NAN);
    j.field("id", a ? a->id.id : NAN);
    j.field("mergeMs", s.z.mergeMs);
    j.field("resultSeconds", s.results.seconds);
    j.field("resultSerial", s.results.serial);
    j.field("firstResultMs", s.firstResultMs);
    j.field("message", sh.message);
    j.field("linkMessage", sh.linkMessage);
    const char* hint = platform::pageGestureHint();  // shown over the figure while the course page scrolls
    j.field("gestureHint", hint ? hint : "");
    j.field("messageIsError", sh.messageIsError);
    j.field("view", viewName(s.ui.view));
    j.field("colour", colourName(s.ui.colour));
    j.field("embed", sh.embed);
    j.field("density", s.results.settings.density);
    j.field("k", s.results.settings.k);
    j.field("maxk", a ? double(a->graph.maxk) : NAN);
    j.field("tutorialStep", s.ui.tutorialStep);
    j.field("highlightPeak", s.ui.highlightPeak);
    j.field("viewScale", s.ui.viewScale);  // the points plot's zoom (data units; 0 = fit)
    j.field("hoveredRow", s.ui.hoveredRow);  // the point under the pointer (or the last tap)
    j.field("peaksLogScale", s.ui.peaksLogScale);
    j.field("decisionLogDelta", s.ui.decisionLogDelta);
    j.field("dendrogramMode", s.ui.dendrogramMode);
    j.endObject();
    return j.take();
}

// Between frames: merged at once, so that state() read next says the merge at z.
void setZNow(double z) {
    session::setZ(session::state(), z);
    session::refreshPartition(session::state());
}

int clustersAt(double z) {
    const auto& a = session::state().results.analysis;
    return a ? int(clustersAtZ(a->topography, z)) : -1;
}

}  // namespace

//-----------------------------------------------------------------------------------------------
// [2] install: window.peakscope.state, setZ, clustersAtZ, exportJson (openBytes: session.cpp)
//-----------------------------------------------------------------------------------------------
void installPageHooks() {
    namespace hooks = platform::hooks;
    hooks::text("state", stateJson, true);
    hooks::call("setZ", [](double z, double, double) { setZNow(z); return 0.0; });
    hooks::call("clustersAtZ", [](double z, double, double) { return double(clustersAt(z)); });
    hooks::text("exportJson", [] { return exporting::resultsJson(session::state()); }, false);
}

}  // namespace peakscope::web::peaks
