// PeakScope web platform: page API functions (see hooks.hpp).
#include "platform/hooks.hpp"

#include <emscripten.h>

#include <vector>

#include "platform/platform.hpp"

namespace peakscope::web::platform::hooks {
namespace {

EM_JS(void, jsCall, (int id, const char* name), {
    const ps = window.peakscope || (window.peakscope = {});
    const num = (x) => (x === undefined || x === null) ? NaN : Number(x);
    ps[UTF8ToString(name)] = (a, b, c) => Module._ps_platform_hook_call(id, num(a), num(b), num(c));
});
EM_JS(void, jsText, (int id, const char* name, int json), {
    const ps = window.peakscope || (window.peakscope = {});
    ps[UTF8ToString(name)] = json ? () => JSON.parse(UTF8ToString(Module._ps_platform_hook_text(id)))
                                  : () => UTF8ToString(Module._ps_platform_hook_text(id));
});

std::vector<std::function<double(double, double, double)>> g_calls;
std::vector<std::function<std::string()>> g_texts;

}  // namespace

void call(const char* name, std::function<double(double, double, double)> f) {
    g_calls.push_back(std::move(f));
    jsCall(int(g_calls.size()) - 1, name);
}

void text(const char* name, std::function<std::string()> f, bool json) {
    g_texts.push_back(std::move(f));
    jsText(int(g_texts.size()) - 1, name, json ? 1 : 0);
}

}  // namespace peakscope::web::platform::hooks

using namespace peakscope::web::platform::hooks;

extern "C" {

EMSCRIPTEN_KEEPALIVE double ps_platform_hook_call(int id, double a, double b, double c) {
    peakscope::web::platform::requestFrames();  // the state changed: draw it
    return id >= 0 && id < int(g_calls.size()) ? g_calls[size_t(id)](a, b, c) : 0;
}

EMSCRIPTEN_KEEPALIVE const char* ps_platform_hook_text(int id) {
    static std::string out;
    out = id >= 0 && id < int(g_texts.size()) ? g_texts[size_t(id)]() : std::string();
    return out.c_str();
}

}  // extern "C"
