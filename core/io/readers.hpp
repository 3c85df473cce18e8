// Point-cloud file readers: .npy, .npz (own zip + inflate), CSV / TSV / whitespace text, label files.
// Sections: NdArray + readNpy/readNpz (raw arrays) · Table + readDelimited/readTable (points, labels)
// · file helpers (readTableFile, readLabelsFile). All bad input throws peakscope::Error with one
// line naming the file and, where it applies, the 1-based row (= line of a text file) and column.
// Example: io::Table t = io::readTableFile("data.csv", {/*labelColumn=*/-1});  auto v = t.points.view();
#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/types.hpp"

namespace peakscope::io {

// One numpy array, values converted to double in C (row-major) order.
struct NdArray {
    std::string name;           // readNpy: the name passed in; readNpz: member name without ".npy"
    std::vector<Index> shape;   // empty = 0-D (one value)
    std::string dtype;          // numpy descr as stored, e.g. "<f8", ">i4", "|u1", "|b1"
    std::vector<double> values; // product(shape) values
    bool isInteger() const;     // integer or bool dtype
    bool isFloat() const;       // f2 / f4 / f8
};

// Points (N x D) plus optional integer labels.
struct Table {
    Matrix points;
    std::vector<std::int64_t> labels;      // empty if none
    std::vector<std::string> columnNames;  // point columns' names (header row), empty if none
    std::string labelName;                 // header name of the label column, if any
    bool hadHeader = false;
};

struct ReadOptions {
    int labelColumn = -3;  // -3 = auto (text: a header column named label/labels/class/target/
                           // cluster/y_true; .npz: an array named labels or y), -2 = none,
                           // -1 = last column, k = column k (0-based)
};

// .npy (versions 1.0, 2.0, 3.0). `name` is used in error messages.
NdArray readNpy(std::string_view bytes, const std::string& name);
// .npz: every .npy member, in archive order (stored or deflate, CRC-checked, ZIP64 aware).
std::vector<NdArray> readNpz(std::string_view bytes, const std::string& name);
// CSV / TSV / semicolon / whitespace-separated text; optional header; '#' comments.
Table readDelimited(std::string_view text, const std::string& name, const ReadOptions& opts = {});
// Dispatch by magic bytes then extension (.npy, .npz, otherwise delimited text).
Table readTable(std::string_view bytes, const std::string& name, const ReadOptions& opts = {});
// Reads the whole file, then readTable (name in messages = path).
Table readTableFile(const std::string& path, const ReadOptions& opts = {});
// Ground-truth labels: one integer per line (optional one-word header), or a 1-D integer .npy.
std::vector<std::int64_t> readLabels(std::string_view bytes, const std::string& name);
std::vector<std::int64_t> readLabelsFile(const std::string& path);
// Whole file as bytes; throws Error "cannot open '<path>': <reason>".
std::string readFileBytes(const std::string& path);

}  // namespace peakscope::io
