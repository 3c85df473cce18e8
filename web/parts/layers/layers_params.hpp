// PeakScope Tutorial 2 ("Layers"): its analysis parameters, named, checked and written by the
// parameter codec (core/params.hpp) as Tutorial 1's are: the pairs of a layer job's worker message
// and the link's Z (key `lz`, beside Tutorial 1's `Z`). The part fixes all but Z: PAk density,
// maxk 64 for a layer given as activations, auto for a kNN table (all its columns), no decision
// graph and no merge curve (the strip and the map use neither).
// Example: worker::post(protocol::LayersAnalyze{..., analysisPairs(L.Z, !r.dist.empty())});
//          double Z;  if (!parseLinkZ("2.5", Z)) problem(linkZValues());
#pragma once
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/params.hpp"

namespace peakscope::web::layers {

params::Options analysisOptions(double Z, bool knnTable = false);
std::vector<std::pair<std::string, std::string>> analysisPairs(double Z, bool knnTable);  // protocol::LayersAnalyze
bool parseLinkZ(std::string_view text, double& Z);  // the codec's Z rules; false: Z unchanged
std::string linkZ(double Z);                         // 6 significant digits (a dragged slider's value)
std::string linkZValues();                           // "a finite number ≥ 0" (the codec's words)

}  // namespace peakscope::web::layers
