// PeakScope compute worker: the pool of helper workers (issue #12: use the cores without
// SharedArrayBuffer, so the page keeps working in any iframe). The page's worker is the coordinator:
// it owns the data and starts helpers — the same binary, peakscope_worker.js?helper, plain nested Web
// Workers — and spreads Tutorial 1's two per-point stages over them in slices: the neighbour rows
// (core NeighbourSearch::rows) and, from 3 helpers, PAk's per-point likelihood (core pakRows; k* stays
// here, it reads the whole graph). It merges the slices — bit for bit what one worker computes — and
// runs the rest.
//   Size: one helper per core up to 4, or ?pool=N in the worker's URL (copied from the page's address
//   by platform/worker), at most 8, 1 = none. The URL may also ask for a check (?poolcheck: every
//   pooled stage is also computed in-process and compared bit for bit).
//   Asynchrony without blocking: the job (main.cpp) runs core's StagedAnalysis; a stage the pool
//   takes returns the job to the event loop, and the stage's callback resumes it where it stopped.
//   Each helper has up to two slices posted, so it starts the next while its last rows travel back.
//   Fallback: a helper's Failed reply → the callback gets nothing and the job computes that stage
//   in-process (and the rest of the job); a helper that dies → no pool.
//   Cancel: the page terminates the coordinator (platform::worker::restart); its helpers go with it.
//   Sections: coordinator (start, stages, check, queue) · helper (its three messages)
// Example: pool::start();  if (!pool::search(v, np, job, [](std::optional<KnnGraph> g) { ... })) g = neighbours(v, np);
#pragma once
#include <functional>
#include <optional>

#include "core/analysis.hpp"
#include "protocol/messages.hpp"

namespace peakscope::web::worker::pool {

// ---- coordinator ----
void start();        // once, at the worker's start: spawns the helpers (none in a helper)
int size();          // helpers working (0: everything in-process)
bool busy();         // a pooled stage is running: new messages wait (queue)

// The neighbour rows of `v` (what neighbours(v, np) returns) started on the helpers for page job
// `pageJob`; false: the pool does not take it (no helpers, a small set, HNSW, a stage running) and
// the caller computes it. `done` gets the merged graph, or nothing when a helper failed.
bool search(const PointsView& v, const NeighbourParams& np, int pageJob, std::function<void(std::optional<KnnGraph>)> done);
// PAk's per-point likelihood on the helpers (k* here: it reads the whole graph), as search() above.
bool density(const KnnGraph& g, double id, const DensityParams& dp, int pageJob,
             std::function<void(std::optional<Density>)> done);
// ?poolcheck: at a job's end, its pooled stages computed again in-process and compared bit for bit
// (throws Error on a difference, else adds a note to the warnings); forget(): a job failed.
void check(Analysis& a);
void forget();
// Messages that arrive while busy() wait here; runQueued() (after every message) runs them in order
// until one starts a pooled stage.
void later(std::function<void()> message);
void runQueued();

// ---- helper ----
void handle(const protocol::PoolPoints& m);
void handle(const protocol::PoolNeighbours& m);
void handle(const protocol::PoolDensity& m);

}  // namespace peakscope::web::worker::pool
