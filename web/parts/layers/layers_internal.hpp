// PeakScope Tutorial 2 ("Layers"): declarations shared by the files of web/parts/layers/
// (web/main.cpp uses layers.hpp only): the JS bridge (layers_bridge.cpp), the loading and
// own-data state, and the drawing helpers of the views (groups = macro-classes or classes).
//   Sections: [1] JS bridge  [2] loading and own data  [3] drawing helpers
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

namespace peakscope::web::layers {

//-----------------------------------------------------------------------------------------------
// [1] JS bridge: EM_JS functions defined in layers_bridge.cpp (C linkage).
//-----------------------------------------------------------------------------------------------
extern "C" {
void jsLayersInstall();
void jsLayersStartWorker();
void jsLayersPicker();
void jsLayersFetchManifest();
void jsLayersFetchFile(const char* fileC, int toWorker);
void jsLayersAbort();
double jsLayersFetchFraction();
double jsLayersPollProgress(int job, char* stage, int capacity);
void jsLayersSendLabels(int set, const int32_t* labels, const int32_t* macro, int n);
void jsLayersAnalyze(int job, int set, int slot, int ref, const char* key, const char* dist, const char* index,
                     const char* act, double scale, int maxk);
void jsLayersDropKey(const char* key);
}

//-----------------------------------------------------------------------------------------------
// [2] Loading (layers_loading.cpp), own data (layers_own_data.cpp), exports (layers_hooks.cpp)
//-----------------------------------------------------------------------------------------------
struct OwnLoad {  // files of one drop, waiting for the worker's listing
    int token = 0;
    bool sent = false;
    std::vector<std::string> keys, names;
    std::map<std::string, std::string> listing;  // key → listing
    std::map<std::string, std::vector<int32_t>> labels;
    std::vector<std::string> classNames;
    std::string error;
};
extern OwnLoad g_own;  // layers_own_data.cpp

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
