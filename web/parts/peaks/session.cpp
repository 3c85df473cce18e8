// PeakScope Tutorial 1 session; see session.hpp. Browser side: one plain Web Worker running
// peakscope_worker.js (worker/main.cpp + worker/post.js); messages carry copies (structured clone),
// never SharedArrayBuffer, so the page works inside any iframe.
//   Sections: [1] JS bridge   [2] replies from the worker   [3] data   [4] analysis   [5] Z
#include "parts/peaks/session.hpp"

#include <emscripten.h>

#include <algorithm>
#include <cstring>
#include <cstdio>

#include "core/toy/generators.hpp"
#include "protocol/limits.hpp"
#include "protocol/result_codec.hpp"
#include "shell/app.hpp"

namespace peakscope::web::session {

PeaksState& state() {
    static PeaksState s;
    return s;
}

namespace {

//-----------------------------------------------------------------------------------------------
// [1] JS bridge. Module.psWorker is the worker; replies call the exported ps_app_* functions.
//-----------------------------------------------------------------------------------------------
EM_JS(void, jsStartWorker, (), {
    if (Module.psWorker) Module.psWorker.terminate();
    const w = new Worker('peakscope_worker.js');
    Module.psWorker = w;
    Module.psWorkerVersion = -1;  // the worker holds no points yet
    Module.psProgress = null;
    const str = (s) => {
        const len = lengthBytesUTF8(s) + 1;
        const p = _malloc(len);
        stringToUTF8(s, p, len);
        return p;
    };
    w.onmessage = (e) => {
        const m = e.data;
        if (m.type === 'progress') {
            Module.psProgress = m;
        } else if (m.type === 'error') {
            const p = str(m.message);
            Module._ps_app_error(m.job, p);
            _free(p);
        } else if (m.type === 'table') {
            const n = m.n, d = m.d;
            const pp = _malloc(Math.max(8, n * d * 8));
            HEAPF64.set(m.points, pp >> 3);
            let lp = 0;
            if (m.labels) {
                lp = _malloc(Math.max(4, n * 4));
                HEAP32.set(m.labels, lp >> 2);
            }
            const ip = str(m.info), cp = str(m.classes ? m.classes : "");
            Module._ps_app_table(m.job, pp, n, d, lp, ip, cp);
            _free(pp);
            if (lp) _free(lp);
            _free(ip);
            _free(cp);
        } else if (m.type === 'result') {
            const p = _malloc(m.bytes.length);
            HEAPU8.set(m.bytes, p);
            Module._ps_app_result(m.job, p, m.bytes.length);
            _free(p);
        }
    };
    w.onerror = (e) => {
        e.preventDefault();
        const p = str('the compute worker failed: ' + (e.message || 'could not load peakscope_worker.js'));
        Module._ps_app_error(-1, p);
        _free(p);
    };
});

EM_JS(void, jsAnalyze, (int job, int version, const double* points, int n, int d, int maxk, int method,
                        int density, int k, double Z, int idScaling), {
    const w = Module.psWorker;
    if (Module.psWorkerVersion !== version) {
        const pts = HEAPF64.slice(points >> 3, (points >> 3) + n * d);
        w.postMessage({type : 'points', version : version, n : n, d : d, points : pts}, [pts.buffer]);
        Module.psWorkerVersion = version;
    }
    Module.psProgress = {job : job, stage : 'starting', fraction : 0};
    w.postMessage({type : 'analyze', job : job, version : version, maxk : maxk, method : method,
                   density : density, k : k, Z : Z, idScaling : idScaling});
});

EM_JS(void, jsParse, (int job, const char* name), {
    const bytes = Module.psPendingBytes;
    Module.psPendingBytes = null;
    Module.psProgress = {job : job, stage : 'reading file', fraction : 0};
    Module.psWorker.postMessage({type : 'parse', job : job, name : UTF8ToString(name), bytes : bytes},
                                [bytes.buffer]);
});

// Returns the fraction (or −1 when nothing is reported) and copies the stage name.
EM_JS(double, jsPollProgress, (int job, char* stage, int capacity), {
    const p = Module.psProgress;
    if (!p || p.job !== job) return -1;
    stringToUTF8(p.stage, stage, capacity);
    return p.fraction;
});

EM_JS(void, jsOpenFilePicker, (), {
    let input = document.getElementById('peakscope-file');
    if (!input) {
        input = document.createElement('input');
        input.type = 'file';
        input.id = 'peakscope-file';
        input.accept = '.csv,.tsv,.txt,.dat,.npy,.npz';
        input.style.display = 'none';
        input.addEventListener('change', () => {
            if (input.files.length) Module.psOpenFile(input.files[0]);
            input.value = null;
        });
        document.body.appendChild(input);
    }
    input.click();
});

// File drop on the canvas and the shared "open a File object" path (picker, drop, tests).
EM_JS(void, jsInstallFileInput, (), {
    const str = (s) => {
        const len = lengthBytesUTF8(s) + 1;
        const p = _malloc(len);
        stringToUTF8(s, p, len);
        return p;
    };
    Module.psOpenBytes = (name, bytes) => {
        const np = str(name);
        const job = Module._ps_app_file_begin(np, bytes.length);
        _free(np);
        if (job > 0) {
            Module.psPendingBytes = bytes;
            const np2 = str(name);
            Module._ps_app_file_send(job, np2);
            _free(np2);
        }
    };
    Module.psOpenFile = (file) => {
        const np = str(file.name);
        const ok = Module._ps_app_file_check(np, file.size);
        _free(np);
        if (!ok) return;
        file.arrayBuffer().then((buf) => Module.psOpenBytes(file.name, new Uint8Array(buf)), (err) => {
            const p = str(file.name + ': could not read the file (' + err + ')');
            Module._ps_app_error(-1, p);
            _free(p);
        });
    };
    const canvas = document.querySelector('#canvas');
    canvas.addEventListener('dragover', (e) => { e.preventDefault(); e.dataTransfer.dropEffect = 'copy'; });
    canvas.addEventListener('drop', (e) => {
        e.preventDefault();
        if (e.dataTransfer.files.length) Module.psOpenFile(e.dataTransfer.files[0]);
    });
});

// ?data=<url>: the response is refused before it is read when its Content-Length exceeds what the
// app reads (maxBytes), and the download is aborted as soon as a stream without that header passes it.
EM_JS(void, jsFetchUrl, (const char* urlPtr, double maxBytes), {
    const url = UTF8ToString(urlPtr);
    const str = (s) => {
        const len = lengthBytesUTF8(s) + 1;
        const p = _malloc(len);
        stringToUTF8(s, p, len);
        return p;
    };
    const fail = (why) => {
        const p = str('could not load ' + url + ': ' + why);
        Module._ps_app_error(-1, p);
        _free(p);
    };
    let name = url.split('?')[0].split('#')[0].split('/').pop() || 'data.csv';
    const known = ['.csv', '.tsv', '.txt', '.dat', '.npy', '.npz'];
    if (!known.some((e) => name.toLowerCase().endsWith(e))) name += '.csv';
    const mb = (b) => (b / 1048576).toFixed(b < 10485760 ? 1 : 0) + ' MB';
    const tooBig = (what) => new Error(what + ' is more than the browser app reads (' + mb(maxBytes) +
                                       '); use the command-line tool');
    const ctrl = new AbortController();
    fetch(url, {signal : ctrl.signal}).then(async (r) => {
        if (!r.ok) throw new Error('HTTP ' + r.status + ' ' + r.statusText);
        const declared = Number(r.headers.get('Content-Length'));
        if (declared > maxBytes) {
            ctrl.abort();
            throw tooBig(mb(declared));
        }
        if (!r.body || !r.body.getReader) {
            const buf = new Uint8Array(await r.arrayBuffer());
            if (buf.length > maxBytes) throw tooBig(mb(buf.length));
            return buf;
        }
        const reader = r.body.getReader();
        const parts = [];
        let total = 0;
        for (;;) {
            const { done, value } = await reader.read();
            if (done) break;
            total += value.length;
            if (total > maxBytes) {
                ctrl.abort();
                throw tooBig('more than ' + mb(maxBytes) + ' (download stopped)');
            }
            parts.push(value);
        }
        const buf = new Uint8Array(total);
        let at = 0;
        for (const part of parts) { buf.set(part, at); at += part.length; }
        return buf;
    }).then((buf) => Module.psOpenBytes(name, buf),
            (err) => {
                const why = err && err.message ? err.message : String(err);
                fail(/more than the browser app/.test(why) ? why
                     : why + ' (is the address right, and does its host allow cross-origin requests?)');
            });
});

bool g_workerStarted = false;
void ensureWorker() {
    static bool inputInstalled = false;
    if (!inputInstalled) {
        jsInstallFileInput();
        inputInstalled = true;
    }
    if (!g_workerStarted) {
        jsStartWorker();
        g_workerStarted = true;
    }
}

void finishJob(PeaksState& s) {
    s.job.kind = Job::None;
    s.job.pending.reset();
    s.job.stage.clear();
}

void startAnalysis(PeaksState& s, std::unique_ptr<Dataset> pending) {
    ensureWorker();
    const Dataset& d = pending ? *pending : s.data;
    if (d.points.rows == 0) return;
    s.job.kind = Job::Analyze;
    s.job.id = s.nextJob++;
    s.job.stage = "starting";
    s.job.fraction = 0;
    s.job.started = emscripten_get_now();
    s.job.settings = s.settings;
    s.job.pending = std::move(pending);
    const Dataset& dd = s.job.pending ? *s.job.pending : s.data;
    const Settings& p = s.settings;
    // ID vs scale by decimation costs about one more neighbour search: only for moderate N
    const int idScaling = dd.points.rows <= limits::kMaxPointsDecimation ? 1 : 0;
    jsAnalyze(s.job.id, dd.version, dd.points.values.data(), int(dd.points.rows), int(dd.points.cols), p.maxk,
              p.neighbours, p.density, p.k, s.z.Z, idScaling);
}

}  // namespace

//-----------------------------------------------------------------------------------------------
// [2] Replies from the worker (called from JS).
//-----------------------------------------------------------------------------------------------
extern "C" {

EMSCRIPTEN_KEEPALIVE void ps_app_error(int job, const char* message) {
    PeaksState& s = state();
    if (job >= 0 && job != s.job.id) return;  // a reply to a cancelled job
    if (job == -1 && s.job.kind != Job::None) {
        // the worker itself failed: restart it so the next request works
        g_workerStarted = false;
    }
    std::string text = message;
    // name the file when its analysis failed (e.g. too few points)
    if (job >= 0 && s.job.kind == Job::Analyze && s.job.pending && !s.job.pending->source.fileName.empty() &&
        text.find(s.job.pending->source.fileName) == std::string::npos)
        text = s.job.pending->source.fileName + ": " + text;
    if (job >= 0 || s.job.kind != Job::None) finishJob(s);
    shell::error(text);
}

// Checks a file's size before it is read. Returns 1 when it may be read.
EMSCRIPTEN_KEEPALIVE int ps_app_file_check(const char* name, double size) {
    if (size > double(limits::kMaxFileBytes)) {
        char buf[64];
        std::snprintf(buf, sizeof buf, "%.0f MB", size / 1048576.0);
        shell::error(std::string(name) + ": " + buf + " is more than the browser app reads (" +
                     std::to_string(limits::kMaxFileBytes >> 20) + " MB); use the command-line tool");
        return 0;
    }
    return 1;
}

EMSCRIPTEN_KEEPALIVE int ps_app_file_begin(const char* name, double size) {
    PeaksState& s = state();
    ensureWorker();
    if (!ps_app_file_check(name, size)) return 0;
    if (busy(s)) cancel(s);
    ensureWorker();
    s.job.kind = Job::Parse;
    s.job.id = s.nextJob++;
    s.job.stage = "reading file";
    s.job.fraction = 0;
    s.job.started = emscripten_get_now();
    s.job.pending = std::make_unique<Dataset>();
    s.job.pending->name = name;
    s.job.pending->source.generator.clear();
    s.job.pending->source.fileName = name;
    return s.job.id;
}

EMSCRIPTEN_KEEPALIVE void ps_app_file_send(int job, const char* name) { jsParse(job, name); }

EMSCRIPTEN_KEEPALIVE void ps_app_table(int job, const double* points, int n, int d, const int* labels,
                                       const char* info, const char* classes) {
    PeaksState& s = state();
    if (job != s.job.id || s.job.kind != Job::Parse || !s.job.pending) return;
    auto pending = std::move(s.job.pending);
    pending->points.rows = n;
    pending->points.cols = d;
    pending->points.values.assign(points, points + size_t(n) * size_t(d));
    pending->truth.clear();
    if (labels) pending->truth.assign(labels, labels + n);
    pending->truthNames.clear();  // text class labels, one per line
    for (const char* c = classes; labels && *classes;) {
        const char* e = std::strchr(c, '\n');
        pending->truthNames.emplace_back(c, e ? size_t(e - c) : std::strlen(c));
        if (!e) break;
        c = e + 1;
    }
    pending->info = info;
    pending->version = s.nextVersion++;
    finishJob(s);
    if (pending->source.url.empty() && !pending->source.fileName.empty() && !s.ui.pendingUrl.empty()) {
        pending->source.url = s.ui.pendingUrl;
        pending->source.fileName.clear();
    }
    s.ui.pendingUrl.clear();
    startAnalysis(s, std::move(pending));
}

EMSCRIPTEN_KEEPALIVE void ps_app_result(int job, const unsigned char* bytes, int size) {
    PeaksState& s = state();
    if (job != s.job.id || s.job.kind != Job::Analyze) return;
    auto a = std::make_shared<Analysis>();
    Results r;
    try {
        decodeAnalysis(bytes, size_t(size), *a, r.projection, r.explained);
    } catch (const std::exception& e) {
        finishJob(s);
        shell::error(std::string("internal: ") + e.what());
        return;
    }
    const bool newData = s.job.pending != nullptr;
    if (newData) {
        s.data = std::move(*s.job.pending);
        s.ui.viewScale = 0;  // fit the new data
        s.ui.highlightPeak = -1;
        s.ui.hoveredRow = -1;
        if (s.data.truth.empty() && s.ui.colour == ColourBy::Truth) s.ui.colour = ColourBy::Peak;
    }
    r.analysis = std::move(a);
    r.settings = s.job.settings;
    r.dataVersion = s.data.version;
    r.seconds = (emscripten_get_now() - s.job.started) / 1000.0;
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

}  // extern "C"

//-----------------------------------------------------------------------------------------------
// [3] Data.
//-----------------------------------------------------------------------------------------------
void generate(PeaksState& s, const DataSource& source) {
    auto d = std::make_unique<Dataset>();
    try {
        toy::DatasetSpec spec;
        spec.id = source.generator;
        const toy::GeneratorInfo* info = nullptr;
        for (const auto& g : toy::catalogue())
            if (source.generator == g.id) info = &g;
        if (!info) throw Error("unknown data set '" + source.generator + "'");
        spec.n = source.n > 0 ? source.n : info->defaultN;
        spec.noise = source.noise >= 0 ? source.noise : info->defaultNoise;
        spec.seed = source.seed;
        spec.dim = source.dim > 0 ? source.dim : info->defaultDim;
        toy::Dataset g = toy::generate(spec);
        d->source = source;
        d->source.url.clear();
        d->source.fileName.clear();
        d->points = std::move(g.points);
        d->truth = std::move(g.labels);
        d->name = info->title;
        d->info = std::to_string(d->points.rows) + " points × " + std::to_string(d->points.cols) + " dimensions";
        d->version = s.nextVersion++;
    } catch (const std::exception& e) {
        shell::error(e.what());
        return;
    }
    if (busy(s)) cancel(s);
    startAnalysis(s, std::move(d));
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

void openFilePicker() {
    ensureWorker();
    jsOpenFilePicker();
}

void loadUrl(PeaksState& s, const std::string& url) {
    ensureWorker();
    if (busy(s)) cancel(s);
    s.ui.pendingUrl = url;
    jsFetchUrl(url.c_str(), double(web::limits::kMaxFileBytes));
}

//-----------------------------------------------------------------------------------------------
// [4] Analysis.
//-----------------------------------------------------------------------------------------------
void reanalyze(PeaksState& s) {
    if (s.data.points.rows == 0) return;
    if (busy(s)) {
        if (s.job.kind == Job::Parse) return;  // the new file's analysis will use the settings
        std::unique_ptr<Dataset> pending = std::move(s.job.pending);
        cancel(s);
        startAnalysis(s, std::move(pending));
        return;
    }
    startAnalysis(s, nullptr);
}

void cancel(PeaksState& s) {
    if (s.job.kind == Job::None) return;
    jsStartWorker();  // terminate the busy worker; a fresh one takes the next job
    finishJob(s);
    s.job.id = s.nextJob++;  // late replies of the old job are ignored
}

bool busy(const PeaksState& s) { return s.job.kind != Job::None; }

void pollProgress(PeaksState& s) {
    if (s.job.kind == Job::None) return;
    char stage[96] = {0};
    const double f = jsPollProgress(s.job.id, stage, int(sizeof stage));
    if (f >= 0) {
        s.job.stage = stage;
        s.job.fraction = f;
    }
}

//-----------------------------------------------------------------------------------------------
// [5] Z.
//-----------------------------------------------------------------------------------------------
void setZ(PeaksState& s, double Z) {
    if (!(Z >= 0)) Z = 0;
    if (Z == s.z.Z) return;
    s.z.Z = Z;
    shell::linkChanged();
    refreshPartition(s);
}

void refreshPartition(PeaksState& s) {
    const auto& a = s.results.analysis;
    if (!a) return;
    if (s.z.computedSerial == s.results.serial && s.z.computedZ == s.z.Z) return;
    const double t0 = emscripten_get_now();
    s.z.partition = mergeAtZ(a->topography, s.z.Z);
    s.z.hierarchy = peakHierarchy(s.z.partition);
    labelJoins(s.z.hierarchy, a->topography, s.z.partition, a->curve);  // join labels = merge curve
    s.z.rowLabels = a->perRow(s.z.partition.labels);
    s.z.rowHalo = a->perRow(s.z.partition.haloLabels);
    s.z.computedZ = s.z.Z;
    s.z.computedSerial = s.results.serial;
    s.z.mergeMs = emscripten_get_now() - t0;
    if (s.ui.highlightPeak >= s.z.partition.nClusters()) s.ui.highlightPeak = -1;
}

}  // namespace peakscope::web::session
