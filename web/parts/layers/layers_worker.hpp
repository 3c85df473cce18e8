// PeakScope Tutorial 2 ("Layers"): the part's side of the page's compute worker and files
// (layers_bridge.cpp: platform/worker.hpp, platform/files.hpp), and where their replies go:
//   shipped sets  manifest (layers_manifest.hpp) → images.npz (page) + per-layer files (worker) → per-layer results
//                 (layers_replies.cpp)
//   own data      dropped files → the worker's listings → an own LayerSet (layers_own_data.hpp)
//   page API      window.peakscope.layers(), layersSelect, layersSetZ (layers_hooks.cpp)
//   Sections: [1] worker and files  [2] replies of the shipped sets  [3] page API
// Example: fetchFile("trained_logits.npz", true);  …  onFetched("images.npz");
#pragma once
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "parts/layers/layers_state.hpp"
#include "protocol/messages.hpp"

namespace peakscope::web::layers {

//-----------------------------------------------------------------------------------------------
// [1] Worker and files (layers_bridge.cpp)
//-----------------------------------------------------------------------------------------------
// The shipped sets' folder on the server (web/CMakeLists.txt copies demos/data/tutorial2 there);
// platform/early.js prefetches from a copy of it.
constexpr const char* kShippedFolder = "data/tutorial2/cluttered/";
void installBridge();                            // page API hooks, replies, restart handling
void ensureWorker();                             // the page's worker, warmed up once per start
void fetchManifest();                            // kShippedFolder + manifest.json → onManifest
void fetchFile(const std::string& file, bool toWorker);  // kShippedFolder + file: worker or page
void abortFetches();
double fetchFraction();                          // −1 when no fetch runs
double pollJobProgress(int job, std::string& stage);  // −1 when the job reported nothing yet
void postLabels(int set, const std::vector<int32_t>& labels, const std::vector<int32_t>& macro);
int postAnalyze(int set, int slot, int ref, const LayerResult& r, double Z);  // returns the job
void postDrop(const std::string& key);
void postFile(const std::string& key, const std::string& name, int fileId);  // a page file to the worker

//-----------------------------------------------------------------------------------------------
// [2] Replies of the shipped sets and of the per-layer jobs (layers_replies.cpp)
//-----------------------------------------------------------------------------------------------
void onManifest(LayerSet set);                   // starts the downloads
void onPageFile(const std::string& key, std::string bytes);  // images.npz: its labels; keeps the bytes
void readImages(LayerSet& set);                  // images.npz's images (kept by onPageFile), once
void onFetched(const std::string& key);
// A failed job (job > 0), download or file (key), or a lost worker (job −1, key ""); the own drop's
// files go to ownFailed first.
void onError(int job, const std::string& key, const std::string& message);
void replyFileInfo(const std::string& key, const std::string& listing, const std::vector<int32_t>& labels);
void replyResult(const protocol::LayersResult& m);
void workerRestarted(LayersState& L);            // layers_loading.cpp
// A restart not yet taken up (L.workerRestarted): workerRestarted now. update() calls it first, and
// so does what posts to the worker between frames (a drop), so nothing goes to a fresh worker first.
void settleWorkerRestart(LayersState& L);

//-----------------------------------------------------------------------------------------------
// [3] Page API (layers_hooks.cpp)
//-----------------------------------------------------------------------------------------------
std::string layersJson();                        // window.peakscope.layers()
void selectLayer(int series, int layer, int epoch);
void setZFromPage(double z);

}  // namespace peakscope::web::layers
