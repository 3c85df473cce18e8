// Binary transfer of an Analysis between the compute worker and the canvas app (both wasm, in
// different Web Workers / threads of the page, so results cross as one ArrayBuffer).
// Everything the views, the Z slider (mergeAtZ on the topography) and the JSON export need is
// carried; the kNN table itself stays in the worker (only its n and maxk travel).
// Sections: encodeAnalysis · decodeAnalysis
// Example: auto bytes = encodeAnalysis(a, pca, variance);
//          Analysis b; Matrix p; std::vector<double> v; decodeAnalysis(bytes.data(), bytes.size(), b, p, v);
#pragma once
#include "core/analysis.hpp"

#include <cstdint>
#include <vector>

namespace peakscope::web {
namespace wire { struct Writer; struct Reader; }

// Inside a larger message (protocol/messages.cpp): the same bytes appended to / read from `w` / `r`.
void writeAnalysis(wire::Writer& w, const Analysis& a, const Matrix& projection,
                   const std::vector<double>& explainedVariance);
void readAnalysis(wire::Reader& r, Analysis& a, Matrix& projection, std::vector<double>& explainedVariance);

// Encodes `a` and a 2-D projection of the points (PCA coordinates, n × 2; empty for graph input).
std::vector<std::uint8_t> encodeAnalysis(const Analysis& a, const Matrix& projection,
                                         const std::vector<double>& explainedVariance);
// Throws peakscope::Error on a truncated or foreign buffer.
void decodeAnalysis(const std::uint8_t* data, std::size_t size, Analysis& a, Matrix& projection,
                    std::vector<double>& explainedVariance);

}  // namespace peakscope::web
