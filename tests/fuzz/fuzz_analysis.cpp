// libFuzzer target: the whole analysis (neighbours → TwoNN → density → ADP → hierarchy) on small
// fuzzed point sets. Input: n, d, scale, parameters, then 2 bytes per coordinate (int16; 0x7fff =
// NaN, 0x7ffe = +Inf) multiplied by 2^scale; missing bytes give zeros (duplicates).
// Invariant: analyze() throws peakscope::Error (one-line message) or returns finite, consistent
// results (fuzz_analysis_support.hpp).
// Scales cover the whole double range, subnormal to ~1e293 (the search runs on the points times a
// power of two, so squared distances cannot overflow; distances beyond the range are an Error).
#include <cmath>

#include "fuzz_analysis_support.hpp"

using namespace peakscope;
using namespace peakscope::fuzz;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    Bytes in{data, size};
    const Index n = 3 + in.u8() % 62;  // 3..64 points
    const Index d = 1 + in.u8() % 4;   // 1..4 dimensions
    const int scale = int(in.u8()) * 8 - 1080;  // 2^-1080 .. 2^960 (× int16: subnormal … ~1e293)
    AnalysisParams params = decodeParams(in, n);
    std::vector<double> x(std::size_t(n * d));
    for (double& v : x) {
        const std::int16_t q = std::int16_t(in.u16());
        v = q == 0x7fff ? std::nan("") : q == 0x7ffe ? HUGE_VAL : std::ldexp(double(q), scale);
    }
    errorOr([&] {
        const Analysis a = analyze(PointsView(x.data(), n, d), params);
        checkAnalysis(a, n);
        FUZZ_CHECK(a.n == n && a.d == d, "n, d");
    });
    return 0;
}
