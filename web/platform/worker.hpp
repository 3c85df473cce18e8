// PeakScope web platform: the one compute worker of the page (peakscope_worker.js, web/worker/),
// shared by both tutorials. A plain Web Worker (no SharedArrayBuffer, so the page works inside any
// iframe); a message is the bytes of protocol/messages.hpp plus at most one file (platform/files.hpp),
// copied by structured clone. Every reply is decoded once, here, and given to every listener; a
// part takes the replies to its own jobs (job numbers come from newJob(), one counter for the page).
//   Sections: start and post · listen · cancel
// Example: int job = worker::newJob();  worker::post(protocol::Analyze{job, version, pairs});
//          worker::listen([](const protocol::ToPage& m) { ... });
#pragma once
#include <functional>
#include <string>

#include "protocol/messages.hpp"

namespace peakscope::web::platform::worker {

// ---- start and post ----
void start();                                            // once; later calls do nothing
void post(const protocol::ToWorker& m, int fileId = 0);  // fileId: platform::files, sent beside it
// The worker downloads `url` itself (on its own thread; a copy it prefetched is taken, see
// platform/early.js) and handles `m` with those bytes as its file; a failed download answers
// Failed{-1, key, "could not load <url>: <why>"} (key: LayersFile's).
void postUrl(const protocol::ToWorker& m, const std::string& url);
int newJob();

// ---- listen ----
using Listener = std::function<void(const protocol::ToPage&)>;
void listen(Listener l);
// Called after restart(): what the parts sent before (data sets, files, labels) is gone; running
// jobs will not answer. (After the worker failed, listeners get Failed{workerLost}; the next post
// starts a fresh worker: generation() tells a part that its worker-side data is gone.)
void onRestart(std::function<void()> f);

// ---- cancel ----
// Terminates the worker (the running job stops at once: wasm cannot be interrupted otherwise) and
// starts a fresh one; then calls every onRestart function.
void restart();
// Gives a reply to every listener (the transport calls it; tests may too).
void deliver(const protocol::ToPage& m);
void lost();       // the worker failed: the next post starts a fresh one
int generation();  // counts the starts: a part's worker-side data belongs to one generation

}  // namespace peakscope::web::platform::worker
