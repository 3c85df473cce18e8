// PeakScope Tutorial 2 ("Layers"): the user's own per-layer representations (layers_own_data.cpp).
// Files dropped, picked or given to window.peakscope.layersOpen: .npz / .npy go to the worker, which
// lists their arrays; a .json of class names is read here; any other file is refused with a message
// saying what this part reads. When every listing is in, the own LayerSet replaces the previous one.
// Example: openOwnFiles(list);  …  if (ownFileInfo(key, listing, labels)) return;
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "parts/layers/layers_state.hpp"
#include "platform/files.hpp"

namespace peakscope::web::layers {

void openOwnFiles(std::vector<platform::files::File> list);
void pickOwnFiles();
// A reply about one of the current drop's files: taken (true) or not the drop's (false).
bool ownFileInfo(const std::string& key, const std::string& listing, const std::vector<int32_t>& labels);
bool ownFailed(const std::string& key, const std::string& message);

}  // namespace peakscope::web::layers
