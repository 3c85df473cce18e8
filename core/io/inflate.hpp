// Raw DEFLATE decoder (RFC 1951) and CRC-32, written for the .npz reader; no zlib needed (wasm).
// Sections: inflateRaw / inflateRawPrefix (stored, fixed and dynamic Huffman blocks), crc32 (IEEE 802.3, as in zip).
// Corrupt or truncated input throws peakscope::Error; output is bounded by expectedSize.
// Example: std::string raw = io::inflateRaw(zipEntryBytes, uncompressedSize);
#pragma once
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "core/types.hpp"

namespace peakscope::io {

// Pass as expectedSize when the decompressed size is not known (no size check, no limit).
constexpr std::size_t kUnknownSize = static_cast<std::size_t>(-1);

// Decodes a raw DEFLATE stream (no zlib/gzip wrapper). With a known expectedSize the output must
// have exactly that many bytes (error otherwise). Bytes after the final block are ignored.
std::string inflateRaw(std::string_view compressed, std::size_t expectedSize);

// The first min(maxBytes, total) decompressed bytes, decoding only as far as needed (e.g. the
// header of a large .npy inside a zip). Corruption before that point throws as above.
std::string inflateRawPrefix(std::string_view compressed, std::size_t maxBytes);

// CRC-32 as used by zip/gzip/PNG. Chain calls by passing the previous result as `crc`.
std::uint32_t crc32(std::string_view data, std::uint32_t crc = 0);

}  // namespace peakscope::io
