// Tests of core/io: raw inflate + CRC-32, .npy, .npz, delimited text, table dispatch, label files.
// Test inputs are built in memory here (hand-written .npy headers and zip archives); the two
// embedded hex samples were made once with Python's zlib/zipfile (the way numpy.savez_compressed
// writes). With PEAKSCOPE_HAVE_ZLIB (native builds), zlib cross-checks the decoder.
#include <doctest/doctest.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <random>
#include <string>
#include <vector>

#include "core/io/inflate.hpp"
#include "core/io/readers.hpp"
#include "test_support.hpp"

#if PEAKSCOPE_HAVE_ZLIB
#include <zlib.h>
#endif

using namespace peakscope;
using namespace peakscope::io;
using namespace peakscope::testing;

namespace {

// ---- helpers ---------------------------------------------------------------------------------

std::string fromHex(const char* hex) {
    std::string out;
    for (std::size_t i = 0; hex[i] && hex[i + 1]; i += 2) out += char(std::stoi(std::string(hex + i, 2), nullptr, 16));
    return out;
}

void put16(std::string& s, std::uint32_t v) { s += char(v & 0xFF), s += char((v >> 8) & 0xFF); }
void put32(std::string& s, std::uint32_t v) { put16(s, v & 0xFFFF), put16(s, v >> 16); }
void put64(std::string& s, std::uint64_t v) { put32(s, std::uint32_t(v)), put32(s, std::uint32_t(v >> 32)); }

// Raw little-endian bytes of values; `bigEndian` reverses each item.
template <class T>
std::string pack(std::initializer_list<T> vals, bool bigEndian = false) {
    std::string s;
    for (T v : vals) {
        char b[sizeof(T)];
        std::memcpy(b, &v, sizeof(T));
        if (bigEndian) std::reverse(b, b + sizeof(T));
        s.append(b, sizeof(T));
    }
    return s;
}

// A .npy file as numpy writes it: header dict padded with spaces to a multiple of 64, then '\n'.
std::string npy(const std::string& descr, const std::string& shape, const std::string& payload,
                bool fortran = false, int major = 1) {
    std::string dict = "{'descr': '" + descr + "', 'fortran_order': " + (fortran ? "True" : "False") +
                       ", 'shape': " + shape + ", }";
    const std::size_t pre = major == 1 ? 10 : 12;
    const std::size_t pad = (64 - (pre + dict.size() + 1) % 64) % 64;
    dict += std::string(pad, ' ') + "\n";
    std::string out("\x93NUMPY", 6);
    out += char(major);
    out += char(0);
    if (major == 1) put16(out, std::uint32_t(dict.size()));
    else put32(out, std::uint32_t(dict.size()));
    return out + dict + payload;
}

// Minimal zip writer for .npz tests.
struct Member {
    std::string name, data;
    std::uint16_t method = 0;  // 0 stored; otherwise `packed` holds the method's bytes
    std::string packed;
    Member(std::string n, std::string d, std::uint16_t m = 0, std::string p = {})
        : name(std::move(n)), data(std::move(d)), method(m), packed(std::move(p)) {}
};
struct ZipStyle {
    bool zip64Local = true;    // numpy style: local sizes 0xFFFFFFFF + ZIP64 extra
    bool zip64Central = false; // central sizes/offset 0xFFFFFFFF + ZIP64 extra
    bool zip64End = false;     // ZIP64 end record + locator, classic record saturated
    bool localJunkExtra = false;  // one more extra field in the local header only
    std::string comment;
};

std::string makeZip(const std::vector<Member>& ms, const ZipStyle& st = {}) {
    std::string out, cd;
    for (const Member& m : ms) {
        const std::string& payload = m.method == 0 ? m.data : m.packed;
        const std::uint32_t crc = crc32(m.data);
        const std::uint64_t offset = out.size();
        std::string lx;
        if (st.zip64Local) put16(lx, 1), put16(lx, 16), put64(lx, m.data.size()), put64(lx, payload.size());
        if (st.localJunkExtra) put16(lx, 0xCAFE), put16(lx, 5), lx += "junk!";
        put32(out, 0x04034b50);
        put16(out, 45), put16(out, 0), put16(out, m.method), put16(out, 0), put16(out, 0x21);
        put32(out, crc);
        put32(out, st.zip64Local ? 0xFFFFFFFFu : std::uint32_t(payload.size()));
        put32(out, st.zip64Local ? 0xFFFFFFFFu : std::uint32_t(m.data.size()));
        put16(out, std::uint32_t(m.name.size())), put16(out, std::uint32_t(lx.size()));
        out += m.name + lx + payload;

        std::string cx;
        if (st.zip64Central) put16(cx, 1), put16(cx, 24), put64(cx, m.data.size()), put64(cx, payload.size()), put64(cx, offset);
        put32(cd, 0x02014b50);
        put16(cd, 45), put16(cd, 45), put16(cd, 0), put16(cd, m.method), put16(cd, 0), put16(cd, 0x21);
        put32(cd, crc);
        put32(cd, st.zip64Central ? 0xFFFFFFFFu : std::uint32_t(payload.size()));
        put32(cd, st.zip64Central ? 0xFFFFFFFFu : std::uint32_t(m.data.size()));
        put16(cd, std::uint32_t(m.name.size())), put16(cd, std::uint32_t(cx.size())), put16(cd, 0);
        put16(cd, 0), put16(cd, 0), put32(cd, 0);
        put32(cd, st.zip64Central ? 0xFFFFFFFFu : std::uint32_t(offset));
        cd += m.name + cx;
    }
    const std::uint64_t cdOffset = out.size();
    out += cd;
    if (st.zip64End) {
        const std::uint64_t z = out.size();
        put32(out, 0x06064b50), put64(out, 44), put16(out, 45), put16(out, 45), put32(out, 0), put32(out, 0);
        put64(out, ms.size()), put64(out, ms.size()), put64(out, cd.size()), put64(out, cdOffset);
        put32(out, 0x07064b50), put32(out, 0), put64(out, z), put32(out, 1);
    }
    put32(out, 0x06054b50), put16(out, 0), put16(out, 0);
    put16(out, st.zip64End ? 0xFFFF : std::uint32_t(ms.size()));
    put16(out, st.zip64End ? 0xFFFF : std::uint32_t(ms.size()));
    put32(out, st.zip64End ? 0xFFFFFFFFu : std::uint32_t(cd.size()));
    put32(out, st.zip64End ? 0xFFFFFFFFu : std::uint32_t(cdOffset));
    put16(out, std::uint32_t(st.comment.size()));
    return out + st.comment;
}

// LSB-first bit writer for hand-made DEFLATE streams.
struct BitWriter {
    std::string out;
    int used = 8;
    void bits(std::uint32_t v, int n) {
        for (int i = 0; i < n; ++i) {
            if (used == 8) out += '\0', used = 0;
            out.back() = char(out.back() | (((v >> i) & 1) << used));
            ++used;
        }
    }
    void huff(std::uint32_t code, int len) {  // Huffman codes go most significant bit first
        for (int i = len - 1; i >= 0; --i) bits((code >> i) & 1, 1);
    }
    void fixedSym(int s) {  // fixed literal/length code (RFC 1951 3.2.6)
        if (s < 144) huff(0x30 + s, 8);
        else if (s < 256) huff(0x190 + s - 144, 9);
        else if (s < 280) huff(s - 256, 7);
        else huff(0xC0 + s - 280, 8);
    }
};

// 60 lines "i,i*i mod 97": compressed below by zlib (level 9, raw) into one dynamic-Huffman block.
std::string dynamicSampleText() {
    std::string s;
    for (int i = 0; i < 60; ++i) s += std::to_string(i) + "," + std::to_string(i * i % 97) + "\n";
    return s;
}
const char* kDynamicSample =
    "154fc711004108fa530b8f3360e8bfb1733f0e8304fdf8c1687026828ba41544178a5168e6625889e518ec63c08c9eb0"
    "73342cd80e4bde10e314c53adc5cc18671f2657ff08fe670a302eedc820733e1c9bd76318f2fee314d9d7e38f06509f1"
    "d11b619c4138758706dd11c959845886b86b4fd9b4c3672dc4790bf93107690c473aed70f0e86b0da4384216fbfe6ef6"
    "e1611fbf6fea7b8cec6de54fa9782ee505482f4bf572d5af43f3fab4affb07";

// Python zipfile with force_zip64=True, deflated (as numpy.savez_compressed): X = [[0.5, -1.25],
// [2, 3.5], [0.001, 42]] (<f8) and labels = [0, 1, -1] (<i8).
const char* kPythonNpz =
    "504b03042d000000080000002100d423520cffffffffffffffff05001400582e6e707901001000b00000000000000061"
    "000000000000009bec17ea1b10c9c850c650ad9e925a9c5ca46ea5a06e9366a1aea3a09e965f54529498179f5f94920a"
    "12774bcc294e058a17672416a402f91ac63a0a469a3a0ab50a64032e063078600fa1bfec87d00c0e108ac7e1cfca8f97"
    "7c9302a0f2ae0e00504b03042d000000080000002100ff4751ecffffffffffffffff0a0014006c6162656c732e6e7079"
    "0100100098000000000000004c000000000000009bec17ea1b10c9c850c650ad9e925a9c5ca46ea5a06e9369a1aea3a0"
    "9e965f54529498179f5f94920a12774bcc294e058a17672416a402f91ac63a9a3a0ab50a14002e06286084d2ffa10000"
    "504b01022d032d000000080000002100d423520c61000000b0000000050000000000000000000000800100000000582e"
    "6e7079504b01022d032d000000080000002100ff4751ec4c000000980000000a00000000000000000000008001980000"
    "006c6162656c732e6e7079504b050600000000020002006b000000200100000000";

#if PEAKSCOPE_HAVE_ZLIB
std::string zlibRawDeflate(const std::string& in, int level, int strategy = Z_DEFAULT_STRATEGY) {
    z_stream z{};
    REQUIRE(deflateInit2(&z, level, Z_DEFLATED, -15, 8, strategy) == Z_OK);
    std::string out(deflateBound(&z, uLong(in.size())) + 16, '\0');
    z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
    z.avail_in = uInt(in.size());
    z.next_out = reinterpret_cast<Bytef*>(&out[0]);
    z.avail_out = uInt(out.size());
    REQUIRE(deflate(&z, Z_FINISH) == Z_STREAM_END);
    out.resize(z.total_out);
    deflateEnd(&z);
    return out;
}
#endif

// A unique temporary file removed at scope exit.
struct TempFile {
    std::string path;
    TempFile(const std::string& suffix, const std::string& content) {
        static int counter = 0;
        std::random_device rd;
        path = (std::filesystem::temp_directory_path() /
                ("peakscope_test_" + std::to_string(rd()) + "_" + std::to_string(counter++) + suffix))
                   .string();
        std::FILE* f = std::fopen(path.c_str(), "wb");
        REQUIRE(f != nullptr);
        std::fwrite(content.data(), 1, content.size(), f);
        std::fclose(f);
    }
    ~TempFile() { std::remove(path.c_str()); }
};

}  // namespace

// ---- inflate + CRC ---------------------------------------------------------------------------

TEST_CASE("inflate: crc32 known values and chaining") {
    CHECK(crc32("") == 0u);
    CHECK(crc32("123456789") == 0xCBF43926u);
    CHECK(crc32("The quick brown fox jumps over the lazy dog") == 0x414FA339u);
    CHECK(crc32("56789", crc32("1234")) == 0xCBF43926u);
}

TEST_CASE("inflate: stored blocks") {
    std::string s;
    s += char(0x00), put16(s, 5), put16(s, 0xFFFF ^ 5), s += "hello";  // not final
    s += char(0x00), put16(s, 0), put16(s, 0xFFFF);                     // empty block
    s += char(0x01), put16(s, 6), put16(s, 0xFFFF ^ 6), s += " world";  // final
    CHECK(inflateRaw(s, 11) == "hello world");
    CHECK(inflateRaw(s, kUnknownSize) == "hello world");
    CHECK(inflateRaw(s + "trailing bytes are ignored", 11) == "hello world");

    std::string bad;
    bad += char(0x01), put16(bad, 5), put16(bad, 5), bad += "hello";
    CHECK(errorOf([&] { inflateRaw(bad, 5); }) == "corrupt deflate data: stored block length check failed");
    std::string shortData;
    shortData += char(0x01), put16(shortData, 9), put16(shortData, 0xFFFF ^ 9), shortData += "abc";
    CHECK(errorOf([&] { inflateRaw(shortData, 9); }) == "corrupt deflate data: unexpected end of data");
    CHECK(errorOf([&] { inflateRaw("", 0); }) == "corrupt deflate data: unexpected end of data");
}

TEST_CASE("inflate: fixed and dynamic Huffman samples made by zlib") {
    CHECK(inflateRaw(fromHex("cb48cdc9c957c8402775145252d372124b521501"), 33) == "hello hello hello hello, deflate!");
    const std::string dyn = fromHex(kDynamicSample);
    REQUIRE(((dyn[0] >> 1) & 3) == 2);  // really a dynamic block
    const std::string text = dynamicSampleText();
    CHECK(inflateRaw(dyn, text.size()) == text);
    CHECK(inflateRaw(dyn, kUnknownSize) == text);
    CHECK(errorOf([&] { inflateRaw(dyn, text.size() + 1); }) ==
          "corrupt deflate data: decompressed to " + std::to_string(text.size()) + " bytes, expected " +
              std::to_string(text.size() + 1));
    CHECK(errorOf([&] { inflateRaw(dyn, text.size() - 1); }) == "corrupt deflate data: more output than the expected size");
    CHECK(errorOf([&] { inflateRaw(dyn.substr(0, dyn.size() - 4), text.size()); }) ==
          "corrupt deflate data: unexpected end of data");
}

TEST_CASE("inflate: hand-made fixed blocks (matches, overlaps, extra bits)") {
    BitWriter w;
    w.bits(1, 1), w.bits(1, 2);              // final, fixed
    w.fixedSym('a'), w.fixedSym('b'), w.fixedSym('c');
    w.fixedSym(257), w.huff(0, 5);           // length 3, distance 1 -> "ccc"
    w.fixedSym(266), w.bits(1, 1);           // length 13 + extra 1 = 14
    w.huff(4, 5), w.bits(1, 1);              // distance 5 + extra 1 = 6 (overlapping copy)
    w.fixedSym(285), w.huff(0, 5);           // length 258, distance 1
    w.fixedSym(200);                         // 9-bit literal
    w.fixedSym(256);
    std::string expect = "abcccc";
    for (int i = 0; i < 14; ++i) expect += expect[expect.size() - 6];
    expect += std::string(258, expect.back());
    expect += char(200);
    CHECK(inflateRaw(w.out, expect.size()) == expect);
}

TEST_CASE("inflate: corrupt streams are rejected with a message") {
    auto fixedStart = [] {
        BitWriter w;
        w.bits(1, 1), w.bits(1, 2);
        return w;
    };
    {
        BitWriter w;
        w.bits(1, 1), w.bits(3, 2);
        CHECK(errorOf([&] { inflateRaw(w.out, 1); }) == "corrupt deflate data: invalid block type 3");
    }
    {
        BitWriter w = fixedStart();
        w.fixedSym('a'), w.fixedSym(257), w.huff(1, 5), w.fixedSym(256);  // distance 2 > 1 byte output
        CHECK(errorOf([&] { inflateRaw(w.out, 4); }) == "corrupt deflate data: distance too far back");
    }
    {
        BitWriter w = fixedStart();
        w.fixedSym('a'), w.fixedSym(257), w.huff(30, 5), w.fixedSym(256);
        CHECK(errorOf([&] { inflateRaw(w.out, 4); }) == "corrupt deflate data: invalid distance symbol");
    }
    {
        BitWriter w = fixedStart();
        w.fixedSym('a'), w.fixedSym(286), w.huff(0, 5), w.fixedSym(256);
        CHECK(errorOf([&] { inflateRaw(w.out, 4); }) == "corrupt deflate data: invalid length symbol");
    }
    {
        BitWriter w;  // dynamic header whose code-length code has four 1-bit codes
        w.bits(1, 1), w.bits(2, 2), w.bits(0, 5), w.bits(0, 5), w.bits(0, 4);
        for (int i = 0; i < 4; ++i) w.bits(1, 3);
        CHECK(errorOf([&] { inflateRaw(w.out, 1); }) == "corrupt deflate data: over-subscribed code-length code");
    }
    {
        BitWriter w;  // dynamic header: symbols 0 and 18 of the code-length code; all lengths zero
        w.bits(1, 1), w.bits(2, 2), w.bits(0, 5), w.bits(0, 5), w.bits(0, 4);
        w.bits(0, 3), w.bits(0, 3), w.bits(1, 3), w.bits(1, 3);  // order 16, 17, 18, 0
        w.huff(1, 1), w.bits(127, 7);                             // 18: 138 zeros
        w.huff(1, 1), w.bits(109, 7);                             // 18: 120 zeros -> 258 total
        CHECK(errorOf([&] { inflateRaw(w.out, 1); }) == "corrupt deflate data: missing end-of-block code");
    }
    {
        BitWriter w;  // same, but the repeat overflows the 258 lengths
        w.bits(1, 1), w.bits(2, 2), w.bits(0, 5), w.bits(0, 5), w.bits(0, 4);
        w.bits(0, 3), w.bits(0, 3), w.bits(1, 3), w.bits(1, 3);
        w.huff(1, 1), w.bits(127, 7), w.huff(1, 1), w.bits(127, 7);
        CHECK(errorOf([&] { inflateRaw(w.out, 1); }) == "corrupt deflate data: code lengths overflow the symbol count");
    }
}

TEST_CASE("inflate: mutated streams fail cleanly or decode, never crash") {
    const std::string dyn = fromHex(kDynamicSample);
    std::mt19937 rng(7);
    int errors = 0, decoded = 0;
    for (int trial = 0; trial < 3000; ++trial) {
        std::string m = dyn;
        const int flips = 1 + int(rng() % 4);
        for (int k = 0; k < flips; ++k) m[rng() % m.size()] ^= char(1 << (rng() % 8));
        if (trial % 3 == 0) m.resize(rng() % m.size());
        try {
            std::string out = inflateRaw(m, trial % 2 ? kUnknownSize : dynamicSampleText().size());
            ++decoded;
        } catch (const Error&) {
            ++errors;
        }
    }
    CHECK(errors + decoded == 3000);
    CHECK(errors > 1000);
}

#if PEAKSCOPE_HAVE_ZLIB
TEST_CASE("inflate: matches zlib on random and structured buffers, levels 0/1/6/9") {
    std::mt19937 rng(12345);
    auto makeBuffer = [&](int kind, std::size_t n) {
        std::string s(n, '\0');
        switch (kind) {
            case 0: for (auto& c : s) c = char(rng()); break;                       // incompressible
            case 1: for (auto& c : s) c = "ab\n "[rng() % 4]; break;                 // tiny alphabet
            case 2: for (std::size_t i = 0; i < n; ++i) s[i] = char(i % 251 < 40 ? 0 : i % 7); break;  // runs
            default: {                                                                 // numeric text
                s.clear();
                while (s.size() < n) s += std::to_string(rng() % 100000) + "." + std::to_string(rng() % 1000) + " \n"[rng() % 2];
                s.resize(n);
            }
        }
        return s;
    };
    const std::size_t sizes[] = {0, 1, 2, 3, 7, 31, 100, 257, 1000, 4095, 32768, 65535, 65536, 65537, 100000, 300001};
    int checked = 0;
    for (int kind = 0; kind < 4; ++kind)
        for (std::size_t n : sizes) {
            const std::string src = makeBuffer(kind, n);
            CHECK(crc32(src) == std::uint32_t(::crc32(0, reinterpret_cast<const Bytef*>(src.data()), uInt(src.size()))));
            for (int level : {0, 1, 6, 9}) {
                const std::string z = zlibRawDeflate(src, level);
                INFO("kind " << kind << ", size " << n << ", level " << level);
                CHECK(inflateRaw(z, src.size()) == src);
                ++checked;
            }
            for (int strategy : {Z_HUFFMAN_ONLY, Z_RLE, Z_FIXED, Z_FILTERED}) {
                INFO("kind " << kind << ", size " << n << ", strategy " << strategy);
                CHECK(inflateRaw(zlibRawDeflate(src, 6, strategy), kUnknownSize) == src);
            }
        }
    CHECK(checked == 4 * 16 * 4);
}
#endif

// ---- .npy ------------------------------------------------------------------------------------

TEST_CASE("npy: float64, float32, int32 and the other integer/bool dtypes") {
    NdArray a = readNpy(npy("<f8", "(2, 3)", pack<double>({1, 2, 3, 4.5, -5, 6e300})), "a.npy");
    CHECK(a.name == "a.npy");
    CHECK(a.shape == std::vector<Index>{2, 3});
    CHECK(a.dtype == "<f8");
    CHECK(a.isFloat());
    CHECK(!a.isInteger());
    CHECK(a.values == std::vector<double>{1, 2, 3, 4.5, -5, 6e300});

    NdArray f = readNpy(npy("<f4", "(3,)", pack<float>({0.1f, -2.5f, 1e30f})), "f.npy");
    CHECK(f.shape == std::vector<Index>{3});
    CHECK(f.values == std::vector<double>{double(0.1f), -2.5, double(1e30f)});

    NdArray i = readNpy(npy("<i4", "(2, 2)", pack<std::int32_t>({-1, 2147483647, -2147483647 - 1, 0})), "i.npy");
    CHECK(i.isInteger());
    CHECK(i.values == std::vector<double>{-1, 2147483647.0, -2147483648.0, 0});

    CHECK(readNpy(npy("|i1", "(2,)", pack<std::int8_t>({-128, 127})), "x").values == std::vector<double>{-128, 127});
    CHECK(readNpy(npy("|u1", "(2,)", pack<std::uint8_t>({0, 255})), "x").values == std::vector<double>{0, 255});
    CHECK(readNpy(npy("<i2", "(2,)", pack<std::int16_t>({-32768, 7})), "x").values == std::vector<double>{-32768, 7});
    CHECK(readNpy(npy("<u2", "(1,)", pack<std::uint16_t>({65535})), "x").values == std::vector<double>{65535});
    CHECK(readNpy(npy("<u4", "(1,)", pack<std::uint32_t>({4294967295u})), "x").values == std::vector<double>{4294967295.0});
    CHECK(readNpy(npy("<i8", "(2,)", pack<std::int64_t>({-5, std::int64_t(1) << 40})), "x").values ==
          std::vector<double>{-5, 1099511627776.0});
    CHECK(readNpy(npy("<u8", "(1,)", pack<std::uint64_t>({std::uint64_t(1) << 63})), "x").values ==
          std::vector<double>{9223372036854775808.0});
    NdArray b = readNpy(npy("|b1", "(3,)", pack<std::uint8_t>({1, 0, 1})), "x");
    CHECK(b.isInteger());
    CHECK(b.values == std::vector<double>{1, 0, 1});
    CHECK(readNpy(npy("=f8", "(1,)", pack<double>({3.25})), "x").values == std::vector<double>{3.25});
}

TEST_CASE("npy: float16 is converted (normal, subnormal, inf, nan)") {
    NdArray h = readNpy(npy("<f2", "(7,)", pack<std::uint16_t>({0x3C00, 0xC000, 0x3555, 0x0001, 0x7BFF, 0x7C00, 0x7E00})), "h");
    REQUIRE(h.values.size() == 7);
    CHECK(h.values[0] == 1.0);
    CHECK(h.values[1] == -2.0);
    CHECK(h.values[2] == doctest::Approx(0.33325195));
    CHECK(h.values[3] == std::ldexp(1.0, -24));
    CHECK(h.values[4] == 65504.0);
    CHECK(std::isinf(h.values[5]));
    CHECK(std::isnan(h.values[6]));
}

// Every one of the 65,536 half bit patterns against the definition (IEEE 754 binary16):
// (−1)^s × 2^(e−15) × 1.m for e in 1..30, (−1)^s × 2^−14 × 0.m for e = 0, inf / nan for e = 31.
TEST_CASE("npy: float16 conversion is exact for every bit pattern") {
    std::vector<std::uint16_t> all(65536);
    for (std::size_t i = 0; i < all.size(); ++i) all[i] = std::uint16_t(i);
    const NdArray h = readNpy(npy("<f2", "(65536,)", std::string(reinterpret_cast<const char*>(all.data()), all.size() * 2)), "h");  // little-endian host
    REQUIRE(h.values.size() == all.size());
    int wrong = 0;
    for (std::size_t i = 0; i < all.size(); ++i) {
        const int sign = int(i >> 15), e = int(i >> 10) & 31, m = int(i & 0x3FF);
        const double mag = e == 0 ? std::ldexp(double(m), -24) : e == 31 ? (m ? NAN : INFINITY) : std::ldexp(1.0 + m / 1024.0, e - 15);
        const double want = sign ? -mag : mag;
        const bool same = std::isnan(want) ? std::isnan(h.values[i]) : h.values[i] == want && std::signbit(h.values[i]) == bool(sign);
        if (!same && ++wrong <= 5) MESSAGE("half 0x" << std::hex << i << ": " << h.values[i] << " != " << want);
    }
    CHECK(wrong == 0);
}

TEST_CASE("npy: big-endian dtypes are converted") {
    CHECK(readNpy(npy(">f8", "(2,)", pack<double>({1.5, -7e-3}, true)), "x").values == std::vector<double>{1.5, -7e-3});
    CHECK(readNpy(npy(">i4", "(2,)", pack<std::int32_t>({-3, 70000}, true)), "x").values == std::vector<double>{-3, 70000});
    CHECK(readNpy(npy(">f4", "(1,)", pack<float>({0.25f}, true)), "x").values == std::vector<double>{0.25});
    CHECK(readNpy(npy(">u2", "(1,)", pack<std::uint16_t>({0x1234}, true)), "x").values == std::vector<double>{0x1234});
}

TEST_CASE("npy: fortran order is transposed to C order (2-D and 3-D)") {
    // C-order [[1,2,3],[4,5,6]] stored column-major: 1 4 2 5 3 6
    NdArray a = readNpy(npy("<f8", "(2, 3)", pack<double>({1, 4, 2, 5, 3, 6}), true), "f.npy");
    CHECK(a.shape == std::vector<Index>{2, 3});
    CHECK(a.values == std::vector<double>{1, 2, 3, 4, 5, 6});
    // shape (2,2,2): element (i,j,k) has value 100i+10j+k; Fortran offset = i + 2j + 4k.
    std::vector<double> fdata(8);
    for (int i = 0; i < 2; ++i)
        for (int j = 0; j < 2; ++j)
            for (int k = 0; k < 2; ++k) fdata[i + 2 * j + 4 * k] = 100 * i + 10 * j + k;
    std::string payload(reinterpret_cast<const char*>(fdata.data()), 64);
    NdArray c = readNpy(npy("<f8", "(2, 2, 2)", payload, true), "c.npy");
    CHECK(c.values == std::vector<double>{0, 1, 10, 11, 100, 101, 110, 111});
    // 1-D fortran is unchanged
    CHECK(readNpy(npy("<i4", "(3,)", pack<std::int32_t>({7, 8, 9}), true), "x").values == std::vector<double>{7, 8, 9});
}

TEST_CASE("npy: header versions 2.0 and 3.0, 0-D arrays, empty arrays, python-2 longs") {
    NdArray v2 = readNpy(npy("<f8", "(1, 2)", pack<double>({9, 10}), false, 2), "v2.npy");
    CHECK(v2.shape == std::vector<Index>{1, 2});
    CHECK(v2.values == std::vector<double>{9, 10});
    CHECK(readNpy(npy("<i8", "(2,)", pack<std::int64_t>({1, 2}), false, 3), "v3").values == std::vector<double>{1, 2});
    NdArray s = readNpy(npy("<f8", "()", pack<double>({2.5})), "s.npy");
    CHECK(s.shape.empty());
    CHECK(s.values == std::vector<double>{2.5});
    NdArray e = readNpy(npy("<f8", "(0, 3)", ""), "e.npy");
    CHECK(e.shape == std::vector<Index>{0, 3});
    CHECK(e.values.empty());
    CHECK(readNpy(npy("<f8", "(2L, 1L)", pack<double>({1, 2})), "old").shape == std::vector<Index>{2, 1});
    // keys in another order, double quotes, no trailing comma
    std::string dict = "{\"shape\": (2,), \"fortran_order\": False, \"descr\": \"<i2\"}\n";
    std::string raw("\x93NUMPY\x01\x00", 8);
    put16(raw, std::uint32_t(dict.size()));
    CHECK(readNpy(raw + dict + pack<std::int16_t>({5, -6}), "q").values == std::vector<double>{5, -6});
}

TEST_CASE("npy: errors name the problem") {
    const std::string good = npy("<f8", "(2, 2)", pack<double>({1, 2, 3, 4}));
    CHECK(errorOf([&] { readNpy("hello world", "x.npy"); }) == "x.npy: not a .npy file (bad magic bytes)");
    CHECK(errorOf([&] { readNpy(good.substr(0, 40), "x.npy"); }) == "x.npy: truncated .npy header");
    CHECK(errorOf([&] { readNpy(good.substr(0, good.size() - 3), "x.npy"); }) ==
          "x.npy: truncated data: shape (2, 2) of '<f8' needs 32 bytes, the file has 29");
    CHECK(errorOf([&] { readNpy(npy("<c16", "(1,)", std::string(16, '\0')), "x.npy"); }) ==
          "x.npy: unsupported dtype '<c16' (supported: float16, float32, float64, int8..int64, uint8..uint64, bool)");
    CHECK(errorOf([&] { readNpy(npy("<U5", "(1,)", std::string(20, '\0')), "x.npy"); }) ==
          "x.npy: unsupported dtype '<U5' (supported: float16, float32, float64, int8..int64, uint8..uint64, bool)");
    CHECK(errorOf([&] { readNpy(npy("|O", "(1,)", std::string(8, '\0')), "x.npy"); }) ==
          "x.npy: object arrays are not supported (array saved with pickled Python objects)");
    std::string st = npy("<f8", "(1,)", pack<double>({1}));
    st.replace(st.find("'<f8'"), 5, "[('a', '<f4')]");
    CHECK(errorOf([&] { readNpy(st, "x.npy"); }) == "x.npy: structured dtypes (record arrays) are not supported");
    std::string v9 = good;
    v9[6] = 9;
    CHECK(errorOf([&] { readNpy(v9, "x.npy"); }) == "x.npy: unsupported .npy format version 9.0");
    std::string badShape = npy("<f8", "(2, x)", "");
    CHECK(errorOf([&] { readNpy(badShape, "x.npy"); }) ==
          "x.npy: malformed .npy header (shape must be a tuple of non-negative integers)");
    std::string badFortran = good;
    badFortran.replace(badFortran.find("False"), 5, "Maybe");
    CHECK(errorOf([&] { readNpy(badFortran, "x.npy"); }) == "x.npy: malformed .npy header (fortran_order is not True/False)");
}

// ---- .npz ------------------------------------------------------------------------------------

TEST_CASE("npz: stored archive, numpy-style ZIP64 local headers, archive order") {
    const std::string x = npy("<f8", "(2, 2)", pack<double>({1, 2, 3, 4}));
    const std::string y = npy("<i8", "(2,)", pack<std::int64_t>({5, -1}));
    std::vector<Member> ms = {{"zeta.npy", x}, {"alpha.npy", y}, {"notes.txt", "ignored"}};
    for (bool z64c : {false, true})
        for (bool z64e : {false, true}) {
            ZipStyle st;
            st.zip64Central = z64c;
            st.zip64End = z64e;
            st.localJunkExtra = z64c;
            st.comment = z64e ? "a zip comment" : "";
            INFO("zip64Central " << z64c << ", zip64End " << z64e);
            auto arrays = readNpz(makeZip(ms, st), "s.npz");
            REQUIRE(arrays.size() == 2);
            CHECK(arrays[0].name == "zeta");
            CHECK(arrays[0].shape == std::vector<Index>{2, 2});
            CHECK(arrays[0].values == std::vector<double>{1, 2, 3, 4});
            CHECK(arrays[1].name == "alpha");
            CHECK(arrays[1].values == std::vector<double>{5, -1});
        }
    ZipStyle classic;
    classic.zip64Local = false;
    CHECK(readNpz(makeZip(ms, classic), "c.npz").size() == 2);
}

TEST_CASE("npz: deflated archive written like numpy.savez_compressed (Python zipfile)") {
    auto arrays = readNpz(fromHex(kPythonNpz), "py.npz");
    REQUIRE(arrays.size() == 2);
    CHECK(arrays[0].name == "X");
    CHECK(arrays[0].values == std::vector<double>{0.5, -1.25, 2.0, 3.5, 1e-3, 42.0});
    CHECK(arrays[1].name == "labels");
    CHECK(arrays[1].dtype == "<i8");
    Table t = readTable(fromHex(kPythonNpz), "py.npz");
    CHECK(t.points.rows == 3);
    CHECK(t.points.cols == 2);
    CHECK(t.points(2, 1) == 42.0);
    CHECK(t.labels == std::vector<std::int64_t>{0, 1, -1});
    CHECK(t.labelName == "labels");
}

#if PEAKSCOPE_HAVE_ZLIB
TEST_CASE("npz: deflated members made with zlib, mixed with stored ones") {
    std::vector<double> big(3000);
    for (std::size_t i = 0; i < big.size(); ++i) big[i] = std::sin(double(i)) * 100;
    const std::string xs = npy("<f8", "(1500, 2)", std::string(reinterpret_cast<const char*>(big.data()), big.size() * 8));
    const std::string ys = npy("<i4", "(1500,)", std::string(6000, '\x01'));
    for (int level : {1, 6, 9}) {
        Member x{"X.npy", xs, 8, zlibRawDeflate(xs, level)};
        Member y{"y.npy", ys, 0, ""};
        auto arrays = readNpz(makeZip({x, y}), "z.npz");
        REQUIRE(arrays.size() == 2);
        CHECK(arrays[0].values == big);
        CHECK(arrays[1].values == std::vector<double>(1500, 16843009.0));
    }
}
#endif

TEST_CASE("npz: readNpzMembers reads only the named members and leaves a corrupt other member unread") {
    const std::string x = npy("<f8", "(2,)", pack<double>({1, 2}));
    const std::string lab = npy("<i4", "(3,)", pack<int32_t>({0, 1, 2}));
    // the images member claims deflate but holds garbage: reading it would fail
    Member images{"images.npy", x, 8, std::string(40, '\xff')};
    Member labels{"labels.npy", lab};
    const std::string zip = makeZip({images, labels});
    const auto only = readNpzMembers(zip, "i.npz", {"labels", "shifts"});
    REQUIRE(only.size() == 1);
    CHECK(only[0].name == "labels");
    CHECK(only[0].values == std::vector<double>{0, 1, 2});
    CHECK(readNpzMembers(zip, "i.npz", {"nope"}).empty());
    CHECK_THROWS_AS(readNpzMembers(zip, "i.npz", {"images"}), peakscope::Error);
    CHECK_THROWS_AS(readNpz(zip, "i.npz"), peakscope::Error);
}

TEST_CASE("npz: corrupt archives are rejected") {
    const std::string x = npy("<f8", "(2,)", pack<double>({1, 2}));
    const std::string zip = makeZip({{"X.npy", x}});
    CHECK(errorOf([&] { readNpz("this is not a zip file at all", "bad.npz"); }) == "bad.npz: not a .npz file (no zip signature)");
    CHECK(errorOf([&] { readNpz(zip.substr(0, zip.size() - 30), "bad.npz"); }) ==
          "bad.npz: corrupt .npz (zip) archive: end of central directory not found (file truncated?)");
    std::string flipped = zip;
    flipped[30 + 5 + 20 + x.size() - 1] ^= 0x40;  // last payload byte of the stored member
    CHECK(errorOf([&] { readNpz(flipped, "bad.npz"); }) == "bad.npz: entry 'X.npy': CRC mismatch (archive is corrupt)");
    CHECK(errorOf([&] { readNpz(makeZip({{"X.npy", x, 12, x}}), "bad.npz"); }) ==
          "bad.npz: entry 'X.npy' uses compression method 12 (supported: 0 = stored, 8 = deflate)");
    BitWriter w;
    w.bits(1, 1), w.bits(3, 2);
    CHECK(errorOf([&] { readNpz(makeZip({{"X.npy", x, 8, w.out}}), "bad.npz"); }) ==
          "bad.npz: entry 'X.npy': corrupt deflate data: invalid block type 3");
    std::string badLocal = zip;
    badLocal[0] = 'Q';
    CHECK(errorOf([&] { readNpz(badLocal, "bad.npz"); }) == "bad.npz: entry 'X.npy': corrupt .npz (zip) archive: bad local header");
    std::string badCentral = zip;
    badCentral[zip.find(std::string("PK\x01\x02", 4)) + 3] = 9;
    CHECK(errorOf([&] { readNpz(badCentral, "bad.npz"); }) == "bad.npz: corrupt .npz (zip) archive: bad central directory entry");
    CHECK(errorOf([&] { readNpz(makeZip({{"readme.txt", "hi"}}), "e.npz"); }) ==
          "e.npz: the zip archive contains no .npy arrays (is it an .npz file?)");
    CHECK(errorOf([&] { readNpz(makeZip({{"X.npy", std::string("\x93NUMPY\x01\x00\xff\x00{'descr'", 18)}}), "g.npz"); }) ==
          "g.npz, array 'X': truncated .npy header");
}

// ---- tables from .npy / .npz -----------------------------------------------------------------

TEST_CASE("readTable: .npy points, 1-D data, label column, dispatch by magic") {
    const std::string x = npy("<f4", "(3, 2)", pack<float>({1, 2, 3, 4, 5, 6}));
    Table t = readTable(x, "pts.npy");
    CHECK(t.points.rows == 3);
    CHECK(t.points.cols == 2);
    CHECK(t.points.values == std::vector<double>{1, 2, 3, 4, 5, 6});
    CHECK(t.labels.empty());
    CHECK(!t.hadHeader);
    CHECK(readTable(x, "renamed.bin").points.rows == 3);  // magic wins over the extension

    Table one = readTable(npy("<f8", "(4,)", pack<double>({1, 2, 3, 4})), "one.npy");
    CHECK(one.points.rows == 4);
    CHECK(one.points.cols == 1);

    const std::string withLab = npy("<f8", "(2, 3)", pack<double>({1, 2, 7, 3, 4, -1}));
    Table l = readTable(withLab, "l.npy", {-1});
    CHECK(l.points.cols == 2);
    CHECK(l.points.values == std::vector<double>{1, 2, 3, 4});
    CHECK(l.labels == std::vector<std::int64_t>{7, -1});
    Table l0 = readTable(withLab, "l.npy", {0});
    CHECK(l0.labels == std::vector<std::int64_t>{1, 3});
    CHECK(l0.points.values == std::vector<double>{2, 7, 4, -1});
}

TEST_CASE("readTable: .npy / .npz validation errors") {
    const double nan = std::nan(""), inf = HUGE_VAL;
    CHECK(errorOf([&] { readTable(npy("<f8", "(3, 2)", pack<double>({1, 2, 3, nan, 5, 6})), "x.npy"); }) ==
          "x.npy: row 2, column 2 is NaN");
    CHECK(errorOf([&] { readTable(npy("<f8", "(3, 2)", pack<double>({1, 2, 3, 4, -inf, 6})), "x.npy"); }) ==
          "x.npy: row 3, column 1 is -Inf");
    CHECK(errorOf([&] { readTable(npy("<f2", "(2,)", pack<std::uint16_t>({0x3C00, 0x7C00})), "h.npy"); }) ==
          "h.npy: row 2, column 1 is +Inf");
    CHECK(errorOf([&] { readTable(npy("<f8", "(2, 2)", pack<double>({1, 2.5, 3, 4})), "x.npy", {-1}); }) ==
          "x.npy: row 1, column 2: label 2.5 is not an integer");
    CHECK(errorOf([&] { readTable(npy("<f8", "(1, 2, 2)", std::string(32, '\0')), "x.npy"); }) ==
          "x.npy: array has shape (1, 2, 2), expected 1-D or 2-D data (N points x D dimensions)");
    CHECK(errorOf([&] { readTable(npy("<f8", "()", pack<double>({1})), "x.npy"); }) ==
          "x.npy: array has shape (), expected 1-D or 2-D data (N points x D dimensions)");
    CHECK(errorOf([&] { readTable(npy("<f8", "(0, 2)", ""), "x.npy"); }) == "x.npy: no data rows (array shape (0, 2))");
    CHECK(errorOf([&] { readTable(npy("<f8", "(2, 2)", pack<double>({1, 2, 3, 4})), "x.npy", {5}); }) ==
          "x.npy: label column 6 does not exist (the data has 2 columns)");
    CHECK(errorOf([&] { readTable(npy("<f8", "(2,)", pack<double>({1, 2})), "x.npy", {-1}); }) ==
          "x.npy: the data has only the label column, no point coordinates");
    CHECK(errorOf([&] { readTable("not numpy", "x.npy"); }) == "x.npy: not a .npy file (bad magic bytes)");
    CHECK(errorOf([&] { readTable("not a zip", "x.npz"); }) == "x.npz: not a .npz file (no zip signature)");
    CHECK(errorOf([&] { readTable("", "x.csv"); }) == "x.csv: file is empty");
}

TEST_CASE("readTable: .npz chooses the points array and labels") {
    const std::string pts = npy("<f8", "(2, 2)", pack<double>({1, 2, 3, 4}));
    const std::string other = npy("<f8", "(3, 3)", std::string(72, '\0'));
    const std::string lab = npy("<i8", "(2,)", pack<std::int64_t>({4, 5}));
    // by name "data", labels from "y"
    Table a = readTable(makeZip({{"other.npy", other}, {"y.npy", lab}, {"data.npy", pts}}), "a.npz");
    CHECK(a.points.values == std::vector<double>{1, 2, 3, 4});
    CHECK(a.labels == std::vector<std::int64_t>{4, 5});
    CHECK(a.labelName == "y");
    // first 2-D float array when no preferred name
    Table b = readTable(makeZip({{"labels.npy", lab}, {"first.npy", pts}, {"other.npy", other}}), "b.npz");
    CHECK(b.points.rows == 2);
    CHECK(b.labels == std::vector<std::int64_t>{4, 5});
    // 1-D float array as a last resort
    Table c = readTable(makeZip({{"v.npy", npy("<f4", "(3,)", pack<float>({1, 2, 3}))}}), "c.npz");
    CHECK(c.points.rows == 3);
    CHECK(c.points.cols == 1);
    // label count mismatch, non-integer labels, nothing usable, NaN inside a member
    CHECK(errorOf([&] { readTable(makeZip({{"X.npy", other}, {"labels.npy", lab}}), "d.npz"); }) ==
          "d.npz, array 'labels': 2 labels for 3 points");
    CHECK(errorOf([&] { readTable(makeZip({{"X.npy", pts}, {"y.npy", npy("<f8", "(2,)", pack<double>({1, 0.5}))}}), "d.npz"); }) ==
          "d.npz, array 'y': row 2: label 0.5 is not an integer");
    CHECK(errorOf([&] { readTable(makeZip({{"labels.npy", lab}}), "d.npz"); }) ==
          "d.npz: no point data found: expected an array named X, data or points, or a 2-D float array (arrays: labels (2,))");
    CHECK(errorOf([&] { readTable(makeZip({{"X.npy", npy("<f8", "(1, 2)", pack<double>({1, std::nan("")}))}}), "n.npz"); }) ==
          "n.npz, array 'X': row 1, column 2 is NaN");
}

// ---- delimited text --------------------------------------------------------------------------

TEST_CASE("readDelimited: CSV with quoted header, BOM, CRLF, comments and blank lines") {
    const std::string text =
        "\xEF\xBB\xBF# exported by a tool\r\n"
        "\"x, first\",\"y \"\"2\"\"\",label\r\n"
        "\r\n"
        "1.5, -2, 3\r\n"
        "# a comment in the middle\r\n"
        "  4e2 ,\"5\",-1\r\n";
    Table t = readDelimited(text, "a.csv", {-2});  // no label column: all three are coordinates
    CHECK(t.hadHeader);
    CHECK(t.columnNames == std::vector<std::string>{"x, first", "y \"2\"", "label"});
    CHECK(t.points.rows == 2);
    CHECK(t.points.cols == 3);
    CHECK(t.points.values == std::vector<double>{1.5, -2, 3, 400, 5, -1});
    // default (auto): the header column named "label" holds the labels
    Table a = readDelimited(text, "a.csv");
    CHECK(a.points.cols == 2);
    CHECK(a.labelName == "label");
    CHECK(a.labels == std::vector<std::int64_t>{3, -1});
    CHECK(a.points.values == std::vector<double>{1.5, -2, 400, 5});
    // auto finds it in any position and any case; without a header nothing is a label
    Table c = readDelimited("Class,x,y\n1,0.5,0.25\n2,1.5,2.5\n", "c.csv");
    CHECK(c.labels == std::vector<std::int64_t>{1, 2});
    CHECK(c.points.values == std::vector<double>{0.5, 0.25, 1.5, 2.5});
    CHECK(readDelimited("1,0.5\n2,1.5\n", "n.csv").labels.empty());
    Table l = readDelimited(text, "a.csv", {-1});
    CHECK(l.points.cols == 2);
    CHECK(l.columnNames == std::vector<std::string>{"x, first", "y \"2\""});
    CHECK(l.labelName == "label");
    CHECK(l.labels == std::vector<std::int64_t>{3, -1});
}

TEST_CASE("readDelimited: headerless CSV, TSV, semicolons, whitespace .dat, bare CR") {
    Table c = readDelimited("1,2\n3,4\n5,6", "c.csv");
    CHECK(!c.hadHeader);
    CHECK(c.columnNames.empty());
    CHECK(c.points.rows == 3);
    CHECK(c.points(2, 1) == 6);

    Table tsv = readDelimited("sepal length\tsepal width\tclass\n5.1\t3.5\t0\n4.9\t 3.0 \t2\n", "iris.tsv", {2});
    CHECK(tsv.columnNames == std::vector<std::string>{"sepal length", "sepal width"});
    CHECK(tsv.points.values == std::vector<double>{5.1, 3.5, 4.9, 3.0});
    CHECK(tsv.labels == std::vector<std::int64_t>{0, 2});

    Table plainTabs = readDelimited("x\ty\n1\t2\n3 4\n5 \t 6\n", "mixed.txt");  // tabs as whitespace
    CHECK(plainTabs.columnNames == std::vector<std::string>{"x", "y"});
    CHECK(plainTabs.points.values == std::vector<double>{1, 2, 3, 4, 5, 6});
    CHECK(errorOf([] { readDelimited("a b\tc\td\n1\t\t2\n", "t.tsv"); }) == "t.tsv: row 2, column 2 is empty");

    Table semi = readDelimited("a;b\n1;2.5\n", "s.csv");
    CHECK(semi.points.values == std::vector<double>{1, 2.5});

    Table dat = readDelimited(
        " -0.178274677808900      -0.522446721717120     \n"
        " 1.76914807187829161705E+01  1.54483123420744816734E+00\n"
        "3\t4\n",
        "Fig.dat");
    CHECK(!dat.hadHeader);
    CHECK(dat.points.rows == 3);
    CHECK(dat.points.cols == 2);
    CHECK(dat.points(0, 0) == -0.1782746778089);
    CHECK(dat.points(1, 0) == 17.691480718782916);
    CHECK(dat.points(2, 1) == 4);

    Table cr = readDelimited("x y\r1 2\r3 4\r", "mac.txt");
    CHECK(cr.hadHeader);
    CHECK(cr.points.values == std::vector<double>{1, 2, 3, 4});

    Table lab0 = readDelimited("7 0.5 0.25\n-3 1 2\n", "l.txt", {0});
    CHECK(lab0.labels == std::vector<std::int64_t>{7, -3});
    CHECK(lab0.points.values == std::vector<double>{0.5, 0.25, 1, 2});
    CHECK(readDelimited("1 2 3.0\n", "l.txt", {-1}).labels == std::vector<std::int64_t>{3});
}

TEST_CASE("readDelimited: errors name file, row and column") {
    CHECK(errorOf([] { readDelimited("", "data.csv"); }) == "data.csv: file is empty");
    CHECK(errorOf([] { readDelimited(" \r\n\n", "data.csv"); }) == "data.csv: file is empty");
    CHECK(errorOf([] { readDelimited("# only\n# comments\n", "data.csv"); }) ==
          "data.csv: no data rows (only comments and blank lines)");
    CHECK(errorOf([] { readDelimited("x,y,z\n", "data.csv"); }) == "data.csv: no data rows (only a header)");
    const std::string ragged = "a,b,c,d\n1,2,3,4\n# c\n\n5,6,7\n";
    CHECK(errorOf([&] { readDelimited(ragged, "data.csv"); }) == "data.csv: row 5 has 3 fields, expected 4");
    CHECK(errorOf([] { readDelimited("1 2 3\n4 5 6\n7 8 abc\n", "data.csv"); }) ==
          "data.csv: row 3, column 3: 'abc' is not a number");
    CHECK(errorOf([] { readDelimited("1,2\n3,\n", "data.csv"); }) == "data.csv: row 2, column 2 is empty");
    CHECK(errorOf([] { readDelimited("1,2\n3,,4\n", "data.csv"); }) == "data.csv: row 2 has 3 fields, expected 2");
    CHECK(errorOf([] { readDelimited("x y\n1 2\n3 nan\n", "p.dat"); }) == "p.dat: row 3, column 2 is NaN");
    CHECK(errorOf([] { readDelimited("1 inf\n", "p.dat"); }) == "p.dat: row 1, column 2 is +Inf");
    CHECK(errorOf([] { readDelimited("1 2\n-Infinity 2\n", "p.dat"); }) == "p.dat: row 2, column 1 is -Inf");
    CHECK(errorOf([] { readDelimited("1 1e999\n", "p.dat"); }) == "p.dat: row 1, column 2: '1e999' is out of range");
    CHECK(errorOf([] { readDelimited("a;b\n1,5;2\n", "eu.csv"); }) ==
          "eu.csv: row 2, column 1: '1,5' is not a number (decimal comma? use '.')");
    CHECK(errorOf([] { readDelimited("1 2 0\n1 2 1.5\n", "l.dat", {-1}); }) ==
          "l.dat: row 2, column 3: label '1.5' is not an integer");
    CHECK(errorOf([] { readDelimited("1 2 0\n1 2 nan\n", "l.dat", {-1}); }) ==
          "l.dat: row 2, column 3: label 'nan' is not an integer");
    CHECK(errorOf([] { readDelimited("1 2\n", "l.dat", {2}); }) == "l.dat: label column 3 does not exist (the data has 2 columns)");
    CHECK(errorOf([] { readDelimited("1 2\n", "l.dat", {-4}); }) == "l.dat: invalid label column -4");
    CHECK(errorOf([] { readDelimited(std::string("1 2\n\0\0\0", 7), "b.dat"); }) ==
          "b.dat: not a text file (expected CSV/TSV/whitespace-separated numbers, .npy or .npz)");
    CHECK(errorOf([] { readTable("\x1f\x8b\x08\x00", "d.csv.gz"); }) == "d.csv.gz: file is gzip-compressed; decompress it first");
}

TEST_CASE("readDelimited: numbers are the doubles strtod gives, bit for bit") {
    std::mt19937_64 rng(11);
    std::vector<std::string> fields = {"0", "-0", "+1", "1.", ".5", "0.1", "0.000123", "1e22", "1e23", "-1e-22",
                                       "9007199254740993", "9007199254740992", "123456789012345678901",
                                       "4.9e-324", "2.2250738585072014e-308", "1.7976931348623157e308",
                                       "0x1p-3", "1E+05", "00012.5000", "3.14159265358979323846",
                                       // 17 digits (pandas/numpy output) take the fast_float path; halfway cases
                                       "+0.12345678901234567", "-0.12345678901234567", "12345678901234567e-20",
                                       "2.4703282292062328e-324", "1.00000000000000011102230246251565404236316680908203125",
                                       "1.00000000000000011102230246251565404236316680908203126", "+9.8765432109876543e+300"};
    char buf[64];
    const char* formats[] = {"%.*f", "%.*e", "%.*g", "%.*E"};
    for (int i = 0; i < 4000; ++i) {
        double mag = std::ldexp(double(rng() >> 11), int(rng() % 140) - 110);  // wide range of magnitudes
        std::snprintf(buf, sizeof buf, formats[i % 4], int(rng() % 20), (i & 4) ? -mag : mag);
        fields.push_back(buf);
        std::snprintf(buf, sizeof buf, "%.17g", (i & 2) ? -mag : mag);  // round-trip precision
        fields.push_back(buf);
    }
    std::string text;
    for (const auto& f : fields) text += f + "\n";
    Table t = readDelimited(text, "n.txt");
    REQUIRE(t.points.rows == Index(fields.size()));
    int mismatches = 0;
    for (std::size_t i = 0; i < fields.size(); ++i) {
        const double want = std::strtod(fields[i].c_str(), nullptr);
        if (std::memcmp(&want, &t.points.values[i], sizeof want) != 0) {
            ++mismatches;
            INFO(fields[i]);
            CHECK(t.points.values[i] == want);
        }
    }
    CHECK(mismatches == 0);
    // strtod takes one leading '+', not a second sign
    CHECK(errorOf([] { readDelimited("1\n+-1\n", "s.txt"); }).find("+-1") != std::string::npos);
    CHECK(errorOf([] { readDelimited("1\n++1\n", "s.txt"); }).find("++1") != std::string::npos);
}

TEST_CASE("readDelimited: 40k-row whitespace .dat parses fast") {
    std::string text;
    std::mt19937 rng(3);
    std::uniform_real_distribution<double> u(-50, 50);
    char line[96];
    for (int i = 0; i < 40000; ++i) {  // the two layouts of the ADP example files (Fig1 / Fig2)
        if (i % 2) std::snprintf(line, sizeof line, "%.10f %.10f\n", u(rng), u(rng));
        else std::snprintf(line, sizeof line, " %.15f      %.15f     \n", u(rng) / 50, u(rng) / 50);
        text += line;
    }
    double best = 1e9;
    Table t;
    for (int rep = 0; rep < 3; ++rep) {
        auto t0 = std::chrono::steady_clock::now();
        t = readDelimited(text, "big.dat");
        best = std::min(best, std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
    }
    CHECK(t.points.rows == 40000);
    CHECK(t.points.cols == 2);
    MESSAGE("40k x 2 .dat parsed in " << best * 1000 << " ms");
#ifdef NDEBUG
    CHECK(best < 0.1);
#else
    CHECK(best < 1.0);  // unoptimised / sanitizer builds
#endif
}

// ---- files -----------------------------------------------------------------------------------

TEST_CASE("readTableFile / readLabelsFile: files on disk, errors name the path") {
    TempFile csv(".csv", "x,y\n1,2\n3,4\n");
    Table t = readTableFile(csv.path);
    CHECK(t.points.values == std::vector<double>{1, 2, 3, 4});
    TempFile bad(".csv", "x,y\n1,2\n3,oops\n");
    CHECK(errorOf([&] { readTableFile(bad.path); }) == bad.path + ": row 3, column 2: 'oops' is not a number");
    TempFile np(".npy", npy("<f8", "(1, 3)", pack<double>({1, 2, 3})));
    CHECK(readTableFile(np.path).points.cols == 3);

    const std::string missing = "/no/such/dir/peakscope.csv";
    CHECK(errorOf([&] { readTableFile(missing); }).rfind("cannot open '" + missing + "': ", 0) == 0);
    CHECK(errorOf([&] { readLabelsFile(missing); }).rfind("cannot open '" + missing + "': ", 0) == 0);

    TempFile gt(".txt", "2\r\n-1\r\n\r\n0\r\n7\r\n");
    CHECK(readLabelsFile(gt.path) == std::vector<std::int64_t>{2, -1, 0, 7});
    TempFile gtHeader(".csv", "label\n3\n4.0\n");
    CHECK(readLabelsFile(gtHeader.path) == std::vector<std::int64_t>{3, 4});
    TempFile gtNpy(".npy", npy("<i4", "(3,)", pack<std::int32_t>({1, -1, 2})));
    CHECK(readLabelsFile(gtNpy.path) == std::vector<std::int64_t>{1, -1, 2});
}

TEST_CASE("readLabels: errors") {
    CHECK(errorOf([] { readLabels("1\n2\n1.5\n", "gt.txt"); }) == "gt.txt: row 3: '1.5' is not an integer");
    CHECK(errorOf([] { readLabels("1\n2 3\n", "gt.txt"); }) == "gt.txt: row 2 has 2 fields, expected one integer per line");
    CHECK(errorOf([] { readLabels("1\nx\n", "gt.txt"); }) == "gt.txt: row 2: 'x' is not an integer");
    CHECK(errorOf([] { readLabels("label\n", "gt.txt"); }) == "gt.txt: no labels found");
    CHECK(errorOf([] { readLabels("", "gt.txt"); }) == "gt.txt: file is empty");
    CHECK(errorOf([] { readLabels(npy("<f8", "(2,)", pack<double>({1, 0.5})), "gt.npy"); }) ==
          "gt.npy: row 2: label 0.5 is not an integer");
    CHECK(errorOf([] { readLabels(npy("<i4", "(2, 2)", std::string(16, '\0')), "gt.npy"); }) ==
          "gt.npy: labels array has shape (2, 2), expected 1-D");
}

// ---- limits before work (issue 11, items 6 and 7) --------------------------------------------

TEST_CASE("escapeControls: one line, UTF-8 kept, control characters and bad bytes escaped") {
    CHECK(escapeControls("plain ascii, 1.5") == "plain ascii, 1.5");
    CHECK(escapeControls("a\tb\nc\rd") == "a\\tb\\nc\\rd");
    CHECK(escapeControls("\x1b[31mred\x7f") == "\\x1b[31mred\\x7f");
    CHECK(escapeControls(std::string("nul\0here", 8)) == "nul\\x00here");
    CHECK(escapeControls("\xE4\xB8\xAD \xC3\xA9") == "\xE4\xB8\xAD \xC3\xA9");  // 中 é kept
    CHECK(escapeControls("\xC2\x85|\xC2\x9B|\xE2\x80\xA8|\xE2\x80\xA9") == "\\u0085|\\u009b|\\u2028|\\u2029");
    CHECK(escapeControls("\xFF\xC0\xAF\xE2\x80") == "\\xff\\xc0\\xaf\\xe2\\x80");  // invalid, overlong, truncated
    CHECK(escapeControls("\xED\xA0\x80") == "\\xed\\xa0\\x80");                  // UTF-16 surrogate
}

TEST_CASE("inflateRawPrefix: decodes only the first bytes") {
    BitWriter w;  // fixed block: 'a' then a match of length 258 at distance 1, repeated, never closed
    w.bits(0, 1), w.bits(1, 2);
    w.fixedSym('a');
    for (int i = 0; i < 4; ++i) w.fixedSym(285), w.bits(0, 5);  // length 258, distance code 0 (= 1)
    const std::string full(1 + 4 * 258, 'a');
    CHECK(inflateRawPrefix(w.out, 10) == std::string(10, 'a'));
    CHECK(inflateRawPrefix(w.out, 300) == std::string(300, 'a'));
    // The stream has no end-of-block: a full inflate fails, a prefix within the decoded part does not.
    CHECK(errorOf([&] { inflateRaw(w.out, kUnknownSize); }) == "corrupt deflate data: unexpected end of data");
    BitWriter c;  // complete stream: the prefix is capped at its length
    c.bits(1, 1), c.bits(1, 2), c.fixedSym('x'), c.fixedSym('y'), c.fixedSym(256);
    CHECK(inflateRawPrefix(c.out, 100) == "xy");
    CHECK(inflateRawPrefix(c.out, 0).empty());
}

TEST_CASE("limits: .npy header sizes are checked before conversion; the note is appended") {
    const std::string x = npy("<f8", "(4, 3)", std::string(96, '\0'));
    ReadLimits lim;
    CHECK(readNpy(x, "x.npy", lim).values.size() == 12);  // default: no limit
    lim.maxRows = 3;
    CHECK(errorOf([&] { readNpy(x, "x.npy", lim); }) == "x.npy: shape (4, 3) has 4 rows, more than the limit of 3 rows");
    lim = {};
    lim.maxCols = 2;
    lim.note = "the browser app takes at most 2 columns";
    CHECK(errorOf([&] { readNpy(x, "x.npy", lim); }) ==
          "x.npy: shape (4, 3) has 3 columns, more than the limit of 2 columns (the browser app takes at most 2 columns)");
    lim = {};
    lim.maxValues = 11;
    CHECK(errorOf([&] { readNpy(x, "x.npy", lim); }) == "x.npy: shape (4, 3) has 12 values, more than the limit of 11 values");
    lim = {};
    lim.maxBytes = 100;
    CHECK(errorOf([&] { readNpy(x, "x.npy", lim); }) ==
          "x.npy: the .npy file is " + std::to_string(x.size()) + " bytes, more than the limit of 100 bytes");
    // readTable passes ReadOptions::limits on.
    ReadOptions o;
    o.limits.maxRows = 2;
    CHECK(errorOf([&] { readTable(x, "x.npy", o); }) == "x.npy: shape (4, 3) has 4 rows, more than the limit of 2 rows");
}

TEST_CASE("limits: text tables and label files are refused at the first row over the limit") {
    const std::string csv = "a,b,c\n1,2,3\n4,5,6\n# comment\n7,8,9\n";
    ReadOptions o;
    CHECK(readDelimited(csv, "t.csv", o).points.rows == 3);
    o.limits.maxRows = 2;
    CHECK(errorOf([&] { readDelimited(csv, "t.csv", o); }) == "t.csv: row 5 is data row 3, more than the limit of 2 data rows");
    o.limits = {};
    o.limits.maxCols = 2;
    CHECK(errorOf([&] { readTable(csv, "t.csv", o); }) == "t.csv: row 1 has 3 columns, more than the limit of 2 columns");
    o.limits = {};
    o.limits.maxValues = 7;
    CHECK(errorOf([&] { readTable(csv, "t.csv", o); }) ==
          "t.csv: row 5 brings the table to 9 values, more than the limit of 7 values");
    o.limits = {};
    o.limits.maxBytes = 10;
    CHECK(errorOf([&] { readTable(csv, "t.csv", o); }) == "t.csv: the file is 34 bytes, more than the limit of 10 bytes");
    ReadLimits lim;
    lim.maxRows = 2;
    CHECK(readLabels("label\n1\n2\n", "l.txt", lim) == std::vector<std::int64_t>{1, 2});
    CHECK(errorOf([&] { readLabels("label\n1\n2\n3\n", "l.txt", lim); }) == "l.txt: row 4 is label 3, more than the limit of 2 labels");
}

TEST_CASE("limits: .npz members are checked from the central directory and their .npy headers") {
    const std::string x = npy("<f8", "(4, 3)", std::string(96, '\0'));
    const std::string y = npy("<i8", "(4,)", std::string(32, '\0'));
    const std::string zip = makeZip({{"X.npy", x}, {"labels.npy", y}});
    ReadLimits lim;
    CHECK(readNpz(zip, "d.npz", lim).size() == 2);
    lim.maxBytes = x.size() + y.size() - 1;  // each member fits, the two together do not
    CHECK(errorOf([&] { readNpz(zip, "d.npz", lim); }) == "d.npz: the arrays are " + std::to_string(x.size() + y.size()) +
                                                              " bytes uncompressed in total, more than the limit of " +
                                                              std::to_string(lim.maxBytes) + " bytes uncompressed in total");
    lim.maxBytes = 100;
    CHECK(errorOf([&] { readNpz(zip, "d.npz", lim); }) == "d.npz: entry 'X.npy' is " + std::to_string(x.size()) +
                                                              " bytes uncompressed, more than the limit of 100 bytes uncompressed");
    lim = {};
    lim.maxRows = 3;
    CHECK(errorOf([&] { readTable(zip, "d.npz", ReadOptions{-3, lim}); }) ==
          "d.npz, array 'X': shape (4, 3) has 4 rows, more than the limit of 3 rows");
}

#if PEAKSCOPE_HAVE_ZLIB
TEST_CASE("limits: only a member's header is inflated before the limits are checked") {
    // A member whose data are corrupt past its header: the limit is reported, so only the header
    // was inflated; without limits the corruption is found.
    ReadLimits lim;
    const std::string head = npy("<f8", "(1000000,)", "");
    z_stream z{};
    REQUIRE(deflateInit2(&z, 6, Z_DEFLATED, -15, 8, Z_DEFAULT_STRATEGY) == Z_OK);
    std::string packed(deflateBound(&z, uLong(head.size())) + 64, '\0');
    z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(head.data()));
    z.avail_in = uInt(head.size());
    z.next_out = reinterpret_cast<Bytef*>(&packed[0]);
    z.avail_out = uInt(packed.size());
    REQUIRE(deflate(&z, Z_SYNC_FLUSH) == Z_OK);  // header bytes decodable, stream not finished
    packed.resize(z.total_out);
    deflateEnd(&z);
    packed += std::string(8000, '\xff');  // then garbage (block type 3)
    Member m{"X.npy", head + std::string(8000000, '\0'), 8, packed};
    const std::string bad = makeZip({m});
    lim = {};
    lim.maxValues = 999999;
    CHECK(errorOf([&] { readNpz(bad, "bomb.npz", lim); }) ==
          "bomb.npz, array 'X': shape (1000000,) has 1000000 values, more than the limit of 999999 values");
    CHECK(errorOf([&] { readNpz(bad, "bomb.npz"); }) == "bomb.npz: entry 'X.npy': corrupt deflate data: invalid block type 3");
}

TEST_CASE("limits: a 97 KB .npz that inflates to a 100 MB array is refused in milliseconds") {
    // X.npy = 12.5 million float64 zeros (100 MB), deflated by zlib as a stream so the test never
    // holds the 100 MB either.
    const std::string head = npy("<f8", "(12500000,)", "");
    const std::size_t dataBytes = std::size_t(12500000) * 8;
    z_stream z{};
    REQUIRE(deflateInit2(&z, 9, Z_DEFLATED, -15, 8, Z_DEFAULT_STRATEGY) == Z_OK);
    std::string packed;
    std::uint32_t crc = std::uint32_t(::crc32(0L, Z_NULL, 0));
    const std::string zeros(1 << 20, '\0');
    char buf[1 << 16];
    auto pump = [&](const std::string& in, std::size_t n, int flush) {
        z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
        z.avail_in = uInt(n);
        crc = std::uint32_t(::crc32(crc, reinterpret_cast<const Bytef*>(in.data()), uInt(n)));
        do {
            z.next_out = reinterpret_cast<Bytef*>(buf);
            z.avail_out = sizeof buf;
            deflate(&z, flush);
            packed.append(buf, sizeof buf - z.avail_out);
        } while (z.avail_out == 0);
    };
    pump(head, head.size(), Z_NO_FLUSH);
    for (std::size_t left = dataBytes; left > 0;) {
        const std::size_t n = std::min(left, zeros.size());
        left -= n;
        pump(zeros, n, left ? Z_NO_FLUSH : Z_FINISH);
    }
    deflateEnd(&z);
    // Zip by hand (makeZip computes the CRC from the 100 MB content).
    const std::uint64_t usize = head.size() + dataBytes;
    std::string zip;
    put32(zip, 0x04034b50), put16(zip, 20), put16(zip, 0), put16(zip, 8), put16(zip, 0), put16(zip, 0x21);
    put32(zip, crc), put32(zip, std::uint32_t(packed.size())), put32(zip, std::uint32_t(usize));
    put16(zip, 5), put16(zip, 0);
    zip += "X.npy" + packed;
    const std::size_t cdOffset = zip.size();
    put32(zip, 0x02014b50), put16(zip, 20), put16(zip, 20), put16(zip, 0), put16(zip, 8), put16(zip, 0), put16(zip, 0x21);
    put32(zip, crc), put32(zip, std::uint32_t(packed.size())), put32(zip, std::uint32_t(usize));
    put16(zip, 5), put16(zip, 0), put16(zip, 0), put16(zip, 0), put16(zip, 0), put32(zip, 0), put32(zip, 0);
    zip += "X.npy";
    const std::size_t cdSize = zip.size() - cdOffset;
    put32(zip, 0x06054b50), put16(zip, 0), put16(zip, 0), put16(zip, 1), put16(zip, 1);
    put32(zip, std::uint32_t(cdSize)), put32(zip, std::uint32_t(cdOffset)), put16(zip, 0);
    CHECK(zip.size() < 100 * 1024);
    MESSAGE(".npz bomb: " << zip.size() << " bytes inflating to " << usize);

    ReadOptions o;
    o.limits.maxValues = 2000000;
    o.limits.note = "more than the browser app takes";
    const auto t0 = std::chrono::steady_clock::now();
    const std::string msg = errorOf([&] { readTable(zip, "bomb.npz", o); });
    const double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
    CHECK(msg == "bomb.npz, array 'X': shape (12500000,) has 12500000 values, more than the limit of 2000000 values "
                 "(more than the browser app takes)");
    MESSAGE("refused in " << ms << " ms");
    CHECK(ms < 1000.0);  // the header check takes well under a millisecond; generous for sanitizer builds
    o.limits = {};
    o.limits.maxBytes = 50000000;
    CHECK(errorOf([&] { readTable(zip, "bomb.npz", o); }) ==
          "bomb.npz: entry 'X.npy' is " + std::to_string(usize) + " bytes uncompressed, more than the limit of 50000000 bytes uncompressed");
}

#endif

TEST_CASE("tableFromArrays: the .npz arrays read once give readTable's table") {
    const std::string x = npy("<f8", "(3, 2)", pack<double>({1, 2, 3, 4, 5, 6}));
    const std::string y = npy("<i8", "(3,)", pack<std::int64_t>({0, 1, 0}));
    const std::string zip = makeZip({{"X.npy", x}, {"labels.npy", y}});
    ReadLimits lim;
    lim.maxValues = 6;
    const auto arrays = readNpz(zip, "d.npz", lim);
    const Table a = tableFromArrays(arrays, "d.npz");
    const Table b = readTable(zip, "d.npz");
    CHECK(a.points.values == b.points.values);
    CHECK(a.labels == b.labels);
    CHECK(a.labels == std::vector<std::int64_t>{0, 1, 0});
    CHECK(errorOf([&] { tableFromArrays({arrays[1]}, "d\n.npz"); }) ==
          "d\\n.npz: no point data found: expected an array named X, data or points, or a 2-D float array "
          "(arrays: labels (3,))");
}

TEST_CASE("messages: file-derived text is escaped, so a message is one line") {
    const std::string x = npy("<f8", "(2,)", pack<double>({1, 2}));
    const std::string evil = "X\x1b[2J\n.npy";
    const std::string m1 = errorOf([&] { readNpz(makeZip({{evil, x, 12, x}}), "e.npz"); });
    CHECK(m1 == "e.npz: entry 'X\\x1b[2J\\n.npy' uses compression method 12 (supported: 0 = stored, 8 = deflate)");
    const std::string m2 = errorOf([&] { readTable(makeZip({{"a\nb.npy", npy("<f8", "(2, 2, 2)", std::string(64, '\0'))}}), "e.npz"); });
    CHECK(m2.find('\n') == std::string::npos);
    CHECK(m2.find("a\\nb (2, 2, 2)") != std::string::npos);
    CHECK(errorOf([&] { readTable("1,2\n3,\x1b]0;pwned\x07\n", "t.csv"); }) ==
          "t.csv: row 2, column 2: '\\x1b]0;pwned\\x07' is not a number");
    CHECK(errorOf([&] { readNpy(npy("<c\n16", "(1,)", std::string(16, '\0')), "c.npy"); }).find("'<c\\n16'") != std::string::npos);
    CHECK(errorOf([&] { readTable("x\n", "bad\nname.csv"); }) == "bad\\nname.csv: no data rows (only a header)");
    const std::string m3 = errorOf([&] { readTableFile("/nonexistent/dir/a\x1b\nb.csv"); });
    CHECK(m3.rfind("cannot open '/nonexistent/dir/a\\x1b\\nb.csv': ", 0) == 0);
}

TEST_CASE("readTable: text class labels are numbered in order of first appearance, their names kept") {
    const Table t = readDelimited("x,y,species\n1,2,setosa\n3,4,versicolor\n5,6,setosa\n7,8,virginica\n", "iris.csv");
    CHECK(t.labelName == "species");
    CHECK(t.points.cols == 2);
    CHECK(t.labels == std::vector<std::int64_t>{0, 1, 0, 2});
    CHECK(t.labelNames == std::vector<std::string>{"setosa", "versicolor", "virginica"});
    CHECK(t.columnNames == std::vector<std::string>{"x", "y"});
    // a/b/c in a 'class' column, quoted; integer labels keep their values and have no names
    const Table abc = readDelimited("f1\tclass\n0.5\t\"b\"\n1.5\ta\n2.5\tc\n3.5\tb\n", "abc.tsv");
    CHECK(abc.labels == std::vector<std::int64_t>{0, 1, 2, 0});
    CHECK(abc.labelNames == std::vector<std::string>{"b", "a", "c"});
    const Table ints = readDelimited("x,label\n1,5\n2,-1\n", "i.csv");
    CHECK(ints.labels == std::vector<std::int64_t>{5, -1});
    CHECK(ints.labelNames.empty());
    // integers before the first text label become names by their text, in order of appearance
    const Table mixed = readDelimited("x,target\n1,7\n2,7\n3,other\n4,8\n", "m.csv");
    CHECK(mixed.labelNames == std::vector<std::string>{"7", "other", "8"});
    CHECK(mixed.labels == std::vector<std::int64_t>{0, 0, 1, 2});
    // a number that is not an integer is still refused, also after text labels
    CHECK(errorOf([] { readDelimited("x,group\n1,a\n2,2.5\n", "g.csv"); }) ==
          "g.csv: row 3, column 2: label '2.5' is not an integer");
}

TEST_CASE("readTable: species, category and group name a label column (any case)") {
    for (const char* h : {"species", "Category", "GROUP", "label", "y_true"}) {
        CAPTURE(h);
        const Table t = readDelimited(std::string("a,") + h + ",b\n1,0,2\n3,1,4\n", "h.csv");
        CHECK(t.labelName == h);
        CHECK(t.points.cols == 2);
        CHECK(t.labels == std::vector<std::int64_t>{0, 1});
    }
    const Table none = readDelimited("a,groups,b\n1,0,2\n", "h.csv");  // not a label header
    CHECK(none.labels.empty());
    CHECK(none.points.cols == 3);
}

TEST_CASE("readDelimited: labels written as floats (numpy savetxt) are classes; 1.5 and nan are not") {
    const io::Table t = io::readDelimited("x,label\n1,0.000000000000000000e+00\n2,1.000000000000000000e+00\n3,1\n", "f.csv");
    CHECK(t.labels == std::vector<std::int64_t>{0, 1, 1});
    CHECK(t.labelNames.empty());
    CHECK(errorOf([] { io::readDelimited("x,label\n1,0\n2,1.5\n", "g.csv"); }).find("'1.5' is not an integer") != std::string::npos);
    CHECK(errorOf([] { io::readDelimited("x,label\n1,0\n2,nan\n", "h.csv"); }).find("is not an integer") != std::string::npos);
    // after a text label, an integral float is named by its integer text
    const io::Table u = io::readDelimited("x,label\n1,a\n2,2.0\n3,2\n", "u.csv");
    CHECK(u.labelNames == std::vector<std::string>{"a", "2"});
    CHECK(u.labels == std::vector<std::int64_t>{0, 1, 1});
}

TEST_CASE("readDelimited: an explicit label column, by index or by header name, or none") {
    const std::string csv = "x,species,group\n1,a,0\n2,b,1\n3,a,1\n";
    // auto: the first header named like a label column
    const Table autoT = readDelimited(csv, "two.csv");
    CHECK(autoT.labelColumnIndex == 1);
    CHECK(autoT.fileColumns == std::vector<std::string>{"x", "species", "group"});
    // by index: the other candidate column; 'species' is then a point column and not a number
    CHECK(errorOf([&] { readDelimited(csv, "two.csv", ReadOptions(2)); }) == "two.csv: row 2, column 2: 'a' is not a number");
    const std::string num = "x,y,group,cluster\n1,5,0,2\n2,6,1,2\n3,7,1,3\n";
    const Table byIndex = readDelimited(num, "n.csv", ReadOptions(3));
    CHECK(byIndex.labelColumnIndex == 3);
    CHECK(byIndex.labelName == "cluster");
    CHECK(byIndex.labels == std::vector<std::int64_t>{2, 2, 3});
    CHECK(byIndex.columnNames == std::vector<std::string>{"x", "y", "group"});
    CHECK(byIndex.points.cols == 3);
    CHECK(byIndex.points(2, 2) == 1.0);
    // by name (exact, then ignoring case); overrides the index
    ReadOptions byName(3);
    byName.labelColumnName = "GROUP";
    const Table g = readDelimited(num, "n.csv", byName);
    CHECK(g.labelColumnIndex == 2);
    CHECK(g.labelName == "group");
    CHECK(g.labels == std::vector<std::int64_t>{0, 1, 1});
    CHECK(g.columnNames == std::vector<std::string>{"x", "y", "cluster"});
    // none: every column is a point column (auto would take 'group')
    const Table none = readDelimited(num, "n.csv", ReadOptions(-2));
    CHECK(none.labels.empty());
    CHECK(none.labelColumnIndex == -1);
    CHECK(none.points.cols == 4);
    CHECK(none.fileColumns.size() == 4);
    // an unknown name is refused, naming it and the columns there are
    ReadOptions unknown;
    unknown.labelColumnName = "kind";
    CHECK(errorOf([&] { readDelimited(num, "n.csv", unknown); }) ==
          "n.csv: no column named 'kind' (the columns are 'x', 'y', 'group', 'cluster')");
    CHECK(errorOf([&] { readDelimited("1,2\n3,4\n", "h.csv", unknown); }) ==
          "h.csv: no column named 'kind' (the file has no header row)");
    CHECK_THROWS_AS(readDelimited(num, "n.csv", unknown), NoSuchColumn);  // callers may fall back by type
    CHECK_THROWS_AS(readDelimited("1,2\n3,4\n", "h.csv", unknown), NoSuchColumn);
    // a measurement column is not a class column
    ReadOptions measure;
    measure.labelColumnName = "x";
    CHECK(errorOf([&] { readDelimited("x,y\n0.5,1\n1.5,2\n", "m.csv", measure); }) ==
          "m.csv: row 2, column 1: label '0.5' is not an integer");
    // by name applies to text only
    CHECK(errorOf([&] { readTable(std::string("\x93NUMPY", 6), "a.npy", unknown); }).find("applies to text files") !=
          std::string::npos);
}
