// Fashion-MNIST (Xiao, Rasul & Vollgraf 2017) from Debian's `dataset-fashion-mnist`: gzip IDX files
// (LeCun's IDX format: big-endian magic 0x0803 / 0x0801, then dimensions, then uint8 data).
// Sections: Dataset · readIdx · loadFashionMnist · class names and macro-classes
// Example: Dataset test = loadFashionMnist("/usr/share/datasets/fashion-mnist", "t10k");
#pragma once
#include <array>
#include <cstdint>
#include <string>
#include <vector>

namespace peakscope::cnn {

constexpr const char* kDefaultFashionMnistDir = "/usr/share/datasets/fashion-mnist";
constexpr int kSide = 28, kPixels = 28 * 28, kClasses = 10;

struct Dataset {
    std::int64_t n = 0;
    int side = kSide;                  // images are side × side (28 for Fashion-MNIST itself)
    std::vector<std::uint8_t> images;  // n × side × side, row-major
    std::vector<std::uint8_t> labels;  // n, in 0..9
    std::int64_t pixels() const { return std::int64_t(side) * side; }
    const std::uint8_t* image(std::int64_t i) const { return images.data() + i * pixels(); }
};

// Whole gzip (or plain) file through zlib; throws peakscope::Error naming the file.
std::string readGzipFile(const std::string& path);
// "train" or "t10k": <dir>/<split>-images-idx3-ubyte.gz and <dir>/<split>-labels-idx1-ubyte.gz.
Dataset loadFashionMnist(const std::string& dir, const std::string& split);

// Class names as in the dataset paper, and the macro-class grouping used by Tutorial 2.
extern const std::array<const char*, kClasses> kClassNames;
struct MacroClass { const char* name; std::vector<int> classes; };
const std::vector<MacroClass>& macroClasses();   // garments, footwear, trouser, bag
std::array<int, kClasses> macroOfClass();        // class → macro-class index

}  // namespace peakscope::cnn
