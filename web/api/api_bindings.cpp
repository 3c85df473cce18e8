// PeakScope JavaScript API: the Embind bindings of peakscope.mjs (an ES module, no canvas).
// Works in browsers, Web Workers and Node. Each binding is a thin adaptor over core/ (analyze,
// analyzeGraph, mergeAtZ, analysisToJson, io::readTable); no algorithm lives here. Every array
// handed to JS is a copy owned by JS (never a view into the wasm heap, which memory growth
// detaches). Every failure becomes a JS Error naming the problem (returned here, thrown by the
// wrappers in api_postjs.js).
//   Sections: [1] errors  [2] JS <-> C++ conversions  [3] options  [4] Result (analysis handle)
//             [5] entry points  [6] EMSCRIPTEN_BINDINGS table
// Example (JS):  import PeakScope from './peakscope.mjs';
//                const ps = await PeakScope();
//                const r = ps.analyze(xy, n, 2, { Z: 1.65 });  r.nClusters;  r.mergeAtZ(3).labels;
//                r.delete();
#include <emscripten/heap.h>
#include <emscripten/bind.h>
#include <emscripten/val.h>
#include <malloc.h>

#include <cmath>
#include <cstdio>
#include <limits>
#include <new>
#include <stdexcept>
#include <string>
#include <vector>

#include "core/analysis.hpp"
#include "core/io/readers.hpp"
#include "core/params.hpp"
#include "core/json.hpp"
#include "core/report.hpp"

using emscripten::val;

namespace peakscope::api {

//-----------------------------------------------------------------------------------------------
// [1] Errors. A C++ exception leaving an Embind function reaches JS as a bare number, and a JS
// exception thrown through wasm frames skips their destructors (leaking the argument handles).
// So every entry point catches and *returns* an Error object; api_postjs.js throws it in JS.
//-----------------------------------------------------------------------------------------------
template <class F>
val guarded(const char* where, F&& body) {
    std::string message;
    try {
        return body();
    } catch (const std::bad_alloc&) {
        message = "out of memory (the data set or maxk is too large for this browser)";
    } catch (const std::length_error&) {  // a std::vector beyond the 32-bit address space
        message = "out of memory (the data set or maxk is too large for this browser)";
    } catch (const std::exception& e) {
        message = e.what();
    } catch (...) {
        message = "unknown error";
    }
    const std::string prefix = std::string(where) + ": ";
    if (message.compare(0, prefix.size(), prefix) != 0) message = prefix + message;  // "analyze: ..."
    return val::global("Error").new_(message);
}

// A number for messages: "2.5", "-1", "nan" (not std::to_string's "2.500000").
std::string fmt(double x) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.10g", x);
    return buf;
}

//-----------------------------------------------------------------------------------------------
// [2] Conversions. Copies out of the heap: `new T(typed_memory_view(...))` copies at once (no
// allocation happens between taking the view and copying it).
//-----------------------------------------------------------------------------------------------
val f64Array(const std::vector<double>& v) {
    return val::global("Float64Array").new_(emscripten::typed_memory_view(v.size(), v.data()));
}
val i32Array(const std::vector<int32_t>& v) {
    return val::global("Int32Array").new_(emscripten::typed_memory_view(v.size(), v.data()));
}
val i32Array(const std::vector<Index>& v) {  // counts and sizes (all < 2^31 here)
    std::vector<int32_t> w(v.begin(), v.end());
    return i32Array(w);
}
val f64Array(const std::vector<Index>& v) {
    std::vector<double> w(v.begin(), v.end());
    return f64Array(w);
}
val stringArray(const std::vector<std::string>& v) {
    val out = val::array();
    for (const auto& s : v) out.call<void>("push", s);
    return out;
}

bool isInstance(const val& x, const char* ctor) { return x.instanceof(val::global(ctor)); }
bool isNumericArray(const val& x) {
    if (x.isArray()) return true;
    for (const char* t : {"Float64Array", "Float32Array", "Int32Array", "Uint32Array", "Int16Array",
                          "Uint16Array", "Int8Array", "Uint8Array", "Uint8ClampedArray"})
        if (isInstance(x, t)) return true;
    return false;
}
std::string typeName(const val& x) {
    if (x.isNull()) return "null";
    if (x.isUndefined()) return "undefined";
    const std::string t = x.typeOf().as<std::string>();
    if (t == "object") {
        val ctor = x["constructor"];
        if (!ctor.isUndefined() && !ctor.isNull()) return ctor["name"].as<std::string>();
    }
    return t;
}

// A non-negative integer count from a JS number (n, d, k).
Index countArg(const val& x, const char* what) {
    if (!x.isNumber()) throw Error(std::string(what) + " must be a number (got " + typeName(x) + ")");
    const double v = x.as<double>();
    if (!std::isfinite(v) || v != std::floor(v) || v < 0 || v > double(std::numeric_limits<int32_t>::max()))
        throw Error(std::string(what) + " must be a non-negative integer (got " + fmt(v) + ")");
    return Index(v);
}

// Copies a JS numeric array of length `expected` (checked) into `out`.
template <class T>
void copyIn(const val& src, Index expected, const char* what, std::vector<T>& out) {
    if (!isNumericArray(src))
        throw Error(std::string(what) + " must be a Float32Array, Float64Array or array of numbers (got " +
                    typeName(src) + ")");
    const Index len = Index(src["length"].as<double>());
    if (len != expected)
        throw Error(std::string(what) + " has " + std::to_string(len) + " values, expected " + std::to_string(expected));
    out.resize(size_t(len));
    val view(emscripten::typed_memory_view(out.size(), out.data()));  // after resize: current heap
    view.call<void>("set", src);
}

//-----------------------------------------------------------------------------------------------
// [3] Options: the names, kinds and ranges of core/params.hpp (one table for the CLI, this API and
// the app). No coercion: numbers must be numbers, switches booleans, words strings. An unknown
// name or a bad value is an error naming it, its valid values and the value given.
//-----------------------------------------------------------------------------------------------
enum class Input { Points, Graph };

// A JS value for a message: 1e300, true, null, "10" (a string), Array.
std::string valueText(const val& v) {
    if (v.isNumber()) return params::numberText(v.as<double>());
    if (v.isTrue() || v.isFalse()) return v.isTrue() ? "true" : "false";
    if (v.isString()) return json::quoted(v.as<std::string>().substr(0, 40)) + " (a string)";
    return typeName(v);
}

params::Options parseOptions(const val& opts, Input input) {
    params::Options o;
    if (opts.isUndefined() || opts.isNull()) return o;
    if (opts.typeOf().as<std::string>() != "object" || opts.isArray())
        throw Error("options must be an object such as {maxk: 100, Z: 1.65} (got " + typeName(opts) + ")");
    const params::Spec& neighbours = params::spec("neighbours");
    const val keys = val::global("Object").call<val>("keys", opts);
    const int count = keys["length"].as<int>();
    for (int i = 0; i < count; ++i) {
        const std::string name = keys[i].as<std::string>();
        const val v = opts[name];
        if (v.isUndefined()) continue;  // {maxk: undefined} = default
        const params::Spec* s = params::find(name);
        if (s && name.compare(0, 2, "--") == 0) s = nullptr;  // CLI spellings are not JS names
        if (!s || !(s->surfaces & params::Js)) {
            std::string known = params::names(params::Js);
            if (input == Input::Graph) known.replace(known.find("neighbours, "), 12, "");
            throw Error("unknown option '" + name + "' (known: " + known + ")");
        }
        if (s == &neighbours && input == Input::Graph)
            throw Error("option " + name + " does not apply to analyzeGraph (the table is given)");
        const bool number = s->kind == params::Kind::Integer || s->kind == params::Kind::Real;
        const bool ok = number ? v.isNumber() : s->kind == params::Kind::Flag ? (v.isTrue() || v.isFalse()) : v.isString();
        if (!ok) throw Error("option " + name + " must be " + s->validValues() + ", got " + valueText(v));
        if (number) params::setNumber(*s, v.as<double>(), o, params::Js);
        else if (s->kind == params::Kind::Flag) params::setFlag(*s, v.isTrue(), o);
        else params::parse(*s, v.as<std::string>(), o, params::Js);
    }
    return o;
}

// Refuses work whose arrays cannot fit the wasm heap (the most it can grow to, less what is in
// use), before allocating them — instead of a failed allocation halfway through.
void checkHeapFits(double bytes, const std::string& what) {
    const double max = double(emscripten_get_heap_max()), used = double(mallinfo().uordblks);
    if (bytes <= max - used) return;
    char buf[256];
    std::snprintf(buf, sizeof buf, "out of memory (%s need at least %.1f GB; the wasm heap holds at most %.1f GB, "
                  "%.1f GB of it free)", what.c_str(), bytes / 1e9, max / 1e9, (max - used) / 1e9);
    throw Error(buf);
}

//-----------------------------------------------------------------------------------------------
// [4] Result: owns the Analysis (freed by r.delete()). The plain fields (labels, logDensity, …)
// are set on the JS object once, as copies; mergeAtZ and toJSON work from the kept Analysis.
//-----------------------------------------------------------------------------------------------
// Saddles and dendrogram merges go out as columns (typed arrays, a handful of crossings instead of
// several per item); api_postjs.js turns them into arrays of objects in plain JS.
val saddlesToJs(const Analysis& a, const std::vector<Saddle>& saddles) {
    std::vector<int32_t> ca, cb, point;
    std::vector<double> logRho, error;
    for (const Saddle& s : saddles) {
        ca.push_back(s.a);
        cb.push_back(s.b);
        logRho.push_back(s.logRho);
        error.push_back(s.error);
        point.push_back(a.row(s.point));  // input row
    }
    val o = val::object();
    o.set("a", i32Array(ca));
    o.set("b", i32Array(cb));
    o.set("logDensity", f64Array(logRho));
    o.set("error", f64Array(error));
    o.set("point", i32Array(point));
    return o;
}

std::vector<int32_t> rowsOf(const Analysis& a, const std::vector<int32_t>& uniqueIndices) {
    std::vector<int32_t> rows(uniqueIndices.size());
    for (size_t i = 0; i < rows.size(); ++i) rows[i] = uniqueIndices[i] < 0 ? -1 : a.row(uniqueIndices[i]);
    return rows;
}

// The per-Z part shared by the result and mergeAtZ: {Z, nClusters, labels, haloLabels, centers,
// centerLogDensity, centerError, population, saddles}.
void setPartition(val& o, const Analysis& a, const Partition& p) {
    o.set("Z", p.Z);
    o.set("nClusters", double(p.nClusters()));
    o.set("labels", i32Array(a.perRow(p.labels)));
    o.set("haloLabels", i32Array(a.perRow(p.haloLabels)));
    o.set("centers", i32Array(rowsOf(a, p.centres)));
    o.set("centerLogDensity", f64Array(p.centreLogRho));
    o.set("centerError", f64Array(p.centreError));
    o.set("population", i32Array(p.population));
    o.set("saddles", saddlesToJs(a, p.saddles));
}

val dendrogramToJs(const Analysis& a, const Dendrogram& h) {
    val o = val::object();
    o.set("nLeaves", double(h.nLeaves));
    o.set("leafHeight", f64Array(h.leafHeight));
    o.set("leafOrder", i32Array(h.leafOrder));
    std::vector<int32_t> left, right, saddlePoint, size, connected;
    std::vector<double> height, mergeZ;
    for (const auto& m : h.merges) {
        mergeZ.push_back(m.mergeZ);
        left.push_back(m.left);
        right.push_back(m.right);
        height.push_back(m.height);
        saddlePoint.push_back(m.saddlePoint < 0 ? -1 : a.row(m.saddlePoint));
        size.push_back(int32_t(m.size));
        connected.push_back(m.connected ? 1 : 0);
    }
    val merges = val::object();  // columns; api_postjs.js makes them objects
    merges.set("left", i32Array(left));
    merges.set("right", i32Array(right));
    merges.set("height", f64Array(height));
    merges.set("saddlePoint", i32Array(saddlePoint));
    merges.set("size", i32Array(size));
    merges.set("connected", i32Array(connected));
    merges.set("mergeZ", f64Array(mergeZ));  // Z at which the two groups merge (Infinity: never)
    o.set("merges", merges);
    return o;
}

class Result {
public:
    explicit Result(Analysis a) : a_(std::move(a)) {}

    // r.mergeAtZ(z): the partition at another Z from the kept topography (ADP §2.3), plus its
    // dendrogram. Leaves r's own fields (computed at the analysis Z) unchanged.
    val mergeAtZ(val z) const {
        return guarded("mergeAtZ", [&] {
            if (!z.isNumber()) throw Error("mergeAtZ: Z must be a number (got " + typeName(z) + ")");
            const double Z = z.as<double>();
            if (!std::isfinite(Z) || Z < 0) throw Error("mergeAtZ: Z must be a finite number >= 0 (got " + fmt(Z) + ")");
            const Partition p = peakscope::mergeAtZ(a_.topography, a_.density, Z);
            val o = val::object();
            setPartition(o, a_, p);
            Dendrogram h = peakHierarchy(p);
            labelJoins(h, a_.topography, p, a_.curve);
            o.set("dendrogram", dendrogramToJs(a_, h));
            return o;
        });
    }

    // r.toJSON(): the CLI's --json text (default ReportOptions, as demos/cli/peakscope.cpp).
    val toJSON() const {
        return guarded("toJSON", [&] { return val(analysisToJson(a_)); });
    }

    const Analysis& analysis() const { return a_; }

private:
    Analysis a_;
};

val resultToJs(Analysis&& analysis) {
    Result* result = new Result(std::move(analysis));
    val r(result);  // the JS handle owns it: r.delete() destroys it
    const Analysis& a = result->analysis();
    r.set("n", double(a.n));
    r.set("d", double(a.d));
    r.set("nUnique", double(a.graph.n));
    r.set("duplicates", double(a.duplicates.count));
    r.set("maxk", double(a.graph.maxk));
    r.set("warnings", stringArray(a.warnings));
    val id = val::object();
    id.set("value", a.id.id);
    id.set("error", a.id.error);
    id.set("scale", a.id.scale);
    r.set("id", id);
    if (!a.idScale.id.empty() || !a.grideScale.id.empty()) {
        val s = val::object();
        val dec = val::object();
        dec.set("sizes", i32Array(a.idScale.sizes));
        dec.set("id", f64Array(a.idScale.id));
        dec.set("error", f64Array(a.idScale.error));
        dec.set("scale", f64Array(a.idScale.scale));
        s.set("decimation", dec);
        val gr = val::object();
        gr.set("n1", i32Array(a.grideScale.n1));
        gr.set("id", f64Array(a.grideScale.id));
        gr.set("error", f64Array(a.grideScale.error));
        gr.set("scale", f64Array(a.grideScale.scale));
        s.set("gride", gr);
        r.set("idScaling", s);
    } else {
        r.set("idScaling", val::null());
    }
    r.set("density", std::string(densityMethodName(a.density.method)));
    r.set("logDensity", f64Array(a.perRow(a.density.logRho)));
    r.set("logDensityError", f64Array(a.perRow(a.density.error)));
    r.set("kstar", i32Array(a.perRow(a.density.kstar)));
    setPartition(r, a, a.partition);
    r.set("nPutative", double(a.topography.centres.size()));
    r.set("putativeCenters", i32Array(rowsOf(a, a.topography.centres)));
    val curve = val::object();
    curve.set("z", f64Array(a.curve.z));
    curve.set("nClusters", i32Array(a.curve.nClusters));
    curve.set("exactUpTo", a.curve.exactUpTo);  // Infinity unless the steps beyond were sampled
    r.set("mergeCurve", curve);
    r.set("dendrogram", dendrogramToJs(a, a.hierarchy));
    if (!a.decision.delta.empty()) {
        r.set("decisionDelta", f64Array(a.perRow(a.decision.delta)));
        r.set("decisionNearestHigher", i32Array(rowsOf(a, a.perRow(a.decision.nearestHigher))));
    } else {
        r.set("decisionDelta", val::null());
        r.set("decisionNearestHigher", val::null());
    }
    val t = val::object();
    t.set("neighbours", a.timings.neighbours);
    t.set("id", a.timings.id);
    t.set("density", a.timings.density);
    t.set("adp", a.timings.adp);
    r.set("timings", t);
    return r;
}

//-----------------------------------------------------------------------------------------------
// [5] Entry points.
//-----------------------------------------------------------------------------------------------

// The project version (CMake's PROJECT_VERSION, e.g. "0.1.0").
std::string version() { return PEAKSCOPE_VERSION; }

// ps.analyze(points, n, d, opts): the whole pipeline on row-major n×d points (core analyze()).
val analyzeJs(val points, val nArg, val dArg, val opts) {
    return guarded("analyze", [&] {
        const Index n = countArg(nArg, "analyze: n");
        const Index d = countArg(dArg, "analyze: d");
        if (n == 0) throw Error("analyze: no points (n = 0)");
        if (d == 0) throw Error("analyze: d must be >= 1");
        if (double(n) * double(d) > double(std::numeric_limits<int32_t>::max()))
            throw Error("analyze: n×d = " + std::to_string(n * d) + " values is too many");
        const params::Options o = parseOptions(opts, Input::Points);
        params::checkWithData(o, n);
        // the n × (maxk + 1) neighbour table (8-byte distances, 4-byte indices), the points twice
        const Index maxk = params::effectiveMaxk(o, n);
        checkHeapFits(12.0 * double(n) * double(maxk + 1) + 16.0 * double(n) * double(d),
                      std::to_string(n) + " points × " + std::to_string(d) + " dimensions with maxk = " + std::to_string(maxk));
        const AnalysisParams& p = o.analysis;
        if (isInstance(points, "Float32Array")) {  // analysed in float, as given
            std::vector<float> x;
            copyIn(points, n * d, "analyze: points", x);
            return resultToJs(analyze(PointsView(x.data(), n, d), p));
        }
        std::vector<double> x;
        copyIn(points, n * d, "analyze: points", x);
        return resultToJs(analyze(PointsView(x.data(), n, d), p));
    });
}

// ps.analyzeGraph(distances, indices, n, k, opts): a precomputed n×k neighbour table, with or
// without the self column (core graphFromTable + analyzeGraph).
val analyzeGraphJs(val distances, val indices, val nArg, val kArg, val opts) {
    return guarded("analyzeGraph", [&] {
        const Index n = countArg(nArg, "analyzeGraph: n");
        const Index k = countArg(kArg, "analyzeGraph: k");
        if (n == 0) throw Error("analyzeGraph: no points (n = 0)");
        if (k == 0) throw Error("analyzeGraph: k must be >= 1");
        if (double(n) * double(k) > double(std::numeric_limits<int32_t>::max()))
            throw Error("analyzeGraph: n×k = " + std::to_string(n * k) + " values is too many");
        const params::Options o = parseOptions(opts, Input::Graph);
        // the table copied in (distances, indices as doubles, then int32) and the graph built from it
        checkHeapFits(20.0 * double(n) * double(k) + 12.0 * double(n) * double(k + 1),
                      "a neighbour table of " + std::to_string(n) + " × " + std::to_string(k) + " entries");
        std::vector<double> dist, idxD;
        copyIn(distances, n * k, "analyzeGraph: distances", dist);
        copyIn(indices, n * k, "analyzeGraph: indices", idxD);
        const io::KnnTable table = io::knnTable(dist.data(), idxD.data(), n, k, "analyzeGraph", "indices");
        idxD = {};
        dist = {};
        const KnnGraph g = graphFromTable(table.dist.data(), table.index.data(), n, k);
        params::checkWithData(o, -1, params::Js, g.maxk);
        return resultToJs(analyzeGraph(g, o.analysis));
    });
}

// ps.readTable(bytes, fileName, {labelColumn}) (a number, 'auto', 'none', 'last' or a header name): CSV/TSV/whitespace text, .npy or .npz bytes →
// {points: Float64Array (row-major), n, d, labels: Int32Array | null, columnNames, labelName}.
val readTableJs(val bytes, val nameArg, val opts) {
    return guarded("readTable", [&] {
        if (!isInstance(bytes, "Uint8Array") && !isInstance(bytes, "ArrayBuffer"))
            throw Error("readTable: bytes must be a Uint8Array or ArrayBuffer (got " + typeName(bytes) + ")");
        const val u8 = isInstance(bytes, "ArrayBuffer") ? val::global("Uint8Array").new_(bytes) : bytes;
        if (!nameArg.isString()) throw Error("readTable: fileName must be a string (got " + typeName(nameArg) + ")");
        const std::string name = nameArg.as<std::string>();
        io::ReadOptions ro;
        if (!opts.isUndefined() && !opts.isNull()) {
            if (opts.typeOf().as<std::string>() != "object" || opts.isArray())
                throw Error("readTable: options must be an object such as {labelColumn: 'auto'} (got " + typeName(opts) + ")");
            const val keys = val::global("Object").call<val>("keys", opts);
            for (int i = 0; i < keys["length"].as<int>(); ++i) {
                const std::string key = keys[i].as<std::string>();
                const val v = opts[key];
                if (key != "labelColumn") throw Error("readTable: unknown option '" + key + "' (known: labelColumn)");
                if (v.isUndefined()) continue;
                const std::string range = "-1 … 2147483647 (or 'auto', 'none', 'last', or a header column's name)";
                if (v.isString()) {
                    const std::string s = v.as<std::string>();
                    if (s == "auto") ro.labelColumn = -3;
                    else if (s == "none") ro.labelColumn = -2;
                    else if (s == "last") ro.labelColumn = -1;
                    else if (!s.empty()) ro.labelColumnName = s;  // core names the columns if absent
                    else throw Error("option labelColumn must be an integer in " + range + ", got " + valueText(v));
                } else if (v.isNull() || v.isFalse()) {
                    ro.labelColumn = -2;
                } else {
                    if (!v.isNumber()) throw Error("option labelColumn must be an integer in " + range + ", got " + valueText(v));
                    ro.labelColumn = int(params::integerFromNumber(v.as<double>(), -1, std::numeric_limits<int32_t>::max(),
                                                                   "labelColumn", range));
                }
            }
        }
        std::string data(size_t(u8["length"].as<double>()), '\0');
        val view(emscripten::typed_memory_view(data.size(), reinterpret_cast<unsigned char*>(data.data())));
        view.call<void>("set", u8);
        io::Table t = io::readTable(data, name, ro);
        data = {};
        val o = val::object();
        o.set("points", f64Array(t.points.values));
        o.set("n", double(t.points.rows));
        o.set("d", double(t.points.cols));
        if (t.labels.empty()) {
            o.set("labels", val::null());
        } else {
            std::vector<int32_t> l(t.labels.size());
            for (size_t i = 0; i < l.size(); ++i) {
                if (t.labels[i] < std::numeric_limits<int32_t>::min() || t.labels[i] > std::numeric_limits<int32_t>::max())
                    throw Error(name + ": label " + std::to_string(t.labels[i]) + " in row " + std::to_string(i + 1) +
                                " does not fit a 32-bit integer");
                l[i] = int32_t(t.labels[i]);
            }
            o.set("labels", i32Array(l));
        }
        o.set("columnNames", stringArray(t.columnNames));
        o.set("labelName", t.labelName);
        o.set("labelNames", t.labelNames.empty() ? val::null() : stringArray(t.labelNames));  // text labels
        return o;
    });
}

// ps.memory(): {heapBytes, usedBytes} — the wasm heap size and the bytes malloc holds (for leak
// checks: analyze + delete in a loop keeps usedBytes flat).
val memory() {
    const struct mallinfo mi = mallinfo();
    val o = val::object();
    o.set("heapBytes", double(emscripten_get_heap_size()));
    o.set("usedBytes", double(mi.uordblks));
    return o;
}

}  // namespace peakscope::api

//-----------------------------------------------------------------------------------------------
// [6] Bindings: one line per entry point, in the order of the sections above.
//-----------------------------------------------------------------------------------------------
EMSCRIPTEN_BINDINGS(peakscope) {
    using namespace peakscope::api;
    // analyze, analyzeGraph, readTable, mergeAtZ and toJSON return an Error object on failure;
    // api_postjs.js wraps them (optional arguments, throwing the Error).
    emscripten::class_<Result>("Result")
        .function("mergeAtZ", &Result::mergeAtZ)
        .function("toJSON", &Result::toJSON);
    emscripten::function("version", &version);
    emscripten::function("analyze", &analyzeJs);
    emscripten::function("analyzeGraph", &analyzeGraphJs);
    emscripten::function("readTable", &readTableJs);
    emscripten::function("memory", &memory);
}
