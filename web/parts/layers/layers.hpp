// PeakScope Tutorial 2 ("layers"): density peaks across the layers of a trained CNN (Ansuini et
// al. 2019; Doimo et al. 2020), shown with ?tutorial=2. web/main.cpp registers part(); the rest of
// the app reaches this folder only through shell::Part.
//   part · link keys (layers_url.cpp)
#pragma once
#include <string>
#include <vector>

#include "parts/layers/layers_state.hpp"
#include "shell/part.hpp"

namespace peakscope::web::layers {

shell::Part& part();

// Link keys of this part: variant, layer, epoch, lz (Z of the layers), wstep (walkthrough step).
bool isUrlKey(const std::string& key);
// Takes this part's keys out of `pairs`; returns one line per bad value (it keeps its default).
std::vector<std::string> applyLink(LayersState& L, shell::Pairs& pairs);
void appendQuery(const LayersState& L, const shell::AddKey& add);
// A layer name from the link that waited for the set's names: selects it once they are known;
// returns the problem ("option layer must be one of …") when the set has no such layer, else "".
std::string resolveLinkLayer(LayersState& L);

}  // namespace peakscope::web::layers
