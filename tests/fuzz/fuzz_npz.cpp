// libFuzzer target: .npz archives (zip: stored / deflate members, ZIP64 records and extra fields,
// comments) through readNpz, readTable and readLabels. Input: the archive's bytes.
// Invariants: a one-line Error or arrays with values.size() == product(shape) and a consistent
// table; limits equal to the largest array read it identically (checked from the central directory
// and member headers first), one below refuse it with the limit message; a failing unlimited read
// also fails under limits.
#include <algorithm>

#include "fuzz_support.hpp"

using namespace peakscope;
using namespace peakscope::fuzz;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view bytes(reinterpret_cast<const char*>(data), size);
    io::ReadLimits exact;
    exact.maxValues = exact.maxRows = exact.maxCols = 0;
    std::vector<io::NdArray> arrays;
    bool ok = false;
    try {
        arrays = io::readNpz(bytes, "f.npz");
        FUZZ_CHECK(!arrays.empty(), "no arrays returned");
        for (const auto& a : arrays) {
            FUZZ_CHECK(a.values.size() == product(a.shape), "values != product(shape)");
            exact.maxValues = std::max(exact.maxValues, product(a.shape));
            if (a.shape.size() == 1 || a.shape.size() == 2) {
                exact.maxRows = std::max(exact.maxRows, std::uint64_t(a.shape[0]));
                exact.maxCols = std::max<std::uint64_t>(exact.maxCols, a.shape.size() == 2 ? std::uint64_t(a.shape[1]) : 1);
            }
        }
        ok = true;
    } catch (const Error& e) {
        checkMessage(e);
    }
    if (ok) {
        const auto b = io::readNpz(bytes, "f.npz", exact);
        FUZZ_CHECK(b.size() == arrays.size(), "limited read differs");
        for (std::size_t i = 0; i < b.size(); ++i)
            FUZZ_CHECK(sameBits(arrays[i].values, b[i].values) && arrays[i].shape == b[i].shape, "limited read differs");
        for (int which = 0; which < 3; ++which) {
            io::ReadLimits tight = exact;
            std::uint64_t& field = which == 0 ? tight.maxValues : which == 1 ? tight.maxRows : tight.maxCols;
            if (field == 0) continue;
            --field;
            expectLimitRefusal([&] { io::readNpz(bytes, "f.npz", tight); });
        }
    } else {
        io::ReadLimits some;
        some.maxValues = 1u << 20;
        try {
            io::readNpz(bytes, "f.npz", some);
            violated("a limited read succeeded where the unlimited one failed");
        } catch (const Error& e) {
            checkMessage(e);
        }
    }
    for (int lc : {-3, -2}) errorOr([&] { checkTable(io::readTable(bytes, "f.npz", io::ReadOptions(lc))); });
    errorOr([&] { io::readLabels(bytes, "f.npz"); });
    return 0;
}
