// PeakScope Tutorial 2 ("Layers"): declarations shared by the files of web/parts/layers/
// (web/main.cpp uses layers.hpp only): the worker and files side (layers_bridge.cpp), the loading and
// own-data state, and the drawing helpers of the views (groups = macro-classes or classes).
//   Sections: [1] worker and files  [2] loading and own data  [3] drawing helpers
// Example: #include "parts/layers/layers_internal.hpp"   then   pump(L);  help("tooltip text");
#pragma once

#include <algorithm>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "imgui.h"
#include "kit/style.hpp"
#include "parts/layers/layers_state.hpp"
#include "platform/files.hpp"
#include "protocol/messages.hpp"

namespace peakscope::web::layers {

//-----------------------------------------------------------------------------------------------
// [1] The part's side of the page's worker and files (layers_bridge.cpp)
//-----------------------------------------------------------------------------------------------
void installBridge();                            // page API hooks, replies, restart handling
void ensureWorker();                             // the page's worker, warmed up once per start
void fetchManifest();                            // → ps_layers_app_manifest
void fetchFile(const std::string& file, bool toWorker);  // data/tutorial2/<file>: worker or page
void abortFetches();
double fetchFraction();                          // −1 when no fetch runs
double pollJobProgress(int job, std::string& stage);  // −1 when the job reported nothing yet
void postLabels(int set, const std::vector<int32_t>& labels, const std::vector<int32_t>& macro);
int postAnalyze(int set, int slot, int ref, const LayerResult& r, int maxk);  // returns the job
void postDrop(const std::string& key);
void openOwnFiles(std::vector<platform::files::File> list);
void pickOwnFiles();
// Replies (layers_replies.cpp) and a fresh worker after a cancel (layers_loading.cpp).
void replyFileInfo(const std::string& key, const std::string& listing, const std::vector<int32_t>& labels);
void replyResult(const protocol::LayersResult& m);
void workerRestarted(LayersState& L);

//-----------------------------------------------------------------------------------------------
// [2] Loading (layers_loading.cpp), own data (layers_own_data.cpp), exports (layers_hooks.cpp)
//-----------------------------------------------------------------------------------------------
OwnLoad& ownLoad();  // ensure().ownLoad: the drop being read (layers_own_data.cpp)

double now();
std::vector<std::string> split(const std::string& s, char sep);
void ensureWorker();
void sendLabels(LayerSet& set, int setId);
Series* seriesOf(LayerSet& set, int s);         // series s, or epoch snapshot s − 100
void countLayers(const LayerSet& set, int& total, int& done);
void pump(LayersState& L);                      // starts the next per-layer job if the worker is idle
void fetchRest(LayersState& L);
void poll(LayersState& L);         // progress of the downloads and the running job
void maybeFinishOwn(LayersState& L);
LayersState* st();                              // the part's state, or null before ensure()

}  // namespace peakscope::web::layers

// Replies from the manifest fetch (JS) and the own-data steps (layers_replies.cpp, layers_own_data.cpp).
extern "C" {
void ps_layers_app_manifest(const char* text);
void ps_layers_app_page_file(const char* key, const unsigned char* bytes, int size);
void ps_layers_app_fetched(const char* key);
void ps_layers_app_error(int job, const char* key, const char* message);
int ps_layers_app_own_begin(int nFiles, double totalBytes);
void ps_layers_app_own_file(int token, const char* key, const char* name);
void ps_layers_app_own_other(int token, const char* name);
void ps_layers_app_own_classes(int token, const char* name, const char* text, int ok);
void ps_layers_app_own_sent(int token);
const char* ps_layers_json();               // layers_hooks.cpp
void ps_layers_select(int series, int layer, int epoch);
void ps_layers_set_z(double z);
}

namespace peakscope::web::layers {

//-----------------------------------------------------------------------------------------------
// [3] Drawing helpers of the views
//-----------------------------------------------------------------------------------------------
inline ImU32 seriesColour(int i) {
    static const int map[] = {0, 1, 2, 5, 3, 4, 6};
    return style::category(map[((i % 7) + 7) % 7]);
}

// Groups for pie colours: macro-classes when the set has them, otherwise classes.
inline int groupOf(const LayerSet& set, int cls) {
    if (cls < 0) return -1;
    if (!set.classToMacro.empty()) return cls < int(set.classToMacro.size()) ? set.classToMacro[size_t(cls)] : -1;
    return cls;
}
inline int groupCount(const LayerSet& set) {
    return !set.classToMacro.empty() ? int(set.macroNames.size()) : int(set.classes.size());
}
inline std::string groupName(const LayerSet& set, int g) {
    if (!set.classToMacro.empty()) return g >= 0 && g < int(set.macroNames.size()) ? set.macroNames[size_t(g)] : "?";
    return g >= 0 && g < int(set.classes.size()) ? set.classes[size_t(g)] : "?";
}
inline ImU32 groupColour(int g, float alpha = 1.0f) { return g < 0 ? style::kHalo : style::category(g + 3, alpha); }

inline std::string className(const LayerSet& set, int c) {
    if (c < 0) return "-";
    return c < int(set.classes.size()) ? set.classes[size_t(c)] : "class " + std::to_string(c);
}

inline int layerCount(const LayersState& L) { return int(L.set().layerNames.size()); }
inline int selectedLayer(const LayersState& L) { return L.layer < 0 ? layerCount(L) - 1 : std::min(L.layer, layerCount(L) - 1); }

inline void help(const char* text) {
    if (ImGui::IsItemHovered()) {
        ImGui::BeginTooltip();
        ImGui::PushTextWrapPos(ImGui::GetFontSize() * 26);
        ImGui::TextUnformatted(text);
        ImGui::PopTextWrapPos();
        ImGui::EndTooltip();
    }
}

// peak_map.cpp, layer_dendrogram.cpp
void classHistogramTooltip(LayersState& L, LayerResult& r, int peak);
void dendrogram(LayersState& L, LayerResult& r, float w, float h);

}  // namespace peakscope::web::layers
