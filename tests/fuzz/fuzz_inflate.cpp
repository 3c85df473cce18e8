// libFuzzer target: the raw DEFLATE decoder (core/io/inflate) against zlib, and CRC-32.
// Input: byte 0 = mode, the rest = payload.
//   odd mode   payload is a raw DEFLATE stream: inflateRaw succeeds exactly when zlib does, with
//              the same bytes; inflateRawPrefix(k) is their first k bytes (or a prefix of what zlib
//              decoded before failing).
//   even mode  payload is data: compressed by zlib (level, strategy from the mode), then
//              inflateRaw(known size) and inflateRawPrefix give it back.
// crc32 always equals zlib's.
#include <zlib.h>

#include <algorithm>

#include "core/io/inflate.hpp"
#include "fuzz_support.hpp"

using namespace peakscope;
using namespace peakscope::fuzz;

namespace {

// zlib's raw inflate; `out` holds what it decoded (also on failure).
bool zlibInflate(std::string_view in, std::string& out) {
    z_stream z{};
    if (inflateInit2(&z, -15) != Z_OK) violated("inflateInit2");
    z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
    z.avail_in = uInt(in.size());
    out.clear();
    char buf[1 << 15];
    int r;
    do {
        z.next_out = reinterpret_cast<Bytef*>(buf);
        z.avail_out = sizeof buf;
        r = inflate(&z, Z_NO_FLUSH);
        out.append(buf, sizeof buf - z.avail_out);
    } while (r == Z_OK);
    inflateEnd(&z);
    return r == Z_STREAM_END;
}

std::string zlibDeflate(std::string_view in, int level, int strategy) {
    z_stream z{};
    if (deflateInit2(&z, level, Z_DEFLATED, -15, 8, strategy) != Z_OK) violated("deflateInit2");
    std::string out(deflateBound(&z, uLong(in.size())) + 16, '\0');
    z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
    z.avail_in = uInt(in.size());
    z.next_out = reinterpret_cast<Bytef*>(&out[0]);
    z.avail_out = uInt(out.size());
    if (deflate(&z, Z_FINISH) != Z_STREAM_END) violated("deflate");
    out.resize(z.total_out);
    deflateEnd(&z);
    return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size < 1) return 0;
    const std::uint8_t mode = data[0];
    const std::string_view payload(reinterpret_cast<const char*>(data + 1), size - 1);
    FUZZ_CHECK(io::crc32(payload) == std::uint32_t(::crc32(0, reinterpret_cast<const Bytef*>(payload.data()), uInt(payload.size()))),
               "crc32 differs from zlib");
    const std::size_t k = std::size_t(mode) * 7;  // prefix length 0..1785

    if (mode & 1) {
        std::string ref;
        const bool zok = zlibInflate(payload, ref);
        std::string mine;
        bool ok = false;
        try {
            mine = io::inflateRaw(payload, io::kUnknownSize);
            ok = true;
        } catch (const Error& e) {
            checkMessage(e);
        }
        FUZZ_CHECK(ok == zok, std::string("zlib ") + (zok ? "decodes" : "rejects") + " the stream, inflateRaw " + (ok ? "decodes" : "rejects") + " it");
        if (ok) {
            FUZZ_CHECK(mine == ref, "inflateRaw output differs from zlib");
            FUZZ_CHECK(io::inflateRaw(payload, ref.size()) == ref, "inflateRaw with the known size differs");
            if (!ref.empty()) {
                try {
                    io::inflateRaw(payload, ref.size() - 1);
                    violated("inflateRaw accepted a wrong expected size");
                } catch (const Error& e) {
                    checkMessage(e);
                }
            }
        }
        try {
            const std::string p = io::inflateRawPrefix(payload, k);
            FUZZ_CHECK(p.size() <= k, "prefix longer than asked");
            if (ok) FUZZ_CHECK(p == ref.substr(0, k), "prefix differs");
            else FUZZ_CHECK(ref.compare(0, std::min(p.size(), ref.size()), p, 0, std::min(p.size(), ref.size())) == 0, "prefix differs from zlib's partial output");
        } catch (const Error& e) {
            checkMessage(e);
            FUZZ_CHECK(!ok, "inflateRawPrefix failed on a valid stream");
        }
    } else {
        static const int kStrategy[] = {Z_DEFAULT_STRATEGY, Z_FILTERED, Z_HUFFMAN_ONLY, Z_RLE, Z_FIXED};
        const std::string packed = zlibDeflate(payload, (mode >> 1) % 10, kStrategy[(mode >> 1) / 10 % 5]);
        FUZZ_CHECK(io::inflateRaw(packed, payload.size()) == payload, "round trip through zlib deflate failed");
        FUZZ_CHECK(io::inflateRawPrefix(packed, k) == payload.substr(0, k), "prefix of a zlib stream differs");
    }
    return 0;
}
