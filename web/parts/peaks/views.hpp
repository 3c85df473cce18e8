// PeakScope views: each a small file that draws into the current ImGui window from the shared
// state (AppState). Views read the immutable analysis (s.results.analysis) and the merge at Z
// (s.z); they change parameters only through session:: functions.
//   Left column:  drawDataPanel (data, parameters, Z, export) · drawTutorial (guided steps)
//   Centre:       drawScatter (points, peaks, saddles; PCA when D > 2)
//   Right pane:   drawIdView · drawDensityView · drawDecisionView · drawPeaksView · drawDendrogramView
#pragma once
#include "parts/peaks/peaks_state.hpp"
#include "imgui.h"

namespace peakscope::web::views {

void drawDataPanel(AppState& s);       // views/data_panel.cpp
void drawTutorial(AppState& s);        // views/tutorial.cpp
void drawScatter(AppState& s);         // views/scatter.cpp
void drawIdView(AppState& s);          // views/id_view.cpp
void drawDensityView(AppState& s);     // views/density_view.cpp
void drawDecisionView(AppState& s);    // views/decision_view.cpp
void drawPeaksView(AppState& s);       // views/peaks_view.cpp
void drawDendrogramView(AppState& s);  // views/dendrogram_view.cpp

// Shared by views (views/common.cpp): the Z slider (live merge), the colour of a point under the
// current colouring, and the colour of final peak c.
bool zSlider(AppState& s, const char* label, float width = -1);
ImU32 pointColour(const AppState& s, int row, float alpha = 1.0f);
ImU32 peakColour(int peak, float alpha = 1.0f);

}  // namespace peakscope::web::views
