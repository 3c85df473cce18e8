// `peakscope bench-large`: a million points natively (issue #12).
//   1. N × 10 Gaussian mixture, exact neighbours (auto back-end): stage times, ID, peaks.
//   2. N × 128 "activation-like" points — an 8-component Gaussian mixture in a random 16-dimensional
//      subspace of R^128 plus isotropic noise (σ = 0.05 per coordinate), the shape of a network layer's
//      representation — with the approximate HNSW back-end: stage times, the recall of the neighbour
//      lists measured exactly on a sample, ID, peaks.
//   3. A 100,000-row subsample of set 2 (every (N / 100,000)-th row), exact and HNSW: the ID of both,
//      the number of peaks and the ARI between the two partitions at Z.
// After each part: the peak resident memory of the process so far (getrusage; an upper bound for the
// part). Times are wall seconds on all threads (OpenMP's default); "cpu" is the CPU time of all threads
// (user + system), which on a busy machine tells more than the wall time.
#include "core/analysis.hpp"
#include "core/metrics.hpp"
#include "core/params.hpp"
#include "core/toy/generators.hpp"

#include <Eigen/Dense>

#include <chrono>
#include <cstdio>
#include <random>
#include <string>
#include <ctime>
#include <sys/resource.h>

namespace peakscope::cli {

namespace {

double peakMemoryGB() {
    rusage u{};
    getrusage(RUSAGE_SELF, &u);
    return double(u.ru_maxrss) / (1024.0 * 1024.0);  // ru_maxrss is in KiB on Linux
}

// 8 Gaussian clusters in a random 16-dimensional subspace of R^d (orthonormal basis from a QR of a
// Gaussian matrix), plus isotropic N(0, noise²) in all d coordinates.
Matrix activationLike(Index n, Index d, std::uint64_t seed, double noise) {
    const Index sub = 16;
    const Matrix low = toy::gaussianMixture(n, sub, 8, seed);
    std::mt19937_64 rng(seed + 1);
    std::normal_distribution<double> g(0, 1);
    Eigen::MatrixXd m(d, sub);
    for (Index i = 0; i < d; ++i)
        for (Index j = 0; j < sub; ++j) m(i, j) = g(rng);
    const Eigen::MatrixXd basis = Eigen::HouseholderQR<Eigen::MatrixXd>(m).householderQ() * Eigen::MatrixXd::Identity(d, sub);
    Matrix x{n, d, std::vector<double>(size_t(n * d))};
    for (Index i = 0; i < n; ++i)
        for (Index r = 0; r < d; ++r) {
            double v = 0;
            for (Index j = 0; j < sub; ++j) v += basis(r, j) * low.values[size_t(i * sub + j)];
            x.values[size_t(i * d + r)] = v + noise * g(rng);
        }
    return x;
}

Matrix everyKthRow(const Matrix& x, Index m) {
    const Index step = std::max<Index>(1, x.rows / m);
    const Index rows = std::min<Index>(m, x.rows);
    Matrix out{rows, x.cols, std::vector<double>(size_t(rows * x.cols))};
    for (Index i = 0; i < rows; ++i)
        std::copy_n(x.values.begin() + (i * step) * x.cols, x.cols, out.values.begin() + i * x.cols);
    return out;
}

struct Run {
    Analysis a;
    double seconds = 0, cpuSeconds = 0;  // wall; CPU of all threads (user + system)
};

double processCpuSeconds() {
    timespec t{};
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
    return double(t.tv_sec) + 1e-9 * double(t.tv_nsec);
}

Run run(const Matrix& x, NeighbourMethod method, Index maxk) {
    AnalysisParams p;
    p.neighbours.maxk = std::min<Index>(maxk, x.rows - 1);
    p.neighbours.method = method;
    p.decisionGraph = false;
    p.mergeCurve = false;
    const auto t0 = std::chrono::steady_clock::now();
    const double c0 = processCpuSeconds();
    Run r{analyze(x.view(), p), 0, 0};
    r.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    r.cpuSeconds = processCpuSeconds() - c0;
    return r;
}

void printRun(const char* what, const Matrix& x, const Run& r) {
    const Analysis& a = r.a;
    std::printf("%-28s %8lld %4lld %9.1f %7.1f %8.1f %7.1f %8.1f %8.1f %7.2f %6lld", what, (long long)x.rows,
                (long long)x.cols, a.timings.neighbours, a.timings.id, a.timings.density, a.timings.adp, r.seconds,
                r.cpuSeconds, a.id.id, (long long)a.partition.nClusters());
    if (a.graph.approximate)
        std::printf("  recall %.4f (%lld points)", a.graph.recall, (long long)a.graph.recallSample);
    std::printf("  peak memory so far %.2f GB\n", peakMemoryGB());
    std::fflush(stdout);
}

std::vector<int64_t> labels64(const Analysis& a) {
    const auto l = a.perRow(a.partition.labels);
    return std::vector<int64_t>(l.begin(), l.end());
}

}  // namespace

int benchLarge(int argc, char** argv) {
    Index n = 1000000, sub = 100000, maxk = 100;
    bool skipExact = false, skipHnsw = false;
    for (int i = 0; i < argc; ++i) {
        const std::string a = argv[i];
        auto value = [&]() -> std::string {
            if (i + 1 >= argc) throw Error("option " + a + " needs a value");
            return argv[++i];
        };
        if (a == "--n") n = params::integerFromText(value(), 200, 10000000, "--n", "200 … 10^7");
        else if (a == "--subsample") sub = params::integerFromText(value(), 100, 10000000, "--subsample", "100 … 10^7");
        else if (a == "--maxk") maxk = params::integerFromText(value(), 2, 1000, "--maxk", "2 … 1000");
        else if (a == "--skip-exact") skipExact = true;
        else if (a == "--skip-hnsw") skipHnsw = true;  // part 1 only (no HNSW needed)
        else throw Error("bench-large: unknown option " + a);
    }
    if (!skipHnsw && !hnswAvailable()) throw Error("bench-large: this build has no HNSW back-end (libhnswlib-dev)");
    std::printf("PeakScope %s large-data benchmark: maxk = %lld, PAk, Z = 1.65; seconds (wall, all threads)\n",
                PEAKSCOPE_VERSION, (long long)maxk);
    std::printf("%-28s %8s %4s %9s %7s %8s %7s %8s %8s %7s %6s\n", "set", "N", "D", "neighbours", "id", "density",
                "adp", "total", "cpu", "ID", "peaks");
    if (!skipExact) {
        const Matrix x10 = toy::gaussianMixture(n, 10, 8, 12345);
        printRun("1. Gaussian mixture, exact", x10, run(x10, NeighbourMethod::Auto, maxk));
    }
    if (skipHnsw) return 0;
    const Matrix x128 = activationLike(n, 128, 2024, 0.05);
    printRun("2. activation-like, hnsw", x128, run(x128, NeighbourMethod::Hnsw, maxk));
    const Matrix s = everyKthRow(x128, sub);
    const Run exact = run(s, NeighbourMethod::Auto, maxk);
    printRun("3. subsample of 2, exact", s, exact);
    const Run approx = run(s, NeighbourMethod::Hnsw, maxk);
    printRun("3. subsample of 2, hnsw", s, approx);
    std::printf("subsample: ID exact %.3f, hnsw %.3f (difference %.2f %%); peaks %lld vs %lld; ARI(exact, hnsw) %.4f\n",
                exact.a.id.id, approx.a.id.id, 100.0 * (approx.a.id.id - exact.a.id.id) / exact.a.id.id,
                (long long)exact.a.partition.nClusters(), (long long)approx.a.partition.nClusters(),
                adjustedRandIndex(labels64(exact.a), labels64(approx.a)));
    return 0;
}

}  // namespace peakscope::cli
