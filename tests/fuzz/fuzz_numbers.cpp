// libFuzzer target: number parsing of the text reader against the C library.
// Input: byte 0 = mode, the rest = one field, its bytes mapped onto the characters of numbers
// ("0-9 . e E + -", hex floats, inf/nan spellings).
//   even mode  coordinate: "0\n<field>\n" read as CSV gives exactly strtod's double (bit for bit)
//              when strtod takes the whole field and the value is finite; an Error otherwise.
//   odd mode   label: "0,0\n0,<field>\n" with the label column 1 gives strtoll's value, or the
//              integral double strtod gives (|v| < 9.2e18); an Error for any other number strtod
//              takes whole (1.5, inf, nan, 1e30); a text label (class names "0" and the field)
//              for a field that is no number.
#include <cerrno>

#include "fuzz_support.hpp"

using namespace peakscope;
using namespace peakscope::fuzz;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size < 2 || size > 400) return 0;
    static const char kAlphabet[] = "0123456789012345678901234567890123456789....eeEE++--xXpPaAfFnNiItTyY";
    std::string field;
    for (std::size_t i = 1; i < size; ++i) field += kAlphabet[data[i] % (sizeof kAlphabet - 1)];
    char* end = nullptr;
    errno = 0;
    const double ref = std::strtod(field.c_str(), &end);
    const bool whole = end == field.c_str() + field.size();

    if ((data[0] & 1) == 0) {
        try {
            const io::Table t = io::readDelimited("0\n" + field + "\n", "n.csv");
            FUZZ_CHECK(t.points.rows == 2 && t.points.cols == 1, field);
            FUZZ_CHECK(whole && std::isfinite(ref), "accepted a field strtod does not take whole: " + field);
            FUZZ_CHECK(std::memcmp(&t.points.values[1], &ref, sizeof ref) == 0, "value differs from strtod: " + field);
        } catch (const Error& e) {
            checkMessage(e);
            FUZZ_CHECK(!(whole && std::isfinite(ref)), std::string("refused a number: ") + e.what());
        }
    } else {
        errno = 0;
        char* iend = nullptr;
        const long long li = std::strtoll(field.c_str(), &iend, 10);
        const bool intWhole = iend == field.c_str() + field.size() && errno == 0;
        bool expectOk = intWhole;
        std::int64_t expect = li;
        if (!intWhole && whole && std::isfinite(ref) && ref == std::floor(ref) && std::fabs(ref) < 9.2e18) {
            expectOk = true;
            expect = std::int64_t(ref);
        }
        const bool text = !expectOk && !whole;  // no number at all: a class name
        try {
            const io::Table t = io::readDelimited("0,0\n0," + field + "\n", "n.csv", io::ReadOptions(1));
            FUZZ_CHECK(t.labels.size() == 2, field);
            if (text) {
                FUZZ_CHECK(t.labelNames.size() == 2 && t.labelNames[0] == "0" && t.labelNames[1] == field &&
                               t.labels[0] == 0 && t.labels[1] == 1,
                           "text label not named: " + field);
            } else {
                FUZZ_CHECK(expectOk && t.labels[1] == expect && t.labelNames.empty(), "label differs: " + field);
            }
        } catch (const Error& e) {
            checkMessage(e);
            FUZZ_CHECK(!expectOk && !text, std::string("refused a label: ") + e.what());
        }
    }
    return 0;
}
