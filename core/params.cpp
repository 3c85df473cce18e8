// The parameter codec. See params.hpp.
#include "core/params.hpp"

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <limits>

namespace peakscope::params {
namespace {

// maxk and k index int32 neighbour tables of at most INT32_MAX points.
constexpr double kMaxNeighbours = double(std::numeric_limits<int32_t>::max()) - 1;

// [+-] digits [. digits] [(e|E) [+-] digits], at least one mantissa digit, nothing else (strtod
// alone would also take leading spaces, hex, "inf" and "nan").
bool isDecimal(std::string_view text) {
    size_t i = 0, digits = 0;
    const size_t n = text.size();
    auto isDigit = [&](size_t j) { return j < n && text[j] >= '0' && text[j] <= '9'; };
    if (i < n && (text[i] == '+' || text[i] == '-')) ++i;
    while (isDigit(i)) ++i, ++digits;
    if (i < n && text[i] == '.') {
        ++i;
        while (isDigit(i)) ++i, ++digits;
    }
    if (digits == 0) return false;
    if (i < n && (text[i] == 'e' || text[i] == 'E')) {
        ++i;
        if (i < n && (text[i] == '+' || text[i] == '-')) ++i;
        if (!isDigit(i)) return false;
        while (isDigit(i)) ++i;
    }
    return i == n;
}

bool isFlagTrue(std::string_view t) { return t == "true" || t == "1"; }
bool isFlagFalse(std::string_view t) { return t == "false" || t == "0"; }

[[noreturn]] void refuse(const Spec& s, Surface shownAs, const std::string& got) {
    throw Error("option " + s.shown(shownAs) + " must be " + s.validValues(shownAs) + ", got " + got);
}

// Range and integrality of a number already known to be finite; then sets it.
void setChecked(const Spec& s, double x, Options& o, Surface shownAs, const std::string& got) {
    const bool app = shownAs == App && s.narrowerInApp();
    const double lo = app ? s.appLo : s.lo, hi = app ? s.appHi : s.hi;
    if (!std::isfinite(x) || x < lo || x > hi || (s.kind == Kind::Integer && x != std::floor(x)))
        refuse(s, shownAs, got);
    s.set(o, x);
}

// The table's accessors: one getter/setter pair per parameter (values arrive checked).
double getMaxk(const Options& o) { return double(o.analysis.neighbours.maxk); }
void setMaxk(Options& o, double x) { o.analysis.neighbours.maxk = Index(x); }
double getZ(const Options& o) { return o.analysis.Z; }
void setZ(Options& o, double x) { o.analysis.Z = x; }
double getDensity(const Options& o) {
    switch (o.analysis.density.method) {
        case DensityMethod::PAk: return 0;
        case DensityMethod::KstarNN: return 1;
        case DensityMethod::Knn: return 2;
    }
    return 0;
}
void setDensity(Options& o, double x) {
    o.analysis.density.method = x == 0 ? DensityMethod::PAk : x == 1 ? DensityMethod::KstarNN : DensityMethod::Knn;
}
double getK(const Options& o) { return double(o.analysis.density.k); }
void setK(Options& o, double x) { o.analysis.density.k = Index(x); }
double getNeighbours(const Options& o) {
    switch (o.analysis.neighbours.method) {
        case NeighbourMethod::Auto: return 0;
        case NeighbourMethod::KdTree: return 1;
        case NeighbourMethod::BruteForce: return 2;
        case NeighbourMethod::Hnsw: return 3;
    }
    return 0;
}
void setNeighbours(Options& o, double x) {
    o.analysis.neighbours.method = x == 0   ? NeighbourMethod::Auto
                                   : x == 1 ? NeighbourMethod::KdTree
                                   : x == 2 ? NeighbourMethod::BruteForce
                                            : NeighbourMethod::Hnsw;
}
double getIdScaling(const Options& o) { return o.analysis.idScaling ? 1 : 0; }
void setIdScaling(Options& o, double x) { o.analysis.idScaling = o.analysis.gride = x != 0; }  // both curves
double getDecisionGraph(const Options& o) { return o.analysis.decisionGraph ? 1 : 0; }
void setDecisionGraph(Options& o, double x) { o.analysis.decisionGraph = x != 0; }
double getMergeCurve(const Options& o) { return o.analysis.mergeCurve ? 1 : 0; }
void setMergeCurve(Options& o, double x) { o.analysis.mergeCurve = x != 0; }
double getHalo(const Options& o) { return o.halo ? 1 : 0; }
void setHalo(Options& o, double x) { o.halo = x != 0; }

std::vector<Spec> makeTable() {
    const double inf = std::numeric_limits<double>::infinity();
    const unsigned all = Cli | Js | App;
    return {
        {"maxk", "--maxk", {}, Kind::Integer, all, 1, kMaxNeighbours, "1 … n−1", {}, "auto", -1,
         "neighbours per point in the kNN graph (auto = min(100, N − 1); for a neighbour table, its first maxk columns)",
         getMaxk, setMaxk, nullptr, 4, 1000},
        {"Z", "--Z", {"z"}, Kind::Real, all, 0, inf, "≥ 0", {}, nullptr, 0,
         "significance of the peaks (ADP): larger Z merges more", getZ, setZ},
        {"density", "--density", {}, Kind::Choice, all, 0, 2, nullptr, {"pak", "kstar", "knn"}, nullptr, 0,
         "density estimator: pak (point-adaptive k-NN), kstar (k*-NN) or knn (fixed k)", getDensity, setDensity,
         "est"},
        {"k", "--k", {}, Kind::Integer, all, 1, kMaxNeighbours, "1 … maxk", {}, nullptr, 0,
         "neighbours of the knn estimator", getK, setK},
        {"neighbours", "--neighbours", {"neighbors"}, Kind::Choice, all, 0, 3, nullptr, {"auto", "kdtree", "brute", "hnsw"},
         nullptr, 0,
         "kNN back-end: auto (exact: kd-tree up to 3 dimensions natively, 4 in wasm, brute force above), kdtree, brute, "
         "or hnsw (approximate, native builds only; the recall is measured and reported); points only",
         getNeighbours, setNeighbours},
        {"idScaling", "--id-scaling", {}, Kind::Flag, all, 0, 1, nullptr, {}, nullptr, 0,
         "also compute ID vs scale: TwoNN by decimation and Gride", getIdScaling, setIdScaling},
        {"decisionGraph", nullptr, {}, Kind::Flag, Js, 0, 1, nullptr, {}, nullptr, 0,
         "compute δ of the decision graph (r.decisionDelta)", getDecisionGraph, setDecisionGraph},
        {"mergeCurve", nullptr, {}, Kind::Flag, Js, 0, 1, nullptr, {}, nullptr, 0,
         "compute the number of peaks vs Z (r.mergeCurve)", getMergeCurve, setMergeCurve},
        {"halo", "--halo", {}, Kind::Flag, Cli, 0, 1, nullptr, {}, nullptr, 0,
         "report halo points (below their peak's highest saddle) and compare the halo labels with the truth",
         getHalo, setHalo},
    };
}

}  // namespace

// ---- The table ----------------------------------------------------------------------------------
std::string Spec::validValues(Surface s) const {
    if (s == App && narrowerInApp())
        return std::string(autoWord ? autoWord + std::string(" or ") : "") + "an integer in " + numberText(appLo) +
               " … " + numberText(appHi) + " in the app";
    switch (kind) {
        case Kind::Integer: return std::string("an integer in ") + range;
        case Kind::Real: return std::string("a finite number ") + range;
        case Kind::Flag: return "true or false";
        case Kind::Choice: {
            std::string t = "one of ";
            for (size_t i = 0; i < choices.size(); ++i) t += (i ? ", " : "") + std::string(choices[i]);
            return t;
        }
    }
    return "";
}

std::string Spec::defaultText() const { return format(*this, Options{}); }

const std::vector<Spec>& table() {
    static const std::vector<Spec> t = makeTable();
    return t;
}

const Spec* find(std::string_view key) {
    const std::string_view bare = key.substr(0, 2) == "--" ? key.substr(2) : key;
    for (const Spec& s : table()) {
        if (key == s.name || (s.cliFlag && key == s.cliFlag) || (s.appName && key == s.appName)) return &s;
        for (const char* a : s.aliases)
            if (bare == a) return &s;
    }
    return nullptr;
}

const Spec& spec(std::string_view name) {
    for (const Spec& s : table())
        if (name == s.name) return s;
    throw Error("internal: no parameter named '" + std::string(name) + "'");
}

std::string names(unsigned surfaces) {
    std::string t;
    for (const Spec& s : table())
        if (s.surfaces & surfaces) t += (t.empty() ? "" : ", ") + std::string(s.name);
    return t;
}

std::string markdownTable() {
    std::string t = "| option | command line | default | valid values | meaning |\n| --- | --- | --- | --- | --- |\n";
    for (const Spec& s : table()) {
        const std::string cli = s.cliFlag ? std::string("`") + s.cliFlag + "`" : "—";
        const std::string where = !(s.surfaces & Js) ? " (command line only)" : !(s.surfaces & Cli) ? " (JS API only)" : "";
        std::string aliases;
        for (const char* a : s.aliases) aliases += std::string(aliases.empty() ? " (also `" : ", `") + a + "`";
        if (!aliases.empty()) aliases += ")";
        if (s.appName) aliases += std::string(" (`") + s.appName + "` in the app's link)";
        const std::string inApp =
            s.narrowerInApp() ? " (" + numberText(s.appLo) + " … " + numberText(s.appHi) + " in the app)" : "";
        t += "| `" + std::string(s.name) + "`" + aliases + " | " + cli + " | `" + s.defaultText() + "` | " +
             s.validValues() + inApp + " | " + s.doc + where + " |\n";
    }
    return t;
}

// ---- One value ----------------------------------------------------------------------------------
void parse(const Spec& s, std::string_view text, Options& o, Surface shownAs) {
    if (s.autoWord && text == s.autoWord) {
        s.set(o, s.autoValue);
        return;
    }
    switch (s.kind) {
        case Kind::Choice:
            for (size_t i = 0; i < s.choices.size(); ++i)
                if (text == s.choices[i]) {
                    s.set(o, double(i));
                    return;
                }
            break;
        case Kind::Flag:
            if (isFlagTrue(text) || isFlagFalse(text)) {
                s.set(o, isFlagTrue(text) ? 1 : 0);
                return;
            }
            break;
        case Kind::Integer:
        case Kind::Real: {
            double x = 0;
            if (parseDouble(text, x)) {
                setChecked(s, x, o, shownAs, valueText(text));
                return;
            }
            break;
        }
    }
    refuse(s, shownAs, valueText(text));
}

void setNumber(const Spec& s, double x, Options& o, Surface shownAs) {
    if (s.kind != Kind::Integer && s.kind != Kind::Real) refuse(s, shownAs, numberText(x));
    setChecked(s, x, o, shownAs, numberText(x));
}

void setFlag(const Spec& s, bool on, Options& o) {
    if (s.kind != Kind::Flag) throw Error("internal: option " + std::string(s.name) + " is not a flag");
    s.set(o, on ? 1 : 0);
}

std::string format(const Spec& s, const Options& o) {
    const double x = s.get(o);
    if (s.autoWord && x == s.autoValue) return s.autoWord;
    switch (s.kind) {
        case Kind::Choice: return s.choices[size_t(x)];
        case Kind::Flag: return x != 0 ? "true" : "false";
        case Kind::Integer:
        case Kind::Real: return numberText(x);
    }
    return "";
}

// ---- key=value lists ------------------------------------------------------------------------------
Applied applyPairs(Options& o, const std::vector<std::pair<std::string, std::string>>& pairs) {
    Applied out;
    const Options defaults;
    for (const auto& [key, value] : pairs) {
        const Spec* s = find(key);
        if (!s) {
            out.unknown.push_back({key, value});
            continue;
        }
        try {
            parse(*s, value, o, Js);
        } catch (const Error& e) {
            s->set(o, s->get(defaults));
            out.problems.push_back(std::string(e.what()) + " (using the default, " + s->defaultText() + ")");
        }
    }
    return out;
}

std::vector<std::pair<std::string, std::string>> toPairs(const Options& o, unsigned surfaces, bool changedOnly) {
    std::vector<std::pair<std::string, std::string>> out;
    const Options defaults;
    for (const Spec& s : table()) {
        if (!(s.surfaces & surfaces)) continue;
        if (changedOnly && s.get(o) == s.get(defaults)) continue;
        out.push_back({s.name, format(s, o)});
    }
    return out;
}

// ---- Checks with the data -------------------------------------------------------------------------
Index effectiveMaxk(const Options& o, Index n) {
    const Index maxk = o.analysis.neighbours.maxk;
    return maxk < 0 ? std::min<Index>(100, n - 1) : maxk;
}

void checkWithData(const Options& o, Index n, Surface shownAs, Index tableMaxk) {
    if (tableMaxk < 0 && n < minimumPoints(o.analysis)) return;  // core says "too few points", the cause
    const Index maxk = o.analysis.neighbours.maxk;
    if (tableMaxk < 0 && n >= 2 && maxk >= n)
        throw Error("option " + spec("maxk").shown(shownAs) + " must be an integer in 1 … n−1 = " +
                    std::to_string(n - 1) + ", got " + std::to_string(maxk));
    if (o.analysis.density.method != DensityMethod::Knn) return;
    const Index bound = tableMaxk < 0 ? effectiveMaxk(o, n) : (maxk > 0 ? std::min(maxk, tableMaxk) : tableMaxk);
    const Index k = o.analysis.density.k;
    if (k > bound)
        throw Error("option " + spec("k").shown(shownAs) + " must be an integer in 1 … maxk = " +
                    std::to_string(bound) + ", got " + std::to_string(k));
}

Index largestK(const Options& o) {
    const Index maxk = o.analysis.neighbours.maxk;
    return maxk > 0 ? maxk : 100;
}

void checkKWithinMaxk(const Options& o, Surface shownAs, std::string_view given) {
    const Index k = o.analysis.density.k, bound = largestK(o);
    if (o.analysis.density.method != DensityMethod::Knn || k <= bound) return;
    throw Error("option " + spec("k").shown(shownAs) + " must be an integer in 1 … " + std::to_string(bound) +
                (o.analysis.neighbours.maxk > 0 ? " (maxk)" : " (maxk auto)") + ", got " +
                (given.empty() ? std::to_string(k) : valueText(given)));
}

// ---- Helpers --------------------------------------------------------------------------------------
std::string numberText(double x) {
    if (std::isnan(x)) return "NaN";
    if (std::isinf(x)) return x > 0 ? "Infinity" : "-Infinity";
    if (x == 0) return "0";
    char buf[40];
    if (x == std::floor(x) && std::fabs(x) < 1e21) {
        std::snprintf(buf, sizeof buf, "%.0f", x);
        return buf;
    }
    for (int p = 1; p <= 17; ++p) {  // the shortest text that reads back to x
        std::snprintf(buf, sizeof buf, "%.*g", p, x);
        if (std::strtod(buf, nullptr) == x) break;
    }
    std::string t = buf;  // "1e+300" → "1e300", "1e-07" → "1e-7" (as JavaScript writes them)
    const size_t e = t.find('e');
    if (e != std::string::npos) {
        std::string mant = t.substr(0, e), exp = t.substr(e + 1);
        const bool neg = exp[0] == '-';
        if (exp[0] == '+' || exp[0] == '-') exp.erase(0, 1);
        while (exp.size() > 1 && exp[0] == '0') exp.erase(0, 1);
        t = mant + "e" + (neg ? "-" : "") + exp;
    }
    return t;
}

std::string valueText(std::string_view text) {
    if (isDecimal(text) && text.size() <= 40) return std::string(text);  // also "1e999"
    std::string out = "'";
    for (size_t i = 0; i < text.size() && i < 40; ++i) {
        const unsigned char c = static_cast<unsigned char>(text[i]);
        if (c < 0x20 || c == 0x7f) {
            char b[8];
            std::snprintf(b, sizeof b, "\\x%02x", unsigned(c));
            out += b;
        } else {
            out += char(c);
        }
    }
    return out + (text.size() > 40 ? "…'" : "'");
}

bool parseDouble(std::string_view text, double& out) {
    if (!isDecimal(text)) return false;
    const double x = std::strtod(std::string(text).c_str(), nullptr);
    if (!std::isfinite(x)) return false;
    out = x;
    return true;
}

Index integerFromNumber(double x, Index lo, Index hi, const std::string& option, const std::string& range) {
    if (!std::isfinite(x) || x != std::floor(x) || x < double(lo) || x > double(hi))
        throw Error("option " + option + " must be an integer in " + range + ", got " + numberText(x));
    return Index(x);
}

Index integerFromText(std::string_view text, Index lo, Index hi, const std::string& option, const std::string& range) {
    double x = 0;
    if (!parseDouble(text, x) || x != std::floor(x) || x < double(lo) || x > double(hi))
        throw Error("option " + option + " must be an integer in " + range + ", got " + valueText(text));
    return Index(x);
}

}  // namespace peakscope::params
