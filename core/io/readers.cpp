// File readers: .npy, .npz, delimited text, label files. See readers.hpp.
// Sections: small helpers · .npy · .npz (zip) · delimited text · tables from arrays · dispatch/files.
#include "core/io/readers.hpp"

#include <cctype>
#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <unordered_map>

#include <fast_float/fast_float.h>

#include "core/io/inflate.hpp"

namespace peakscope::io {
namespace {

// ---- small helpers ---------------------------------------------------------------------------

using u8 = unsigned char;

[[noreturn]] void fail(const std::string& msg) { throw Error(msg); }

std::uint16_t le16(const u8* p) { return std::uint16_t(p[0] | p[1] << 8); }
std::uint32_t le32(const u8* p) { return std::uint32_t(p[0]) | std::uint32_t(p[1]) << 8 | std::uint32_t(p[2]) << 16 | std::uint32_t(p[3]) << 24; }
std::uint64_t le64(const u8* p) { return std::uint64_t(le32(p)) | std::uint64_t(le32(p + 4)) << 32; }

const u8* bytesOf(std::string_view s) { return reinterpret_cast<const u8*>(s.data()); }

bool startsWith(std::string_view s, std::string_view prefix) { return s.substr(0, prefix.size()) == prefix; }
bool endsWith(std::string_view s, std::string_view suffix) {
    return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

std::string lowerExtension(const std::string& name) {
    auto slash = name.find_last_of("/\\");
    auto dot = name.find_last_of('.');
    if (dot == std::string::npos || (slash != std::string::npos && dot < slash)) return "";
    std::string ext = name.substr(dot);
    for (char& c : ext) c = char(std::tolower(static_cast<unsigned char>(c)));
    return ext;
}

std::string shapeText(const std::vector<Index>& shape) {
    std::string s = "(";
    for (std::size_t i = 0; i < shape.size(); ++i) s += (i ? ", " : "") + std::to_string(shape[i]);
    if (shape.size() == 1) s += ",";
    return s + ")";
}

// Quotes a field for a message, shortened if long, control characters escaped.
std::string quoted(std::string_view s) {
    if (s.size() > 40) return "'" + escapeControls(s.substr(0, 37)) + "...'";
    return "'" + escapeControls(s) + "'";
}

// ---- limits ----------------------------------------------------------------------------------

// "<what>, more than the limit of <limit> <unit> (<note>)"
[[noreturn]] void beyondLimit(const std::string& what, std::uint64_t limit, const char* unit, const ReadLimits& lim) {
    fail(what + ", more than the limit of " + std::to_string(limit) + " " + unit +
         (lim.note.empty() ? "" : " (" + escapeControls(lim.note) + ")"));
}
// "<what> <have> <unit>, more than the limit of <limit> <unit> (<note>)"
[[noreturn]] void overLimit(const std::string& what, std::uint64_t have, std::uint64_t limit, const char* unit,
                            const ReadLimits& lim) {
    beyondLimit(what + " " + std::to_string(have) + " " + unit, limit, unit, lim);
}

// a + b, saturating (sizes summed from a zip directory may be anything).
std::uint64_t addSat(std::uint64_t a, std::uint64_t b) { return a > ~std::uint64_t(0) - b ? ~std::uint64_t(0) : a + b; }

// Short text of a number for messages (%g).
std::string numText(double v) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%g", v);
    return buf;
}

std::string rowCol(Index row, Index col) { return "row " + std::to_string(row) + ", column " + std::to_string(col); }

// Message for a non-finite value in point data ("is NaN", "is +Inf", "is -Inf").
std::string nonFiniteText(double v) { return std::isnan(v) ? "is NaN" : (v > 0 ? "is +Inf" : "is -Inf"); }

// A NUL-terminated copy of a field for strtod/strtoll (on the stack when short).
struct FieldCString {
    char small[64];
    std::string big;
    const char* s;
    explicit FieldCString(std::string_view f) {
        if (f.size() < sizeof small) {
            std::memcpy(small, f.data(), f.size());
            small[f.size()] = '\0';
            s = small;
        } else {
            big.assign(f);
            s = big.c_str();
        }
    }
};

// strtod on a field (not NUL-terminated). True when the whole field is a number (nan/inf included).
// First fast_float (Clinger's exact path, then Eisel-Lemire: correctly rounded as strtod; the
// 17–19-digit fields pandas and numpy write took ~1 µs each with musl's strtod in the browser), then
// strtod for the rest (hex floats, a field fast_float leaves unread). Every finite value is strtod's
// double; a NaN's sign or payload may differ (NaN is refused as data and as a label anyway).
bool parseDouble(std::string_view f, double& out) {
    if (f.empty()) return false;
    {
        const char* b = f.data();
        const char* e = b + f.size();
        if (*b == '+' && e - b > 1 && b[1] != '+' && b[1] != '-') ++b;  // strtod takes one leading '+'
        const auto r = fast_float::from_chars(b, e, out);
        if (r.ec == std::errc() && r.ptr == e) return true;
    }
    const FieldCString field(f);
    const char* s = field.s;
    char* end = nullptr;
    out = std::strtod(s, &end);
    return end == s + f.size() && !std::isspace(static_cast<unsigned char>(s[0]));
}

enum class IntParse { Ok, NotNumber, NotInteger };

// Integer field; integral floats such as "2.0" or "1e3" are accepted.
IntParse parseInt64(std::string_view f, std::int64_t& out) {
    if (f.empty()) return IntParse::NotNumber;
    const FieldCString field(f);
    const char* s = field.s;
    if (std::isspace(static_cast<unsigned char>(s[0]))) return IntParse::NotNumber;
    char* end = nullptr;
    errno = 0;
    long long v = std::strtoll(s, &end, 10);
    if (end == s + f.size() && errno == 0) {
        out = v;
        return IntParse::Ok;
    }
    double d;
    if (!parseDouble(f, d)) return IntParse::NotNumber;
    if (!std::isfinite(d) || d != std::floor(d) || std::fabs(d) >= 9.2e18) return IntParse::NotInteger;
    out = std::int64_t(d);
    return IntParse::Ok;
}

// Value from an array that should hold an integer label.
bool integralValue(double v, std::int64_t& out) {
    if (!std::isfinite(v) || v != std::floor(v) || std::fabs(v) >= 9.2e18) return false;
    out = std::int64_t(v);
    return true;
}

// ---- .npy ------------------------------------------------------------------------------------

constexpr std::string_view kNpyMagic("\x93NUMPY", 6);

struct NpyHeader {
    std::string descr;
    bool fortran = false;
    std::vector<Index> shape;
    bool haveDescr = false, haveFortran = false, haveShape = false;
};

// Minimal parser for the Python dict literal of a .npy header.
class HeaderParser {
public:
    HeaderParser(std::string_view s, const std::string& name) : s_(s), name_(name) {}

    NpyHeader parse() {
        NpyHeader h;
        ws();
        expect('{');
        for (;;) {
            ws();
            if (peek() == '}') break;
            std::string key = str();
            ws();
            expect(':');
            ws();
            if (key == "descr") {
                if (peek() == '[') fail(name_ + ": structured dtypes (record arrays) are not supported");
                h.descr = str();
                h.haveDescr = true;
            } else if (key == "fortran_order") {
                std::string id = ident();
                if (id == "True") h.fortran = true;
                else if (id == "False") h.fortran = false;
                else bad("fortran_order is not True/False");
                h.haveFortran = true;
            } else if (key == "shape") {
                h.shape = tuple();
                h.haveShape = true;
            } else {
                skipValue();
            }
            ws();
            if (peek() == ',') ++i_;
        }
        if (!h.haveDescr || !h.haveShape) bad("missing 'descr' or 'shape'");
        return h;
    }

private:
    [[noreturn]] void bad(const std::string& why) { fail(name_ + ": malformed .npy header (" + why + ")"); }
    char peek() const { return i_ < s_.size() ? s_[i_] : '\0'; }
    void ws() {
        while (i_ < s_.size() && std::isspace(static_cast<unsigned char>(s_[i_]))) ++i_;
    }
    void expect(char c) {
        if (peek() != c) bad(std::string("expected '") + c + "'");
        ++i_;
    }
    std::string str() {
        char q = peek();
        if (q != '\'' && q != '"') bad("expected a quoted string");
        auto end = s_.find(q, i_ + 1);
        if (end == std::string_view::npos) bad("unterminated string");
        std::string v(s_.substr(i_ + 1, end - i_ - 1));
        i_ = end + 1;
        return v;
    }
    std::string ident() {
        std::size_t b = i_;
        while (i_ < s_.size() && std::isalnum(static_cast<unsigned char>(s_[i_]))) ++i_;
        return std::string(s_.substr(b, i_ - b));
    }
    std::vector<Index> tuple() {
        std::vector<Index> dims;
        expect('(');
        for (;;) {
            ws();
            if (peek() == ')') break;
            if (!std::isdigit(static_cast<unsigned char>(peek()))) bad("shape must be a tuple of non-negative integers");
            Index v = 0;
            while (std::isdigit(static_cast<unsigned char>(peek()))) {
                if (v > (std::numeric_limits<Index>::max() - 9) / 10) bad("dimension too large");
                v = v * 10 + (s_[i_++] - '0');
            }
            if (peek() == 'L') ++i_;  // Python 2 long literal
            dims.push_back(v);
            ws();
            if (peek() == ',') ++i_;
            else if (peek() != ')') bad("expected ',' or ')' in shape");
        }
        ++i_;
        return dims;
    }
    void skipValue() {
        int depth = 0;
        while (i_ < s_.size()) {
            char c = s_[i_];
            if (c == '\'' || c == '"') { str(); continue; }
            if (c == '(' || c == '[' || c == '{') ++depth;
            else if (c == ')' || c == ']' || c == '}') {
                if (depth == 0) return;
                --depth;
            } else if (c == ',' && depth == 0) return;
            ++i_;
        }
    }
    std::string_view s_;
    const std::string& name_;
    std::size_t i_ = 0;
};

enum class Kind { Float, Int, UInt, Bool };

struct Dtype {
    Kind kind;
    int size;
    bool bigEndian;
};

Dtype parseDtype(const std::string& descr, const std::string& name) {
    std::string_view d(descr);
    bool big = false;
    if (!d.empty() && (d[0] == '<' || d[0] == '>' || d[0] == '|' || d[0] == '=')) {
        big = d[0] == '>';
        d.remove_prefix(1);
    }
    if (!d.empty() && d[0] == 'O') fail(name + ": object arrays are not supported (array saved with pickled Python objects)");
    auto unsupported = [&]() -> Dtype {
        fail(name + ": unsupported dtype '" + escapeControls(descr) +
             "' (supported: float16, float32, float64, int8..int64, uint8..uint64, bool)");
    };
    if (d.size() < 2) return unsupported();
    char k = d[0];
    std::string_view sz = d.substr(1);
    int size = 0;
    for (char c : sz) {
        if (!std::isdigit(static_cast<unsigned char>(c)) || size > 100) return unsupported();
        size = size * 10 + (c - '0');
    }
    if (k == 'f' && (size == 2 || size == 4 || size == 8)) return {Kind::Float, size, big};
    if (k == 'i' && (size == 1 || size == 2 || size == 4 || size == 8)) return {Kind::Int, size, big};
    if (k == 'u' && (size == 1 || size == 2 || size == 4 || size == 8)) return {Kind::UInt, size, big};
    if (k == 'b' && size == 1) return {Kind::Bool, 1, big};
    return unsupported();
}

// IEEE 754 binary16 → double, exactly: a normal half's exponent and mantissa move into the
// double's bit fields (no libm call: Tutorial 2's sets hold millions of halves).
double halfToDouble(std::uint16_t h) {
    const std::uint64_t sign = std::uint64_t(h >> 15) << 63;
    const int exp = (h >> 10) & 0x1F, mant = h & 0x3FF;
    double v;
    if (exp == 0) {
        v = double(mant) * 0x1p-24;  // subnormal (or zero): exact, a power-of-two scale
        return sign ? -v : v;
    }
    if (exp == 31) {
        v = mant ? std::numeric_limits<double>::quiet_NaN() : std::numeric_limits<double>::infinity();
        return sign ? -v : v;
    }
    const std::uint64_t bits = sign | std::uint64_t(exp - 15 + 1023) << 52 | std::uint64_t(mant) << 42;
    std::memcpy(&v, &bits, 8);
    return v;
}

// Converts n items of `dt` at p to doubles.
template <int Size>
void convertItems(const u8* p, std::size_t n, const Dtype& dt, std::vector<double>& out) {
    for (std::size_t i = 0; i < n; ++i, p += Size) {
        std::uint64_t u = 0;
        if (dt.bigEndian)
            for (int k = 0; k < Size; ++k) u = u << 8 | p[k];
        else
            for (int k = Size - 1; k >= 0; --k) u = u << 8 | p[k];
        double v;
        switch (dt.kind) {
            case Kind::Float:
                if constexpr (Size == 2) v = halfToDouble(std::uint16_t(u));
                else if constexpr (Size == 4) {
                    float f;
                    std::uint32_t w = std::uint32_t(u);
                    std::memcpy(&f, &w, 4);
                    v = f;
                } else {
                    std::memcpy(&v, &u, 8);
                }
                break;
            case Kind::Int: {
                constexpr int shift = 64 - 8 * Size;
                v = double(std::int64_t(u << shift) >> shift);  // sign-extend
                break;
            }
            case Kind::UInt: v = double(u); break;
            default: v = u ? 1.0 : 0.0; break;
        }
        out.push_back(v);  // reserved: no zero-fill of a buffer overwritten at once
    }
}


// Reorders Fortran-order (first index fastest) values into C order.
std::vector<double> fortranToC(const std::vector<double>& f, const std::vector<Index>& shape) {
    std::vector<double> c(f.size());
    if (f.empty()) return c;
    const std::size_t rank = shape.size();
    if (rank == 2) {
        const Index rows = shape[0], cols = shape[1];
        for (Index i = 0; i < rows; ++i)
            for (Index j = 0; j < cols; ++j) c[std::size_t(i * cols + j)] = f[std::size_t(j * rows + i)];
        return c;
    }
    std::vector<Index> fstride(rank), idx(rank, 0);
    Index s = 1;
    for (std::size_t k = 0; k < rank; ++k) fstride[k] = s, s *= shape[k];
    for (std::size_t out = 0; out < c.size(); ++out) {
        Index off = 0;
        for (std::size_t k = 0; k < rank; ++k) off += idx[k] * fstride[k];
        c[out] = f[std::size_t(off)];
        for (std::size_t k = rank; k-- > 0;) {  // C-order odometer: last index fastest
            if (++idx[k] < shape[k]) break;
            idx[k] = 0;
        }
    }
    return c;
}

// Where a .npy's parts lie and what its header says (parsed from the first start + hlen bytes).
struct NpyLayout {
    NpyHeader h;
    Dtype dt{};
    std::size_t start = 0, hlen = 0;  // header dict at [start, start + hlen), data after it
    std::size_t count = 0, need = 0;  // values, data bytes
};

// End of the header dict (start + hlen) read from the preamble, or 0 when the preamble is short or
// not a .npy (parseNpyHeader then gives the message).
std::size_t npyHeaderEnd(std::string_view bytes) {
    if (!startsWith(bytes, kNpyMagic) || bytes.size() < 10) return 0;
    const u8* b = bytesOf(bytes);
    if (b[6] == 1) return 10 + std::size_t(le16(b + 8));
    return bytes.size() < 12 ? 0 : 12 + std::size_t(le32(b + 8));
}

// Parses the preamble and header held in `head` (the file or at least its first start + hlen
// bytes) of a .npy of `fileSize` bytes; checks the data fits in fileSize. Allocates nothing large.
NpyLayout parseNpyHeader(std::string_view head, std::uint64_t fileSize, const std::string& name) {
    if (!startsWith(head, kNpyMagic)) fail(name + ": not a .npy file (bad magic bytes)");
    if (head.size() < 10) fail(name + ": truncated .npy header");
    const u8* b = bytesOf(head);
    int major = b[6], minor = b[7];
    NpyLayout L;
    if (major == 1) {
        L.hlen = le16(b + 8);
        L.start = 10;
    } else if (major == 2 || major == 3) {
        if (head.size() < 12) fail(name + ": truncated .npy header");
        L.hlen = le32(b + 8);
        L.start = 12;
    } else {
        fail(name + ": unsupported .npy format version " + std::to_string(major) + "." + std::to_string(minor));
    }
    if (head.size() - L.start < L.hlen) fail(name + ": truncated .npy header");
    L.h = HeaderParser(head.substr(L.start, L.hlen), name).parse();
    L.dt = parseDtype(L.h.descr, name);

    L.count = 1;
    for (Index d : L.h.shape) {
        if (d != 0 && L.count > std::numeric_limits<std::size_t>::max() / 16 / std::size_t(d))
            fail(name + ": shape " + shapeText(L.h.shape) + " is too large");
        L.count *= std::size_t(d);
    }
    L.need = L.count * std::size_t(L.dt.size);
    const std::uint64_t have = fileSize - L.start - L.hlen;
    if (have < L.need)
        fail(name + ": truncated data: shape " + shapeText(L.h.shape) + " of '" + escapeControls(L.h.descr) +
             "' needs " + std::to_string(L.need) + " bytes, the file has " + std::to_string(have));
    return L;
}

// Shape limits of one array (rows / columns of 1-D and 2-D arrays, values of any).
void checkArrayLimits(const NpyLayout& L, const std::string& name, const ReadLimits& lim) {
    const auto& shape = L.h.shape;
    const std::string what = name + ": shape " + shapeText(shape) + " has";
    if (shape.size() == 1 || shape.size() == 2) {
        if (std::uint64_t(shape[0]) > lim.maxRows) overLimit(what, std::uint64_t(shape[0]), lim.maxRows, "rows", lim);
        const std::uint64_t cols = shape.size() == 2 ? std::uint64_t(shape[1]) : 1;
        if (cols > lim.maxCols) overLimit(what, cols, lim.maxCols, "columns", lim);
    }
    if (L.count > lim.maxValues) overLimit(what, L.count, lim.maxValues, "values", lim);
}

NdArray parseNpy(std::string_view bytes, const std::string& name, const ReadLimits& lim) {
    if (startsWith(bytes, kNpyMagic) && bytes.size() > lim.maxBytes)
        overLimit(name + ": the .npy file is", bytes.size(), lim.maxBytes, "bytes", lim);
    const NpyLayout L = parseNpyHeader(bytes, bytes.size(), name);
    checkArrayLimits(L, name, lim);

    NdArray a;
    a.name = name;
    a.shape = L.h.shape;
    a.dtype = L.h.descr;
    a.values.reserve(L.count);
    const u8* p = bytesOf(bytes) + L.start + L.hlen;
    switch (L.dt.size) {
        case 1: convertItems<1>(p, L.count, L.dt, a.values); break;
        case 2: convertItems<2>(p, L.count, L.dt, a.values); break;
        case 4: convertItems<4>(p, L.count, L.dt, a.values); break;
        default: convertItems<8>(p, L.count, L.dt, a.values); break;
    }
    if (L.h.fortran && L.h.shape.size() > 1) a.values = fortranToC(a.values, a.shape);
    return a;
}

// ---- .npz (zip) ------------------------------------------------------------------------------

struct ZipEntry {
    std::string name;
    std::uint16_t flags = 0, method = 0;
    std::uint32_t crc = 0;
    std::uint64_t csize = 0, usize = 0, offset = 0;
};

std::vector<ZipEntry> readCentralDirectory(std::string_view bytes, const std::string& name) {
    const u8* b = bytesOf(bytes);
    const std::size_t n = bytes.size();
    auto corruptZip = [&](const std::string& why) { fail(name + ": corrupt .npz (zip) archive: " + why); };

    // End of central directory: 22 bytes plus a comment of up to 65535 bytes, at the very end.
    std::size_t eocd = std::string_view::npos;
    if (n >= 22) {
        std::size_t lowest = n - 22 > 65535 ? n - 22 - 65535 : 0;
        for (std::size_t i = n - 22 + 1; i-- > lowest;)
            if (b[i] == 'P' && b[i + 1] == 'K' && b[i + 2] == 5 && b[i + 3] == 6) {
                eocd = i;
                break;
            }
    }
    if (eocd == std::string_view::npos) {
        if (startsWith(bytes, "PK")) corruptZip("end of central directory not found (file truncated?)");
        fail(name + ": not a .npz file (no zip signature)");
    }
    std::uint64_t entries = le16(b + eocd + 10);
    std::uint64_t cdSize = le32(b + eocd + 12);
    std::uint64_t cdOffset = le32(b + eocd + 16);

    // ZIP64: a locator 20 bytes before the classic record points at the ZIP64 end record.
    if (eocd >= 20 && le32(b + eocd - 20) == 0x07064b50u) {
        std::uint64_t z = le64(b + eocd - 20 + 8);
        if (z > n || n - z < 56 || le32(b + z) != 0x06064b50u) corruptZip("bad ZIP64 end of central directory");
        entries = le64(b + z + 32);
        cdSize = le64(b + z + 40);
        cdOffset = le64(b + z + 48);
    }
    if (cdOffset > n || cdSize > n - cdOffset) corruptZip("central directory lies outside the file");
    if (entries > cdSize / 46) corruptZip("entry count does not fit the central directory");

    std::vector<ZipEntry> out;
    std::size_t p = std::size_t(cdOffset);
    const std::size_t cdEnd = std::size_t(cdOffset + cdSize);
    for (std::uint64_t e = 0; e < entries; ++e) {
        if (cdEnd - p < 46 || le32(b + p) != 0x02014b50u) corruptZip("bad central directory entry");
        ZipEntry z;
        z.flags = le16(b + p + 8);
        z.method = le16(b + p + 10);
        z.crc = le32(b + p + 16);
        z.csize = le32(b + p + 20);
        z.usize = le32(b + p + 24);
        std::size_t nameLen = le16(b + p + 28), extraLen = le16(b + p + 30), commentLen = le16(b + p + 32);
        z.offset = le32(b + p + 42);
        if (cdEnd - p - 46 < nameLen + extraLen + commentLen) corruptZip("bad central directory entry");
        z.name.assign(reinterpret_cast<const char*>(b + p + 46), nameLen);
        // ZIP64 extra field (id 1): 64-bit values for the fields stored as 0xFFFFFFFF, in order.
        const u8* x = b + p + 46 + nameLen;
        const u8* xEnd = x + extraLen;
        while (xEnd - x >= 4) {
            std::uint16_t id = le16(x), len = le16(x + 2);
            const u8* v = x + 4;
            if (std::size_t(xEnd - v) < len) corruptZip("bad extra field in entry '" + escapeControls(z.name) + "'");
            if (id == 1) {
                const u8* vEnd = v + len;
                auto take = [&](std::uint64_t& field) {
                    if (field != 0xFFFFFFFFu) return;
                    if (vEnd - v < 8) corruptZip("short ZIP64 extra field in entry '" + escapeControls(z.name) + "'");
                    field = le64(v);
                    v += 8;
                };
                take(z.usize);
                take(z.csize);
                take(z.offset);
            }
            x += 4 + len;
        }
        out.push_back(std::move(z));
        p += 46 + nameLen + extraLen + commentLen;
    }
    return out;
}

// "<file>: entry '<name>'" for messages.
std::string entryWhere(const ZipEntry& z, const std::string& name) { return name + ": entry '" + escapeControls(z.name) + "'"; }

// The stored bytes of one entry (stored or deflate), after checking its local header and method.
std::string_view entryRaw(std::string_view bytes, const ZipEntry& z, const std::string& where) {
    const u8* b = bytesOf(bytes);
    const std::size_t n = bytes.size();
    if (z.flags & 1) fail(where + " is encrypted (not supported)");
    if (z.offset > n || n - z.offset < 30 || le32(b + z.offset) != 0x04034b50u)
        fail(where + ": corrupt .npz (zip) archive: bad local header");
    // The local name/extra lengths can differ from the central ones: use the local ones here.
    std::uint64_t data = z.offset + 30 + le16(b + z.offset + 26) + le16(b + z.offset + 28);
    if (data > n || n - data < z.csize) fail(where + ": corrupt .npz (zip) archive: data runs past the end of the file");
    if (z.method == 0) {
        if (z.csize != z.usize) fail(where + ": corrupt .npz (zip) archive: stored entry sizes differ");
    } else if (z.method == 8) {
        // DEFLATE cannot expand data more than ~1032:1; a larger claim means a corrupt header.
        if (z.usize / 1032 > z.csize + 1) fail(where + ": corrupt .npz (zip) archive: implausible uncompressed size");
    } else {
        fail(where + " uses compression method " + std::to_string(z.method) +
             " (supported: 0 = stored, 8 = deflate)");
    }
    return bytes.substr(std::size_t(data), std::size_t(z.csize));
}

// Decompressed, CRC-checked bytes of one entry.
std::string entryBytes(std::string_view bytes, const ZipEntry& z, const std::string& name) {
    const std::string where = entryWhere(z, name);
    const std::string_view raw = entryRaw(bytes, z, where);
    std::string content;
    if (z.method == 0) {
        content.assign(raw);
    } else {
        try {
            content = inflateRaw(raw, std::size_t(z.usize));
        } catch (const Error& e) {
            fail(where + ": " + e.what());
        }
    }
    if (crc32(content) != z.crc) fail(where + ": CRC mismatch (archive is corrupt)");
    return content;
}

// The first min(n, size) uncompressed bytes of one entry, inflating no further (not CRC-checked).
std::string entryPrefix(std::string_view bytes, const ZipEntry& z, const std::string& name, std::size_t n) {
    const std::string where = entryWhere(z, name);
    const std::string_view raw = entryRaw(bytes, z, where);
    if (z.method == 0) return std::string(raw.substr(0, n));
    try {
        return inflateRawPrefix(raw, std::size_t(std::min<std::uint64_t>(n, z.usize)));
    } catch (const Error& e) {
        fail(where + ": " + e.what());
    }
}

// Checks every .npy member against `lim` from the central directory and the member's own .npy
// header (its first bytes only): nothing is inflated in full, nothing large allocated.
void checkNpzLimits(std::string_view bytes, const std::vector<ZipEntry>& entries, const std::string& name,
                    const ReadLimits& lim) {
    std::uint64_t total = 0;
    for (const ZipEntry& z : entries) {
        if (!endsWith(z.name, ".npy")) continue;
        if (z.usize > lim.maxBytes) overLimit(entryWhere(z, name) + " is", z.usize, lim.maxBytes, "bytes uncompressed", lim);
        total = addSat(total, z.usize);
        if (total > lim.maxBytes) overLimit(name + ": the arrays are", total, lim.maxBytes, "bytes uncompressed in total", lim);
    }
    for (const ZipEntry& z : entries) {
        if (!endsWith(z.name, ".npy")) continue;
        const std::string ctx = name + ", array '" + escapeControls(z.name.substr(0, z.name.size() - 4)) + "'";
        std::string head = entryPrefix(bytes, z, name, 12);  // magic, version, header length
        const std::size_t end = npyHeaderEnd(head);
        if (end > head.size() && end <= z.usize) head = entryPrefix(bytes, z, name, end);
        checkArrayLimits(parseNpyHeader(head, z.usize, ctx), ctx, lim);
    }
}

// ---- delimited text --------------------------------------------------------------------------

bool isBlank(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f'; }

std::string_view trim(std::string_view s) {
    while (!s.empty() && isBlank(s.front())) s.remove_prefix(1);
    while (!s.empty() && isBlank(s.back())) s.remove_suffix(1);
    return s;
}

// Iterates the lines of a text (\n, \r\n, or bare \r when the text has no \n), with line numbers.
class Lines {
public:
    explicit Lines(std::string_view t) : t_(t), sep_(t.find('\n') == std::string_view::npos ? '\r' : '\n') {}
    bool next(std::string_view& line) {
        if (pos_ >= t_.size()) return false;
        std::size_t e = t_.find(sep_, pos_);
        if (e == std::string_view::npos) e = t_.size();
        line = t_.substr(pos_, e - pos_);
        pos_ = e + 1;
        ++number_;
        return true;
    }
    Index number() const { return number_; }

private:
    std::string_view t_;
    char sep_;
    std::size_t pos_ = 0;
    Index number_ = 0;
};

// Next line that is not blank and not a '#' comment, trimmed. False at end of text.
bool nextContentLine(Lines& lines, std::string_view& line) {
    while (lines.next(line)) {
        line = trim(line);
        if (!line.empty() && line[0] != '#') return true;
    }
    return false;
}

constexpr char kWhitespace = ' ';  // delimiter value meaning "runs of spaces/tabs"

// Splits a trimmed line into trimmed raw fields (quotes kept; see unquote).
void splitFields(std::string_view line, char delim, std::vector<std::string_view>& out) {
    out.clear();
    const std::size_t n = line.size();
    std::size_t i = 0;
    auto isDelim = [&](char c) { return delim == kWhitespace ? isBlank(c) : c == delim; };
    for (;;) {
        while (i < n && isBlank(line[i]) && !(delim == '\t' && line[i] == '\t')) ++i;
        std::size_t b = i;
        if (i < n && line[i] == '"') {  // quoted field: runs to the closing quote ("" = escaped quote)
            ++i;
            while (i < n) {
                if (line[i] == '"') {
                    if (i + 1 < n && line[i + 1] == '"') i += 2;
                    else break;
                } else {
                    ++i;
                }
            }
            if (i < n) ++i;
        }
        while (i < n && !isDelim(line[i])) ++i;
        out.push_back(trim(line.substr(b, i - b)));
        if (i >= n) return;
        if (delim == kWhitespace) {
            while (i < n && isBlank(line[i])) ++i;
            if (i >= n) return;
        } else {
            ++i;  // past the delimiter; a trailing delimiter leaves an empty last field
            if (i >= n) {
                out.push_back(std::string_view());
                return;
            }
        }
    }
}

// Delimiter of a file from its first content line. A tab makes a TSV only when some tab-separated
// field has a space, comma or semicolon inside (e.g. "sepal length"); otherwise tabs are treated
// as whitespace, so files aligned with a mix of tabs and spaces still read.
char detectDelimiter(std::string_view line) {
    bool inQuote = false, tab = false, semi = false, comma = false;
    for (char c : line) {
        if (c == '"') inQuote = !inQuote;
        else if (!inQuote) tab |= c == '\t', semi |= c == ';', comma |= c == ',';
    }
    if (tab) {
        std::vector<std::string_view> f;
        splitFields(line, '\t', f);
        for (auto field : f)
            if (field.find_first_of(" ,;") != std::string_view::npos) return '\t';
        return kWhitespace;
    }
    return semi ? ';' : comma ? ',' : kWhitespace;
}

// Field without surrounding quotes; "" inside becomes ".
std::string unquote(std::string_view f) {
    if (f.size() >= 2 && f.front() == '"' && f.back() == '"') {
        std::string s;
        for (std::size_t i = 1; i + 1 < f.size(); ++i) {
            s += f[i];
            if (f[i] == '"' && f[i + 1] == '"') ++i;
        }
        return s;
    }
    return std::string(f);
}

std::string_view stripQuotes(std::string_view f) {
    if (f.size() >= 2 && f.front() == '"' && f.back() == '"') return trim(f.substr(1, f.size() - 2));
    return f;
}

// Header names taken as the label column when ReadOptions::labelColumn is -3 (auto).
std::string lowerAscii(std::string s) {
    for (char& c : s) c = char(std::tolower(static_cast<unsigned char>(c)));
    return s;
}

bool isLabelHeader(std::string s) {
    s = lowerAscii(std::move(s));
    return s == "label" || s == "labels" || s == "class" || s == "target" || s == "cluster" || s == "y_true" ||
           s == "species" || s == "category" || s == "group";
}

// Resolves ReadOptions::labelColumn against `cols` columns: -1 = none, else 0-based index.
int resolveLabelColumn(const ReadOptions& o, Index cols, const std::string& name) {
    if (o.labelColumn == -2 || o.labelColumn == -3) return -1;
    if (o.labelColumn < -2) fail(name + ": invalid label column " + std::to_string(o.labelColumn));
    Index c = o.labelColumn == -1 ? cols - 1 : o.labelColumn;
    if (c >= cols)
        fail(name + ": label column " + std::to_string(c + 1) + " does not exist (the data has " +
             std::to_string(cols) + " column" + (cols == 1 ? "" : "s") + ")");
    if (cols < 2) fail(name + ": the data has only the label column, no point coordinates");
    return int(c);
}

void checkFinite(double v, const std::string& name, Index row, Index col) {
    if (!std::isfinite(v)) fail(name + ": " + rowCol(row, col) + " " + nonFiniteText(v));
}

// ---- tables from arrays ----------------------------------------------------------------------

bool isLabelName(const std::string& s) { return s == "labels" || s == "y"; }

// Points (and labels) from a data array; `ctx` names the source in messages.
Table tableFromArray(const NdArray& x, const std::string& ctx, const ReadOptions& opts) {
    if (x.shape.size() != 1 && x.shape.size() != 2)
        fail(ctx + ": array has shape " + shapeText(x.shape) + ", expected 1-D or 2-D data (N points x D dimensions)");
    const Index rows = x.shape[0];
    const Index cols = x.shape.size() == 2 ? x.shape[1] : 1;
    if (rows == 0) fail(ctx + ": no data rows (array shape " + shapeText(x.shape) + ")");
    if (cols == 0) fail(ctx + ": data has no columns (array shape " + shapeText(x.shape) + ")");
    const int lc = resolveLabelColumn(opts, cols, ctx);
    Table t;
    t.points.rows = rows;
    t.points.cols = lc >= 0 ? cols - 1 : cols;
    t.points.values.reserve(std::size_t(rows * t.points.cols));
    if (lc >= 0) t.labels.reserve(std::size_t(rows));
    for (Index i = 0; i < rows; ++i)
        for (Index j = 0; j < cols; ++j) {
            double v = x.values[std::size_t(i * cols + j)];
            if (j == lc) {
                std::int64_t l;
                if (!integralValue(v, l))
                    fail(ctx + ": " + rowCol(i + 1, j + 1) + ": label " + numText(v) + " is not an integer");
                t.labels.push_back(l);
            } else {
                checkFinite(v, ctx, i + 1, j + 1);
                t.points.values.push_back(v);
            }
        }
    return t;
}

std::vector<std::int64_t> labelsFromArray(const NdArray& y, const std::string& ctx) {
    const bool column = y.shape.size() == 2 && y.shape[1] == 1;
    if (y.shape.size() != 1 && !column)
        fail(ctx + ": labels array has shape " + shapeText(y.shape) + ", expected 1-D");
    std::vector<std::int64_t> out(y.values.size());
    for (std::size_t i = 0; i < out.size(); ++i)
        if (!integralValue(y.values[i], out[i]))
            fail(ctx + ": row " + std::to_string(i + 1) + ": label " + numText(y.values[i]) + " is not an integer");
    return out;
}

Table tableFromNpz(const std::vector<NdArray>& arrays, const std::string& name, const ReadOptions& opts) {
    auto numericRank = [](const NdArray& a, std::size_t r) { return a.shape.size() == r; };
    const NdArray* x = nullptr;
    for (const char* want : {"X", "data", "points"})
        for (const auto& a : arrays)
            if (!x && a.name == want && (a.shape.size() == 1 || a.shape.size() == 2)) x = &a;
    for (const auto& a : arrays)
        if (!x && numericRank(a, 2) && a.isFloat()) x = &a;
    for (const auto& a : arrays)
        if (!x && numericRank(a, 2) && !isLabelName(a.name)) x = &a;
    for (const auto& a : arrays)
        if (!x && numericRank(a, 1) && a.isFloat() && !isLabelName(a.name)) x = &a;
    if (!x) {
        std::string list;
        for (const auto& a : arrays) list += (list.empty() ? "" : ", ") + escapeControls(a.name) + " " + shapeText(a.shape);
        fail(name + ": no point data found: expected an array named X, data or points, or a 2-D float array (arrays: " +
             list + ")");
    }
    const std::string ctx = name + ", array '" + escapeControls(x->name) + "'";
    Table t = tableFromArray(*x, ctx, opts);
    if (opts.labelColumn != -2 && opts.labelColumn != -3) return t;
    for (const char* want : {"labels", "y"})
        for (const auto& a : arrays)
            if (t.labels.empty() && &a != x && a.name == want) {
                const std::string yctx = name + ", array '" + escapeControls(a.name) + "'";
                t.labels = labelsFromArray(a, yctx);
                if (Index(t.labels.size()) != t.points.rows)
                    fail(yctx + ": " + std::to_string(t.labels.size()) + " labels for " +
                         std::to_string(t.points.rows) + " points");
                t.labelName = a.name;
            }
    return t;
}

enum class Format { Npy, Npz, Text };

Format detectFormat(std::string_view bytes, const std::string& name) {
    if (startsWith(bytes, kNpyMagic)) return Format::Npy;
    if (startsWith(bytes, std::string_view("PK\x03\x04", 4)) || startsWith(bytes, std::string_view("PK\x05\x06", 4)))
        return Format::Npz;
    const std::string ext = lowerExtension(name);
    if (ext == ".npy") return Format::Npy;  // parse fails with "bad magic"
    if (ext == ".npz") return Format::Npz;
    if (startsWith(bytes, "\x1f\x8b")) fail(name + ": file is gzip-compressed; decompress it first");
    return Format::Text;
}

}  // namespace

// ---- public API ------------------------------------------------------------------------------

// Kind letter of a numpy descr ('f', 'i', 'u', 'b', ...), after the byte-order mark.
static char dtypeKind(const std::string& d) {
    if (d.empty()) return '\0';
    return (d[0] == '<' || d[0] == '>' || d[0] == '|' || d[0] == '=') ? (d.size() > 1 ? d[1] : '\0') : d[0];
}
bool NdArray::isInteger() const { char k = dtypeKind(dtype); return k == 'i' || k == 'u' || k == 'b'; }
bool NdArray::isFloat() const { return dtypeKind(dtype) == 'f'; }

NdArray readNpy(std::string_view bytes, const std::string& name, const ReadLimits& limits) {
    NdArray a = parseNpy(bytes, escapeControls(name), limits);
    a.name = name;
    return a;
}

namespace {
// readNpz with `name` already escaped for messages.
// `only` (when given): the stems to read; the other members are not inflated.
std::vector<NdArray> npzArrays(std::string_view bytes, const std::string& name, const ReadLimits& limits,
                               const std::vector<std::string>* only = nullptr) {
    const std::vector<ZipEntry> entries = readCentralDirectory(bytes, name);
    if (!limits.unlimited()) checkNpzLimits(bytes, entries, name, limits);
    std::vector<NdArray> out;
    for (const ZipEntry& z : entries) {
        if (!endsWith(z.name, ".npy")) continue;  // directories and other members are not arrays
        std::string stem = z.name.substr(0, z.name.size() - 4);
        if (only && std::find(only->begin(), only->end(), stem) == only->end()) continue;
        std::string content = entryBytes(bytes, z, name);
        NdArray a = parseNpy(content, name + ", array '" + escapeControls(stem) + "'", limits);
        a.name = stem;
        out.push_back(std::move(a));
    }
    if (out.empty() && !only) fail(name + ": the zip archive contains no .npy arrays (is it an .npz file?)");
    return out;
}

// Refuses a text over limits.maxBytes (before any parsing).
void checkTextSize(std::string_view text, const std::string& name, const ReadLimits& lim) {
    if (text.size() > lim.maxBytes) overLimit(name + ": the file is", text.size(), lim.maxBytes, "bytes", lim);
}

// readDelimited with `name` already escaped for messages.
Table delimitedTable(std::string_view text, const std::string& name, const ReadOptions& opts) {
    const ReadLimits& lim = opts.limits;
    checkTextSize(text, name, lim);
    if (startsWith(text, "\xEF\xBB\xBF")) text.remove_prefix(3);
    if (text.find('\0') != std::string_view::npos)
        fail(name + ": not a text file (expected CSV/TSV/whitespace-separated numbers, .npy or .npz)");
    if (text.find_first_not_of(" \t\r\n\v\f") == std::string_view::npos) fail(name + ": file is empty");

    Lines lines(text);
    std::string_view line;
    if (!nextContentLine(lines, line)) fail(name + ": no data rows (only comments and blank lines)");
    const char delim = detectDelimiter(line);
    std::vector<std::string_view> f;
    splitFields(line, delim, f);
    const Index cols = Index(f.size());
    if (std::uint64_t(cols) > lim.maxCols)
        overLimit(name + ": row " + std::to_string(lines.number()) + " has", std::uint64_t(cols), lim.maxCols, "columns", lim);

    Table t;
    double v;
    for (auto field : f)
        if (!parseDouble(stripQuotes(field), v)) t.hadHeader = true;
    int lc;
    if (!opts.labelColumnName.empty()) {  // an explicit label column, by header name
        const std::string want = quoted(opts.labelColumnName);
        if (!t.hadHeader) throw NoSuchColumn(name + ": no column named " + want + " (the file has no header row)");
        lc = -1;
        for (int pass = 0; pass < 2 && lc < 0; ++pass)  // exact name first, then ignoring case
            for (Index j = 0; j < cols && lc < 0; ++j)
                if (pass == 0 ? unquote(f[std::size_t(j)]) == opts.labelColumnName
                              : lowerAscii(unquote(f[std::size_t(j)])) == lowerAscii(opts.labelColumnName))
                    lc = int(j);
        if (lc < 0) {
            std::string list;
            for (Index j = 0; j < cols; ++j) list += (j ? ", " : "") + quoted(unquote(f[std::size_t(j)]));
            throw NoSuchColumn(name + ": no column named " + want + " (the columns are " + list + ")");
        }
        if (cols < 2) fail(name + ": the data has only the label column, no point coordinates");
    } else if (opts.labelColumn == -3) {  // auto: a header column named like a label column
        lc = -1;
        if (t.hadHeader && cols >= 2)
            for (Index j = 0; j < cols; ++j)
                if (isLabelHeader(unquote(f[std::size_t(j)]))) { lc = int(j); break; }
    } else {
        lc = resolveLabelColumn(opts, cols, name);
    }
    t.labelColumnIndex = lc;
    if (t.hadHeader) {
        for (Index j = 0; j < cols; ++j) {
            std::string s = unquote(f[std::size_t(j)]);
            t.fileColumns.push_back(s);
            if (j == lc) t.labelName = s;
            else t.columnNames.push_back(s);
        }
    }
    t.points.cols = lc >= 0 ? cols - 1 : cols;
    t.points.values.reserve(std::size_t(text.size() / 8));  // rough guess, saves regrowth

    // text class labels: once a label is text (not a number), every label is a name, numbered in
    // order of first appearance (integers read before become names by their decimal text); a
    // number that is not an integer (1.5, nan) stays an error
    std::unordered_map<std::string, std::int64_t> labelIndex;
    const auto nameLabel = [&](const std::string& s) {
        auto it = labelIndex.find(s);
        if (it == labelIndex.end()) {
            it = labelIndex.emplace(s, std::int64_t(t.labelNames.size())).first;
            t.labelNames.push_back(s);
        }
        return it->second;
    };
    bool haveRow = !t.hadHeader;  // `line`/`f` already hold the first data row
    while (haveRow || nextContentLine(lines, line)) {
        if (!haveRow) splitFields(line, delim, f);
        haveRow = false;
        const Index row = lines.number();
        if (std::uint64_t(t.points.rows) >= lim.maxRows)
            beyondLimit(name + ": row " + std::to_string(row) + " is data row " + std::to_string(t.points.rows + 1),
                        lim.maxRows, "data rows", lim);
        if (std::uint64_t(t.points.rows + 1) * std::uint64_t(cols) > lim.maxValues)
            overLimit(name + ": row " + std::to_string(row) + " brings the table to", std::uint64_t(t.points.rows + 1) * std::uint64_t(cols),
                      lim.maxValues, "values", lim);
        if (Index(f.size()) != cols)
            fail(name + ": row " + std::to_string(row) + " has " + std::to_string(f.size()) + " field" +
                 (f.size() == 1 ? "" : "s") + ", expected " + std::to_string(cols));
        for (Index j = 0; j < cols; ++j) {
            std::string_view s = stripQuotes(f[std::size_t(j)]);
            if (s.empty()) fail(name + ": " + rowCol(row, j + 1) + " is empty");
            if (j == lc) {
                std::int64_t l;
                bool integer = parseInt64(s, l) == IntParse::Ok;
                if (!integer && parseDouble(s, v)) {
                    // an integral number written as a float (numpy's savetxt: 1.000e+00) is that class;
                    // 1.5, nan, inf: a number, not a class
                    if (!(std::isfinite(v) && v == std::floor(v) && std::fabs(v) < 9.2e18))
                        fail(name + ": " + rowCol(row, j + 1) + ": label " + quoted(s) + " is not an integer");
                    l = std::int64_t(v);
                    integer = true;
                }
                if (t.labelNames.empty() && integer) {
                    t.labels.push_back(l);
                    continue;
                }
                if (t.labelNames.empty())  // the first text label: the integers so far become names
                    for (std::int64_t& earlier : t.labels) earlier = nameLabel(std::to_string(earlier));
                t.labels.push_back(nameLabel(integer ? std::to_string(l) : std::string(s)));
                continue;
            }
            if (!parseDouble(s, v)) {
                std::string hint = delim == ';' && s.find(',') != std::string_view::npos ? " (decimal comma? use '.')" : "";
                fail(name + ": " + rowCol(row, j + 1) + ": " + quoted(s) + " is not a number" + hint);
            }
            if (!std::isfinite(v)) {
                bool spelled = s.find_first_of("nNiI") != std::string_view::npos;
                if (!spelled) fail(name + ": " + rowCol(row, j + 1) + ": " + quoted(s) + " is out of range");
                checkFinite(v, name, row, j + 1);
            }
            t.points.values.push_back(v);
        }
        ++t.points.rows;
    }
    if (t.points.rows == 0) fail(name + ": no data rows (only a header)");
    t.points.values.shrink_to_fit();
    return t;
}
}  // namespace

std::vector<NdArray> readNpz(std::string_view bytes, const std::string& name, const ReadLimits& limits) {
    return npzArrays(bytes, escapeControls(name), limits);
}

std::vector<NdArray> readNpzMembers(std::string_view bytes, const std::string& name,
                                    const std::vector<std::string>& members, const ReadLimits& limits) {
    return npzArrays(bytes, escapeControls(name), limits, &members);
}

Table readDelimited(std::string_view text, const std::string& name, const ReadOptions& opts) {
    return delimitedTable(text, escapeControls(name), opts);
}

Table tableFromArrays(const std::vector<NdArray>& arrays, const std::string& name, const ReadOptions& opts) {
    return tableFromNpz(arrays, escapeControls(name), opts);
}

Table readTable(std::string_view bytes, const std::string& rawName, const ReadOptions& opts) {
    const std::string name = escapeControls(rawName);
    if (bytes.empty()) fail(name + ": file is empty");
    const Format format = detectFormat(bytes, name);
    if (!opts.labelColumnName.empty() && format != Format::Text)
        fail(name + ": a label column by name applies to text files (CSV/TSV), not .npy/.npz");
    switch (format) {
        case Format::Npy: return tableFromArray(parseNpy(bytes, name, opts.limits), name, opts);
        case Format::Npz: return tableFromNpz(npzArrays(bytes, name, opts.limits), name, opts);
        default: return delimitedTable(bytes, name, opts);
    }
}

std::string readFileBytes(const std::string& path) {
    std::FILE* fp = std::fopen(path.c_str(), "rb");
    if (!fp) fail("cannot open '" + escapeControls(path) + "': " + std::strerror(errno));
    std::string out;
    char buf[1 << 16];
    std::size_t got;
    while ((got = std::fread(buf, 1, sizeof buf, fp)) > 0) out.append(buf, got);
    const bool bad = std::ferror(fp) != 0;
    const int err = errno;
    std::fclose(fp);
    if (bad) fail("cannot read '" + escapeControls(path) + "': " + std::strerror(err));
    return out;
}

Table readTableFile(const std::string& path, const ReadOptions& opts) {
    return readTable(readFileBytes(path), path, opts);
}

std::vector<std::int64_t> readLabels(std::string_view bytes, const std::string& rawName, const ReadLimits& limits) {
    const std::string name = escapeControls(rawName);
    if (bytes.empty()) fail(name + ": file is empty");
    const Format fmt = detectFormat(bytes, name);
    if (fmt == Format::Npy) return labelsFromArray(parseNpy(bytes, name, limits), name);
    if (fmt == Format::Npz) {
        auto arrays = npzArrays(bytes, name, limits);
        for (const char* want : {"labels", "y"})
            for (const auto& a : arrays)
                if (a.name == want) return labelsFromArray(a, name + ", array '" + a.name + "'");
        if (arrays.size() == 1) return labelsFromArray(arrays[0], name + ", array '" + escapeControls(arrays[0].name) + "'");
        fail(name + ": no array named 'labels' or 'y'");
    }
    checkTextSize(bytes, name, limits);
    if (startsWith(bytes, "\xEF\xBB\xBF")) bytes.remove_prefix(3);
    if (bytes.find('\0') != std::string_view::npos) fail(name + ": not a text file (expected one integer per line)");
    std::vector<std::int64_t> out;
    Lines lines(bytes);
    std::string_view line;
    std::vector<std::string_view> f;
    bool first = true;
    while (nextContentLine(lines, line)) {
        splitFields(line, detectDelimiter(line), f);
        const Index row = lines.number();
        if (f.size() != 1)
            fail(name + ": row " + std::to_string(row) + " has " + std::to_string(f.size()) +
                 " fields, expected one integer per line");
        std::string_view s = stripQuotes(f[0]);
        std::int64_t l;
        IntParse r = parseInt64(s, l);
        if (r == IntParse::NotNumber && first) {  // one-word header such as "label"
            first = false;
            continue;
        }
        first = false;
        if (r != IntParse::Ok) fail(name + ": row " + std::to_string(row) + ": " + quoted(s) + " is not an integer");
        if (out.size() >= limits.maxRows)
            beyondLimit(name + ": row " + std::to_string(row) + " is label " + std::to_string(out.size() + 1),
                        limits.maxRows, "labels", limits);
        out.push_back(l);
    }
    if (out.empty()) fail(name + ": no labels found");
    return out;
}

std::vector<std::int64_t> readLabelsFile(const std::string& path, const ReadLimits& limits) {
    return readLabels(readFileBytes(path), path, limits);
}

std::string escapeControls(std::string_view text) {
    static const char* kHex = "0123456789abcdef";
    std::string out;
    out.reserve(text.size());
    const auto* p = reinterpret_cast<const unsigned char*>(text.data());
    const std::size_t n = text.size();
    auto hexByte = [&](unsigned char c) { out += "\\x", out += kHex[c >> 4], out += kHex[c & 15]; };
    for (std::size_t i = 0; i < n;) {
        const unsigned char c = p[i];
        if (c < 0x80) {
            if (c == '\n') out += "\\n";
            else if (c == '\r') out += "\\r";
            else if (c == '\t') out += "\\t";
            else if (c < 0x20 || c == 0x7f) hexByte(c);
            else out += char(c);
            ++i;
            continue;
        }
        // A UTF-8 sequence: length from the lead byte, continuation bytes 10xxxxxx, shortest form.
        const int len = c >= 0xF0 && c <= 0xF4 ? 4 : c >= 0xE0 ? (c <= 0xEF ? 3 : 0) : c >= 0xC2 ? 2 : 0;
        std::uint32_t cp = len == 2 ? c & 0x1F : len == 3 ? c & 0x0F : c & 0x07;
        bool ok = len > 0 && i + std::size_t(len) <= n;
        for (int k = 1; ok && k < len; ++k) {
            ok = (p[i + std::size_t(k)] & 0xC0) == 0x80;
            cp = cp << 6 | (p[i + std::size_t(k)] & 0x3F);
        }
        ok = ok && !(len == 3 && (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF))) && !(len == 4 && (cp < 0x10000 || cp > 0x10FFFF));
        if (!ok) {
            hexByte(c);
            ++i;
        } else if ((cp >= 0x80 && cp <= 0x9F) || cp == 0x2028 || cp == 0x2029) {  // C1 controls, line/paragraph separators
            out += "\\u";
            for (int shift = 12; shift >= 0; shift -= 4) out += kHex[(cp >> shift) & 15];
            i += std::size_t(len);
        } else {
            out.append(text.substr(i, std::size_t(len)));
            i += std::size_t(len);
        }
    }
    return out;
}

KnnTable knnTable(const double* dist, const double* index, Index n, Index k, const std::string& where,
                  const std::string& indexName, double scale) {
    KnnTable t;
    t.n = n;
    t.k = k;
    const size_t count = size_t(n) * size_t(k);
    t.index.resize(count);
    for (size_t i = 0; i < count; ++i) {
        const double v = index[i];
        if (!(v >= 0 && v < double(n) && v == std::floor(v))) {
            char b[32];
            std::snprintf(b, sizeof b, "%.17g", v);
            throw Error(where + ": " + indexName + " row " + std::to_string(i / size_t(k) + 1) + ", column " +
                        std::to_string(i % size_t(k) + 1) + ": " + b + " is not a point index 0.." +
                        std::to_string(n - 1));
        }
        t.index[i] = std::int32_t(v);
    }
    t.dist.assign(dist, dist + count);
    if (scale != 1)
        for (double& d : t.dist) d /= scale;
    return t;
}

KnnTable knnTable(const NdArray& dist, const NdArray& index, const std::string& where, double scale) {
    if (dist.shape.size() != 2 || index.shape != dist.shape)
        throw Error(where + ": '" + dist.name + "' and '" + index.name +
                    "' must be two n × k arrays of the same shape");
    return knnTable(dist.values.data(), index.values.data(), dist.shape[0], dist.shape[1], where,
                    "'" + index.name + "'", scale);
}

namespace {
const std::vector<std::string> kKnnDistNames = {"dist", "distances"};
const std::vector<std::string> kKnnIndexNames = {"index", "indices", "dist_indices"};
const std::string kLayerDistSuffix = "_dist", kLayerIndexSuffix = "_index";
}  // namespace

std::optional<KnnTableNames> knnTableNames(const std::vector<std::string>& members, const std::string& layer) {
    const auto first = [&](const std::vector<std::string>& accepted) {  // "" = none of them
        for (const auto& name : accepted)
            if (std::find(members.begin(), members.end(), name) != members.end()) return name;
        return std::string();
    };
    KnnTableNames t;
    t.dist = first(layer.empty() ? kKnnDistNames : std::vector<std::string>{layer + kLayerDistSuffix});
    t.index = first(layer.empty() ? kKnnIndexNames : std::vector<std::string>{layer + kLayerIndexSuffix});
    if (t.dist.empty() || t.index.empty()) return std::nullopt;
    return t;
}

std::optional<KnnTableNames> knnTableNames(const std::vector<NdArray>& arrays, const std::string& layer) {
    std::vector<std::string> members;
    for (const auto& a : arrays) members.push_back(a.name);
    return knnTableNames(members, layer);
}

std::optional<KnnTableMember> knnTableMember(const std::string& member) {
    const auto in = [&](const std::vector<std::string>& names) {
        return std::find(names.begin(), names.end(), member) != names.end();
    };
    if (in(kKnnDistNames)) return KnnTableMember{"", true};
    if (in(kKnnIndexNames)) return KnnTableMember{"", false};
    for (const bool distances : {true, false}) {
        const std::string& suffix = distances ? kLayerDistSuffix : kLayerIndexSuffix;
        if (member.size() > suffix.size() && endsWith(member, suffix))
            return KnnTableMember{member.substr(0, member.size() - suffix.size()), distances};
    }
    return std::nullopt;
}

std::string knnPartnerNames(const KnnTableMember& member) {
    if (!member.layer.empty()) return "'" + member.layer + (member.distances ? kLayerIndexSuffix : kLayerDistSuffix) + "'";
    const auto& names = member.distances ? kKnnIndexNames : kKnnDistNames;
    std::string t;
    for (size_t i = 0; i < names.size(); ++i)
        t += (i == 0 ? "'" : i + 1 == names.size() ? " or '" : ", '") + names[i] + "'";
    return t;
}

void requireWholeKnnTable(const std::vector<NdArray>& arrays, const std::string& where) {
    if (knnTableNames(arrays)) return;
    for (const auto& a : arrays) {
        const auto m = knnTableMember(a.name);
        if (m && m->layer.empty() && m->distances)
            throw Error(where + ": '" + a.name + "' holds the distances of a kNN graph but there is no array of neighbour indices (" +
                        knnPartnerNames(*m) + ")");
    }
}

}  // namespace peakscope::io
