// `peakscope bench`: times each stage of the pipeline on Gaussian mixtures for N × D and prints a
// table. The same source runs natively and as wasm under Node (build/wasm/peakscope_cli.js).
// Natively it also prints the neighbour kernel's effective GFLOP/s next to a plain Eigen float GEMM
// of the same shape measured in the same run, and `--save DIR` writes each data set (.npy) and the
// timings (bench.json) so that tests/bench/reference.py can time the reference package side by side.
#include "core/analysis.hpp"
#include "core/params.hpp"
#include "core/toy/generators.hpp"

#include <Eigen/Dense>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <cstdlib>
#include <string>

namespace peakscope::cli {

// "2000,10000": each item an integer in [lo, hi] (one-line message naming the option otherwise).
static std::vector<Index> parseList(const std::string& option, const std::string& s, Index lo, Index hi,
                                    const char* range) {
    std::vector<Index> out;
    size_t start = 0;
    while (true) {
        const size_t comma = s.find(',', start);
        const std::string item = s.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
        out.push_back(params::integerFromText(item, lo, hi, option, range));
        if (comma == std::string::npos) return out;
        start = comma + 1;
    }
}

// One float64 C-order .npy (the data sets, for the reference package).
static void writeNpy(const std::string& path, const Matrix& x) {
    std::string header = "{'descr': '<f8', 'fortran_order': False, 'shape': (" + std::to_string(x.rows) + ", " +
                         std::to_string(x.cols) + "), }";
    header.append((64 - (10 + header.size() + 1) % 64) % 64, ' ');
    header += '\n';
    std::ofstream f(path, std::ios::binary);
    const unsigned char magic[8] = {0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0};
    f.write(reinterpret_cast<const char*>(magic), 8);
    const unsigned char len[2] = {(unsigned char)(header.size() & 0xff), (unsigned char)(header.size() >> 8)};
    f.write(reinterpret_cast<const char*>(len), 2);
    f << header;
    f.write(reinterpret_cast<const char*>(x.values.data()), std::streamsize(x.values.size() * sizeof(double)));
    if (!f) throw Error("bench: cannot write " + path);
}

#ifndef __EMSCRIPTEN__
// GFLOP/s of a plain Eigen float GEMM of the kernel's shape: (N × D) · (D × B), B = 4096 columns.
static double eigenGemmGflops(const Matrix& x) {
    using F = Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
    const Index n = x.rows, d = x.cols, b = std::min<Index>(4096, n);
    F a(n, d);
    for (Index i = 0; i < n; ++i)
        for (Index j = 0; j < d; ++j) a(i, j) = float(x(i, j));
    const F bt = a.topRows(b).transpose();
    F c(n, b);
    c.noalias() = a * bt;  // warm-up
    const auto t0 = std::chrono::steady_clock::now();
    int reps = 0;
    double secs = 0;
    do {
        c.noalias() = a * bt;
        ++reps;
        secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    } while (secs < 0.3);
    return 2.0 * double(n) * double(b) * double(d) * reps / secs / 1e9;
}
#endif

int bench(int argc, char** argv) {
    std::vector<Index> sizes{2000, 10000, 50000}, dims{2, 10, 50};
    std::string saveDir;
    for (int i = 0; i < argc; ++i) {
        const std::string a = argv[i];
        auto value = [&]() -> std::string {
            if (i + 1 >= argc) throw Error("option " + a + " needs a value");
            return argv[++i];
        };
        // N ≥ 5: the smallest set PAk analyses; N × D stays below the 32-bit index range
        if (a == "--quick") { sizes = {2000, 10000}; dims = {2, 10}; }
        else if (a == "--sizes") sizes = parseList(a, value(), 5, 10000000, "5 … 10^7");
        else if (a == "--dims") dims = parseList(a, value(), 1, 200, "1 … 200");
        else if (a == "--save") saveDir = value();
        else throw Error("bench: unknown option " + a);
    }
#ifdef __EMSCRIPTEN__
    const char* target = "wasm";
#else
    const char* target = "native";
#endif
    std::printf("PeakScope %s benchmark (%s): Gaussian mixture, 8 components, maxk = 100, PAk, Z = 1.65\n",
                PEAKSCOPE_VERSION, target);
    std::printf("%8s %4s %12s %8s %9s %9s %9s %8s %6s  %s\n", "N", "D", "neighbours", "id", "density", "adp", "total_s",
                "ID", "peaks", "neighbour kernel vs Eigen GEMM (GFLOP/s, same run)");
    std::string json = "[";
    for (Index d : dims)
        for (Index n : sizes) {
            Matrix x = toy::gaussianMixture(n, d, 8, 12345);
            AnalysisParams p;
            p.neighbours.maxk = std::min<Index>(100, n - 1);
            p.decisionGraph = false;
            const auto t0 = std::chrono::steady_clock::now();
            Analysis a = analyze(x.view(), p);
            const double total = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
            std::string kernel = "-";
#ifndef __EMSCRIPTEN__
            if (d > p.neighbours.kdTreeMaxDim) {  // the brute-force back-end ran
                // effective: the 2·N²·D flops of the dense distance product the kernel stands for (its
                // block pruning skips part of them), over the whole neighbour stage
                const double eff = 2.0 * double(n) * double(n) * double(d) / a.timings.neighbours / 1e9;
                const double gemm = eigenGemmGflops(x);
                char buf[96];
                std::snprintf(buf, sizeof buf, "%.1f vs %.1f (%.0f %%)", eff, gemm, 100.0 * eff / gemm);
                kernel = buf;
            } else {
                kernel = "kd-tree";
            }
#endif
            std::printf("%8lld %4lld %12.3f %8.3f %9.3f %9.3f %9.3f %8.2f %6lld  %s\n", (long long)n, (long long)d,
                        a.timings.neighbours, a.timings.id, a.timings.density, a.timings.adp, total, a.id.id,
                        (long long)a.partition.nClusters(), kernel.c_str());
            std::fflush(stdout);
            if (!saveDir.empty()) {
                const std::string file = "gmm_" + std::to_string(n) + "_" + std::to_string(d) + ".npy";
                writeNpy(saveDir + "/" + file, x);
                char row[256];
                std::snprintf(row, sizeof row,
                              "%s{\"n\": %lld, \"d\": %lld, \"file\": \"%s\", \"total_s\": %.4f, \"id\": %.6f, \"peaks\": %lld}",
                              json.size() > 1 ? ", " : "", (long long)n, (long long)d, file.c_str(), total, a.id.id,
                              (long long)a.partition.nClusters());
                json += row;
            }
        }
    if (!saveDir.empty()) {
        std::ofstream f(saveDir + "/bench.json");
        f << json << "]\n";
        if (!f) throw Error("bench: cannot write " + saveDir + "/bench.json");
    }
    return 0;
}

}  // namespace peakscope::cli
