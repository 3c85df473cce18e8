// Raw DEFLATE decoder (RFC 1951) and CRC-32. See inflate.hpp.
// Huffman decoding: a 10-bit lookup table for short codes, canonical (count/symbol) decoding for
// the rare longer ones. Bits are read LSB-first through a 64-bit buffer.
#include "core/io/inflate.hpp"

#include <algorithm>
#include <array>
#include <cstring>

namespace peakscope::io {
namespace {

[[noreturn]] void corrupt(const char* what) {
    throw Error(std::string("corrupt deflate data: ") + what);
}

constexpr int kMaxBits = 15;   // longest Huffman code allowed by DEFLATE
constexpr int kFastBits = 10;  // bits resolved by one table lookup

// Length symbols 257..285 and distance symbols 0..29: base value and number of extra bits.
constexpr std::uint16_t kLenBase[29] = {3,  4,  5,  6,  7,  8,  9,  10, 11,  13,  15,  17,  19,  23, 27,
                                        31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258};
constexpr std::uint8_t kLenExtra[29] = {0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2,
                                        2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0};
constexpr std::uint16_t kDistBase[30] = {1,    2,    3,    4,    5,    7,     9,     13,    17,  25,
                                         33,   49,   65,   97,   129,  193,   257,   385,   513, 769,
                                         1025, 1537, 2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577};
constexpr std::uint8_t kDistExtra[30] = {0, 0, 0, 0, 1, 1, 2, 2,  3,  3,  4,  4,  5,  5,  6,
                                         6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13};
// Order in which code-length code lengths are sent in a dynamic block header.
constexpr std::uint8_t kClOrder[19] = {16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15};

// LSB-first bit reader. Reading past the end yields zero bits while peeking; consuming them is
// an error ("truncated").
class BitReader {
public:
    explicit BitReader(std::string_view in) : p_(reinterpret_cast<const unsigned char*>(in.data())), n_(in.size()) {}

    void refill() {
        while (cnt_ <= 56 && pos_ < n_) {
            buf_ |= std::uint64_t(p_[pos_++]) << cnt_;
            cnt_ += 8;
        }
    }
    std::uint32_t peek(int bits) {  // bits <= 32
        if (cnt_ < bits) refill();
        return std::uint32_t(buf_ & ((std::uint64_t(1) << bits) - 1));
    }
    void consume(int bits) {
        if (bits > cnt_) corrupt("unexpected end of data");
        buf_ >>= bits;
        cnt_ -= bits;
    }
    std::uint32_t get(int bits) {
        if (bits == 0) return 0;
        std::uint32_t v = peek(bits);
        consume(bits);
        return v;
    }
    // Drops bits up to the next byte boundary and hands back the byte position for raw copying.
    std::size_t alignToByte() {
        consume(cnt_ & 7);
        std::size_t bytePos = pos_ - std::size_t(cnt_ / 8);
        buf_ = 0;
        cnt_ = 0;
        pos_ = bytePos;
        return bytePos;
    }
    void skipTo(std::size_t bytePos) { pos_ = bytePos; }
    const unsigned char* data() const { return p_; }
    std::size_t size() const { return n_; }

private:
    const unsigned char* p_;
    std::size_t n_;
    std::size_t pos_ = 0;
    std::uint64_t buf_ = 0;
    int cnt_ = 0;
};

// Canonical Huffman code built from code lengths.
class Huffman {
public:
    // kind: "code-length", "literal/length" or "distance" (for messages and completeness rules).
    void build(const std::uint8_t* lengths, int n, const char* kind, bool allowIncompleteSingle) {
        count_.fill(0);
        for (int s = 0; s < n; ++s) ++count_[lengths[s]];
        count_[0] = 0;
        int left = 1;  // number of unused codes at the current length
        int maxLen = 0;
        for (int len = 1; len <= kMaxBits; ++len) {
            left <<= 1;
            left -= count_[len];
            if (left < 0) throw Error(std::string("corrupt deflate data: over-subscribed ") + kind + " code");
            if (count_[len]) maxLen = len;
        }
        // Incomplete codes are only valid in the degenerate single-code (or empty) case.
        if (left > 0 && maxLen > 0 && !(allowIncompleteSingle && maxLen == 1))
            throw Error(std::string("corrupt deflate data: incomplete ") + kind + " code");

        std::array<std::uint16_t, kMaxBits + 2> offs{};
        for (int len = 1; len <= kMaxBits; ++len) offs[len + 1] = std::uint16_t(offs[len] + count_[len]);
        for (int s = 0; s < n; ++s)
            if (lengths[s]) symbol_[offs[lengths[s]]++] = std::uint16_t(s);

        // Fast table: entry = symbol << 4 | length; 0 = not resolvable in kFastBits bits.
        fast_.fill(0);
        int code = 0, idx = 0;
        for (int len = 1; len <= kFastBits; ++len) {
            for (int k = 0; k < count_[len]; ++k, ++code, ++idx) {
                int rev = reverse(code, len);
                std::uint16_t entry = std::uint16_t(symbol_[idx] << 4 | len);
                for (int f = rev; f < (1 << kFastBits); f += 1 << len) fast_[f] = entry;
            }
            code <<= 1;
        }
    }

    int decode(BitReader& br) const {
        std::uint32_t bits = br.peek(kMaxBits);
        std::uint16_t e = fast_[bits & ((1u << kFastBits) - 1)];
        if (e) {
            br.consume(e & 15);
            return e >> 4;
        }
        // Slow path: walk the canonical code one bit at a time.
        int code = 0, first = 0, index = 0;
        for (int len = 1; len <= kMaxBits; ++len) {
            code |= int(bits & 1);
            bits >>= 1;
            int c = count_[len];
            if (code - first < c) {
                br.consume(len);
                return symbol_[index + code - first];
            }
            index += c;
            first += c;
            first <<= 1;
            code <<= 1;
        }
        corrupt("invalid Huffman code");
    }

private:
    static int reverse(int code, int len) {
        int r = 0;
        for (int i = 0; i < len; ++i) r |= ((code >> i) & 1) << (len - 1 - i);
        return r;
    }
    std::array<std::uint16_t, kMaxBits + 1> count_{};
    std::array<std::uint16_t, 288> symbol_{};
    std::array<std::uint16_t, 1 << kFastBits> fast_{};
};

class Inflater {
public:
    // stopAt: stop decoding once this many bytes are out (a prefix); kUnknownSize = decode it all.
    Inflater(std::string_view in, std::size_t expected, std::size_t stopAt = kUnknownSize)
        : br_(in), expected_(expected), stopAt_(stopAt) {
        if (stopAt != kUnknownSize) out_.resize(std::min(in.size() * 4 + 1024, stopAt) + 258);
        else if (expected != kUnknownSize) out_.resize(expected);
        else out_.resize(in.size() * 4 + 1024);
    }

    std::string prefix() {
        bool last = false;
        while (!last && o_ < stopAt_) last = block();
        out_.resize(std::min(o_, stopAt_));
        return std::move(out_);
    }

    std::string run() {
        bool last = false;
        while (!last) last = block();
        if (expected_ != kUnknownSize && o_ != expected_)
            throw Error("corrupt deflate data: decompressed to " + std::to_string(o_) + " bytes, expected " +
                        std::to_string(expected_));
        out_.resize(o_);
        return std::move(out_);
    }

private:
    // One block; true when it was the final one.
    bool block() {
        const bool last = br_.get(1) != 0;
        const int type = int(br_.get(2));
        if (type == 0) stored();
        else if (type == 1) fixedTables(), codes();
        else if (type == 2) dynamicTables(), codes();
        else corrupt("invalid block type 3");
        return last;
    }

    void reserve(std::size_t n) {
        if (out_.size() - o_ >= n) return;
        if (expected_ != kUnknownSize && stopAt_ == kUnknownSize) corrupt("more output than the expected size");
        out_.resize(std::max(out_.size() * 2, o_ + n));
    }

    void stored() {
        std::size_t pos = br_.alignToByte();
        if (br_.size() - pos < 4) corrupt("unexpected end of data");
        const unsigned char* p = br_.data() + pos;
        unsigned len = p[0] | unsigned(p[1]) << 8;
        unsigned nlen = p[2] | unsigned(p[3]) << 8;
        if ((len ^ 0xFFFFu) != nlen) corrupt("stored block length check failed");
        pos += 4;
        if (br_.size() - pos < len) corrupt("unexpected end of data");
        reserve(len);
        std::memcpy(&out_[o_], br_.data() + pos, len);
        o_ += len;
        br_.skipTo(pos + len);
    }

    void fixedTables() {
        std::uint8_t l[288];
        for (int i = 0; i < 144; ++i) l[i] = 8;
        for (int i = 144; i < 256; ++i) l[i] = 9;
        for (int i = 256; i < 280; ++i) l[i] = 7;
        for (int i = 280; i < 288; ++i) l[i] = 8;
        lit_.build(l, 288, "literal/length", false);
        std::uint8_t d[32];  // symbols 30 and 31 complete the code but are invalid in data
        std::memset(d, 5, sizeof d);
        dist_.build(d, 32, "distance", false);
    }

    void dynamicTables() {
        int hlit = int(br_.get(5)) + 257;
        int hdist = int(br_.get(5)) + 1;
        int hclen = int(br_.get(4)) + 4;
        if (hlit > 286 || hdist > 30) corrupt("too many length or distance symbols");
        std::uint8_t cl[19] = {};
        for (int i = 0; i < hclen; ++i) cl[kClOrder[i]] = std::uint8_t(br_.get(3));
        Huffman clCode;
        clCode.build(cl, 19, "code-length", false);

        std::uint8_t lens[286 + 30] = {};
        int n = 0;
        while (n < hlit + hdist) {
            int sym = clCode.decode(br_);
            if (sym < 16) {
                lens[n++] = std::uint8_t(sym);
                continue;
            }
            int rep;
            std::uint8_t val = 0;
            if (sym == 16) {
                if (n == 0) corrupt("repeat of a code length with no previous length");
                val = lens[n - 1];
                rep = 3 + int(br_.get(2));
            } else if (sym == 17) {
                rep = 3 + int(br_.get(3));
            } else {
                rep = 11 + int(br_.get(7));
            }
            if (n + rep > hlit + hdist) corrupt("code lengths overflow the symbol count");
            while (rep--) lens[n++] = val;
        }
        if (lens[256] == 0) corrupt("missing end-of-block code");
        lit_.build(lens, hlit, "literal/length", true);
        dist_.build(lens + hlit, hdist, "distance", true);
    }

    void codes() {
        for (;;) {
            if (o_ >= stopAt_) return;  // prefix() has what it needs
            int sym = lit_.decode(br_);
            if (sym < 256) {
                reserve(1);
                out_[o_++] = char(sym);
            } else if (sym == 256) {
                return;

            } else {
                sym -= 257;
                if (sym >= 29) corrupt("invalid length symbol");
                std::size_t len = kLenBase[sym] + br_.get(kLenExtra[sym]);
                int ds = dist_.decode(br_);
                if (ds >= 30) corrupt("invalid distance symbol");
                std::size_t dist = kDistBase[ds] + br_.get(kDistExtra[ds]);
                if (dist > o_) corrupt("distance too far back");
                reserve(len);
                char* dst = &out_[o_];
                const char* src = dst - dist;
                if (dist >= len) std::memcpy(dst, src, len);
                else for (std::size_t i = 0; i < len; ++i) dst[i] = src[i];  // overlapping run
                o_ += len;
            }
        }
    }

    BitReader br_;
    std::size_t expected_, stopAt_;
    std::string out_;
    std::size_t o_ = 0;
    Huffman lit_, dist_;
};

// Slicing-by-4 CRC tables for the reflected polynomial 0xEDB88320.
struct CrcTables {
    std::uint32_t t[4][256];
    CrcTables() {
        for (std::uint32_t i = 0; i < 256; ++i) {
            std::uint32_t c = i;
            for (int k = 0; k < 8; ++k) c = (c & 1) ? 0xEDB88320u ^ (c >> 1) : c >> 1;
            t[0][i] = c;
        }
        for (int s = 1; s < 4; ++s)
            for (int i = 0; i < 256; ++i) t[s][i] = (t[s - 1][i] >> 8) ^ t[0][t[s - 1][i] & 0xFF];
    }
};

}  // namespace

std::string inflateRaw(std::string_view compressed, std::size_t expectedSize) {
    return Inflater(compressed, expectedSize).run();
}

std::string inflateRawPrefix(std::string_view compressed, std::size_t maxBytes) {
    return Inflater(compressed, kUnknownSize, maxBytes).prefix();
}

std::uint32_t crc32(std::string_view data, std::uint32_t crc) {
    static const CrcTables tab;
    const auto* p = reinterpret_cast<const unsigned char*>(data.data());
    std::size_t n = data.size();
    crc = ~crc;
    while (n >= 4) {
        crc ^= std::uint32_t(p[0]) | std::uint32_t(p[1]) << 8 | std::uint32_t(p[2]) << 16 | std::uint32_t(p[3]) << 24;
        crc = tab.t[3][crc & 0xFF] ^ tab.t[2][(crc >> 8) & 0xFF] ^ tab.t[1][(crc >> 16) & 0xFF] ^ tab.t[0][crc >> 24];
        p += 4;
        n -= 4;
    }
    while (n--) crc = tab.t[0][(crc ^ *p++) & 0xFF] ^ (crc >> 8);
    return ~crc;
}

}  // namespace peakscope::io
