// Helpers for the Tutorial 2 tests (test code only): a minimal JSON reader for manifest.json, and
// loading the shipped .npz sets through core's readNpz.
//   Json         — parsed value (null, bool, number, string, array, object); at("key"), [i]
//   parseJson    — throws std::runtime_error on malformed input
//   ShippedSet   — the files of demos/data/tutorial2 (manifest + npz members by name), loaded once
//   tableGraph   — a stored (dist, index) pair as a core KnnGraph (via graphFromTable, self column absent)
#pragma once
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "core/io/readers.hpp"
#include "core/neighbours.hpp"

namespace t2 {

struct Json {
    enum Type { Null, Bool, Number, String, Array, Object } type = Null;
    bool b = false;
    double num = 0;
    std::string str;
    std::vector<Json> arr;
    std::vector<std::pair<std::string, Json>> obj;
    bool has(const std::string& k) const {
        for (auto& p : obj) if (p.first == k) return true;
        return false;
    }
    const Json& at(const std::string& k) const {
        for (auto& p : obj) if (p.first == k) return p.second;
        throw std::runtime_error("JSON: no key '" + k + "'");
    }
    const Json& operator[](size_t i) const { return arr.at(i); }
    size_t size() const { return type == Array ? arr.size() : obj.size(); }
};

inline Json parseJson(const std::string& s) {
    size_t i = 0;
    auto ws = [&] { while (i < s.size() && (s[i] == ' ' || s[i] == '\n' || s[i] == '\r' || s[i] == '\t')) ++i; };
    auto fail = [&](const char* what) { throw std::runtime_error(std::string("JSON: ") + what + " at offset " + std::to_string(i)); };
    std::function<Json()> value;
    auto string = [&]() {
        std::string out;
        if (s[i] != '"') fail("expected a string");
        ++i;
        while (i < s.size() && s[i] != '"') {
            if (s[i] == '\\') {
                ++i;
                if (i >= s.size()) fail("bad escape");
                const char c = s[i];
                if (c == 'n') out += '\n'; else if (c == 't') out += '\t'; else if (c == 'u') {
                    out += char(std::stoi(s.substr(i + 1, 4), nullptr, 16));
                    i += 4;
                } else out += c;
                ++i;
            } else out += s[i++];
        }
        if (i >= s.size()) fail("unterminated string");
        ++i;
        return out;
    };
    value = [&]() -> Json {
        ws();
        if (i >= s.size()) fail("unexpected end");
        Json v;
        const char c = s[i];
        if (c == '{') {
            v.type = Json::Object;
            ++i; ws();
            if (s[i] == '}') { ++i; return v; }
            for (;;) {
                ws();
                std::string k = string();
                ws();
                if (s[i] != ':') fail("expected ':'");
                ++i;
                v.obj.emplace_back(k, value());
                ws();
                if (s[i] == ',') { ++i; continue; }
                if (s[i] == '}') { ++i; return v; }
                fail("expected ',' or '}'");
            }
        }
        if (c == '[') {
            v.type = Json::Array;
            ++i; ws();
            if (s[i] == ']') { ++i; return v; }
            for (;;) {
                v.arr.push_back(value());
                ws();
                if (s[i] == ',') { ++i; continue; }
                if (s[i] == ']') { ++i; return v; }
                fail("expected ',' or ']'");
            }
        }
        if (c == '"') { v.type = Json::String; v.str = string(); return v; }
        if (s.compare(i, 4, "null") == 0) { i += 4; return v; }
        if (s.compare(i, 4, "true") == 0) { i += 4; v.type = Json::Bool; v.b = true; return v; }
        if (s.compare(i, 5, "false") == 0) { i += 5; v.type = Json::Bool; return v; }
        size_t used = 0;
        v.num = std::stod(s.substr(i, 40), &used);
        if (!used) fail("bad value");
        i += used;
        v.type = Json::Number;
        return v;
    };
    Json root = value();
    ws();
    if (i != s.size()) fail("trailing characters");
    return root;
}

inline std::string dataDir() { return std::string(PEAKSCOPE_SOURCE_DIR) + "/demos/data/tutorial2"; }

// A shipped set (manifest + npz members by name), read once per test binary: the plain set in
// demos/data/tutorial2 (get()) or the cluttered one in demos/data/tutorial2/cluttered (cluttered()).
struct ShippedSet {
    Json manifest;
    std::string dir;
    std::map<std::string, std::map<std::string, peakscope::io::NdArray>> files;  // file → member → array
    const peakscope::io::NdArray& array(const std::string& file, const std::string& member) const {
        auto f = files.find(file);
        if (f == files.end()) throw std::runtime_error("no file " + file);
        auto m = f->second.find(member);
        if (m == f->second.end()) throw std::runtime_error("no member " + member + " in " + file);
        return m->second;
    }
    static std::unique_ptr<ShippedSet> load(const std::string& dir, const std::vector<std::string>& names) {
        auto s = std::make_unique<ShippedSet>();
        s->dir = dir;
        s->manifest = parseJson(peakscope::io::readFileBytes(dir + "/manifest.json"));
        for (const std::string& f : names) {
            auto arrays = peakscope::io::readNpz(peakscope::io::readFileBytes(dir + "/" + f), f);
            for (auto& a : arrays) s->files[f][a.name] = std::move(a);
        }
        return s;
    }
    static const ShippedSet& get() {
        static const auto s = load(dataDir(), {"trained.npz", "untrained.npz", "shifted.npz", "snapshots.npz", "images.npz"});
        return *s;
    }
    static const ShippedSet& cluttered() {
        static const auto s = load(dataDir() + "/cluttered", {"trained.npz", "untrained.npz", "snapshots.npz", "images.npz"});
        return *s;
    }
};

// A manifest layer entry's graph as a core KnnGraph (the stored table has no self column).
inline peakscope::KnnGraph tableGraph(const ShippedSet& s, const Json& layer) {
    const auto& d = s.array(layer.at("file").str, layer.at("dist").str);
    const auto& ix = s.array(layer.at("file").str, layer.at("index").str);
    std::vector<int32_t> idx(ix.values.size());
    for (size_t k = 0; k < idx.size(); ++k) idx[k] = int32_t(ix.values[k]);
    return peakscope::graphFromTable(d.values.data(), idx.data(), d.shape.at(0), d.shape.at(1), /*hasSelf=*/0);
}

inline std::vector<int64_t> labelsOf(const ShippedSet& s) {
    const auto& l = s.array("images.npz", "labels");
    return std::vector<int64_t>(l.values.begin(), l.values.end());
}

// Relative error |fd − analytic| / (|fd| + |analytic|) of parameter k's gradient against central
// finite differences of loss(p) with step h (p[k] restored).
template <class Loss>
double fdRelativeError(const Loss& loss, std::vector<double>& p, size_t k, double analytic, double h = 1e-6) {
    const double saved = p[k];
    p[k] = saved + h;
    const double lp = loss(p);
    p[k] = saved - h;
    const double lm = loss(p);
    p[k] = saved;
    const double fd = (lp - lm) / (2 * h);
    return std::fabs(fd - analytic) / std::max(1e-6, std::fabs(fd) + std::fabs(analytic));
}

// Tally of finite-difference checks: a wrong gradient is off by O(1); round-off here is ~1e-6.
struct FdTally {
    int checked = 0, failed = 0;
    double worst = 0;
    void add(double err) {
        worst = std::max(worst, err);
        failed += err > 1e-4;
        ++checked;
    }
};

// The layer entry `name` of variant `variant` in the manifest.
inline const Json& layerEntry(const Json& manifest, const std::string& variant, const std::string& name) {
    for (const Json& v : manifest.at("variants").arr)
        if (v.at("name").str == variant)
            for (const Json& l : v.at("layers").arr)
                if (l.at("name").str == name) return l;
    throw std::runtime_error("manifest: no layer " + name + " in variant " + variant);
}

}  // namespace t2
