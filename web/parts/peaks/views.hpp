// PeakScope views: each a small file that draws into the current ImGui window from the shared
// state (PeaksState). Views read the immutable analysis (s.results.analysis) and the merge at Z
// (s.z); they change parameters only through session:: functions.
//   Left column:  drawDataPanel (data, parameters, Z, export) · drawTutorial (guided steps)
//   Centre:       drawScatter (points, peaks, saddles; PCA when D > 2)
//   Right pane:   drawIdView · drawDensityView · drawDecisionView · drawPeaksView · drawDendrogramView
#pragma once
#include "imgui.h"
#include "kit/palette.hpp"
#include "parts/peaks/at_z.hpp"
#include "parts/peaks/peaks_state.hpp"

namespace peakscope::web::views {

void drawDataPanel(PeaksState& s);       // data_panel.cpp
void drawTutorial(PeaksState& s);        // tutorial.cpp
void tutorialStepBy(PeaksState& s, int delta);  // Next (+1) / Back (−1); starts the tutorial
void drawScatter(PeaksState& s);         // scatter.cpp
void drawIdView(PeaksState& s);          // id_view.cpp
void drawDensityView(PeaksState& s);     // density_view.cpp
void drawDecisionView(PeaksState& s);    // decision_view.cpp
void drawPeaksView(PeaksState& s);       // peaks_view.cpp
void drawDendrogramView(PeaksState& s);  // dendrogram_view.cpp

// Shared by views (common.cpp): the Z slider (live merge), the colour of a point under the
// current colouring, and the colour of final peak c.
bool zSlider(PeaksState& s, const char* label, float width = -1);
ImU32 pointColour(const PeaksState& s, int row, float alpha = 1.0f);
ImU32 peakColour(const PeaksState& s, int peak, float alpha = 1.0f);
// Every cache the views read (view_caches.hpp), brought up to the current result and Z: called once
// per frame by the part before any drawing (the peaks' styles first; the rest read them).
void updateViewCaches(const PeaksState& s);
// The style (colour, shape) of final peak c at Z; updatePeakStyles recomputes them when the result
// or Z changed (kept in PeaksState::caches); pointShape: a point's marker shape (0 = square).
void updatePeakStyles(const PeaksState& s);
palette::PeakStyle peakStyle(const PeaksState& s, int peak);
int pointShape(const PeaksState& s, int row);
// The accessible text layer (platform/a11y.hpp): the live region's sentence and the hidden peaks and
// saddles tables, rewritten when the result or Z changed (called once per frame after the styles).
void updateAccessibleText(const PeaksState& s);
// Input rows and halo rows per final peak at the current Z (at_z.hpp), kept per result and Z.
const peaks::PeakRows& peakRows(const PeaksState& s);
// The saddles at the current Z, the pair closest to merging first (at_z.hpp), kept per result and Z.
const peaks::SaddlesByMerge& saddlesByMerge(const PeaksState& s);

}  // namespace peakscope::web::views
