// `peakscope bench`: times each stage of the pipeline on Gaussian mixtures for N × D and prints a
// table. The same source runs natively and as wasm under Node (build/wasm/peakscope_cli.js).
#include "core/analysis.hpp"
#include "core/params.hpp"
#include "core/toy/generators.hpp"

#include <chrono>
#include <cstdio>
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

int bench(int argc, char** argv) {
    std::vector<Index> sizes{2000, 10000, 50000}, dims{2, 10, 50};
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
        else throw Error("bench: unknown option " + a);
    }
#ifdef __EMSCRIPTEN__
    const char* target = "wasm";
#else
    const char* target = "native";
#endif
    std::printf("PeakScope %s benchmark (%s): Gaussian mixture, 8 components, maxk = 100, PAk, Z = 1.65\n",
                PEAKSCOPE_VERSION, target);
    std::printf("%8s %4s %12s %8s %9s %9s %9s %8s %6s\n", "N", "D", "neighbours", "id", "density", "adp", "total_s",
                "ID", "peaks");
    for (Index d : dims)
        for (Index n : sizes) {
            Matrix x = toy::gaussianMixture(n, d, 8, 12345);
            AnalysisParams p;
            p.neighbours.maxk = std::min<Index>(100, n - 1);
            p.decisionGraph = false;
            const auto t0 = std::chrono::steady_clock::now();
            Analysis a = analyze(x.view(), p);
            const double total = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
            std::printf("%8lld %4lld %12.3f %8.3f %9.3f %9.3f %9.3f %8.2f %6lld\n", (long long)n, (long long)d,
                        a.timings.neighbours, a.timings.id, a.timings.density, a.timings.adp, total, a.id.id,
                        (long long)a.partition.nClusters());
            std::fflush(stdout);
        }
    return 0;
}

}  // namespace peakscope::cli
