// peakscope — command-line interface to the PeakScope core (the interface of our benchmarks and
// reference checks).
//   peakscope analyze FILE [--maxk K] [--Z Z] [--density pak|kstar|knn] [--k K] [--halo]
//                          [--labels FILE] [--json OUT|-] [--neighbours auto|kdtree|brute] [--id-scaling]
//   peakscope bench [--quick] [--sizes 2000,10000,50000] [--dims 2,10,50] [--save DIR] [--no-compare]
//   peakscope bench-large [--n 1000000] [--subsample 100000] [--maxk 100] [--skip-exact] [--skip-hnsw]
//   peakscope generate NAME [--n N] [--noise S] [--seed S] [--dim D] [--out FILE.csv|-]
//   peakscope generate --list        (the built-in toy data sets, core/toy/generators.hpp)
//   peakscope options                (the analysis options as a Markdown table, core/params.hpp)
//   peakscope version
// Analysis options are read by the parameter codec (core/params.hpp): one table for the CLI, the JS
// API and the app. With `--json -` stdout carries only the JSON; the summary goes to stderr.
// A bad file or argument exits with status 2 and one line naming the problem.
#include "core/analysis.hpp"
#include "core/io/readers.hpp"
#include "core/metrics.hpp"
#include "core/params.hpp"
#include "core/report.hpp"
#include "core/toy/generators.hpp"

#include <algorithm>
#include <chrono>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <map>
#include <new>
#include <stdexcept>
#include <string>
#include <unistd.h>

namespace peakscope::cli {
int bench(int argc, char** argv);
int benchLarge(int argc, char** argv);
}

using namespace peakscope;

namespace {

const char* kUsage =
    "usage: peakscope analyze FILE [--maxk K] [--Z Z] [--density pak|kstar|knn] [--k K] [--halo]\n"
    "                         [--labels FILE] [--json OUT|-] [--neighbours auto|kdtree|brute]\n"
    "                         [--id-scaling]\n"
    "       peakscope bench [--quick] [--sizes N,N,..] [--dims D,D,..] [--save DIR] [--no-compare]\n"
    "       peakscope bench-large [--n N] [--subsample M] [--maxk K] [--skip-exact] [--skip-hnsw]\n"
    "       peakscope generate NAME [--n N] [--noise S] [--seed S] [--dim D] [--out FILE.csv|-]\n"
    "       peakscope generate --list\n"
    "       peakscope options\n"
    "       peakscope version\n"
    "FILE: .csv/.tsv/.txt/.dat (whitespace), .npy, or .npz (points, or a kNN graph given as\n"
    "arrays 'dist' and 'index').\n"
    "generate: a built-in toy data set as CSV (header x0,x1,..,label; label -1 = background),\n"
    "to stdout by default; unset options take the set's defaults (seed 1); --list shows them.\n"
    "--json -: the JSON alone on stdout, the summary on stderr. `peakscope options` lists the\n"
    "analysis options with their defaults and valid values.\n";

double parseNumber(const std::string& opt, const std::string& v) {
    double x = 0;
    if (!params::parseDouble(v, x)) throw Error("option " + opt + " must be a finite number, got " + params::valueText(v));
    return x;
}
Index parseCount(const std::string& opt, const std::string& v) {  // each generator narrows the range
    return params::integerFromText(v, 1, 1000000000, opt, "1 … 10^9");
}

bool endsWith(const std::string& s, const std::string& suffix) {
    return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

// A progress line on stderr for runs longer than a second: rewritten in place on a terminal (10×
// a second at most), one line every 5 s otherwise (logs). Cleared when the analysis ends.
// PEAKSCOPE_PROGRESS_AFTER=seconds changes the one second (the CLI test sets 0).
struct ProgressLine {
    using Clock = std::chrono::steady_clock;
    Clock::time_point t0 = Clock::now(), last{};
    bool tty = isatty(fileno(stderr)) != 0, shown = false;
    double after = afterSeconds();
    std::string lastStage;
    static double afterSeconds() {
        const char* e = std::getenv("PEAKSCOPE_PROGRESS_AFTER");
        char* end = nullptr;
        const double v = e ? std::strtod(e, &end) : 1.0;
        return e && end != e && v >= 0 ? v : 1.0;
    }
    void update(const char* stage, double fraction) {
        const auto now = Clock::now();
        const double elapsed = std::chrono::duration<double>(now - t0).count();
        if (elapsed < after) return;
        const double since = shown ? std::chrono::duration<double>(now - last).count() : 1e9;
        if (since < (tty ? 0.1 : 5.0) && lastStage == stage) return;
        std::fprintf(stderr, tty ? "\rpeakscope: %-20s %3.0f %%  %6.1f s " : "peakscope: %s %.0f %% (%.1f s)\n", stage,
                     100.0 * fraction, elapsed);
        std::fflush(stderr);
        last = now;
        lastStage = stage;
        shown = true;
    }
    void finish() {
        if (shown && tty) std::fprintf(stderr, "\r%60s\r", "");
        shown = false;
    }
};

int analyzeCommand(int argc, char** argv) {
    std::string file, jsonOut, labelsFile;
    params::Options o;
    for (int i = 0; i < argc; ++i) {
        const std::string a = argv[i];
        auto value = [&]() -> std::string {
            if (i + 1 >= argc) throw Error("option " + a + " needs a value");
            return argv[++i];
        };
        const params::Spec* spec = a.size() > 2 && a[0] == '-' && a[1] == '-' ? params::find(a) : nullptr;
        if (spec && spec->cliFlag && (spec->surfaces & params::Cli)) {
            if (spec->kind == params::Kind::Flag) params::setFlag(*spec, true, o);
            else params::parse(*spec, value(), o, params::Cli);
        } else if (a == "--json") jsonOut = value();
        else if (a == "--labels") labelsFile = value();
        else if (!a.empty() && a[0] == '-' && a != "-") throw Error("unknown option " + a);
        else if (file.empty()) file = a;
        else throw Error("unexpected argument '" + a + "' (one input file only)");
    }
    if (file.empty()) throw Error("analyze needs an input FILE");
    AnalysisParams p = o.analysis;
    const bool halo = o.halo;
    ProgressLine progressLine;
    p.progress = [&](const char* stage, double fraction) { progressLine.update(stage, fraction); };

    Analysis a;
    std::vector<int64_t> fileLabels;
    bool graphInput = false;
    std::vector<io::NdArray> arrays;  // an .npz is read once: a kNN table, or points
    if (endsWith(file, ".npz")) {
        const std::string bytes = io::readFileBytes(file);
        arrays = io::readNpz(bytes, file);
        if (const auto names = io::knnTableNames(arrays)) {
            const auto named = [&](const std::string& name) -> const io::NdArray& {
                return *std::find_if(arrays.begin(), arrays.end(), [&](const io::NdArray& a) { return a.name == name; });
            };
            const io::KnnTable table = io::knnTable(named(names->dist), named(names->index), file);  // indices checked
            KnnGraph g = graphFromTable(table.dist.data(), table.index.data(), table.n, table.k);
            params::checkWithData(o, -1, params::Cli, g.maxk);
            a = analyzeGraph(g, p);
            graphInput = true;
        } else {
            io::requireWholeKnnTable(arrays, file);
        }
    }
    std::string labelColumn;               // header of the file's label column
    std::vector<std::string> labelNames;   // its class names when the labels are text
    if (!graphInput) {
        io::Table t = arrays.empty() ? io::readTableFile(file) : io::tableFromArrays(arrays, file);
        fileLabels = t.labels;
        labelColumn = t.labelName;
        labelNames = t.labelNames;
        params::checkWithData(o, t.points.rows, params::Cli);
        a = analyze(t.points.view(), p);
    }
    progressLine.finish();
    std::vector<int64_t> truth;
    if (!labelsFile.empty()) {
        truth = io::readLabelsFile(labelsFile);
        if (Index(truth.size()) != a.n)
            throw Error(labelsFile + ": " + std::to_string(truth.size()) + " labels for " + std::to_string(a.n) + " points");
    } else {
        truth = fileLabels;
    }
    if (!labelsFile.empty() || truth.empty()) labelColumn.clear(), labelNames.clear();

    // ground truth: ARI/NMI over the points labelled >= 0 in both (or the reason there are none)
    LabelAgreement agreement;
    if (!truth.empty()) {
        const auto labels = a.perRow(halo ? a.partition.haloLabels : a.partition.labels);
        agreement = labelAgreement(truth, std::vector<int64_t>(labels.begin(), labels.end()));
    }

    // human summary: stdout, or stderr when stdout carries the JSON (--json -)
    FILE* out = jsonOut == "-" ? stderr : stdout;
    std::fprintf(out, "points %lld × %lld, maxk %lld%s\n", (long long)a.n, (long long)a.d, (long long)a.graph.maxk,
                 graphInput ? " (kNN graph input)" : "");
    if (a.graph.approximate)
        std::fprintf(out, "neighbours: approximate (hnsw), recall %.4f measured exactly on %lld evenly spaced points\n",
                     a.graph.recall, (long long)a.graph.recallSample);
    for (auto& w : a.warnings) std::fprintf(out, "warning: %s\n", w.c_str());
    std::fprintf(out, "intrinsic dimension (TwoNN) %.4f ± %.4f at scale %.4g\n", a.id.id, a.id.error, a.id.scale);
    for (size_t k = 0; k < a.idScale.id.size(); ++k)
        std::fprintf(out, "  decimation N = %lld: ID %.3f ± %.3f at scale %.4g\n", (long long)a.idScale.sizes[k],
                     a.idScale.id[k], a.idScale.error[k], a.idScale.scale[k]);
    for (size_t k = 0; k < a.grideScale.id.size(); ++k)
        std::fprintf(out, "  Gride n1 = %lld: ID %.3f ± %.3f at scale %.4g\n", (long long)a.grideScale.n1[k],
                     a.grideScale.id[k], a.grideScale.error[k], a.grideScale.scale[k]);
    std::fprintf(out, "density %s: log rho in [%.3f, %.3f]\n", densityMethodName(a.density.method),
                 *std::min_element(a.density.logRho.begin(), a.density.logRho.end()),
                 *std::max_element(a.density.logRho.begin(), a.density.logRho.end()));
    Index haloCount = 0;
    for (int32_t l : a.partition.haloLabels) haloCount += l < 0;
    std::fprintf(out, "ADP at Z = %g: %lld clusters (%lld putative peaks, %zu saddles)%s\n", a.partition.Z,
                 (long long)a.partition.nClusters(), (long long)a.topography.centres.size(), a.partition.saddles.size(),
                 halo ? ("; halo points " + std::to_string(haloCount)).c_str() : "");
    for (Index c = 0; c < a.partition.nClusters(); ++c)
        std::fprintf(out, "  cluster %lld: centre row %d, log rho %.3f ± %.3f, %lld points\n", (long long)c,
                     a.row(a.partition.centres[size_t(c)]), a.partition.centreLogRho[size_t(c)],
                     a.partition.centreError[size_t(c)], (long long)a.partition.population[size_t(c)]);
    if (!truth.empty() && !labelsFile.empty())
        std::fprintf(out, "labels: %s\n", labelsFile.c_str());
    else if (!truth.empty()) {  // the file's label column, and its classes when they are text
        std::string classes;
        for (size_t k = 0; k < labelNames.size(); ++k)
            classes += (k ? ", " : "") + labelNames[k] + " = " + std::to_string(k);
        std::fprintf(out, "labels: column '%s'%s%s\n", labelColumn.empty() ? "label" : labelColumn.c_str(),
                     labelNames.empty() ? "" : (", " + std::to_string(labelNames.size()) + " classes: ").c_str(),
                     classes.c_str());
    }
    if (!truth.empty() && agreement.unavailable.empty())
        std::fprintf(out, "against the given labels (%lld points labelled >= 0 in both): ARI %.4f, NMI %.4f\n",
                     (long long)agreement.compared, agreement.ari, agreement.nmi);
    else if (!truth.empty())
        std::fprintf(out, "against the given labels: ARI and NMI unavailable (%s)\n", agreement.unavailable.c_str());
    std::fprintf(out, "timings: neighbours %.3f s, id %.3f s, density %.3f s, adp %.3f s\n", a.timings.neighbours,
                 a.timings.id, a.timings.density, a.timings.adp);
    if (!jsonOut.empty()) {
        ReportOptions ro;
        if (!truth.empty()) ro.truth = &agreement;
        ro.truthAgainstHalo = halo;
        ro.truthColumn = labelColumn;
        ro.truthClasses = labelNames;
        const std::string text = analysisToJson(a, ro);
        if (jsonOut == "-") {
            std::fwrite(text.data(), 1, text.size(), stdout);
            std::fputc('\n', stdout);
        } else {
            std::ofstream f(jsonOut, std::ios::binary);
            if (!f) throw Error(jsonOut + ": cannot write file");
            f << text << '\n';
            if (!f) throw Error(jsonOut + ": write failed");
        }
    }
    return 0;
}

// ---- generate: built-in toy data sets (core/toy/generators.hpp) as CSV ----------------------------
int generateCommand(int argc, char** argv) {
    std::string name, out = "-";
    bool list = false, haveN = false, haveNoise = false, haveDim = false;
    toy::DatasetSpec spec;
    for (int i = 0; i < argc; ++i) {
        const std::string a = argv[i];
        auto value = [&]() -> std::string {
            if (i + 1 >= argc) throw Error("option " + a + " needs a value");
            return argv[++i];
        };
        if (a == "--list") list = true;
        else if (a == "--n" || a == "--N") { spec.n = parseCount(a, value()); haveN = true; }
        else if (a == "--noise") { spec.noise = parseNumber(a, value()); haveNoise = true; }
        else if (a == "--dim" || a == "--d") { spec.dim = parseCount(a, value()); haveDim = true; }
        else if (a == "--seed") {
            const std::string v = value();
            char* end = nullptr;
            errno = 0;
            const unsigned long long s = std::strtoull(v.c_str(), &end, 10);
            if (v.empty() || v[0] == '-' || *end != '\0' || errno == ERANGE)
                throw Error("option --seed: '" + v + "' is not an integer in 0..18446744073709551615");
            spec.seed = s;
        } else if (a == "--out" || a == "-o") out = value();
        else if (!a.empty() && a[0] == '-') throw Error("unknown option " + a);
        else if (name.empty()) name = a;
        else throw Error("unexpected argument '" + a + "' (one data set name only)");
    }
    if (list) {
        std::printf("%-10s %-8s %-22s %-24s %s\n", "name", "peaks", "N default [range]", "noise default [range]",
                    "dim default [range]");
        for (const auto& g : toy::catalogue()) {
            char n[64], noise[64], dim[64], peaks[16];
            std::snprintf(n, sizeof n, "%lld [%lld..%lld]", (long long)g.defaultN, (long long)g.minN, (long long)g.maxN);
            if (g.maxNoise > 0) std::snprintf(noise, sizeof noise, "%g [%g..%g]", g.defaultNoise, g.minNoise, g.maxNoise);
            else std::snprintf(noise, sizeof noise, "-");
            if (g.maxDim > 0) std::snprintf(dim, sizeof dim, "%lld [%lld..%lld]", (long long)g.defaultDim,
                                            (long long)g.minDim, (long long)g.maxDim);
            else std::snprintf(dim, sizeof dim, "- (2-D)");
            if (g.truePeaks >= 0) std::snprintf(peaks, sizeof peaks, "%d", g.truePeaks);
            else std::snprintf(peaks, sizeof peaks, "?");
            std::printf("%-10s %-8s %-22s %-24s %s\n", g.id, peaks, n, noise, dim);
            std::printf("           %s: %s\n", g.title, g.lesson);
        }
        return 0;
    }
    if (name.empty()) throw Error("generate needs a data set NAME (or --list)");
    const toy::DatasetSpec defaults = toy::defaultSpec(name, spec.seed);  // throws for an unknown name
    spec.id = name;
    if (!haveN) spec.n = defaults.n;
    if (!haveNoise) spec.noise = defaults.noise;
    if (!haveDim) spec.dim = defaults.dim;
    const toy::Dataset data = toy::generate(spec);

    std::string text;
    text.reserve(size_t(data.points.rows) * size_t(data.points.cols + 1) * 24);
    for (Index j = 0; j < data.points.cols; ++j) text += "x" + std::to_string(j) + ",";
    text += "label\n";
    char buf[32];
    for (Index i = 0; i < data.points.rows; ++i) {
        for (Index j = 0; j < data.points.cols; ++j) {
            text.append(buf, size_t(std::snprintf(buf, sizeof buf, "%.17g,", data.points(i, j))));
        }
        text += std::to_string(data.labels[size_t(i)]) + "\n";
    }
    if (out == "-") {
        std::fwrite(text.data(), 1, text.size(), stdout);
    } else {
        std::ofstream f(out, std::ios::binary);
        if (!f) throw Error(out + ": cannot write file");
        f << text;
        if (!f) throw Error(out + ": write failed");
        std::fprintf(stderr, "%s: %s, %lld x %lld\n", out.c_str(), data.name.c_str(), (long long)data.points.rows,
                     (long long)data.points.cols);
    }
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    try {
        if (argc < 2) {
            std::fputs(kUsage, stderr);
            return 2;
        }
        const std::string cmd = argv[1];
        if (cmd == "analyze") return analyzeCommand(argc - 2, argv + 2);
        if (cmd == "bench") return cli::bench(argc - 2, argv + 2);
        if (cmd == "bench-large") return cli::benchLarge(argc - 2, argv + 2);
        if (cmd == "generate") return generateCommand(argc - 2, argv + 2);
        if (cmd == "options") {
            std::fputs(params::markdownTable().c_str(), stdout);
            return 0;
        }
        if (cmd == "version" || cmd == "--version") {
            std::printf("peakscope %s\n", PEAKSCOPE_VERSION);
            return 0;
        }
        if (cmd == "--help" || cmd == "-h" || cmd == "help") {
            std::fputs(kUsage, stdout);
            return 0;
        }
        throw Error("unknown command '" + cmd + "' (analyze, bench, bench-large, generate, options, version)");
    } catch (const std::bad_alloc&) {
        std::fprintf(stderr, "peakscope: out of memory (data too large for this machine or for maxk)\n");
        return 2;
    } catch (const std::length_error&) {  // a std::vector larger than the address space
        std::fprintf(stderr, "peakscope: out of memory (data too large for this machine or for maxk)\n");
        return 2;
    } catch (const std::exception& e) {
        std::fprintf(stderr, "peakscope: %s\n", e.what());
        return 2;
    }
}
