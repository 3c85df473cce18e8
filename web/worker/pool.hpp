// PeakScope compute worker: the pool of helper workers (issue #12: use the cores without
// SharedArrayBuffer, so the page keeps working in any iframe). The page's worker is the coordinator:
// it owns the data and starts helpers — the same binary, peakscope_worker.js?helper, plain nested Web
// Workers — and spreads Tutorial 1's two per-point stages over them in slices: the neighbour rows
// (core NeighbourSearch::rows) and PAk's per-point likelihood (core pakRows; k* stays here, it reads
// the whole graph). It merges the slices — bit for bit what one worker computes — and runs the rest.
//   Size: opt-in, ?pool=N in the worker's URL (copied from the page's address by platform/worker), at
//   most 8; without it no pool (all in-process: on 2 cores the pool measured slower). The URL may also
//   ask for a check (?poolcheck: every pooled stage is also computed in-process and compared bit for bit).
//   Asynchrony without blocking: the stage hooks of core's AnalysisParams return a finished stage or
//   start it on the pool and throw Pending; the job ends there, and when the last slice arrives the
//   job runs again from the start (the finished stages are memoised; the rest is cheap).
//   Fallback: a helper's Failed reply → the job's stages in-process; a helper that dies → no pool.
//   Cancel: the page terminates the coordinator (platform::worker::restart); its helpers go with it.
//   Sections: coordinator (start, hooks, a job's end, queue) · helper (its three messages)
// Example: pool::start();  AnalysisParams p;  pool::hook(p, job);  ... catch (const pool::Pending&) {}
#pragma once
#include <functional>

#include "core/analysis.hpp"
#include "protocol/messages.hpp"

namespace peakscope::web::worker::pool {

// ---- coordinator ----
void start();        // once, at the worker's start: spawns the helpers (none in a helper)
int size();          // helpers working (0: everything in-process)
bool busy();         // a pooled stage is running: new messages wait (queue)

// Thrown by a hook that started a pooled stage; `resume` (given to hook) runs when it finished.
struct Pending {};
// Sets p.neighbourStage and p.densityStage for page job `job` when the pool is on; `resume` re-runs
// the job after a pooled stage (its result memoised).
void hook(AnalysisParams& p, int job, std::function<void()> resume);
// The job finished (result or error): stage timings from the pool, the check (?poolcheck: throws
// Error on a difference, else adds a note to the warnings), and the memo is cleared.
void finish(Analysis* a);
// Messages that arrive while busy() wait here; runQueued() (after every message) runs them in order
// until one starts a pooled stage.
void later(std::function<void()> message);
void runQueued();

// ---- helper ----
void handle(const protocol::PoolPoints& m);
void handle(const protocol::PoolNeighbours& m);
void handle(const protocol::PoolDensity& m);

}  // namespace peakscope::web::worker::pool
