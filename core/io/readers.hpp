// Point-cloud file readers: .npy, .npz (own zip + inflate), CSV / TSV / whitespace text, label files.
// Sections: ReadLimits · NdArray + readNpy/readNpz (raw arrays) · Table + readDelimited/readTable
// (points, labels) · file helpers (readTableFile, readLabelsFile) · escapeControls.
// All bad input throws peakscope::Error with one line naming the file and, where it applies, the
// 1-based row (= line of a text file) and column. Text taken from a file or a file name (zip entry
// names, fields, dtypes) is shown with control characters escaped, so a message is one line.
// Limits (ReadLimits) are checked from .npy headers and the zip central directory BEFORE anything
// large is inflated or allocated; the default is no limit.
// Example: io::Table t = io::readTableFile("data.csv", {/*labelColumn=*/-1});  auto v = t.points.view();
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/types.hpp"

namespace peakscope::io {

// Size limits for the readers (each: largest accepted value; the default = no limit). Checked:
//   .npy        its header's shape and dtype, before the data is converted;
//   .npz        each member's uncompressed size and their sum (zip central directory) and each
//               member's .npy header (inflating only its first bytes), before anything is inflated;
//   text        the text's size, then rows / columns / values as they are read.
// maxRows / maxCols apply to 1-D (N) and 2-D (N x D) arrays and to text tables; maxValues to every
// array (product of its shape) and to a text table (rows x columns, label column included).
// A refusal reads e.g. "big.npz, array 'X': shape (100000, 1000) has 100000000 values, more than
// the limit of 2000000 values" followed by " (" + note + ")" when `note` is set.
struct ReadLimits {
    static constexpr std::uint64_t kNone = ~std::uint64_t(0);
    std::uint64_t maxValues = kNone;  // values in one array / table
    std::uint64_t maxBytes = kNone;   // uncompressed bytes: one .npy (file or zip member), the sum of
                                      // an .npz's .npy members, or a text file
    std::uint64_t maxRows = kNone;    // N (first dimension)
    std::uint64_t maxCols = kNone;    // D (second dimension; 1 for 1-D arrays)
    std::string note;                 // appended to refusals in parentheses, e.g. "use the CLI for larger data"
    bool unlimited() const { return maxValues == kNone && maxBytes == kNone && maxRows == kNone && maxCols == kNone; }
};

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
// ReadOptions::labelColumnName names a column the file lacks (a caller may fall back to auto).
struct NoSuchColumn : Error {
    using Error::Error;
};

struct Table {
    Matrix points;
    std::vector<std::int64_t> labels;      // empty if none
    std::vector<std::string> labelNames;   // text class labels ("setosa"): label k is labelNames[k],
                                           // numbered in order of first appearance; empty when the
                                           // label column holds integers
    std::vector<std::string> columnNames;  // point columns' names (header row), empty if none
    std::string labelName;                 // header name of the label column, if any
    bool hadHeader = false;
    // text files: every column of the header row in file order (empty without a header), and the
    // 0-based file column taken as labels (−1 = none); lets a caller offer the other columns
    std::vector<std::string> fileColumns;
    int labelColumnIndex = -1;
};

struct ReadOptions {
    ReadOptions(int labelColumn_ = -3, ReadLimits limits_ = {}) : labelColumn(labelColumn_), limits(std::move(limits_)) {}
    int labelColumn = -3;  // -3 = auto (text: a header column named label/labels/class/target/
                           // cluster/y_true/species/category/group; .npz: an array named labels
                           // or y), -2 = none,
                           // -1 = last column, k = column k (0-based)
    std::string labelColumnName;  // text files: when set, the header column of this name (exact,
                                  // else ignoring case) holds the labels; overrides labelColumn.
                                  // No such column (or no header) → NoSuchColumn naming it
    ReadLimits limits;     // default: none
};

// .npy (versions 1.0, 2.0, 3.0). `name` is used in error messages.
NdArray readNpy(std::string_view bytes, const std::string& name, const ReadLimits& limits = {});
// .npz: every .npy member, in archive order (stored or deflate, CRC-checked, ZIP64 aware).
// All sizes and every member's header are checked against `limits` before the first inflate.
std::vector<NdArray> readNpz(std::string_view bytes, const std::string& name, const ReadLimits& limits = {});
// Only the members named in `members` (stems, e.g. "labels"), in archive order; the others are not
// inflated (a small array first out of a large archive). Members not in the archive are left out.
std::vector<NdArray> readNpzMembers(std::string_view bytes, const std::string& name,
                                    const std::vector<std::string>& members, const ReadLimits& limits = {});
// Points (and labels) chosen from .npz arrays exactly as readTable does for an .npz, for callers
// that inspect the arrays first (so the archive is parsed once): X / data / points, else the first
// 2-D float array, ...; labels from 'labels' / 'y' unless opts.labelColumn picks a column.
Table tableFromArrays(const std::vector<NdArray>& arrays, const std::string& name, const ReadOptions& opts = {});
// CSV / TSV / semicolon / whitespace-separated text; optional header; '#' comments.
Table readDelimited(std::string_view text, const std::string& name, const ReadOptions& opts = {});
// Dispatch by magic bytes then extension (.npy, .npz, otherwise delimited text); opts.limits apply.
Table readTable(std::string_view bytes, const std::string& name, const ReadOptions& opts = {});
// Reads the whole file, then readTable (name in messages = path).
Table readTableFile(const std::string& path, const ReadOptions& opts = {});
// Ground-truth labels: one integer per line (optional one-word header), or a 1-D integer .npy.
std::vector<std::int64_t> readLabels(std::string_view bytes, const std::string& name, const ReadLimits& limits = {});
std::vector<std::int64_t> readLabelsFile(const std::string& path, const ReadLimits& limits = {});
// Whole file as bytes; throws Error "cannot open '<path>': <reason>".
std::string readFileBytes(const std::string& path);

// A kNN table (n × k neighbour distances and indices, as stored in an .npz or handed to the JS API):
// the indices checked — integers in 0..n−1 — and converted, the distances divided by `scale`.
// Throws Error "<where>: <indexName> row R, column C: V is not a point index 0..n−1".
struct KnnTable {
    Index n = 0, k = 0;
    std::vector<double> dist;
    std::vector<std::int32_t> index;
};
KnnTable knnTable(const double* dist, const double* index, Index n, Index k, const std::string& where,
                  const std::string& indexName = "'index'", double scale = 1);
// The same from two arrays, which must be n × k of the same shape ("<where>: 'dist' and 'index'
// must be two n × k arrays of the same shape").
KnnTable knnTable(const NdArray& dist, const NdArray& index, const std::string& where, double scale = 1);

// Which arrays of an .npz make a kNN table: the one decision for the CLI, the app's worker and
// Tutorial 2's own data. Accepted member names (stems), the earlier one taken when several are there:
//   distances  'dist', 'distances'        indices  'index', 'indices', 'dist_indices'
// and, for one layer among several in one archive (Tutorial 2), '<layer>_dist' + '<layer>_index'.
// Example: if (auto t = io::knnTableNames(arrays)) table = io::knnTable(find(t->dist), find(t->index), file);
struct KnnTableNames {
    std::string dist, index;
};
// The table of `layer` ("" = the unprefixed names) among `members`; nullopt unless both arrays are there.
std::optional<KnnTableNames> knnTableNames(const std::vector<std::string>& members, const std::string& layer = {});
std::optional<KnnTableNames> knnTableNames(const std::vector<NdArray>& arrays, const std::string& layer = {});
// What `member` would be in a table: its layer ("" for the unprefixed names) and whether it holds the
// distances (else the indices); nullopt for any other name ('x', 'labels', ...).
struct KnnTableMember {
    std::string layer;
    bool distances = false;
};
std::optional<KnnTableMember> knnTableMember(const std::string& member);
// The names the other array of `member`'s table may have, for a message: "'index', 'indices' or
// 'dist_indices'", "'conv1_dist'".
std::string knnPartnerNames(const KnnTableMember& member);
// Throws "<where>: 'dist' holds the distances of a kNN graph but there is no array of neighbour
// indices ('index', 'indices' or 'dist_indices')" when an unprefixed half of a table is there without
// its other half: such a file is a broken graph, not coordinates.
void requireWholeKnnTable(const std::vector<NdArray>& arrays, const std::string& where);

// `text` for a one-line message: valid UTF-8 is kept except control characters (C0, DEL, C1,
// U+2028/9), which become \n, \r, \t, \xHH or \uHHHH; bytes that are not UTF-8 become \xHH.
std::string escapeControls(std::string_view text);

}  // namespace peakscope::io
