// PeakScope Tutorial 2 state ("Layers"): the per-layer analyses of a network's representations,
// shown as a layer strip (ID, peaks, ARI, χ across layers; Ansuini et al. 2019, Doimo et al. 2020)
// and a selected layer's peak map and dendrogram. Owned by the part (ensure(), layers_loading.cpp).
//   Sections: LayerResult · Series · LayerSet · Loading · LayersState · functions (per file below)
// Example: LayerResult* r = layers::current(layers::ensure());  if (r && r->a) use(r->part);
#pragma once

#include <cmath>
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "core/analysis.hpp"
#include "core/hierarchy.hpp"
#include "core/metrics.hpp"
#include "core/representations/findings.hpp"

namespace peakscope::web::layers {

// Where one layer's representation lives (a file sent to the worker) and its analysis.
struct LayerResult {
    std::string name;
    Index dims = 0;
    // source (worker file key and array names; dist empty = build the graph from `act`)
    std::string key, dist, index, act;
    double scale = 1;
    // state
    bool queued = false, done = false, failed = false;
    std::string error;
    std::shared_ptr<const Analysis> a;      // as decoded (no kNN table)
    double chiLabels = NAN, chiMacro = NAN, chiOutput = NAN;
    double workerMs = 0, graphMs = 0;       // measured in the worker
    Index maxk = 0;
    // at Z (recomputed in the page when Z changes)
    double zOf = NAN;
    Partition part;
    Dendrogram hier;
    std::vector<int32_t> rowPeak;           // per input row: final peak at Z
    double ariClass = NAN, ariMacro = NAN;
    Matrix mds;                             // peaks × 2 (classical MDS of peakDissimilarity)
    std::vector<std::vector<int>> classHist; // per peak: points per class
    std::vector<int> dominant;              // per peak: most frequent class (−1 none)
};

// One curve of the strip: a network variant (or a training epoch), one entry per layer.
struct Series {
    std::string name, description;
    double accuracy = NAN;
    int epoch = -1;
    std::vector<LayerResult> layers;  // same order as LayerSet::layerNames (missing: name empty)
};

// summary.json of the shipped set (core/representations/measures.hpp, measuresJson): the per-layer measures of
// every training seed on subsample A at a few Z, for the strip's error bands and the walkthrough.
struct Summary {
    using Measures = representations::LayerMeasures;
    std::vector<double> zs;
    std::vector<int> seeds;
    std::vector<double> accuracy;                    // per seed
    std::vector<int> batches;                        // snapshot batches in training order
    // run ("trained", "untrained", "b<batch>") → layer names and [seed][layer][z] measures
    std::map<std::string, std::vector<std::string>> names;
    std::map<std::string, std::vector<std::vector<std::vector<Measures>>>> runs;
    bool requested = false, ready = false;
    std::string error;
};

// What the strip shows: the shipped CNN (3 variants + epoch snapshots) or the user's own data.
struct LayerSet {
    std::string title;
    std::vector<std::string> layerNames;
    std::vector<Series> series;        // variants: trained, untrained, shifted
    std::vector<Series> epochs;        // snapshots (shipped only): epoch 0..last of series[0]
    std::vector<int32_t> labels;       // per point (class id), may be empty
    std::vector<std::string> classes;  // class names (may be empty: "class i")
    std::vector<std::string> macroNames;
    std::vector<int> classToMacro;     // per class: macro id (empty: no macro-classes)
    Index n = 0;
    std::vector<uint8_t> images;       // n × 784 (28 × 28), shipped only
    std::string imagesNpz;             // images.npz until its images are read (readImages: after the
                                       // default network's layers; its labels are read at once)
    std::vector<int> shifts;           // n × 2 (dx, dy) of the shifted variant
    int shiftedSeries = -1;            // series whose images are shifted
    bool own = false;
    int outputLayer = -1;              // χ^out reference layer (last layer)
    int imageSide = 28;                // images are imageSide × imageSide
    std::string snapshotUnit = "epoch";  // what Series::epoch counts in the snapshots ("batch", "epoch")
    int batchesPerEpoch = 0;
    Summary summary;                   // shipped only
};

// layers_summary.cpp (pure): the digest of summary.json (tab-separated lines "z", "seed", "snap",
// "m") made from its values as platform::files::readJsonFlat gives them (path "seeds.0.trained.A.3.id"
// → text), and profiles from it. parseSummaryDigest throws Error on a malformed digest.
std::string summaryDigest(const std::map<std::string, std::string>& flat);
Summary parseSummaryDigest(const std::string& text);
int nearestZ(const Summary& s, double Z);  // index into s.zs (−1: none)
// One seed's profile of a run at Z index zi (empty if absent).
representations::Profile summaryProfile(const Summary& s, const std::string& run, size_t seed, size_t zi);
// The mean, lowest and highest value of f over the seeds, per layer of a run.
struct Band { std::vector<double> mean, lo, hi; };
Band summaryBand(const Summary& s, const std::string& run, size_t zi, double (*f)(const representations::LayerMeasures&));

// Files fetched / sent to the worker and per-layer jobs waiting for it.
struct Loading {
    bool active = false;
    std::string stage;                 // shown with the progress bar
    double fraction = 0;
    int filesPending = 0;
    std::map<std::string, bool> fileReady;   // worker key → parsed
    int job = 0;                        // running worker job (0 none)
    int set = 0;                        // 0 shipped, 1 own
    int series = -1, layer = -1;        // running task (epochs: series = 100 + e)
    double trainedStarted = NAN, trainedMs = NAN;
    std::string error;
};

}  // namespace peakscope::web::layers

namespace peakscope::web {

// The whole state of the part (link keys: layers_url.cpp; page hook JSON: layers_hooks.cpp).
struct OwnLoad {  // files of one drop, waiting for the worker's listing
    int token = 0;
    bool sent = false;
    std::vector<std::string> keys, names;
    std::map<std::string, std::string> listing;  // key → listing
    std::map<std::string, std::vector<int32_t>> labels;
    std::vector<std::string> classNames;
    std::string error;
};

struct LayersState {
    using LayerSet = layers::LayerSet;
    LayerSet shipped, own;
    bool showOwn = false;
    bool shippedRequested = false;
    layers::Loading load;
    // selection and controls (link state)
    int series = 0;        // variant shown in the peak map
    int layer = -1;        // selected layer (−1: the last one)
    std::string linkLayer; // a layer name from the link, until the set's layer names are known
    int epoch = -1;        // training epoch shown (−1: the variant itself); snapshot layers only
    double Z = 1.65;
    int step = 0;          // walkthrough step (−1 closed)
    // requests of the controls, carried out by update() before the next draw
    bool cancelRequested = false;   // Cancel: a fresh worker; analyses under way are dropped
    bool reloadRequested = false;   // "Load the shipped activations" (after a cancel)
    bool workerRestarted = false;   // the worker was restarted (either part): loading resumes
    // play
    bool playing = false, playEpochs = false;
    double playNext = 0;
    double playInterval = 1.4;  // seconds per frame
    int hoverPeak = -1;
    std::vector<std::string> ownFileNames;
    // thumbnails: image row (+ series for shifts) → GL texture
    std::map<int64_t, unsigned> textures;
    // the accessible text last written (layers.cpp) and platform::accessibleWrites() after it
    struct { std::string sentence, table; int writes = -1; } a11y;
    // what the last frame measured (layers.cpp layout): the height the controls took at that page
    // width, the largest seen at this width, so the rows do not jump as the loading line comes and goes
    struct { float width = 0, controlsNeed = 0; } measured;
    // own files being read (layers_own_data.cpp); the number of the last drop (an earlier drop's late
    // replies are ignored)
    OwnLoad ownLoad;
    int ownToken = 0;
    // the worker (layers_bridge.cpp): the running job's last progress reply, and the worker
    // generation the warm-up was sent to
    struct { int job = 0; std::string stage; double fraction = -1; } jobProgress;
    int warmGeneration = -1;
    LayerSet& set() { return showOwn ? own : shipped; }
    const LayerSet& set() const { return showOwn ? own : shipped; }
};

}  // namespace peakscope::web

namespace peakscope::web::layers {

// layers_loading.cpp
LayersState& ensure();
void startShipped(LayersState& L);
void cancelLoading(LayersState& L);

// layers_results.cpp (pure: native tests)
Series* seriesOf(LayerSet& set, int s);           // series s, or epoch snapshot s − 100
LayerResult* current(LayersState& L);             // selected layer (series / epoch), or null
LayerResult* at(LayersState& L, int series, int layer, int epoch);
Series* seriesAt(LayersState& L, int series, int epoch);  // a variant, or the snapshot of `epoch`
Series* currentSeries(LayersState& L);            // the series of current()
std::vector<int> epochsOf(LayersState& L, int layer);  // epochs with snapshots of `layer` (empty: none)
bool refreshAtZ(LayersState& L, LayerResult& r, bool withMaps);  // partition/ARI/MDS at L.Z; true: new map
void refreshShown(LayersState& L);  // every analysed layer of the shown set at L.Z, the selected one with its map

// layers_thumbnails.cpp
void prepareThumbnails(LayersState& L);  // update(): textures of the selected layer's peak centres
unsigned thumbnail(const LayersState& L, int row, int series);  // its GL texture (0: none or not prepared)

// views: layers.cpp (controls), layer_strip.cpp, peak_map.cpp (selected layer), layers_walkthrough.cpp
void drawStrip(LayersState& L, float width, float height);
void drawSelected(LayersState& L, float width, float height);
void drawControls(LayersState& L);
void drawWalkthrough(LayersState& L);
void walkthroughStepBy(LayersState& L, int delta);  // Next (+1) / Back (−1); 0 opens it at step 1

}  // namespace peakscope::web::layers

namespace peakscope::web::layers {
void requestSummary(LayersState& L);         // layers_summary_fetch.cpp: fetches summary.json once
std::string walkthroughText(LayersState& L);  // layers_walkthrough.cpp: the shown step's text
int walkthroughSteps();                       // how many steps it has
}  // namespace peakscope::web::layers
