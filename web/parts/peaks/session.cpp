// PeakScope Tutorial 1 session; see session.hpp. The compute worker is the page's one worker
// (platform/worker.hpp); messages are protocol/messages.hpp. The worker owns the data sets: a
// generated set or a file is read there (Load) and its points stay there; this part keeps the
// metadata (Dataset: n, d, truth, names) and, per result, the 2-D projection. A file's bytes stay
// in the page's JavaScript (platform/files.hpp) so that a fresh worker can read them again.
//   Sections: [1] the worker: send, replies   [2] data   [3] analysis   [4] Z
#include "parts/peaks/session.hpp"

#include <emscripten.h>

#include <algorithm>
#include <cstdio>

#include "core/toy/generators.hpp"
#include "parts/peaks/session_messages.hpp"
#include "platform/files.hpp"
#include "platform/platform.hpp"
#include "platform/worker.hpp"
#include "protocol/limits.hpp"
#include "shell/app.hpp"

namespace peakscope::web::session {

namespace worker = platform::worker;
namespace files = platform::files;

PeaksState& state() {
    static PeaksState s;
    return s;
}

namespace {

//-----------------------------------------------------------------------------------------------
// [1] The worker: what it holds (PeaksState::loadedIn), sending a data set and an analysis, the
// replies.
//-----------------------------------------------------------------------------------------------
void finishJob(PeaksState& s) {
    s.job.kind = Job::None;
    if (s.job.pending && s.job.pending->fileId != s.data.fileId) files::release(s.job.pending->fileId);
    s.job.pending.reset();
    s.job.stage.clear();
}

// Sends data set `d` to the worker (generator settings or the file), to be kept as d.version.
void sendLoad(PeaksState& s, const Dataset& d, int job) {
    worker::start();
    const protocol::Load m = loadMessage(d, job, s.data.version);
    s.loadedIn[d.version] = worker::generation();
    worker::post(m, d.fileId);
}

// The analysis of data set `d` with the job's settings and the Z on screen, as job s.job.id. ID vs scale by
// decimation is asked for always; the worker leaves it out above limits::kMaxPointsDecimation points
// (it knows N before the page does when the analysis goes with the Load).
void postAnalyze(PeaksState& s, const Dataset& d) {
    worker::post(protocol::Analyze{s.job.id, d.version, analysisPairs(s.job.settings, s.z.Z)});
}

void startAnalysis(PeaksState& s, std::unique_ptr<Dataset> pending) {
    const Dataset& d = pending ? *pending : s.data;
    if (d.n == 0) return;
    worker::start();
    s.job.kind = Job::Analyze;
    s.job.id = worker::newJob();
    s.job.stage = "starting";
    s.job.fraction = 0;
    s.job.started = emscripten_get_now();
    s.job.settings = s.settings;
    s.job.pending = std::move(pending);
    const Dataset& dd = s.job.pending ? *s.job.pending : s.data;
    // a fresh worker (after a cancel) reads the data set again
    auto at = s.loadedIn.find(dd.version);
    s.job.reads = at == s.loadedIn.end() || at->second != worker::generation();
    if (s.job.reads) sendLoad(s, dd, s.job.id);
    postAnalyze(s, dd);
}

// A new data set: read in the worker and analysed there right after, one job. The analysis is sent
// with the Load, so the worker does not wait for the page to see the Table (in software GL a frame
// of the page can hold its thread ~80 ms). A Load that fails ends the job (the worker drops its
// Analyze); new settings while it is read send both again (reanalyze).
void startLoad(PeaksState& s, std::unique_ptr<Dataset> d) {
    if (busy(s)) cancel(s);
    s.job.kind = Job::Parse;
    s.job.id = worker::newJob();
    s.job.stage = d->fileId ? "reading file" : "generating";
    s.job.fraction = 0;
    s.job.started = emscripten_get_now();
    s.job.settings = s.settings;
    s.job.reads = true;
    s.job.pending = std::move(d);
    sendLoad(s, *s.job.pending, s.job.id);
    postAnalyze(s, *s.job.pending);
}

void onTable(PeaksState& s, const protocol::Table& t) {
    if (t.job != s.job.id || s.job.kind != Job::Parse || !s.job.pending) return;  // a reload's Table
    Dataset* pending = s.job.pending.get();
    pending->n = t.n;
    pending->d = t.d;
    pending->truth = t.labels;
    pending->truthNames = t.labels.empty() ? std::vector<std::string>{} : t.labelNames;
    pending->info = t.info;
    pending->columns = t.columns;
    pending->labelColumn = t.labelColumn;
    if (!t.notice.empty()) {
        shell::linkNotice(t.notice);
        pending->source.labels.clear();  // the link keeps what was used
    }
    if (pending->fileId == 0) pending->name = toy::findGenerator(pending->source.generator)->title;
    s.job.kind = Job::Analyze;  // its analysis went with the Load (startLoad)
}

void onResult(PeaksState& s, const protocol::Result& m) {
    if (m.job != s.job.id || s.job.kind != Job::Analyze) return;
    Results r;
    r.analysis = m.analysis;  // decoded once by the transport; immutable from here on
    r.projection = m.projection;
    r.explained = m.explained;
    const bool newData = s.job.pending != nullptr;
    if (newData) {
        if (s.data.fileId != s.job.pending->fileId) files::release(s.data.fileId);
        s.loadedIn.erase(s.data.version);
        s.data = std::move(*s.job.pending);
        s.ui.viewScale = 0;  // fit the new data
        s.ui.highlightPeak = -1;
        s.ui.hoveredRow = -1;
        if (s.data.truth.empty() && s.ui.colour == ColourBy::Truth) s.ui.colour = ColourBy::Peak;
    }
    r.settings = s.job.settings;
    r.dataVersion = s.data.version;
    r.seconds = (emscripten_get_now() - s.job.started) / 1000.0;
    r.withRead = s.job.reads;
    r.serial = s.results.serial + 1;
    s.results = std::move(r);
    finishJob(s);
    if (s.firstResultMs < 0) s.firstResultMs = emscripten_get_now();
    shell::linkChanged();
    if (!s.results.analysis->warnings.empty()) {
        std::string w;
        for (const auto& x : s.results.analysis->warnings) w += (w.empty() ? "" : "\n") + x;
        shell::notice(w);
    } else {
        shell::clearMessage();  // a new result supersedes an earlier error or notice
    }
    refreshPartition(s);
}

void onFailed(PeaksState& s, const protocol::Failed& f) {
    if (f.workerLost) {
        if (s.job.kind == Job::None) return;
        finishJob(s);
        shell::error(f.message);
        return;
    }
    if (f.job != s.job.id || s.job.kind == Job::None) return;  // another part's, or a cancelled job's
    std::string text = f.message;
    // name the file when its analysis failed (e.g. too few points)
    if (s.job.kind == Job::Analyze && s.job.pending && !s.job.pending->source.fileName.empty() &&
        text.find(s.job.pending->source.fileName) == std::string::npos)
        text = s.job.pending->source.fileName + ": " + text;
    finishJob(s);
    shell::error(text);
}

void onReply(const protocol::ToPage& m) {
    PeaksState& s = state();
    if (auto* p = std::get_if<protocol::Progress>(&m)) {
        if (p->job == s.job.id && s.job.kind != Job::None) {
            s.job.stage = p->stage;
            s.job.fraction = p->fraction;
        }
    } else if (auto* t = std::get_if<protocol::Table>(&m)) {
        onTable(s, *t);
    } else if (auto* r = std::get_if<protocol::Result>(&m)) {
        onResult(s, *r);
    } else if (auto* f = std::get_if<protocol::Failed>(&m)) {
        onFailed(s, *f);
    }
}

// Another part cancelled its job (a fresh worker): this part's running job starts again there.
void onRestart() {
    PeaksState& s = state();
    if (s.job.kind == Job::Parse && s.job.pending) {
        sendLoad(s, *s.job.pending, s.job.id);
        postAnalyze(s, *s.job.pending);
    } else if (s.job.kind == Job::Analyze) {
        std::unique_ptr<Dataset> pending = std::move(s.job.pending);
        s.job.kind = Job::None;
        startAnalysis(s, std::move(pending));
    }
}

}  // namespace

void install() {
    worker::listen(onReply);
    worker::onRestart(onRestart);
    files::exposeOpener("openBytes", [](std::vector<files::File> list) { openFiles(state(), std::move(list)); });
}

//-----------------------------------------------------------------------------------------------
// [2] Data.
//-----------------------------------------------------------------------------------------------
void generate(PeaksState& s, const DataSource& source) {
    const toy::GeneratorInfo* info = toy::findGenerator(source.generator);
    if (!info) return shell::error("unknown data set '" + source.generator + "'");
    auto d = std::make_unique<Dataset>();
    d->source = source;
    d->source.url.clear();
    d->source.fileName.clear();
    d->name = info->title;
    d->version = s.nextVersion++;
    startLoad(s, std::move(d));
}

void startInitialData(PeaksState& s) {
    if (s.ui.initialDataStarted) return;
    s.ui.initialDataStarted = true;
    if (!s.data.source.url.empty())
        loadUrl(s, s.data.source.url);
    else {
        if (s.data.source.generator.empty()) s.data.source.generator = "gaussians";
        generate(s, s.data.source);
    }
}

void openFiles(PeaksState& s, std::vector<platform::files::File> list) {
    for (size_t i = 1; i < list.size(); ++i) files::release(list[i].id);  // one data set: the first file
    if (list.empty()) return;
    const files::File f = list[0];
    if (f.size > double(limits::kMaxFileBytes)) {
        char buf[64];
        std::snprintf(buf, sizeof buf, "%.0f MB", f.size / 1048576.0);
        shell::error(f.name + ": " + buf + " is more than the browser app reads (" +
                     std::to_string(limits::kMaxFileBytes >> 20) + " MB); use the command-line tool");
        files::release(f.id);
        return;
    }
    auto d = std::make_unique<Dataset>();
    d->name = f.name;
    d->source.generator.clear();
    d->source.fileName = f.name;
    d->fileId = f.id;
    d->version = s.nextVersion++;
    startLoad(s, std::move(d));
}

void pickLabelColumn(PeaksState& s, int column) {
    if (s.data.fileId == 0 || s.data.columns.empty() || column < -2 || column >= int(s.data.columns.size())) return;
    auto d = std::make_unique<Dataset>();
    d->name = s.data.name;
    d->source = s.data.source;
    d->fileId = s.data.fileId;  // the same kept bytes: released only when no data set uses them
    d->labelChoice = column;
    d->source.labels = column >= 0 ? s.data.columns[size_t(column)] : "none";  // for the link (?data=)
    d->version = s.nextVersion++;
    startLoad(s, std::move(d));
}

void openFilePicker() {
    files::pick(".csv,.tsv,.txt,.dat,.npy,.npz", false,
                [](std::vector<files::File> list) { openFiles(state(), std::move(list)); });
}

// ?data=<url>: refused from its Content-Length when it exceeds what the app reads, and aborted as
// soon as a stream without that header passes it (platform::files::fetch).
void loadUrl(PeaksState& s, const std::string& url) {
    if (busy(s)) cancel(s);
    std::string name = url.substr(0, url.find_first_of("?#"));
    name = name.substr(name.find_last_of('/') == std::string::npos ? 0 : name.find_last_of('/') + 1);
    if (name.empty()) name = "data.csv";
    std::string lower = name;
    std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return char(std::tolower(c)); });
    bool known = false;
    for (const char* e : {".csv", ".tsv", ".txt", ".dat", ".npy", ".npz"})
        if (lower.size() >= 4 && lower.compare(lower.size() - 4, 4, e) == 0) known = true;
    if (!known) name += ".csv";
    const std::string labels = s.data.source.labels;  // the link's label column, if any
    files::fetch(url, name, double(limits::kMaxFileBytes), [url, labels](const files::File* f, const std::string& why) {
        PeaksState& st = state();
        if (!f) {
            const bool limit = why.find("more than the browser app") != std::string::npos;
            shell::error("could not load " + url + ": " + why +
                         (limit ? "" : " (is the address right, and does its host allow cross-origin requests?)"));
            return;
        }
        auto d = std::make_unique<Dataset>();
        d->name = f->name;
        d->source.generator.clear();
        d->source.url = url;
        d->source.labels = labels;
        if (labels == "none") d->labelChoice = -2;
        d->fileId = f->id;
        d->version = st.nextVersion++;
        startLoad(st, std::move(d));
    });
}

//-----------------------------------------------------------------------------------------------
// [3] Analysis.
//-----------------------------------------------------------------------------------------------
void reanalyze(PeaksState& s) {
    if (busy(s) && s.settings == s.job.settings) return;  // the running job has them (a re-pick, an unchanged maxk)
    if (!busy(s) && s.data.n == 0) return;
    if (busy(s)) {
        std::unique_ptr<Dataset> pending = std::move(s.job.pending);
        if (s.job.kind == Job::Parse) {  // its analysis went with the Load: both again, with these settings
            cancel(s);
            startLoad(s, std::move(pending));
            return;
        }
        cancel(s);
        startAnalysis(s, std::move(pending));
        return;
    }
    startAnalysis(s, nullptr);
}

void cancel(PeaksState& s) {
    if (s.job.kind == Job::None) return;
    finishJob(s);
    s.job.id = 0;
    worker::restart();  // the busy worker stops; a fresh one takes the next job
}

bool busy(const PeaksState& s) { return s.job.kind != Job::None; }

//-----------------------------------------------------------------------------------------------
// [4] Z.
//-----------------------------------------------------------------------------------------------
void setZ(PeaksState& s, double Z) {
    if (!(Z >= 0)) Z = 0;
    if (Z == s.z.Z) return;
    s.z.Z = Z;
    shell::linkChanged();
    platform::requestFrames();  // the next frame's update merges at Z (refreshPartition)
}

constexpr int kWarmRounds = 4;

void refreshPartition(PeaksState& s) {
    const auto& a = s.results.analysis;
    if (!a) return;
    if (s.z.computedSerial == s.results.serial && s.z.computedZ == s.z.Z) return;
    const double t0 = emscripten_get_now();
    if (a->mergedAt(s.z.Z)) {
        s.z.partition = a->partition;  // the worker's merge at this Z: not recomputed
        s.z.hierarchy = a->hierarchy;
    } else {
        s.z.partition = mergeAtZ(a->topography, a->density, s.z.Z);
        s.z.hierarchy = peakHierarchy(s.z.partition);
        labelJoins(s.z.hierarchy, a->topography, s.z.partition, a->curve);  // = the merge curve's steps
    }
    s.z.rowLabels = a->perRow(s.z.partition.labels);
    s.z.rowHalo = a->perRow(s.z.partition.haloLabels);
    s.z.computedZ = s.z.Z;
    s.z.computedSerial = s.results.serial;
    s.z.mergeMs = emscripten_get_now() - t0;
    if (s.ui.highlightPeak >= s.z.partition.nClusters()) s.ui.highlightPeak = -1;
}

void warmMergePath(PeaksState& s) {
    const auto& a = s.results.analysis;
    if (!a) return;
    // The frames after a result: run the merge path at other Z and drop the outcome, so that
    // V8 has optimised its code (tier-up from baseline code) before the user first moves Z (a
    // cold first re-merge ran in baseline code, 10–25 ms). Four frames, two merges each, at Z
    // from 0 (the most peaks) to 2 Z + 1.
    if (s.z.warmedSerial != s.results.serial) {
        s.z.warmedSerial = s.results.serial;
        s.z.warmRounds = 0;
    }
    if (s.z.warmRounds < kWarmRounds) {
        const int r = s.z.warmRounds++;
        for (int j = 0; j < 2; ++j) {
            const double z = (2 * s.z.Z + 1) * double(2 * r + j) / double(2 * kWarmRounds - 1);
            Partition p = mergeAtZ(a->topography, a->density, z);
            Dendrogram d = peakHierarchy(p);
            labelJoins(d, a->topography, p, a->curve);
            (void)a->perRow(p.labels);
            (void)a->perRow(p.haloLabels);
        }
    }
}

}  // namespace peakscope::web::session
