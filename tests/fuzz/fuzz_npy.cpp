// libFuzzer target: .npy files (versions 1-3, every dtype, Fortran order) through readNpy,
// readTable and readLabels. Input: the file's bytes.
// Invariants: a one-line Error or values.size() == product(shape) and a consistent table; limits
// set at the array's own size read it identically, one below refuse it with the limit message.
#include "fuzz_support.hpp"

using namespace peakscope;
using namespace peakscope::fuzz;

namespace {

// Reads with limits equal to the array's own size (must succeed, same values) and with each limit
// one below it (must refuse, naming the limit).
void checkLimits(std::string_view bytes, const io::NdArray& a) {
    io::ReadLimits exact;
    exact.maxValues = product(a.shape);
    exact.maxBytes = bytes.size();
    if (a.shape.size() == 1 || a.shape.size() == 2) {
        exact.maxRows = std::uint64_t(a.shape[0]);
        exact.maxCols = a.shape.size() == 2 ? std::uint64_t(a.shape[1]) : 1;
    }
    const io::NdArray b = io::readNpy(bytes, "f.npy", exact);
    FUZZ_CHECK(sameBits(a.values, b.values) && a.shape == b.shape, "limited read differs");
    for (int which = 0; which < 4; ++which) {
        io::ReadLimits tight = exact;
        std::uint64_t& field = which == 0 ? tight.maxValues : which == 1 ? tight.maxBytes : which == 2 ? tight.maxRows : tight.maxCols;
        if (field == 0 || field == io::ReadLimits::kNone) continue;
        --field;
        expectLimitRefusal([&] { io::readNpy(bytes, "f.npy", tight); });
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view bytes(reinterpret_cast<const char*>(data), size);
    try {
        const io::NdArray a = io::readNpy(bytes, "f.npy");
        FUZZ_CHECK(a.values.size() == product(a.shape), "values != product(shape)");
        checkLimits(bytes, a);
    } catch (const Error& e) {
        checkMessage(e);
    }
    for (int lc : {-3, -1}) errorOr([&] { checkTable(io::readTable(bytes, "f.npy", io::ReadOptions(lc))); });
    errorOr([&] { io::readLabels(bytes, "f.npy"); });
    return 0;
}
