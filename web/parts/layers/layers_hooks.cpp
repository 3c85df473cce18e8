// PeakScope Tutorial 2 ("Layers"): page hooks for the JS bridge and the browser tests:
// window.peakscope.layers() (state as JSON: per layer ID ± error, peaks at Z, ARI, χ, dendrogram
// merges), layersSelect(series, layer, epoch), layersSetZ(z), and whether the Layers part is open.
//   Sections: [1] JSON  [2] the hooks (installed by layers_bridge.cpp)
// Example: const j = window.peakscope.layers();  j.variants[0].layers[5].nPeaks

#include <algorithm>
#include <string>

#include "core/json.hpp"
#include "parts/layers/layers.hpp"
#include "parts/layers/layers_loading.hpp"
#include "parts/layers/layers_worker.hpp"
#include "shell/app.hpp"

namespace peakscope::web::layers {

//-----------------------------------------------------------------------------------------------
// [1] JSON
//-----------------------------------------------------------------------------------------------
namespace {
// One series (a variant or an epoch): per layer ID ± error, peaks at Z, ARI, χ, dendrogram merges.
void seriesJson(json::Writer& j, const Series& se) {
    j.beginObject().field("name", se.name).field("epoch", se.epoch).field("accuracy", se.accuracy);
    j.key("layers").beginArray();
    for (const auto& r : se.layers) {  // at Z as refreshed by update() (and by layersSetZ)
        if (r.name.empty()) { j.null(); continue; }
        j.beginObject().field("name", r.name).field("dims", r.dims).field("done", r.done).field("failed", r.failed);
        j.field("error", r.error);
        if (r.a) {
            j.field("id", r.a->id.id).field("idErr", r.a->id.error).field("nPeaks", r.part.nClusters());
            j.field("ariClass", r.ariClass).field("ariMacro", r.ariMacro);
            j.field("chiLabels", r.chiLabels).field("chiMacro", r.chiMacro).field("chiOutput", r.chiOutput);
            j.field("workerMs", r.workerMs).field("graphMs", r.graphMs).field("n", r.a->n).field("maxk", r.maxk);
            j.field("dominant", r.dominant);
            std::vector<double> centreRows;  // per peak at Z: the input row of its centre
            for (Index c : r.part.centres) centreRows.push_back(double(r.a->row(c)));
            j.field("centreRows", centreRows);
            if (r.mds.rows == r.part.nClusters()) j.field("map", r.mds.values);  // the peak map without classes (x, y per peak)
            j.key("merges").beginArray();  // dendrogram: [left, right] node ids (leaves 0..nPeaks−1)
            for (const auto& m : r.hier.merges) j.beginArray().value(m.left).value(m.right).endArray();
            j.endArray();
        }
        j.endObject();
    }
    j.endArray().endObject();
}
}  // namespace

//-----------------------------------------------------------------------------------------------
// [2] The hooks (layers_bridge.cpp installs them)
//-----------------------------------------------------------------------------------------------
std::string layersJson() {
    LayersState* L = st();
    if (!L) {
        json::Writer j;
        return j.beginObject().field("ready", false).endObject().take();
    }
    int total = 0, done = 0;
    countLayers(L->set(), total, done);
    json::Writer j(6);  // numbers with 6 significant digits; NaN and infinities as null
    j.beginObject().field("ready", true).field("busy", L->load.active).field("stage", L->load.stage)
        .field("loadError", L->load.error);
    j.field("fraction", L->load.fraction).field("total", total).field("done", done);
    j.field("trainedMs", L->load.trainedMs).field("Z", L->Z).field("series", L->series).field("layer", L->layer);
    j.field("epoch", L->epoch).field("step", L->step).field("playing", L->playing).field("own", L->showOwn);
    j.field("filesPending", L->load.filesPending).field("filesReady", L->load.fileReady.size());
    j.field("title", L->set().title).field("hoverPeak", L->hoverPeak);
    j.field("layerNames", L->set().layerNames).field("classes", L->set().classes);
    j.field("classToMacro", L->set().classToMacro);
    const LayerSet& set = L->set();  // images read for the thumbnails (0 until readImages)
    const size_t px = size_t(set.imageSide) * size_t(set.imageSide);
    j.field("images", px > 0 ? double(set.images.size() / px) : 0.0).field("imageSide", set.imageSide);
    j.key("variants").beginArray();
    for (const Series& se : L->set().series) seriesJson(j, se);
    j.endArray().key("epochs").beginArray();
    for (const Series& se : L->set().epochs) seriesJson(j, se);
    j.endArray();
    const Summary& sm = L->shipped.summary;
    j.key("summary").beginObject().field("ready", sm.ready).field("seeds", sm.seeds.size()).field("error", sm.error);
    j.endObject();
    j.field("walkText", L->step >= 0 ? walkthroughText(*L) : std::string());
    j.endObject();
    return j.take();
}

void selectLayer(int series, int layer, int epoch) {
    LayersState* L = st();
    if (!L) return;
    L->series = std::clamp(series, 0, std::max(0, int(L->set().series.size()) - 1));
    L->layer = layer;
    L->epoch = epoch;
    shell::linkChanged();
}
void setZFromPage(double z) {
    LayersState* L = st();
    if (!L || !(z >= 0)) return;
    L->Z = z;
    refreshShown(*L);  // the results at the new Z now (layers() reads them; it changes nothing)
    shell::linkChanged();
}

}  // namespace peakscope::web::layers
