// Format of the shipped Tutorial 2 sets (demos/data/tutorial2, written by demos/cnn): manifest
// consistent with the .npz members; dtypes and shapes; kNN tables valid (indices in range, no self,
// no repeats, rows sorted, zero only for exact duplicates); the float16 scale rule; the graph of a
// layer with stored activations is the kNN graph of those activations; the input graph matches the
// images; the subset is class-balanced and taken from Fashion-MNIST's test split as stated.
// Specification: demos/cnn/export.hpp, the manifest's own rule strings, issue #5 part 1.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <set>

#include "core/neighbours.hpp"
#include "demos/cnn/fashion_mnist.hpp"
#include "demos/cnn/half.hpp"
#include "t2_support.hpp"

using namespace peakscope;
using t2::Json;
using t2::ShippedSet;

namespace {
const std::vector<std::string> kLayers = {"input", "conv1", "conv2", "conv3", "fc128", "logits"};
const std::vector<int64_t> kDims = {784, 16 * 14 * 14, 32 * 7 * 7, 64 * 3 * 3, 128, 10};

// Every layer entry of the manifest (variants and snapshots).
std::vector<const Json*> allLayerEntries(const Json& m) {
    std::vector<const Json*> out;
    for (const Json& v : m.at("variants").arr)
        for (const Json& l : v.at("layers").arr) out.push_back(&l);
    for (const Json& e : m.at("snapshots").at("epochs").arr)
        for (const Json& l : e.at("layers").arr) out.push_back(&l);
    return out;
}
}  // namespace

TEST_CASE("tutorial2 manifest: variants, layers, classes, macro-classes, snapshots") {
    const ShippedSet& s = ShippedSet::get();
    const Json& m = s.manifest;
    CHECK(m.at("format").str == "peakscope-tutorial2");
    CHECK(m.at("n").num == 3000);
    CHECK(m.at("maxk").num == 64);
    CHECK(m.at("self_column").type == Json::Bool);
    CHECK_FALSE(m.at("self_column").b);
    // classes and macro-classes: every class in exactly one macro-class, class_to_macro agrees
    REQUIRE(m.at("classes").size() == 10);
    for (int c = 0; c < 10; ++c) CHECK(m.at("classes")[size_t(c)].str == cnn::kClassNames[size_t(c)]);
    std::vector<int> seen(10, 0);
    const Json& macro = m.at("macro_classes");
    REQUIRE(macro.size() == 4);
    for (size_t g = 0; g < macro.size(); ++g)
        for (const Json& c : macro[g].at("classes").arr) {
            ++seen.at(size_t(c.num));
            CHECK(m.at("class_to_macro")[size_t(c.num)].num == double(g));
        }
    for (int c = 0; c < 10; ++c) CHECK(seen[size_t(c)] == 1);
    // the grouping of the issue: garments {T-shirt/top, Pullover, Dress, Coat, Shirt}, footwear {Sandal, Sneaker, Ankle boot}
    const std::vector<std::vector<int>> expected = {{0, 2, 3, 4, 6}, {5, 7, 9}, {1}, {8}};
    for (size_t g = 0; g < 4; ++g) {
        std::vector<int> got;
        for (const Json& c : macro[g].at("classes").arr) got.push_back(int(c.num));
        CHECK(got == expected[g]);
    }

    // variants: trained, untrained, shifted, each with the six layers in order and their dims
    std::set<std::string> names;
    for (const Json& v : m.at("variants").arr) {
        names.insert(v.at("name").str);
        const Json& ls = v.at("layers");
        REQUIRE(ls.size() == kLayers.size());
        for (size_t l = 0; l < ls.size(); ++l) {
            CHECK(ls[l].at("name").str == kLayers[l]);
            CHECK(ls[l].at("dims").num == double(kDims[l]));
            CHECK(ls[l].at("dist").type == Json::String);  // variants always carry the graph
            CHECK((ls[l].at("activations").type == Json::String) == (kDims[l] <= 128));
        }
        const double acc = v.at("test_accuracy").num;
        CHECK(acc >= 0.0);
        CHECK(acc <= 1.0);
    }
    CHECK(names == std::set<std::string>{"trained", "untrained", "shifted"});
    auto variant = [&](const std::string& name) -> const Json& {
        for (const Json& v : m.at("variants").arr)
            if (v.at("name").str == name) return v;
        throw std::runtime_error("no variant " + name);
    };
    CHECK(variant("trained").at("test_accuracy").num > variant("untrained").at("test_accuracy").num + 0.5);
    CHECK(variant("shifted").at("test_accuracy").num > 0.5);

    // snapshots: epochs ascending from 0 to the last training epoch; accuracies match the trained run
    const Json& ep = m.at("snapshots").at("epochs");
    REQUIRE(ep.size() >= 3);
    CHECK(ep[0].at("epoch").num == 0);
    CHECK(ep[ep.size() - 1].at("epoch").num == m.at("training").at("epochs").num);
    const Json& byEpoch = variant("trained").at("accuracy_by_epoch");
    CHECK(byEpoch[0].num == variant("untrained").at("test_accuracy").num);
    for (size_t i = 0; i < ep.size(); ++i) {
        if (i) CHECK(ep[i].at("epoch").num > ep[i - 1].at("epoch").num);
        CHECK(ep[i].at("test_accuracy").num == byEpoch[size_t(ep[i].at("epoch").num)].num);
        REQUIRE(ep[i].at("layers").size() == 3);
        for (size_t l = 0; l < 3; ++l) CHECK(ep[i].at("layers")[l].at("name").str == kLayers[3 + l]);
    }

    // every referenced member exists with the right dtype and shape; scale = 2^scale_exponent
    for (const Json* lp : allLayerEntries(m)) {
        const Json& l = *lp;
        const std::string file = l.at("file").str;
        CAPTURE(file);
        CAPTURE(l.at("name").str);
        CHECK(l.at("scale").num == std::ldexp(1.0, int(l.at("scale_exponent").num)));
        CHECK((l.at("dist").type == Json::String || l.at("activations").type == Json::String));
        if (l.at("dist").type == Json::String) {
            const auto& d = s.array(file, l.at("dist").str);
            const auto& ix = s.array(file, l.at("index").str);
            CHECK(d.dtype == "<f2");
            CHECK(ix.dtype == "<u2");
            CHECK(d.shape == std::vector<Index>{3000, 64});
            CHECK(ix.shape == std::vector<Index>{3000, 64});
        }
        if (l.at("activations").type == Json::String) {
            const auto& x = s.array(file, l.at("activations").str);
            CHECK(x.dtype == "<f2");
            CHECK(x.shape == std::vector<Index>{3000, Index(l.at("dims").num)});
            CHECK(l.at("dims").num <= 128);
        }
    }
}

TEST_CASE("tutorial2 subset: 300 images per class from the test split, same labels everywhere") {
    const ShippedSet& s = ShippedSet::get();
    const auto& labels = s.array("images.npz", "labels");
    const auto& ti = s.array("images.npz", "test_index");
    const auto& img = s.array("images.npz", "images");
    const auto& sh = s.array("images.npz", "shifts");
    CHECK(labels.dtype == "|u1");
    CHECK(ti.dtype == "<u2");
    CHECK(img.dtype == "|u1");
    CHECK(sh.dtype == "|i1");
    REQUIRE(labels.shape == std::vector<Index>{3000});
    REQUIRE(img.shape == std::vector<Index>{3000, 28, 28});
    REQUIRE(sh.shape == std::vector<Index>{3000, 2});
    std::vector<int> count(10, 0);
    for (double l : labels.values) ++count.at(size_t(l));
    for (int c = 0; c < 10; ++c) CHECK(count[size_t(c)] == 300);
    for (const char* f : {"trained.npz", "untrained.npz", "shifted.npz"})
        CHECK(s.array(f, "labels").values == labels.values);
    std::set<double> distinct(ti.values.begin(), ti.values.end());
    CHECK(distinct.size() == 3000);
    for (double v : sh.values) {
        CHECK(v >= -4);
        CHECK(v <= 4);
    }
    // against the Debian package: same images and labels, first 300 per class in test order
    const cnn::Dataset test = cnn::loadFashionMnist(cnn::kDefaultFashionMnistDir, "t10k");
    std::vector<int> taken(10, 0);
    std::vector<std::vector<int32_t>> expect(10);
    for (int64_t i = 0; i < test.n; ++i)
        if (taken[test.labels[size_t(i)]]++ < 300) expect[test.labels[size_t(i)]].push_back(int32_t(i));
    size_t k = 0, mismatches = 0;
    for (int c = 0; c < 10; ++c)
        for (int32_t i : expect[size_t(c)]) {
            CHECK(ti.values[k] == double(i));
            CHECK(labels.values[k] == double(c));
            for (int p = 0; p < 784; ++p) mismatches += img.values[k * 784 + size_t(p)] != double(test.image(i)[p]);
            ++k;
        }
    CHECK(mismatches == 0);
}

TEST_CASE("tutorial2 graphs: valid exact kNN tables in float16 / uint16") {
    const ShippedSet& s = ShippedSet::get();
    for (const Json* lp : allLayerEntries(s.manifest)) {
        const Json& l = *lp;
        if (l.at("dist").type != Json::String) continue;
        CAPTURE(l.at("file").str);
        CAPTURE(l.at("dist").str);
        const auto& d = s.array(l.at("file").str, l.at("dist").str);
        const auto& ix = s.array(l.at("file").str, l.at("index").str);
        const Index n = d.shape[0], k = d.shape[1];
        size_t bad = 0, unsorted = 0, zeros = 0;
        double maxD = 0;
        std::vector<Index> seen(size_t(n), -1);
        for (Index i = 0; i < n; ++i)
            for (Index j = 0; j < k; ++j) {
                const double v = d.values[size_t(i * k + j)];
                const Index t = Index(ix.values[size_t(i * k + j)]);
                bad += !(std::isfinite(v) && v >= 0) || t < 0 || t >= n || t == i || seen[size_t(t)] == i;
                seen[size_t(std::min(std::max<Index>(t, 0), n - 1))] = i;
                if (j) unsorted += v < d.values[size_t(i * k + j - 1)];
                zeros += v == 0;
                maxD = std::max(maxD, v);
            }
        CHECK(bad == 0);
        CHECK(unsorted == 0);
        CHECK(double(zeros) == l.at("zero_distances").num);
        // scale rule: the largest stored distance lies in [256, 512) (activation layers: the graph of
        // the stored float16 values may move it by a rounding step)
        CHECK(maxD >= 255.0);
        CHECK(maxD < 513.0);
        // the table reads as a core graph
        CHECK_NOTHROW(t2::tableGraph(s, l));
    }
}

TEST_CASE("tutorial2 graphs: the input graph is the pixel graph; activation layers' graphs are their activations' graphs") {
    const ShippedSet& s = ShippedSet::get();
    const Json& in = t2::layerEntry(s.manifest, "trained", "input");
    const auto& img = s.array("images.npz", "images");
    const double scale = in.at("scale").num;
    // input = pixels / 255: recompute the exact graph, compare with the stored float16 table
    std::vector<double> x(img.values.size());
    for (size_t i = 0; i < x.size(); ++i) x[i] = img.values[i] / 255.0 * scale;
    NeighbourParams np;
    np.maxk = 64;
    const KnnGraph g = neighbours(PointsView(x.data(), 3000, 784), np);
    const auto& d = s.array("trained.npz", in.at("dist").str);
    const auto& ix = s.array("trained.npz", in.at("index").str);
    size_t distOff = 0, setOff = 0, zeroWrong = 0;
    for (Index i = 0; i < 3000; ++i) {
        std::set<int32_t> a, b;
        for (Index j = 0; j < 64; ++j) {
            const double stored = d.values[size_t(i * 64 + j)], exact = g.dist(i, j + 1);
            distOff += std::fabs(stored - exact) > exact * 4.9e-4 + 1e-7;  // float16: half an ulp = 2^-11 relative
            zeroWrong += (stored == 0) != (exact == 0);
            a.insert(g.index(i, j + 1));
            b.insert(int32_t(ix.values[size_t(i * 64 + j)]));
        }
        // same neighbour set except where the 64th distance ties after rounding
        if (a != b && d.values[size_t(i * 64 + 63)] != d.values[size_t(i * 64 + 62)]) ++setOff;
    }
    CHECK(distOff == 0);
    CHECK(zeroWrong == 0);
    CHECK(setOff == 0);

    // fc128 / logits: the graph of the stored activations
    for (const char* variant : {"trained", "untrained", "shifted"})
        for (const char* layer : {"fc128", "logits"}) {
            CAPTURE(variant);
            CAPTURE(layer);
            const Json& l = t2::layerEntry(s.manifest, variant, layer);
            const auto& a = s.array(l.at("file").str, l.at("activations").str);
            const KnnGraph ga = neighbours(PointsView(a.values.data(), a.shape[0], a.shape[1]), np);
            const auto& dd = s.array(l.at("file").str, l.at("dist").str);
            const auto& ii = s.array(l.at("file").str, l.at("index").str);
            size_t off = 0, idxOff = 0;
            for (Index i = 0; i < 3000; ++i)
                for (Index j = 0; j < 64; ++j) {
                    off += cnn::distanceToHalf(ga.dist(i, j + 1)) != cnn::toHalf(dd.values[size_t(i * 64 + j)]);
                    idxOff += ga.index(i, j + 1) != int32_t(ii.values[size_t(i * 64 + j)]) &&
                              (j == 0 || dd.values[size_t(i * 64 + j)] != dd.values[size_t(i * 64 + j - 1)]) &&
                              (j == 63 || dd.values[size_t(i * 64 + j)] != dd.values[size_t(i * 64 + j + 1)]);
                }
            CHECK(off == 0);
            CHECK(idxOff == 0);  // equal up to the order of rounding ties
        }
}

TEST_CASE("tutorial2 files: what the README states (sizes, no stray files)") {
    std::size_t total = 0;
    for (const char* f : {"manifest.json", "trained.npz", "untrained.npz", "shifted.npz", "snapshots.npz", "images.npz"}) {
        std::ifstream in(t2::dataDir() + "/" + f, std::ios::binary | std::ios::ate);
        REQUIRE(in.good());
        total += std::size_t(in.tellg());
    }
    MESSAGE("tutorial2 data: " << total << " bytes");
    CHECK(total < 16u * 1024 * 1024);
}
