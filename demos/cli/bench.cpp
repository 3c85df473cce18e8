// `peakscope bench`: times each stage of the pipeline on Gaussian mixtures for N × D and prints a
// table. The same source runs natively and as wasm under Node (build/wasm/peakscope_cli.js).
// Natively it also prints the neighbour kernel's effective GFLOP/s next to a plain Eigen float GEMM
// of the same shape measured in the same run, and `--save DIR` writes each data set (.npy) and the
// timings (bench.json) so that tests/bench/reference.py can time the reference package side by side.
#include "core/analysis.hpp"
#include "core/json.hpp"
#include "core/params.hpp"
#include "core/toy/generators.hpp"

#include <Eigen/Dense>

#include <chrono>
#include <ctime>
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

// CPU seconds of all threads of this process so far (user + system).
static double processCpuSeconds() {
#ifdef __EMSCRIPTEN__
    return 0;
#else
    timespec t{};
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
    return double(t.tv_sec) + 1e-9 * double(t.tv_nsec);
#endif
}

struct Timed {
    double wall = 0, cpu = 0;
};
template <class F>
static Timed timed(F&& f) {
    const double c0 = processCpuSeconds();
    const auto t0 = std::chrono::steady_clock::now();
    f();
    return {std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count(), processCpuSeconds() - c0};
}

#ifndef __EMSCRIPTEN__
// GFLOP/s per CPU-second of a plain Eigen float GEMM of the kernel's shape, on one thread: a block
// of B query rows times B reference rows over the D coordinates, (B × D) · (D × B), B = min(2048,
// N): block-sized (16 MB of output), not N × B. Per CPU-second so that other jobs on the machine
// do not count.
static double eigenGemmGflops(const Matrix& x) {
    using F = Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
    struct OneThread {  // like the kernel: Eigen's OpenMP threads lower its rate per CPU-second
        int before = Eigen::nbThreads();
        OneThread() { Eigen::setNbThreads(1); }
        ~OneThread() { Eigen::setNbThreads(before); }
    } oneThread;
    const Index n = x.rows, d = x.cols, b = std::min<Index>(2048, n);
    F a(b, d);
    for (Index i = 0; i < b; ++i)
        for (Index j = 0; j < d; ++j) a(i, j) = float(x(i, j));
    F bt(d, b);
    for (Index i = 0; i < b; ++i)
        for (Index j = 0; j < d; ++j) bt(j, i) = float(x(n - 1 - i, j));
    F c(b, b);
    c.noalias() = a * bt;  // warm-up
    int reps = 0;
    Timed t;
    do {
        const Timed one = timed([&] { c.noalias() = a * bt; });
        t.wall += one.wall;
        t.cpu += one.cpu;
        ++reps;
    } while (t.wall < 0.1);
    return 2.0 * double(b) * double(b) * double(d) * reps / std::max(t.cpu, 1e-9) / 1e9;
}

// GFLOP/s per CPU-second of the brute force's fused distance kernel alone on the same shape
// (NeighbourSearch::kernelPass: 2048 queries × 2048 references of its spatial order, one thread;
// one pass from the search's start bounds, 8 from the bounds it reached).
static double distanceKernelGflops(const Matrix& x, Index maxk) {
    NeighbourParams np;
    np.maxk = maxk;
    np.method = NeighbourMethod::BruteForce;
    const NeighbourSearch search(x.view(), np);
    search.kernelPass(2048, 0);  // warm-up
    double pairs = 0;
    Timed t;
    do {
        const Timed one = timed([&] { pairs += search.kernelPass(2048, 8); });
        t.wall += one.wall;
        t.cpu += one.cpu;
    } while (t.wall < 0.1);
    return 2.0 * double(x.cols) * pairs / std::max(t.cpu, 1e-9) / 1e9;
}
#endif

int bench(int argc, char** argv) {
    std::vector<Index> sizes{2000, 10000, 50000}, dims{2, 10, 50};
    std::string saveDir;
    bool compare = true;  // natively: the neighbour stage by back-end, kernel GFLOP/s vs GEMM
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
        else if (a == "--no-compare") compare = false;
        else throw Error("bench: unknown option " + a);
    }
#ifdef __EMSCRIPTEN__
    (void)compare;
    const char* target = "wasm";
#else
    const char* target = "native";
#endif
    std::printf("PeakScope %s benchmark (%s): Gaussian mixture, 8 components, maxk = 100, PAk, Z = 1.65\n",
                PEAKSCOPE_VERSION, target);
    std::printf("Times in seconds: wall (all threads) and cpu (CPU seconds of all threads; other jobs on the\n"
                "machine inflate wall times, not cpu). Natively each brute-force row also lists the\n"
                "neighbour stage by back-end (same data, same run) and GFLOP/s per CPU-second, one thread:\n"
                "the fused distance kernel alone (float distances, bound test, candidate pushes) on\n"
                "2048 x 2048 points against a plain Eigen float GEMM (2048 x D)(D x 2048), alternated\n"
                "in this run (best of 3 each); then the whole brute-force stage (block pruning, selection,\n"
                "exact ranking included): achieved (pairs it evaluated x 2D flops) and effective\n"
                "(2 N^2 D, pruned pairs counted as done).\n");
    std::printf("%8s %4s %12s %8s %9s %9s %9s %8s %8s %6s\n", "N", "D", "neighbours", "id", "density", "adp", "total_s",
                "cpu_s", "ID", "peaks");
    json::Writer rows;  // bench.json: one object per saved data set
    rows.beginArray();
    for (Index d : dims)
        for (Index n : sizes) {
            Matrix x = toy::gaussianMixture(n, d, 8, 12345);
            AnalysisParams p;
            p.neighbours.maxk = std::min<Index>(100, n - 1);
            p.decisionGraph = false;
            Analysis a;
            const Timed tot = timed([&] { a = analyze(x.view(), p); });
            const double total = tot.wall;
            std::printf("%8lld %4lld %12.3f %8.3f %9.3f %9.3f %9.3f %8.3f %8.2f %6lld\n", (long long)n, (long long)d,
                        a.timings.neighbours, a.timings.id, a.timings.density, a.timings.adp, total, tot.cpu, a.id.id,
                        (long long)a.partition.nClusters());
            std::fflush(stdout);
#ifndef __EMSCRIPTEN__
            if (compare) {
                // the neighbour stage alone by back-end: kd-tree (skipped above D = 16 and N·D > 2e6 at
                // D > 4: minutes there) and brute force, each checked against the other
                NeighbourParams np;
                np.maxk = p.neighbours.maxk;
                NeighbourStats stats;
                np.stats = &stats;
                np.method = NeighbourMethod::BruteForce;
                KnnGraph bf, kd;
                const Timed tb = timed([&] { bf = neighbours(x.view(), np); });
                const double flops = 2.0 * double(d) * stats.pairs, dense = 2.0 * double(n) * double(n) * double(d);
                // alternated, best of 3 each: a busy moment of the machine slows one, not the ratio
                double gemm = 0, kernel = 0;
                for (int round = 0; round < 3; ++round) {
                    gemm = std::max(gemm, eigenGemmGflops(x));
                    kernel = std::max(kernel, distanceKernelGflops(x, np.maxk));
                }
                std::printf("%14s brute force %7.3f s wall %7.3f s cpu, %.0f %% of pairs evaluated; GFLOP/s per "
                            "CPU-second: kernel alone %.1f = %.0f %% of Eigen GEMM %.1f; whole stage %.1f achieved, "
                            "%.1f effective\n",
                            "", tb.wall, tb.cpu, 100.0 * stats.pairs / (double(n) * double(n)), kernel,
                            100.0 * kernel / gemm, gemm, flops / tb.cpu / 1e9, dense / tb.cpu / 1e9);
                if (d <= 16 && (d <= 4 || double(n) * double(d) <= 2e6)) {
                    np.method = NeighbourMethod::KdTree;
                    const Timed tk = timed([&] { kd = neighbours(x.view(), np); });
                    std::printf("%14s kd-tree     %7.3f s wall %7.3f s cpu; graphs %s; Auto uses the %s here\n", "", tk.wall,
                                tk.cpu, kd.indices == bf.indices && kd.distances == bf.distances ? "identical" : "DIFFER",
                                d <= p.neighbours.kdTreeMaxDim ? "kd-tree" : "brute force");
                }
                std::fflush(stdout);
            }
#endif
            if (!saveDir.empty()) {
                const std::string file = "gmm_" + std::to_string(n) + "_" + std::to_string(d) + ".npy";
                writeNpy(saveDir + "/" + file, x);
                rows.beginObject().field("n", n).field("d", d).field("file", file).field("total_s", total);
                rows.field("id", a.id.id).field("peaks", a.partition.nClusters()).endObject();
            }
        }
    if (!saveDir.empty()) {
        std::ofstream f(saveDir + "/bench.json");
        rows.endArray();
        f << rows.text() << "\n";
        if (!f) throw Error("bench: cannot write " + saveDir + "/bench.json");
    }
    return 0;
}

}  // namespace peakscope::cli
