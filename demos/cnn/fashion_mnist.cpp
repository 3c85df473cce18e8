// Fashion-MNIST IDX reader (see fashion_mnist.hpp).
#include "demos/cnn/fashion_mnist.hpp"

#include <zlib.h>

#include "core/types.hpp"

namespace peakscope::cnn {

const std::array<const char*, kClasses> kClassNames = {
    "T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"};

const std::vector<MacroClass>& macroClasses() {
    static const std::vector<MacroClass> m = {
        {"garments", {0, 2, 3, 4, 6}}, {"footwear", {5, 7, 9}}, {"trouser", {1}}, {"bag", {8}}};
    return m;
}

std::array<int, kClasses> macroOfClass() {
    std::array<int, kClasses> out{};
    const auto& m = macroClasses();
    for (std::size_t g = 0; g < m.size(); ++g)
        for (int c : m[g].classes) out[size_t(c)] = int(g);
    return out;
}

std::string readGzipFile(const std::string& path) {
    gzFile f = gzopen(path.c_str(), "rb");
    if (!f) throw Error("cannot open '" + path + "' (install Debian's dataset-fashion-mnist: bash setup.sh)");
    std::string out;
    char buf[1 << 16];
    for (;;) {
        const int r = gzread(f, buf, sizeof buf);
        if (r < 0) {
            int err = 0;
            std::string msg = gzerror(f, &err);
            gzclose(f);
            throw Error("'" + path + "': gzip error: " + msg);
        }
        if (r == 0) break;
        out.append(buf, size_t(r));
    }
    gzclose(f);
    return out;
}

namespace {

std::uint32_t be32(const std::string& s, std::size_t at) {
    return std::uint32_t(std::uint8_t(s[at])) << 24 | std::uint32_t(std::uint8_t(s[at + 1])) << 16 |
           std::uint32_t(std::uint8_t(s[at + 2])) << 8 | std::uint32_t(std::uint8_t(s[at + 3]));
}

// IDX: 0x00 0x00 type(0x08 = uint8) ndim, then ndim big-endian uint32 sizes, then the data.
std::vector<std::uint8_t> readIdx(const std::string& path, int ndim, std::vector<std::int64_t>& shape) {
    const std::string s = readGzipFile(path);
    if (s.size() < 4u + 4u * unsigned(ndim) || be32(s, 0) != (0x0800u | unsigned(ndim)))
        throw Error("'" + path + "' is not a uint8 IDX file with " + std::to_string(ndim) + " dimensions");
    shape.clear();
    std::size_t count = 1;
    for (int k = 0; k < ndim; ++k) {
        shape.push_back(be32(s, 4 + 4 * size_t(k)));
        count *= size_t(shape.back());
    }
    const std::size_t at = 4 + 4 * size_t(ndim);
    if (s.size() != at + count)
        throw Error("'" + path + "': expected " + std::to_string(count) + " data bytes, found " + std::to_string(s.size() - at));
    return std::vector<std::uint8_t>(s.begin() + std::ptrdiff_t(at), s.end());
}

}  // namespace

Dataset loadFashionMnist(const std::string& dir, const std::string& split) {
    std::vector<std::int64_t> si, sl;
    Dataset d;
    const std::string ip = dir + "/" + split + "-images-idx3-ubyte.gz", lp = dir + "/" + split + "-labels-idx1-ubyte.gz";
    d.images = readIdx(ip, 3, si);
    d.labels = readIdx(lp, 1, sl);
    if (si[1] != kSide || si[2] != kSide) throw Error("'" + ip + "': images are not 28 × 28");
    if (si[0] != sl[0]) throw Error("'" + ip + "' and '" + lp + "' hold different numbers of items");
    for (auto l : d.labels)
        if (l >= kClasses) throw Error("'" + lp + "': label " + std::to_string(l) + " is not in 0..9");
    d.n = si[0];
    return d;
}

}  // namespace peakscope::cnn
