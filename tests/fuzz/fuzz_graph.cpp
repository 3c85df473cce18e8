// libFuzzer target: precomputed kNN tables → graphFromTable → analyzeGraph. Input: n, k, the
// self-column mode, parameters, then per table cell one index byte (n+2 values: −1 and n are out
// of range) and two distance bytes (uint16 / 64; 0xffff = NaN, 0xfffe = −1). Missing bytes give
// zeros. Invariant: an Error with a one-line message, or a graph whose rows are sorted with the
// point itself in column 0, and an analysis with finite, consistent results.
#include "fuzz_analysis_support.hpp"

using namespace peakscope;
using namespace peakscope::fuzz;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    Bytes in{data, size};
    const Index n = 2 + in.u8() % 39;        // 2..40 points
    const Index k = 1 + in.u8() % 12;        // 1..12 columns
    const int hasSelf = int(in.u8() % 3) - 1;  // auto, without, with
    AnalysisParams params = decodeParams(in, n);
    std::vector<double> dist(std::size_t(n * k));
    std::vector<int32_t> idx(std::size_t(n * k));
    for (std::size_t c = 0; c < dist.size(); ++c) {
        idx[c] = int32_t(in.u8() % (n + 2)) - 1;
        const std::uint16_t q = in.u16();
        dist[c] = q == 0xffff ? std::nan("") : q == 0xfffe ? -1.0 : q / 64.0;
    }
    KnnGraph g;
    try {
        g = graphFromTable(dist.data(), idx.data(), n, k, hasSelf);
    } catch (const Error& e) {
        checkMessage(e);
        return 0;
    }
    FUZZ_CHECK(g.n == n && g.maxk >= 1 && g.maxk < n, "graph size");
    for (Index i = 0; i < n; ++i) {
        FUZZ_CHECK(g.index(i, 0) == i && g.dist(i, 0) == 0, "column 0 is not the point itself");
        for (Index j = 1; j <= g.maxk; ++j) {
            FUZZ_CHECK(g.index(i, j) >= 0 && g.index(i, j) < n && g.index(i, j) != i, "neighbour index");
            FUZZ_CHECK(g.dist(i, j) >= g.dist(i, j - 1), "row not sorted");
        }
    }
    errorOr([&] { checkAnalysis(analyzeGraph(g, params), n); });
    return 0;
}
