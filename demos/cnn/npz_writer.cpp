// .npy / .npz writer (see npz_writer.hpp): raw deflate members via zlib, CRC-32 via zlib.
#include "demos/cnn/npz_writer.hpp"

#include <zlib.h>

#include <cstdio>
#include <cstring>

#include "core/types.hpp"

namespace peakscope::cnn {
namespace {

void put16(std::string& s, std::uint32_t v) { s += char(v & 0xFF); s += char((v >> 8) & 0xFF); }
void put32(std::string& s, std::uint32_t v) { put16(s, v & 0xFFFF); put16(s, v >> 16); }

std::string deflateRaw(const std::string& in, int level) {
    z_stream z;
    std::memset(&z, 0, sizeof z);
    // windowBits −15: raw deflate stream (zip method 8), memLevel 8, default strategy.
    if (deflateInit2(&z, level, Z_DEFLATED, -15, 8, Z_DEFAULT_STRATEGY) != Z_OK)
        throw Error("zlib: deflateInit2 failed");
    std::string out(deflateBound(&z, uLong(in.size())), '\0');
    z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
    z.avail_in = uInt(in.size());
    z.next_out = reinterpret_cast<Bytef*>(&out[0]);
    z.avail_out = uInt(out.size());
    const int rc = deflate(&z, Z_FINISH);
    deflateEnd(&z);
    if (rc != Z_STREAM_END) throw Error("zlib: deflate did not finish");
    out.resize(z.total_out);
    return out;
}

template <class T>
std::string rawLittleEndian(const std::vector<T>& v) {
    std::string s(v.size() * sizeof(T), '\0');
    for (std::size_t i = 0; i < v.size(); ++i) {
        auto u = static_cast<std::uint64_t>(static_cast<std::make_unsigned_t<T>>(v[i]));
        for (std::size_t b = 0; b < sizeof(T); ++b) s[i * sizeof(T) + b] = char((u >> (8 * b)) & 0xFF);
    }
    return s;
}

}  // namespace

std::string npyBytes(const std::string& descr, const std::vector<std::int64_t>& shape, const std::string& data) {
    std::string sh = "(";
    for (std::size_t i = 0; i < shape.size(); ++i) sh += std::to_string(shape[i]) + (shape.size() == 1 ? "," : i + 1 < shape.size() ? ", " : "");
    sh += ")";
    std::string header = "{'descr': '" + descr + "', 'fortran_order': False, 'shape': " + sh + ", }";
    // magic (6) + version (2) + length (2) + header + '\n' padded to a multiple of 64 (NEP 1).
    const std::size_t total = 10 + header.size() + 1;
    header.append((64 - total % 64) % 64, ' ');
    header += '\n';
    std::string out("\x93NUMPY\x01\x00", 8);
    put16(out, std::uint32_t(header.size()));
    out += header;
    out += data;
    return out;
}

void NpzWriter::add(const std::string& name, const std::string& descr, const std::vector<std::int64_t>& shape,
                    const std::string& data) {
    std::int64_t count = 1;
    for (auto s : shape) count *= s;
    const int item = std::stoi(descr.substr(2));
    if (std::int64_t(data.size()) != count * item)
        throw Error("npz member '" + name + "': " + std::to_string(data.size()) + " bytes for " +
                    std::to_string(count) + " items of " + descr);
    Entry e;
    e.name = name + ".npy";
    const std::string npy = npyBytes(descr, shape, data);
    e.size = npy.size();
    e.crc = std::uint32_t(crc32(0L, reinterpret_cast<const Bytef*>(npy.data()), uInt(npy.size())));
    e.compressed = deflateRaw(npy, level_);
    if (e.size >= 0xFFFFFFFFull) throw Error("npz member '" + name + "' is too large (no ZIP64 support)");
    entries_.push_back(std::move(e));
}

void NpzWriter::addU8(const std::string& n, const std::vector<std::int64_t>& s, const std::vector<std::uint8_t>& v) { add(n, "|u1", s, rawLittleEndian(v)); }
void NpzWriter::addI8(const std::string& n, const std::vector<std::int64_t>& s, const std::vector<std::int8_t>& v) { add(n, "|i1", s, rawLittleEndian(v)); }
void NpzWriter::addU16(const std::string& n, const std::vector<std::int64_t>& s, const std::vector<std::uint16_t>& v) { add(n, "<u2", s, rawLittleEndian(v)); }
void NpzWriter::addF16(const std::string& n, const std::vector<std::int64_t>& s, const std::vector<std::uint16_t>& v) { add(n, "<f2", s, rawLittleEndian(v)); }

std::string NpzWriter::bytes() const {
    const std::uint32_t dosTime = 0, dosDate = (0 << 9) | (1 << 5) | 1;  // 1980-01-01 00:00:00
    std::string out, central;
    for (const Entry& e : entries_) {
        const std::uint32_t offset = std::uint32_t(out.size());
        auto common = [&](std::string& s) {
            put16(s, 20);  // version needed: 2.0 (deflate)
            put16(s, 0);   // flags
            put16(s, 8);   // method: deflate
            put16(s, dosTime);
            put16(s, dosDate);
            put32(s, e.crc);
            put32(s, std::uint32_t(e.compressed.size()));
            put32(s, std::uint32_t(e.size));
            put16(s, std::uint32_t(e.name.size()));
            put16(s, 0);   // extra field length
        };
        put32(out, 0x04034b50);
        common(out);
        out += e.name;
        out += e.compressed;
        put32(central, 0x02014b50);
        put16(central, 20);  // version made by: 2.0, MS-DOS attributes
        common(central);
        put16(central, 0);   // comment length
        put16(central, 0);   // disk number
        put16(central, 0);   // internal attributes
        put32(central, 0);   // external attributes
        put32(central, offset);
        central += e.name;
    }
    if (out.size() + central.size() >= 0xFFFFFFFFull) throw Error("npz archive is too large (no ZIP64 support)");
    const std::uint32_t cdOffset = std::uint32_t(out.size());
    out += central;
    put32(out, 0x06054b50);
    put16(out, 0);
    put16(out, 0);
    put16(out, std::uint32_t(entries_.size()));
    put16(out, std::uint32_t(entries_.size()));
    put32(out, std::uint32_t(central.size()));
    put32(out, cdOffset);
    put16(out, 0);  // comment length
    return out;
}

void NpzWriter::save(const std::string& path) const {
    const std::string b = bytes();
    std::FILE* f = std::fopen(path.c_str(), "wb");
    if (!f) throw Error("cannot write '" + path + "'");
    const bool ok = std::fwrite(b.data(), 1, b.size(), f) == b.size();
    if (std::fclose(f) != 0 || !ok) throw Error("cannot write '" + path + "'");
}

}  // namespace peakscope::cnn
