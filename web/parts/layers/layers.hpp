// PeakScope Tutorial 2 ("Layers"): density peaks across the layers of a trained CNN (Ansuini et
// al. 2019; Doimo et al. 2020). Entry points called by the app shell (main.cpp, url_state.cpp).
//   drawLayout     the whole screen in Layers mode; returns the height the layout wants
//   applyUrlKey    a ?key=value of this part (returns false when the key is not one of its keys)
//   appendQuery    this part's state for the link
#pragma once
#include <functional>
#include <string>

#include "parts/peaks/peaks_state.hpp"

namespace peakscope::web::layers {

float drawLayout(AppState& s, float width, float height);
bool applyUrlKey(AppState& s, const std::string& key, const std::string& value);
void appendQuery(const AppState& s, const std::function<void(const char*, const std::string&)>& add);

}  // namespace peakscope::web::layers
