// PeakScope compute worker: the transport (see transport.hpp). postMessage transfers the bytes.
#include "worker/transport.hpp"

#include <emscripten.h>

#include <cmath>
#include <string>

namespace peakscope::web::worker {
namespace {

EM_JS(void, jsReply, (const unsigned char* data, int size), {
    const h = HEAPU8.slice(data, data + size);
    postMessage(h, [h.buffer]);
});

}  // namespace

void reply(const protocol::ToPage& m) {
    const auto bytes = protocol::encode(m);
    jsReply(bytes.data(), int(bytes.size()));
}

void progress(int job, const char* stage, double fraction) {
    static int lastJob = 0;
    static std::string lastStage;
    static double lastFraction = -1;
    if (job == lastJob && stage == lastStage && std::abs(fraction - lastFraction) < 0.02 && fraction < 1) return;
    lastJob = job;
    lastStage = stage;
    lastFraction = fraction;
    reply(protocol::Progress{job, stage, fraction});
}

}  // namespace peakscope::web::worker
