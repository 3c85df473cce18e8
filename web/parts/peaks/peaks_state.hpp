// PeakScope Tutorial 1 state: what its views read and edit, in one struct owned by the part
// (peaks::state(), parts/peaks/session.cpp). Views are functions `void drawX(PeaksState&)`. Results
// are immutable once they arrive from the worker (`Results::analysis` is shared and const); the
// only thing recomputed in the page is the merge at the current Z (ZState), at frame rate.
// Page-wide state (shown part, message line, link, embed) is the shell's (shell/app.hpp).
// The views' caches live here too (PeaksState::caches); no view keeps a static of its own.
//   Sections: DataSource · Dataset · Settings · Results · ZState · Job · UiState · PeaksState
#pragma once

#include <array>
#include <cmath>
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "core/analysis.hpp"

namespace peakscope::web {
namespace views { struct ViewCaches; }

// Where the points come from; this is what a shared link stores (peaks_url.cpp).
struct DataSource {
    std::string generator = "gaussians";  // toy::catalogue() id; empty for a file or a URL
    Index n = 5000;                       // points (generators)
    double noise = -1;                    // generator's noise parameter; < 0 = its default
    std::uint64_t seed = 1;               // generator seed
    Index dim = 0;                        // embedding / cube dimension; 0 = generator default
    std::string url;                      // ?data=<url>: fetched file (CORS)
    std::string labels;                   // ?labels=: the URL file's label column by name, "none", or
                                          // empty (a column named like labels)
    std::string fileName;                 // dropped or picked file (cannot be restored from a link)
};

// The data set on screen: its metadata and ground truth, if any. The points themselves stay in the
// compute worker (worker/main.cpp), which read or generated them.
struct Dataset {
    DataSource source;
    Index n = 0, d = 0;          // input rows and columns
    std::vector<int32_t> truth;  // per row; empty when the data has no labels (−1 = noise)
    std::vector<std::string> truthNames;  // text class labels of a file: truth k is truthNames[k]
    std::string name, info;      // title and "N points × D dimensions, labels ..."
    int version = 0;             // changes with every new data set (the worker keeps sets by version)
    int fileId = 0;              // the file's bytes in the page (platform::files; 0 = generated):
                                 // a fresh worker (after a cancel) reads them again
    std::vector<std::string> columns;  // text file: its columns (the label picker's choices)
    int labelColumn = -1;        // the column of `columns` read as labels (−1 none)
    int labelChoice = -3;        // asked of the worker: −3 by header name, −2 none, k column k
};

// Analysis parameters the user controls (Z is in ZState: it never needs the worker).
// The controls' values; to and from the parameter codec's Options: session_messages.hpp.
struct Settings {
    int density = 0;    // 0 kNN (the tutorial's estimator), 1 k*-NN, 2 PAk (the combo's order)
    int k = 16;         // kNN neighbours
    int maxk = -1;      // neighbours in the graph; −1 = min(100, N − 1)
    bool operator==(const Settings& o) const { return density == o.density && k == o.k && maxk == o.maxk; }
    bool operator!=(const Settings& o) const { return !(*this == o); }
};

// One finished analysis, as it came back from the worker.
struct Results {
    std::shared_ptr<const Analysis> analysis;  // null until the first result
    Matrix projection;                         // n × 2 scatter coordinates (PCA when D > 2)
    std::vector<double> explained;             // explained variance of the two axes
    Settings settings;                         // parameters it was computed with
    int dataVersion = -1;
    double seconds = 0;                        // wall time from request to result
    bool withRead = false;                     // `seconds` includes reading (or generating) the data set
    int serial = 0;                            // increments per result (views reset caches)
};

// The merge at the current Z (ADP §2.3): recomputed in the page whenever Z moves.
struct ZState {
    double Z = 1.65;           // the slider's value
    double computedZ = NAN;    // Z of `partition` (NaN = stale)
    int computedSerial = -1;   // Results::serial of `partition`
    int warmedSerial = -1;     // Results::serial whose merge path is being warmed (refreshPartition)
    int warmRounds = 0;        // frames of warm-up done for it
    Partition partition;       // labels per unique point, centres, saddles at Z
    Dendrogram hierarchy;      // of the final peaks at Z
    std::vector<int32_t> rowLabels, rowHalo;  // partition per input row
    double mergeMs = 0;        // last re-merge time (mergeAtZ + hierarchy + per-row labels)
};

// The running job (file parse or analysis in the worker), shown as a progress bar with Cancel.
struct Job {
    enum Kind { None, Parse, Analyze };
    Kind kind = None;
    int id = 0;
    std::string stage;           // named stage reported by the worker
    double fraction = 0;         // of that stage
    double started = 0;          // emscripten_get_now() ms
    std::unique_ptr<Dataset> pending;  // new data waiting for its first analysis (kept apart:
                                       // the previous data stays until the analysis succeeds)
    Settings settings;           // requested parameters (what its Analyze carries)
    bool reads = false;          // the job reads its data set too (a Load went with its Analyze)
    int cancelJob = 0;           // the job whose Cancel was clicked: the next update cancels it if it
                                 // still runs (the worker restarts between frames); 0 none
};

enum class View { Id, Density, Decision, Peaks, Dendrogram };
enum class ColourBy { Peak, Halo, LogDensity, Truth };
const char* viewName(View v);        // URL / UI names: "id", "density", "decision", "peaks", "dendrogram"
const char* colourName(ColourBy c);  // "peak", "halo", "density", "truth"

struct UiState {
    View view = View::Peaks;          // the right-hand pane
    View viewShown = View(-1);        // tab drawn last frame (a change of `view` elsewhere selects its tab)
    ColourBy colour = ColourBy::Peak; // scatter colouring
    int hoveredRow = -1;              // scatter hover (input row)
    int linkedRow = -1;               // point hovered in another view in the last frame (ringed in the scatter)
    int linkedRowNext = -1;           // set by views during this frame
    int highlightPeak = -1;           // final peak highlighted from the dendrogram / table (−1 none)
    double viewX = 0, viewY = 0, viewScale = 0;  // scatter pan/zoom (data units); scale 0 = fit
    int tutorialStep = 0;             // guided tutorial step; −1 = panel closed
    bool peaksLogScale = false;       // peaks-vs-Z curve: logarithmic count axis (link: logpeaks=1)
    bool decisionLogDelta = true;     // decision graph: logarithmic δ axis (link: logdelta=0 when off)
    int dendrogramMode = 0;           // dendrogram view: 0 final peaks at Z, 1 all putative peaks (tree=all)
    DataSource draft;                 // the Data panel's generator settings (applied on Generate)
    bool draftInit = false;
    bool initialDataStarted = false;  // Tutorial 1's linked data set has been requested
    std::array<char, 512> urlDraft{}; // the Data panel's URL field, as typed (loaded on Load / Enter)
};

struct PeaksState {
    Dataset data;
    Settings settings;
    Results results;
    ZState z;
    Job job;
    std::map<int, int> loadedIn;  // data set version → worker::generation() in which it was sent
                                  // (a fresh worker, after a cancel, must read it again)
    UiState ui;
    int nextVersion = 1, nextJob = 1;
    double firstResultMs = -1;  // page time (ms since navigation) when the first result arrived
    // What the views derive from the result and keep between frames (view_caches.hpp; ImGui types,
    // so only declared here). Made on first use by views::caches(s); mutable: derived data.
    mutable std::shared_ptr<views::ViewCaches> caches;
};

}  // namespace peakscope::web
