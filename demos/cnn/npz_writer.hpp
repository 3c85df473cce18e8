// Writer of numpy .npy / .npz files (numpy's `savez_compressed` layout: a zip of .npy members,
// each deflated with zlib), read back by core/io/readers.hpp `readNpz`. Deterministic bytes: fixed
// member order, fixed DOS timestamp (1980-01-01 00:00), fixed compression level.
// Format: NEP 1 (.npy v1.0 header, padded to 64 bytes); PKWARE APPNOTE 6.3 (local headers,
// central directory, end record; no ZIP64 — members and archive must stay below 4 GiB).
// Example: NpzWriter w; w.add("labels", "|u1", {3000}, bytes); w.save("set.npz");
#pragma once
#include <cstdint>
#include <string>
#include <vector>

namespace peakscope::cnn {

// One .npy file: header (descr such as "<f2", "|u1", "<u2"; C order) + raw little-endian data.
std::string npyBytes(const std::string& descr, const std::vector<std::int64_t>& shape, const std::string& data);

class NpzWriter {
public:
    explicit NpzWriter(int level = 9) : level_(level) {}
    // Adds member "<name>.npy". data.size() must equal product(shape) × item size.
    void add(const std::string& name, const std::string& descr, const std::vector<std::int64_t>& shape,
             const std::string& data);
    // Typed helpers.
    void addU8(const std::string& name, const std::vector<std::int64_t>& shape, const std::vector<std::uint8_t>& v);
    void addU16(const std::string& name, const std::vector<std::int64_t>& shape, const std::vector<std::uint16_t>& v);
    void addF16(const std::string& name, const std::vector<std::int64_t>& shape, const std::vector<std::uint16_t>& v);
    void addI8(const std::string& name, const std::vector<std::int64_t>& shape, const std::vector<std::int8_t>& v);
    std::string bytes() const;         // the whole archive
    void save(const std::string& path) const;  // throws peakscope::Error on I/O failure
    std::size_t members() const { return entries_.size(); }

private:
    struct Entry { std::string name, compressed; std::uint32_t crc = 0; std::uint64_t size = 0; };
    int level_;
    std::vector<Entry> entries_;
};

}  // namespace peakscope::cnn
