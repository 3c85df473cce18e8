// PeakScope Tutorial 2 ("Layers"): the shipped sets' manifest.json (written by demos/cnn) read as
// the shipped LayerSet — classes, macro-classes, variants and snapshots with their layers' files —
// before any data arrives. Pure (no EM_JS, no ImGui): tested natively (tests/web/logic).
// Snapshots are keyed by batch when the manifest gives batches per epoch (the trained variant:
// epochs × batches); the snapshots at batch 0 and at the trained variant's own epoch are that
// variant's untrained and trained networks, so they are not listed again.
// Example: files::readJsonFlat(id, [](auto flat, auto error) { onManifest(manifestSet(flat)); });
#pragma once
#include <map>
#include <string>

#include "parts/layers/layers_state.hpp"

namespace peakscope::web::layers {

// `flat`: the JSON flattened as platform::files::readJsonFlat gives it ("variants.0.layers.2.name").
LayerSet manifestSet(const std::map<std::string, std::string>& flat);

}  // namespace peakscope::web::layers
