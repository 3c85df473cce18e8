// PeakScope Tutorial 1: its hooks in the page API (window.peakscope), for browser tests and
// embedding pages: the state as JSON, set Z, clusters at Z, open bytes, the results JSON.
//   Sections: [1] JSON   [2] the functions   [3] install (platform::hooks)
// Example: window.peakscope.state().nClusters;  window.peakscope.setZ(2.5);
#include <emscripten.h>  // EMSCRIPTEN_KEEPALIVE

#include <cmath>
#include <cstdio>
#include <string>

#include "core/report.hpp"  // jsonString
#include "parts/peaks/export.hpp"
#include "parts/peaks/peaks_part.hpp"
#include "parts/peaks/session.hpp"
#include "platform/hooks.hpp"
#include "shell/app.hpp"

namespace peakscope::web::peaks {
namespace {

//-----------------------------------------------------------------------------------------------
// [1] JSON of the state (numbers %.17g; NaN and infinities as null)
//-----------------------------------------------------------------------------------------------
struct Json {
    std::string s = "{";
    void key(const char* k) {
        if (s.size() > 1) s += ',';
        s += '"';
        s += k;
        s += "\":";
    }
    void num(const char* k, double v) {
        key(k);
        if (!std::isfinite(v)) { s += "null"; return; }
        char b[32];
        std::snprintf(b, sizeof b, "%.17g", v);
        s += b;
    }
    void str(const char* k, const std::string& v) {
        key(k);
        s += jsonString(v);
    }
    void boolean(const char* k, bool v) { key(k); s += v ? "true" : "false"; }
    void strs(const char* k, const std::vector<std::string>& v) {
        key(k);
        s += '[';
        for (size_t i = 0; i < v.size(); ++i) s += (i ? "," : "") + jsonString(v[i]);
        s += ']';
    }
};

}  // namespace


}  // namespace peakscope::web::peaks

//-----------------------------------------------------------------------------------------------
// [2] Called by the hooks (section [3])
//-----------------------------------------------------------------------------------------------
using namespace peakscope;
using namespace peakscope::web;

extern "C" {

EMSCRIPTEN_KEEPALIVE const char* ps_app_state_json() {
    static std::string out;
    const PeaksState& s = session::state();
    const shell::ShellState& sh = shell::state();
    peaks::Json j;
    const auto& a = s.results.analysis;
    j.boolean("hasResult", a != nullptr);
    j.str("name", s.data.name);
    j.str("info", s.data.info);
    j.str("generator", s.data.source.generator);
    j.num("seed", double(s.data.source.seed));
    j.num("n", double(s.data.n));
    j.num("d", double(s.data.d));
    j.num("dataVersion", s.data.version);
    j.strs("columns", s.data.columns);  // a text file's columns; labelColumn: index, −1 none
    j.num("labelColumn", s.data.columns.empty() ? -1 : s.data.labelColumn);
    j.num("nTruth", double(s.data.truth.size()));
    j.boolean("busy", session::busy(s));
    j.str("stage", s.job.stage);
    j.num("fraction", s.job.fraction);
    j.num("Z", s.z.Z);
    j.num("nClusters", a ? double(s.z.partition.nClusters()) : NAN);
    j.num("partitionZ", s.z.computedZ);
    j.num("nPutative", a ? double(a->topography.centres.size()) : NAN);
    j.num("id", a ? a->id.id : NAN);
    j.num("mergeMs", s.z.mergeMs);
    j.num("resultSeconds", s.results.seconds);
    j.num("resultSerial", s.results.serial);
    j.num("firstResultMs", s.firstResultMs);
    j.str("message", sh.message);
    j.str("linkMessage", sh.linkMessage);
    j.boolean("messageIsError", sh.messageIsError);
    j.str("view", viewName(s.ui.view));
    j.str("colour", colourName(s.ui.colour));
    j.boolean("embed", sh.embed);
    j.num("density", s.results.settings.density);
    j.num("k", s.results.settings.k);
    j.num("maxk", a ? double(a->graph.maxk) : NAN);
    j.num("tutorialStep", s.ui.tutorialStep);
    j.num("highlightPeak", s.ui.highlightPeak);
    j.num("hoveredRow", s.ui.hoveredRow);  // the point under the pointer (or the last tap)
    j.boolean("peaksLogScale", s.ui.peaksLogScale);
    j.num("dendrogramMode", s.ui.dendrogramMode);
    j.s += '}';
    out = std::move(j.s);
    return out.c_str();
}

EMSCRIPTEN_KEEPALIVE void ps_app_set_z(double z) { session::setZ(session::state(), z); }

EMSCRIPTEN_KEEPALIVE int ps_app_clusters_at_z(double z) {
    const auto& a = session::state().results.analysis;
    return a ? int(clustersAtZ(a->topography, z)) : -1;
}

EMSCRIPTEN_KEEPALIVE const char* ps_app_export_json() {
    static std::string out;
    out = exporting::resultsJson(session::state());
    return out.c_str();
}

}  // extern "C"

//-----------------------------------------------------------------------------------------------
// [3] install: window.peakscope.state, setZ, clustersAtZ, exportJson (openBytes: session.cpp)
//-----------------------------------------------------------------------------------------------
namespace peakscope::web::peaks {

void installPageHooks() {
    namespace hooks = platform::hooks;
    hooks::text("state", [] { return std::string(ps_app_state_json()); }, true);
    hooks::call("setZ", [](double z, double, double) { ps_app_set_z(z); return 0.0; });
    hooks::call("clustersAtZ", [](double z, double, double) { return double(ps_app_clusters_at_z(z)); });
    hooks::text("exportJson", [] { return std::string(ps_app_export_json()); }, false);
}

}  // namespace peakscope::web::peaks
