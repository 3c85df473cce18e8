// PeakScope state in the address bar; see url_state.hpp.
#include "shell/url_state.hpp"

#include <emscripten.h>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <vector>

#include "parts/layers/layers.hpp"
#include "parts/peaks/session.hpp"

namespace peakscope::web::url {
namespace {

EM_JS(char*, jsSearch, (), {
    const q = window.location.search;
    const s = q.charAt(0) === '?' ? q.substring(1) : q;
    const len = lengthBytesUTF8(s) + 1;
    const p = _malloc(len);
    stringToUTF8(s, p, len);
    return p;
});
EM_JS(char*, jsBase, (), {
    const s = window.location.origin + window.location.pathname;
    const len = lengthBytesUTF8(s) + 1;
    const p = _malloc(len);
    stringToUTF8(s, p, len);
    return p;
});
EM_JS(void, jsReplaceQuery, (const char* q), {
    try {
        history.replaceState(null, document.title, window.location.pathname + '?' + UTF8ToString(q) + window.location.hash);
    } catch (e) {
        // sandboxed iframes may refuse; the link buttons still work
    }
});

std::string takeString(char* p) {
    std::string s(p);
    std::free(p);
    return s;
}

int hexValue(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

std::string decode(const std::string& s) {
    std::string out;
    for (size_t i = 0; i < s.size(); ++i) {
        if (s[i] == '+') out += ' ';
        else if (s[i] == '%' && i + 2 < s.size() && hexValue(s[i + 1]) >= 0 && hexValue(s[i + 2]) >= 0) {
            out += char(hexValue(s[i + 1]) * 16 + hexValue(s[i + 2]));
            i += 2;
        } else out += s[i];
    }
    return out;
}

std::string encode(const std::string& s) {
    static const char* hex = "0123456789ABCDEF";
    std::string out;
    for (unsigned char c : s) {
        if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') out += char(c);
        else {
            out += '%';
            out += hex[c >> 4];
            out += hex[c & 15];
        }
    }
    return out;
}

std::string num(double v) {
    char b[32];
    std::snprintf(b, sizeof b, "%.6g", v);
    return b;
}

bool parseNumber(const std::string& v, double& out) {
    char* end = nullptr;
    const double x = std::strtod(v.c_str(), &end);
    if (v.empty() || *end != '\0' || !std::isfinite(x)) return false;
    out = x;
    return true;
}

const char* kEstimators[] = {"knn", "kstar", "pak"};

}  // namespace

std::string query(const AppState& s, bool embed) {
    std::string q;
    auto add = [&](const char* k, const std::string& v) {
        if (!q.empty()) q += '&';
        q += k;
        q += '=';
        q += encode(v);
    };
    const DataSource& src = s.data.source;
    if (!src.url.empty()) {
        add("data", src.url);
    } else {
        add("gen", src.generator.empty() ? "gaussians" : src.generator);
        if (!src.generator.empty()) {
            add("n", std::to_string(src.n));
            if (src.noise >= 0) add("noise", num(src.noise));
            add("seed", std::to_string(src.seed));
            if (src.dim > 0) add("dim", std::to_string(src.dim));
        }
    }
    add("est", kEstimators[std::clamp(s.settings.density, 0, 2)]);
    if (s.settings.density == 0) add("k", std::to_string(s.settings.k));
    if (s.settings.maxk > 0) add("maxk", std::to_string(s.settings.maxk));
    add("Z", num(s.z.Z));
    add("view", viewName(s.ui.view));
    add("color", colourName(s.ui.colour));
    if (s.ui.tutorialStep >= 0) add("step", std::to_string(s.ui.tutorialStep));
    if (embed || s.ui.embed) add("embed", "1");
    if (s.ui.mode == Mode::Layers) {
        add("tutorial", "2");
        layers::appendQuery(s, add);
    }
    return q;
}

std::string apply(AppState& s, const std::string& qs) {
    std::string problems;
    auto bad = [&](const std::string& k, const std::string& v) {
        problems += (problems.empty() ? "" : "; ") + std::string("ignored ") + k + "=" + v;
    };
    size_t pos = 0;
    while (pos <= qs.size() && !qs.empty()) {
        size_t amp = qs.find('&', pos);
        if (amp == std::string::npos) amp = qs.size();
        const std::string part = qs.substr(pos, amp - pos);
        pos = amp + 1;
        if (part.empty()) { if (amp >= qs.size()) break; continue; }
        const size_t eq = part.find('=');
        const std::string k = decode(part.substr(0, eq));
        const std::string v = eq == std::string::npos ? "" : decode(part.substr(eq + 1));
        double x = 0;
        DataSource& src = s.data.source;
        if (k == "gen") { src.generator = v; src.url.clear(); }
        else if (k == "data") { src.url = v; src.generator.clear(); }
        else if (k == "n") { if (parseNumber(v, x) && x >= 1) src.n = Index(x); else bad(k, v); }
        else if (k == "noise") { if (parseNumber(v, x) && x >= 0) src.noise = x; else bad(k, v); }
        else if (k == "seed") { if (parseNumber(v, x) && x >= 0) src.seed = std::uint64_t(x); else bad(k, v); }
        else if (k == "dim") { if (parseNumber(v, x) && x >= 1) src.dim = Index(x); else bad(k, v); }
        else if (k == "est") {
            int found = -1;
            for (int i = 0; i < 3; ++i) if (v == kEstimators[i]) found = i;
            if (found >= 0) s.settings.density = found; else bad(k, v);
        }
        else if (k == "k") { if (parseNumber(v, x) && x >= 1 && x <= 1000) s.settings.k = int(x); else bad(k, v); }
        else if (k == "maxk") { if (parseNumber(v, x) && x >= 4 && x <= 1000) s.settings.maxk = int(x); else bad(k, v); }
        else if (k == "Z") { if (parseNumber(v, x) && x >= 0) s.z.Z = x; else bad(k, v); }
        else if (k == "view") {
            bool ok = false;
            for (View w : {View::Id, View::Density, View::Decision, View::Peaks, View::Dendrogram})
                if (v == viewName(w)) { s.ui.view = w; ok = true; }
            if (!ok) bad(k, v);
        }
        else if (k == "color" || k == "colour") {
            bool ok = false;
            for (ColourBy c : {ColourBy::Peak, ColourBy::Halo, ColourBy::LogDensity, ColourBy::Truth})
                if (v == colourName(c)) { s.ui.colour = c; ok = true; }
            if (!ok) bad(k, v);
        }
        else if (k == "step") { if (parseNumber(v, x) && x >= -1 && x < 100) s.ui.tutorialStep = int(x); else bad(k, v); }
        else if (k == "embed") s.ui.embed = (v == "1" || v == "true" || v.empty());
        else if (k == "tutorial") {
            if (v == "1") s.ui.mode = Mode::Tutorial1;
            else if (v == "2") s.ui.mode = Mode::Layers;
            else bad(k, v);
        }
        else if (!layers::applyUrlKey(s, k, v)) bad(k, v);
        if (amp >= qs.size()) break;
    }
    return problems;
}

void readInitial(AppState& s) {
    const std::string qs = takeString(jsSearch());
    const std::string problems = apply(s, qs);
    // Tutorial 1's data start only when its part is shown (Layers mode must not compete for CPU)
    if (s.ui.mode == Mode::Tutorial1) startInitialData(s);
    if (!problems.empty() && s.ui.message.empty()) session::notice(s, "Link: " + problems);
    s.ui.urlDirty = false;  // keep the link as given until something changes
}

void startInitialData(AppState& s) {
    if (s.ui.initialDataStarted) return;
    s.ui.initialDataStarted = true;
    if (!s.data.source.url.empty())
        session::loadUrl(s, s.data.source.url);
    else {
        if (s.data.source.generator.empty()) s.data.source.generator = "gaussians";
        session::generate(s, s.data.source);
    }
}

void writeIfDirty(AppState& s) {
    if (!s.ui.urlDirty) return;
    const double now = emscripten_get_now();
    if (now - s.ui.urlWritten < 250) return;
    jsReplaceQuery(query(s).c_str());
    s.ui.urlDirty = false;
    s.ui.urlWritten = now;
}

std::string shareLink(const AppState& s, bool embed) { return takeString(jsBase()) + "?" + query(s, embed); }

}  // namespace peakscope::web::url
