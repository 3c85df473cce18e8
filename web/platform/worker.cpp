// PeakScope web platform: the compute worker transport (see worker.hpp). One Worker instance,
// one onmessage: the reply's bytes go to ps_platform_worker_message, decoded once (protocol).
#include "platform/worker.hpp"

#include <emscripten.h>

#include <string>
#include <vector>

#include "platform/platform.hpp"

namespace peakscope::web::platform::worker {
namespace {

EM_JS(void, jsWorkerStart, (), {
    if (Module.psWorker) Module.psWorker.terminate();  // its pool of helpers goes with it
    // the address (with ?pool=N, ?poolcheck for worker/pool.hpp) and the first worker come from
    // platform/early.js; the early worker's messages so far are replayed below, in order
    const w = Module.psEarlyWorker || new Worker(Module.psWorkerUrl || 'peakscope_worker.js');
    const held = Module.psEarlyWorker ? Module.psEarlyWorker.psHeld : [];
    Module.psEarlyWorker = null;
    Module.psWorker = w;
    w.onmessage = (e) => {
        const h = e.data;
        const p = _malloc(Math.max(1, h.length));
        HEAPU8.set(h, p);
        Module._ps_platform_worker_message(p, h.length);
        _free(p);
    };
    w.onerror = (e) => {
        e.preventDefault();
        const s = 'the compute worker failed: ' + (e.message || 'could not load peakscope_worker.js');
        const len = lengthBytesUTF8(s) + 1;
        const p = _malloc(len);
        stringToUTF8(s, p, len);
        Module._ps_platform_worker_failed(p);
        _free(p);
    };
    held.forEach((h) => { if (h[0] == 'message') w.onmessage(h[1]); else w.onerror(h[1]); });
});

// The header bytes are transferred; the file (a Blob) is cloned by reference, not read here; or
// the worker fetches the file at `url` (worker/post.js).
EM_JS(void, jsWorkerPost, (const unsigned char* data, int size, int fileId, const char* url), {
    const h = HEAPU8.slice(data, data + size);
    const f = fileId > 0 && Module.psFiles ? Module.psFiles.get(fileId) : null;
    const u = url ? UTF8ToString(url) : null;
    Module.psWorker.postMessage({h : h, f : f || null, u : u}, [h.buffer]);
});

bool g_started = false;
int g_generation = 0;
int g_nextJob = 1;
std::vector<Listener> g_listeners;
std::vector<std::function<void()>> g_onRestart;

void startFresh() {
    jsWorkerStart();
    g_started = true;
    ++g_generation;
}

}  // namespace

void start() {
    if (!g_started) startFresh();
}

void post(const protocol::ToWorker& m, int fileId) {
    start();
    const auto bytes = protocol::encode(m);
    jsWorkerPost(bytes.data(), int(bytes.size()), fileId, nullptr);
}

void postUrl(const protocol::ToWorker& m, const std::string& url) {
    start();
    const auto bytes = protocol::encode(m);
    jsWorkerPost(bytes.data(), int(bytes.size()), 0, url.c_str());
}

int newJob() { return g_nextJob++; }
void listen(Listener l) { g_listeners.push_back(std::move(l)); }
void onRestart(std::function<void()> f) { g_onRestart.push_back(std::move(f)); }

void restart() {
    startFresh();
    for (auto& f : g_onRestart) f();
}

int generation() { return g_generation; }
void lost() { g_started = false; }

void deliver(const protocol::ToPage& m) {
    for (auto& l : g_listeners) l(m);
}

}  // namespace peakscope::web::platform::worker

using namespace peakscope;
using namespace peakscope::web;

extern "C" {

EMSCRIPTEN_KEEPALIVE void ps_platform_worker_message(const unsigned char* data, int size) {
    protocol::ToPage m;
    try {
        m = protocol::decodeToPage(data, size_t(size));
    } catch (const std::exception& e) {
        m = protocol::Failed{-1, "", std::string("internal: ") + e.what(), false};
    }
    // a reply changes what is shown; progress is drawn at the Working pace (frameDue)
    if (!std::holds_alternative<protocol::Progress>(m)) platform::requestFrames();
    platform::worker::deliver(m);
}

// The worker failed to load or crashed: every part hears it (Failed with workerLost); the next
// post starts a fresh worker (a new generation: the parts send their data again).
EMSCRIPTEN_KEEPALIVE void ps_platform_worker_failed(const char* message) {
    peakscope::web::platform::requestFrames();  // the state changed: draw it
    platform::worker::lost();
    platform::worker::deliver(protocol::Failed{-1, "", message, true});
}

}  // extern "C"
