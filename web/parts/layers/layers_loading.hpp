// PeakScope Tutorial 2 ("Layers"): loading and scheduling (layers_loading.cpp): the part's state,
// the labels sent to the worker, the per-layer jobs one at a time, progress.
// Example: if (LayersState* L = st()) pump(*L);
#pragma once
#include <string>
#include <vector>

#include "parts/layers/layers_state.hpp"

namespace peakscope::web::layers {

LayersState* st();                               // the part's state, or null before ensure()
double now();
std::vector<std::string> split(const std::string& s, char sep);
void sendLabels(LayerSet& set, int setId);
void countLayers(const LayerSet& set, int& total, int& done);
void pump(LayersState& L);                      // starts the next per-layer job if the worker is idle
void fetchRest(LayersState& L);                 // the shipped files after the trained variant's
void poll(LayersState& L);                      // progress of the downloads and the running job
bool defaultNetworkPending(const LayersState& L);  // a layer of the shipped trained variant still to come

}  // namespace peakscope::web::layers
