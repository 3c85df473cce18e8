// PeakScope web platform: files (see files.hpp). Module.psFiles holds the page's File / Blob objects
// by number; C++ asks for a request number, JS answers through the ps_platform_* exports.
//   Sections: [1] JS   [2] requests and replies   [3] calls
#include "platform/files.hpp"

#include <emscripten.h>

#include <map>
#include <string>

#include "platform/platform.hpp"

namespace peakscope::web::platform::files {
namespace {

//-----------------------------------------------------------------------------------------------
// [1] JS: the store, one drop handler, the picker, the openers, fetch with a limit and progress.
//-----------------------------------------------------------------------------------------------
EM_JS(void, jsFilesInstall, (), {
    if (Module.psFiles) return;
    Module.psFiles = new Map();
    Module.psFileNext = 1;
    Module.psFetches = {};
    Module.psStr = (s) => {
        const len = lengthBytesUTF8(s) + 1;
        const p = _malloc(len);
        stringToUTF8(s, p, len);
        return p;
    };
    // Keeps a File / Blob / bytes; returns its number.
    Module.psKeepFile = (blob) => {
        const id = Module.psFileNext++;
        Module.psFiles.set(id, blob instanceof Blob ? blob : new Blob([blob]));
        return id;
    };
    // Gives files [{name, blob}] to C++ request `req`.
    Module.psGiveFiles = (req, list) => {
        Module._ps_platform_files_begin(req);
        for (const f of list) {
            const id = Module.psKeepFile(f.blob);
            const n = Module.psStr(f.name);
            Module._ps_platform_file(req, id, n, f.blob.size !== undefined ? f.blob.size : f.blob.length);
            _free(n);
        }
        Module._ps_platform_files_end(req);
    };
    window.addEventListener('dragover', (e) => { e.preventDefault(); if (e.dataTransfer) e.dataTransfer.dropEffect = 'copy'; });
    window.addEventListener('drop', (e) => {
        e.preventDefault();
        if (!e.dataTransfer || !e.dataTransfer.files.length) return;
        Module.psGiveFiles(0, Array.from(e.dataTransfer.files).map((f) => ({name : f.name, blob : f})));
    });
});

EM_JS(void, jsPick, (int req, const char* accept, int multiple), {
    const input = document.createElement('input');
    input.type = 'file';
    input.accept = UTF8ToString(accept);
    input.multiple = !!multiple;
    input.style.display = 'none';
    input.addEventListener('change', () => {
        if (input.files.length) Module.psGiveFiles(req, Array.from(input.files).map((f) => ({name : f.name, blob : f})));
        input.remove();
    });
    document.body.appendChild(input);
    input.click();
});

EM_JS(void, jsExposeOpener, (int req, const char* jsName), {
    const ps = window.peakscope || (window.peakscope = {});
    ps[UTF8ToString(jsName)] = (a, b) => {
        const items = Array.isArray(a) ? a : [{name : a, bytes : b}];
        Module.psGiveFiles(req, items.map((it) => ({name : it.name, blob : it.bytes})));
        return true;
    };
});

EM_JS(void, jsRelease, (int id), { if (Module.psFiles) Module.psFiles.delete(id); });

// GET with a byte limit (Content-Length first, then while streaming) and progress.
EM_JS(void, jsFetch, (int req, const char* urlC, const char* nameC, double maxBytes), {
    const url = UTF8ToString(urlC);
    let name = UTF8ToString(nameC) || url.split('?')[0].split('#')[0].split('/').pop() || 'data';
    const reply = (id, size, why) => {
        const n = Module.psStr(name), w = Module.psStr(why);
        Module._ps_platform_fetched(req, id, n, size, w);
        _free(n);
        _free(w);
    };
    const mb = (b) => (b / 1048576).toFixed(b < 10485760 ? 1 : 0) + ' MB';
    const tooBig = (what) => new Error(what + ' is more than the browser app reads (' + mb(maxBytes) +
                                       '); use the command-line tool');
    const ctrl = new AbortController();
    const prog = {loaded : 0, total : 0, ctrl : ctrl, cancelled : false};
    Module.psFetches[req] = prog;
    // a file the page started loading before the app ran (platform/early.js), taken once
    const early = Module.psPrefetch && Module.psPrefetch.get(url);
    if (early) Module.psPrefetch.delete(url);
    (early ? early.then((blob) => {
        if (maxBytes > 0 && blob.size > maxBytes) throw tooBig(mb(blob.size));
        prog.loaded = prog.total = blob.size;
        return blob;
    }) : fetch(url, {signal : ctrl.signal}).then(async (r) => {
        if (!r.ok) throw new Error('HTTP ' + r.status + (r.statusText ? ' ' + r.statusText : ""));
        const declared = Number(r.headers.get('Content-Length') || 0);
        prog.total = declared;
        if (maxBytes > 0 && declared > maxBytes) { ctrl.abort(); throw tooBig(mb(declared)); }
        const parts = [];
        if (!r.body || !r.body.getReader) {
            const buf = new Uint8Array(await r.arrayBuffer());
            if (maxBytes > 0 && buf.length > maxBytes) throw tooBig(mb(buf.length));
            parts.push(buf);
            prog.loaded = buf.length;
        } else {
            const reader = r.body.getReader();
            for (;;) {
                const {done, value} = await reader.read();
                if (done) break;
                prog.loaded += value.length;
                if (maxBytes > 0 && prog.loaded > maxBytes) {
                    ctrl.abort();
                    throw tooBig('more than ' + mb(maxBytes) + ' (download stopped)');
                }
                parts.push(value);
            }
        }
        return new Blob(parts);
    })).then((blob) => {
        if (prog.cancelled) return;
        delete Module.psFetches[req];
        reply(Module.psKeepFile(blob), blob.size, "");
    }, (err) => {
        delete Module.psFetches[req];
        if (prog.cancelled) return;
        reply(0, 0, err && err.message ? err.message : String(err));
    });
});

EM_JS(double, jsFetchFraction, (), {
    let a = 0, b = 0, any = false;
    for (const k in Module.psFetches) {
        const p = Module.psFetches[k];
        any = true;
        a += p.loaded;
        b += p.total || p.loaded || 1;
    }
    return any && b > 0 ? a / b : -1;
});

EM_JS(void, jsAbortFetches, (), {
    for (const k in Module.psFetches) {
        Module.psFetches[k].cancelled = true;
        Module.psFetches[k].ctrl.abort();
    }
    Module.psFetches = {};
});

EM_JS(void, jsReadBytes, (int req, int id), {
    const blob = Module.psFiles.get(id);
    const fail = (why) => { const w = Module.psStr(why); Module._ps_platform_bytes(req, 0, 0, w); _free(w); };
    if (!blob) return fail('the file is gone');
    blob.arrayBuffer().then((buf) => {
        const u = new Uint8Array(buf);
        const p = _malloc(Math.max(1, u.length));
        HEAPU8.set(u, p);
        const w = Module.psStr("");
        Module._ps_platform_bytes(req, p, u.length, w);
        _free(w);
        _free(p);
    }, (err) => fail('could not read the file (' + err + ')'));
});

EM_JS(void, jsReadStringArray, (int req, int id), {
    const blob = Module.psFiles.get(id);
    const give = (list) => {
        const t = Module.psStr(list ? list.join(String.fromCharCode(10)) : "");
        Module._ps_platform_strings(req, list ? 1 : 0, list ? list.length : 0, t);
        _free(t);
    };
    if (!blob) return give(null);
    blob.text().then((text) => {
        let v = null;
        try { v = JSON.parse(text); } catch (err) { v = null; }
        give(Array.isArray(v) && v.every((x) => typeof x === 'string') ? v : null);
    }, () => give(null));
});

EM_JS(void, jsReadJsonFlat, (int req, int id), {
    const blob = Module.psFiles.get(id);
    const give = (text, why) => {
        const t = Module.psStr(text), w = Module.psStr(why);
        Module._ps_platform_json(req, t, w);
        _free(t);
        _free(w);
    };
    if (!blob) return give("", 'the file is gone');
    blob.text().then((text) => {
        const out = [];
        const clean = (x) => String(x).split(String.fromCharCode(9)).join(' ').split(String.fromCharCode(10)).join(' ');
        const walk = (v, p) => {
            if (v !== null && typeof v === 'object') {
                for (const k of Object.keys(v)) walk(v[k], p ? p + '.' + k : k);
            } else {
                out.push(clean(p) + String.fromCharCode(9) + (v === null || v === undefined ? "" : clean(v)));
            }
        };
        walk(JSON.parse(text), "");
        give(out.join(String.fromCharCode(10)), "");
    }).catch((err) => give("", err && err.message ? err.message : String(err)));
});

//-----------------------------------------------------------------------------------------------
// [2] Requests: what C++ waits for, by number (0 = the page's drop handler).
//-----------------------------------------------------------------------------------------------
struct Request {
    Handler files;
    Fetched fetched;
    std::function<void(std::string, const std::string&)> bytes;
    std::function<void(bool, std::vector<std::string>)> strings;
    std::function<void(std::map<std::string, std::string>, std::string)> json;
    bool keep = false;             // drop handler and openers stay
    std::vector<File> gathered;
};
std::map<int, Request> g_requests;
int g_next = 1;

void install() {
    static bool done = false;
    if (!done) {
        jsFilesInstall();
        done = true;
    }
}

int newRequest(Request r) {
    install();
    const int id = g_next++;
    g_requests[id] = std::move(r);
    return id;
}

}  // namespace

//-----------------------------------------------------------------------------------------------
// [3] Calls
//-----------------------------------------------------------------------------------------------
void onDrop(Handler h) {
    install();
    Request r;
    r.files = std::move(h);
    r.keep = true;
    g_requests[0] = std::move(r);
}

void pick(const char* accept, bool multiple, Handler h) {
    Request r;
    r.files = std::move(h);
    jsPick(newRequest(std::move(r)), accept, multiple ? 1 : 0);
}

void release(int id) {
    if (id > 0) jsRelease(id);
}

void exposeOpener(const char* jsName, Handler h) {
    Request r;
    r.files = std::move(h);
    r.keep = true;
    jsExposeOpener(newRequest(std::move(r)), jsName);
}

void fetch(const std::string& url, const std::string& name, double maxBytes, Fetched done) {
    Request r;
    r.fetched = std::move(done);
    jsFetch(newRequest(std::move(r)), url.c_str(), name.c_str(), maxBytes);
}

double fetchFraction() { return jsFetchFraction(); }
void abortFetches() { jsAbortFetches(); }

void readBytes(int id, std::function<void(std::string, const std::string&)> done) {
    Request r;
    r.bytes = std::move(done);
    jsReadBytes(newRequest(std::move(r)), id);
}

void readStringArray(int id, std::function<void(bool, std::vector<std::string>)> done) {
    Request r;
    r.strings = std::move(done);
    jsReadStringArray(newRequest(std::move(r)), id);
}

void readJsonFlat(int id, std::function<void(std::map<std::string, std::string>, std::string)> done) {
    Request r;
    r.json = std::move(done);
    jsReadJsonFlat(newRequest(std::move(r)), id);
}

void fetchJsonFlat(const std::string& url, const std::string& name,
                   std::function<void(std::map<std::string, std::string>, std::string)> done) {
    fetch(url, name, 0, [url, done](const File* f, const std::string& why) {
        if (!f) return done({}, "could not load " + url + ": " + why);
        const int id = f->id;
        readJsonFlat(id, [url, id, done](std::map<std::string, std::string> flat, std::string error) {
            release(id);
            done(std::move(flat), error.empty() ? error : "could not load " + url + ": " + error);
        });
    });
}

}  // namespace peakscope::web::platform::files

using namespace peakscope::web::platform::files;

extern "C" {

EMSCRIPTEN_KEEPALIVE void ps_platform_files_begin(int req) {
    peakscope::web::platform::requestFrames();  // the state changed: draw it
    auto it = g_requests.find(req);
    if (it != g_requests.end()) it->second.gathered.clear();
}
EMSCRIPTEN_KEEPALIVE void ps_platform_file(int req, int id, const char* name, double size) {
    peakscope::web::platform::requestFrames();  // the state changed: draw it
    auto it = g_requests.find(req);
    if (it == g_requests.end()) return release(id);
    it->second.gathered.push_back(File{id, name, size});
}
EMSCRIPTEN_KEEPALIVE void ps_platform_files_end(int req) {
    peakscope::web::platform::requestFrames();  // the state changed: draw it
    auto it = g_requests.find(req);
    if (it == g_requests.end()) return;
    std::vector<File> list = std::move(it->second.gathered);
    Handler h = it->second.files;
    if (!it->second.keep) g_requests.erase(it);
    if (h) h(std::move(list));
}
EMSCRIPTEN_KEEPALIVE void ps_platform_fetched(int req, int id, const char* name, double size, const char* error) {
    peakscope::web::platform::requestFrames();  // the state changed: draw it
    auto it = g_requests.find(req);
    if (it == g_requests.end()) return release(id);
    Fetched f = std::move(it->second.fetched);
    g_requests.erase(it);
    if (!f) return release(id);
    if (id > 0) {
        const File file{id, name, size};
        f(&file, "");
    } else {
        f(nullptr, error);
    }
}
EMSCRIPTEN_KEEPALIVE void ps_platform_bytes(int req, const char* bytes, int size, const char* error) {
    peakscope::web::platform::requestFrames();  // the state changed: draw it
    auto it = g_requests.find(req);
    if (it == g_requests.end()) return;
    auto f = std::move(it->second.bytes);
    g_requests.erase(it);
    if (f) f(bytes ? std::string(bytes, size_t(size)) : std::string(), error);
}
EMSCRIPTEN_KEEPALIVE void ps_platform_strings(int req, int ok, int count, const char* text) {
    peakscope::web::platform::requestFrames();  // the state changed: draw it
    auto it = g_requests.find(req);
    if (it == g_requests.end()) return;
    auto f = std::move(it->second.strings);
    g_requests.erase(it);
    std::vector<std::string> out;
    if (ok && count > 0) {
        std::string s = text;
        size_t a = 0;
        for (;;) {
            const size_t b = s.find('\n', a);
            out.push_back(s.substr(a, b == std::string::npos ? std::string::npos : b - a));
            if (b == std::string::npos) break;
            a = b + 1;
        }
    }
    if (f) f(ok != 0, std::move(out));
}

EMSCRIPTEN_KEEPALIVE void ps_platform_json(int req, const char* text, const char* error) {
    peakscope::web::platform::requestFrames();  // the state changed: draw it
    auto it = g_requests.find(req);
    if (it == g_requests.end()) return;
    auto f = std::move(it->second.json);
    g_requests.erase(it);
    std::map<std::string, std::string> values;
    const std::string s = text;
    size_t a = 0;
    while (a < s.size()) {
        size_t b = s.find('\n', a);
        if (b == std::string::npos) b = s.size();
        const size_t tab = s.find('\t', a);
        if (tab != std::string::npos && tab < b) values[s.substr(a, tab - a)] = s.substr(tab + 1, b - tab - 1);
        a = b + 1;
    }
    if (f) f(std::move(values), error);
}

}  // extern "C"
