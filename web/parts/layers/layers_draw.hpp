// PeakScope Tutorial 2 ("Layers"): what the views share for drawing: series colours, class groups
// for the pies (macro-classes when the set has them, else classes), names, the selected layer, a
// tooltip helper; the peak map's class tooltip and the dendrogram (peak_map.cpp, layer_dendrogram.cpp).
// Example: ImU32 c = groupColour(groupOf(set, cls));  help("tooltip text");
#pragma once
#include <string>

#include "imgui.h"
#include "kit/style.hpp"
#include "parts/layers/layers_state.hpp"

namespace peakscope::web::layers {

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
