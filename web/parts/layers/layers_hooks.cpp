// PeakScope Tutorial 2 ("Layers"): page hooks for the JS bridge and the browser tests:
// window.peakscope.layers() (state as JSON: per layer ID ± error, peaks at Z, ARI, χ, dendrogram
// merges), layersSelect(series, layer, epoch), layersSetZ(z), and whether the Layers part is open.
//   Sections: [1] JSON  [2] exports
// Example: const j = window.peakscope.layers();  j.variants[0].layers[5].nPeaks
#include <emscripten.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>

#include "core/report.hpp"  // jsonString
#include "parts/layers/layers.hpp"
#include "parts/layers/layers_internal.hpp"
#include "shell/app.hpp"

using namespace peakscope;
using namespace peakscope::web;
using namespace peakscope::web::layers;

//-----------------------------------------------------------------------------------------------
// [1] JSON
//-----------------------------------------------------------------------------------------------
namespace {
std::string jnum(double v) {
    if (!std::isfinite(v)) return "null";
    char b[32];
    std::snprintf(b, sizeof b, "%.6g", v);
    return b;
}
std::string seriesJson(LayersState& L, Series& se) {
    std::string o = "{\"name\":" + jsonString(se.name) + ",\"epoch\":" + std::to_string(se.epoch) +
                    ",\"accuracy\":" + jnum(se.accuracy) + ",\"layers\":[";
    bool first = true;
    for (auto& r : se.layers) {
        if (!first) o += ',';
        first = false;
        if (r.name.empty()) { o += "null"; continue; }
        refreshAtZ(L, r, false);
        o += "{\"name\":" + jsonString(r.name) + ",\"dims\":" + std::to_string(r.dims) + ",\"done\":" + (r.done ? "true" : "false") +
             ",\"failed\":" + (r.failed ? "true" : "false") + ",\"error\":" + jsonString(r.error);
        if (r.a) {
            o += ",\"id\":" + jnum(r.a->id.id) + ",\"idErr\":" + jnum(r.a->id.error) + ",\"nPeaks\":" +
                 std::to_string(r.part.nClusters()) + ",\"ariClass\":" + jnum(r.ariClass) + ",\"ariMacro\":" + jnum(r.ariMacro) +
                 ",\"chiLabels\":" + jnum(r.chiLabels) + ",\"chiMacro\":" + jnum(r.chiMacro) + ",\"chiOutput\":" + jnum(r.chiOutput) +
                 ",\"workerMs\":" + jnum(r.workerMs) + ",\"graphMs\":" + jnum(r.graphMs) + ",\"n\":" + std::to_string(r.a->n) +
                 ",\"maxk\":" + std::to_string(r.maxk) + ",\"dominant\":[";
            for (size_t p = 0; p < r.dominant.size(); ++p) o += (p ? "," : "") + std::to_string(r.dominant[p]);
            o += "],\"merges\":[";  // dendrogram: [left, right] node ids (leaves 0..nPeaks−1)
            for (size_t m = 0; m < r.hier.merges.size(); ++m)
                o += std::string(m ? "," : "") + "[" + std::to_string(r.hier.merges[m].left) + "," + std::to_string(r.hier.merges[m].right) + "]";
            o += "]";
        }
        o += "}";
    }
    return o + "]}";
}
}  // namespace

//-----------------------------------------------------------------------------------------------
// [2] Exported to the JS bridge (layers_bridge.cpp)
//-----------------------------------------------------------------------------------------------
extern "C" {

EMSCRIPTEN_KEEPALIVE int ps_layers_app_active() {
    return shell::isShown(part()) ? 1 : 0;
}

EMSCRIPTEN_KEEPALIVE const char* ps_layers_json() {
    static std::string out;
    LayersState* L = st();
    if (!L) { out = "{\"ready\":false}"; return out.c_str(); }
    int total = 0, done = 0;
    countLayers(L->set(), total, done);
    out = "{\"ready\":true,\"busy\":" + std::string(L->load.active ? "true" : "false") + ",\"stage\":" + jsonString(L->load.stage) +
          ",\"fraction\":" + jnum(L->load.fraction) + ",\"total\":" + std::to_string(total) + ",\"done\":" + std::to_string(done) +
          ",\"trainedMs\":" + jnum(L->load.trainedMs) + ",\"Z\":" + jnum(L->Z) + ",\"series\":" + std::to_string(L->series) +
          ",\"layer\":" + std::to_string(L->layer) + ",\"epoch\":" + std::to_string(L->epoch) + ",\"step\":" + std::to_string(L->step) +
          ",\"playing\":" + (L->playing ? "true" : "false") + ",\"own\":" + (L->showOwn ? "true" : "false") +
          ",\"filesPending\":" + std::to_string(L->load.filesPending) + ",\"filesReady\":" + std::to_string(L->load.fileReady.size()) +
          ",\"title\":" + jsonString(L->set().title) + ",\"hoverPeak\":" + std::to_string(L->hoverPeak) + ",\"layerNames\":[";
    for (size_t i = 0; i < L->set().layerNames.size(); ++i) out += (i ? "," : "") + jsonString(L->set().layerNames[i]);
    out += "],\"classes\":[";
    for (size_t i = 0; i < L->set().classes.size(); ++i) out += (i ? "," : "") + jsonString(L->set().classes[i]);
    out += "],\"classToMacro\":[";
    for (size_t i = 0; i < L->set().classToMacro.size(); ++i) out += (i ? "," : "") + std::to_string(L->set().classToMacro[i]);
    out += "],\"variants\":[";
    for (size_t i = 0; i < L->set().series.size(); ++i) out += (i ? "," : "") + seriesJson(*L, L->set().series[i]);
    out += "],\"epochs\":[";
    for (size_t i = 0; i < L->set().epochs.size(); ++i) out += (i ? "," : "") + seriesJson(*L, L->set().epochs[i]);
    const Summary& sm = L->shipped.summary;
    out += "],\"summary\":{\"ready\":" + std::string(sm.ready ? "true" : "false") + ",\"seeds\":" +
           std::to_string(sm.seeds.size()) + ",\"error\":" + jsonString(sm.error) + "},\"walkText\":" +
           jsonString(L->step >= 0 ? walkthroughText(*L) : std::string()) + "}";
    return out.c_str();
}

EMSCRIPTEN_KEEPALIVE void ps_layers_select(int series, int layer, int epoch) {
    LayersState* L = st();
    if (!L) return;
    L->series = std::clamp(series, 0, std::max(0, int(L->set().series.size()) - 1));
    L->layer = layer;
    L->epoch = epoch;
    shell::linkChanged();
}
EMSCRIPTEN_KEEPALIVE void ps_layers_set_z(double z) {
    LayersState* L = st();
    if (!L || !(z >= 0)) return;
    L->Z = z;
    shell::linkChanged();
}

}  // extern "C"
