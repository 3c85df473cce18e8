// PeakScope compute worker: its side of the transport (the page's side: platform/worker.hpp).
// Messages arrive in post.js and reach ps_worker_message (main.cpp) as bytes + a file's bytes;
// replies leave through reply() (in a helper of the pool, to its coordinator: pool.hpp).
// Example: worker::reply(protocol::Failed{job, "", "x.csv: the file is empty"});
#pragma once
#include <string>
#include <string_view>

#include "protocol/messages.hpp"

namespace peakscope::web::worker {

void reply(const protocol::ToPage& m);
// A stage's progress, sent at most about every 2 % (a new stage always).
void progress(int job, const char* stage, double fraction);

// Tutorial 1 (main.cpp): data sets kept by version, analyses.
void handle(const protocol::Load& m, std::string_view file);
void handle(const protocol::Analyze& m);
// Tutorial 2 (layers_jobs.cpp): files kept by key, labels, per-layer analyses.
void handle(const protocol::LayersFile& m, std::string_view file);
void preread(const std::string& url, std::string_view file);             // a prefetched file, read now
void handlePreread(const protocol::LayersFile& m, const std::string& url);  // … taken under m.key
void handle(const protocol::LayersDrop& m);
void handle(const protocol::LayersWarmup& m);
void handle(const protocol::LayersLabels& m);
void handle(const protocol::LayersAnalyze& m);

}  // namespace peakscope::web::worker
