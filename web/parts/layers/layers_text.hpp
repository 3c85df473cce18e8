// PeakScope Tutorial 2: the accessible text of the Layers part (issue 10: the canvas is one image to
// a screen reader) — the live region's sentence about the layer on screen and the layers of its
// network as an HTML table, from the numbers the strip and the peak map show (refreshed at Z).
// Pure C++ (no ImGui, no EM_JS): tested natively in tests/web/logic/test_layers_text.cpp.
//   layerSentence     "trained network, layer conv5 (6 of 14, 4096 dimensions): ID 12.31 ± 0.22, …"
//   layersTableHtml   one row per layer: dimensions, ID ± error, peaks at Z, ARI, χ
// Example: platform::setLiveText(layerSentence(se, 5, L.Z, total, done));
#pragma once
#include <string>

#include "parts/layers/layers_state.hpp"

namespace peakscope::web::layers {

// The layer `layer` of `se` at Z (its results refreshed at Z); `done` of `total` layers analysed.
std::string layerSentence(const Series& se, int layer, double Z, int total, int done);
// A <table> with a caption and header cells; layers not analysed say so.
std::string layersTableHtml(const Series& se, double Z);

}  // namespace peakscope::web::layers
