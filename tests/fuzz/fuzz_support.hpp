// Shared checks of the libFuzzer targets in tests/fuzz (see README.md there and `make fuzz`).
// A target either gets a peakscope::Error whose message is one printable line, or a result that
// satisfies the stated invariants; anything else (another exception, a failed check, a sanitizer
// report) aborts the run and libFuzzer saves the input as a crash artifact.
#pragma once
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <string_view>

#include "core/io/readers.hpp"
#include "core/types.hpp"

namespace peakscope::fuzz {

// Aborts with a message: libFuzzer reports the input as a crash.
[[noreturn]] inline void violated(const char* what, const std::string& detail = {}) {
    std::fprintf(stderr, "fuzz invariant violated: %s %s\n", what, detail.c_str());
    std::abort();
}
#define FUZZ_CHECK(cond, detail) \
    do {                         \
        if (!(cond)) ::peakscope::fuzz::violated(#cond, detail); \
    } while (0)

// An error message is one line with no control characters (file-derived text is escaped).
inline void checkMessage(const Error& e) {
    const std::string m = e.what();
    FUZZ_CHECK(!m.empty(), "empty message");
    for (unsigned char c : m) FUZZ_CHECK(c >= 0x20 && c != 0x7f, "control character in message: " + io::escapeControls(m));
}

// Bitwise equality of two double vectors (NaN-aware).
inline bool sameBits(const std::vector<double>& a, const std::vector<double>& b) {
    return a.size() == b.size() && (a.empty() || std::memcmp(a.data(), b.data(), a.size() * sizeof(double)) == 0);
}

// A table the readers return: sizes agree, coordinates finite, labels one per row if any.
inline void checkTable(const io::Table& t) {
    FUZZ_CHECK(t.points.rows >= 1 && t.points.cols >= 1, "empty table returned");
    FUZZ_CHECK(t.points.values.size() == std::size_t(t.points.rows * t.points.cols), "values != rows x cols");
    for (double v : t.points.values) FUZZ_CHECK(std::isfinite(v), "non-finite coordinate returned");
    FUZZ_CHECK(t.labels.empty() || t.labels.size() == std::size_t(t.points.rows), "label count != rows");
    FUZZ_CHECK(t.columnNames.empty() || t.columnNames.size() == std::size_t(t.points.cols), "column names != cols");
}

inline bool sameTable(const io::Table& a, const io::Table& b) {
    return a.points.rows == b.points.rows && a.points.cols == b.points.cols && sameBits(a.points.values, b.points.values) &&
           a.labels == b.labels;
}

// Runs a read: an Error must carry a one-line message; any other outcome is checked by `f` itself.
template <class F>
void errorOr(F&& f) {
    try {
        f();
    } catch (const Error& e) {
        checkMessage(e);
    }
}

// A read that must be refused by a limit (the message names it).
template <class F>
void expectLimitRefusal(F&& f) {
    try {
        f();
    } catch (const Error& e) {
        checkMessage(e);
        FUZZ_CHECK(std::string(e.what()).find("more than the limit of") != std::string::npos, e.what());
        return;
    }
    violated("a read over a limit succeeded");
}

// Number of values of an array of this shape.
inline std::uint64_t product(const std::vector<Index>& shape) {
    std::uint64_t p = 1;
    for (Index d : shape) p *= std::uint64_t(d);
    return p;
}

// Little reader of fuzz bytes: past the end it returns zeros.
struct Bytes {
    const std::uint8_t* p;
    std::size_t n, i = 0;
    std::uint8_t u8() { return i < n ? p[i++] : 0; }
    std::uint16_t u16() { return std::uint16_t(u8() | u8() << 8); }
    std::size_t left() const { return n - i; }
};

}  // namespace peakscope::fuzz
