// What the browser app accepts (stated in the Data panel; anything beyond is refused with a message
// before any work starts). Chosen so that points + kNN table + results of both wasm instances (app
// and worker) stay well inside a browser tab's memory, and a full analysis stays under ~10 s.
#pragma once
#include <cstdint>

namespace peakscope::web::limits {

constexpr std::int64_t kMaxPoints = 100000;        // rows
constexpr std::int64_t kMaxDims = 4096;            // columns
constexpr std::int64_t kMaxValues = 10000000;      // rows × columns (80 MB as float64)
constexpr std::int64_t kMaxFileBytes = 200 << 20;  // bytes of one file (CSV text is ~2.5× the values)
// A label column picked by hand in the data panel holds at most this many classes (distinct values):
// an identifier or a measurement column is refused with a message instead of colouring N classes.
constexpr std::int64_t kMaxLabelClasses = 100;
// ID vs scale by decimation costs about one more neighbour search: computed up to this N only
// (Gride, from the kNN table, is always computed). Applied by the worker, which knows N first.
constexpr std::int64_t kMaxPointsDecimation = 10000;

}  // namespace peakscope::web::limits
