// libFuzzer target: delimited text (CSV / TSV / semicolons / whitespace) and label files.
// Input: byte 0 = options (label column, file name, limits), the rest = the file's text.
// Invariants: a one-line Error or a consistent table (fuzz_support.hpp); limits only add refusals:
// a limited read that succeeds equals the unlimited one, and an unlimited result within the limits
// is also read under them.
#include "fuzz_support.hpp"

using namespace peakscope;
using namespace peakscope::fuzz;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size < 1) return 0;
    const std::uint8_t mode = data[0];
    const std::string_view text(reinterpret_cast<const char*>(data + 1), size - 1);
    static const int kLabel[] = {-3, -2, -1, 0, 1, 2};
    static const char* kName[] = {"f.csv", "f.tsv", "f.txt", "f.dat"};
    const std::string name = kName[(mode / 6) % 4];
    io::ReadOptions o(kLabel[mode % 6]);

    bool ok = false;
    io::Table t;
    try {
        t = io::readDelimited(text, name, o);
        checkTable(t);
        ok = true;
    } catch (const Error& e) {
        checkMessage(e);
    }

    io::ReadLimits lim;
    lim.maxRows = 1 + (mode >> 5);         // 1..8
    lim.maxCols = 1 + ((mode >> 3) & 3);   // 1..4
    lim.maxValues = 2 + (mode & 15);       // 2..17
    lim.maxBytes = 8 + 4 * std::uint64_t(mode);
    o.limits = lim;
    try {
        io::Table u = io::readDelimited(text, name, o);
        FUZZ_CHECK(ok && sameTable(t, u), "a limited read succeeded where the unlimited one failed or differs");
        const std::uint64_t fields = std::uint64_t(u.points.cols) + (u.labels.empty() ? 0 : 1);
        FUZZ_CHECK(std::uint64_t(u.points.rows) <= lim.maxRows && fields <= lim.maxCols &&
                       std::uint64_t(u.points.rows) * fields <= lim.maxValues && text.size() <= lim.maxBytes,
                   "limits not enforced");
    } catch (const Error& e) {
        checkMessage(e);
        if (ok) {
            const std::uint64_t fields = std::uint64_t(t.points.cols) + (t.labels.empty() ? 0 : 1);
            const bool within = std::uint64_t(t.points.rows) <= lim.maxRows && fields <= lim.maxCols &&
                                std::uint64_t(t.points.rows) * fields <= lim.maxValues && text.size() <= lim.maxBytes;
            FUZZ_CHECK(!within, std::string("refused within the limits: ") + e.what());
        }
    }

    errorOr([&] { FUZZ_CHECK(!io::readLabels(text, name).empty(), "readLabels returned no labels"); });
    return 0;
}
