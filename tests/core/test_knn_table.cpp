// The one kNN-table reader (core/io knnTable; used by the CLI, the JS API and the app's worker):
// indices checked and converted, distances scaled, shapes checked, messages naming the entry;
// and the one decision which .npz arrays make a table (knnTableNames, knnTableMember).
// Example: ./peakscope_tests -tc='knnTable*'
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "core/io/readers.hpp"

using namespace peakscope;

TEST_CASE("knnTable: indices converted, distances divided by the scale") {
    const std::vector<double> dist = {0, 1, 2, 0, 3, 4, 0, 5, 6};
    const std::vector<double> index = {0, 1, 2, 1, 0, 2, 2, 1, 0};
    const io::KnnTable t = io::knnTable(dist.data(), index.data(), 3, 3, "t.npz", "'index'", 2.0);
    CHECK(t.n == 3);
    CHECK(t.k == 3);
    CHECK(t.index == std::vector<std::int32_t>{0, 1, 2, 1, 0, 2, 2, 1, 0});
    CHECK(t.dist == std::vector<double>{0, 0.5, 1, 0, 1.5, 2, 0, 2.5, 3});
}

TEST_CASE("knnTable: a bad index or shape is refused with a message naming it") {
    const std::vector<double> dist = {0, 1, 0, 2};
    CHECK_THROWS_WITH_AS(io::knnTable(dist.data(), std::vector<double>{0, 1, 1, 2}.data(), 2, 2, "analyzeGraph", "indices"),
                         "analyzeGraph: indices row 2, column 2: 2 is not a point index 0..1", Error);
    CHECK_THROWS_WITH_AS(io::knnTable(dist.data(), std::vector<double>{0, 0.5, 1, 0}.data(), 2, 2, "g.npz"),
                         "g.npz: 'index' row 1, column 2: 0.5 is not a point index 0..1", Error);
    CHECK_THROWS_AS(io::knnTable(dist.data(), std::vector<double>{0, -1, 1, 0}.data(), 2, 2, "g.npz"), Error);
    io::NdArray d, i;
    d.name = "dist";
    i.name = "index";
    d.shape = {2, 2};
    i.shape = {2, 3};
    d.values = dist;
    i.values = {0, 1, 1, 1, 0, 0};
    CHECK_THROWS_WITH_AS(io::knnTable(d, i, "g.npz"), "g.npz: 'dist' and 'index' must be two n × k arrays of the same shape",
                         Error);
    i.shape = {2, 2};
    i.values = {0, 1, 1, 0};
    CHECK(io::knnTable(d, i, "g.npz").index == std::vector<std::int32_t>{0, 1, 1, 0});
}

TEST_CASE("knnTableNames: the accepted pairs, a lone array refused, the earlier name first") {
    using Names = std::vector<std::string>;
    const auto pair = [](const Names& members, const std::string& layer = {}) {
        const auto t = io::knnTableNames(members, layer);
        return t ? t->dist + "+" + t->index : std::string("none");
    };
    CHECK(pair({"dist", "index"}) == "dist+index");
    CHECK(pair({"distances", "indices", "labels"}) == "distances+indices");
    CHECK(pair({"dist_indices", "dist"}) == "dist+dist_indices");
    CHECK(pair({"conv1_dist", "conv1_index", "labels"}, "conv1") == "conv1_dist+conv1_index");
    // one of the two arrays only: no table
    CHECK(pair({"dist", "x"}) == "none");
    CHECK(pair({"indices"}) == "none");
    CHECK(pair({"conv1_dist", "conv2_index"}, "conv1") == "none");
    CHECK(pair({"conv1_dist", "conv1_index"}) == "none");  // a layer's table is not the unprefixed one
    // several accepted names: the earlier in the list wins, whatever the archive order
    CHECK(pair({"distances", "dist", "dist_indices", "indices", "index"}) == "dist+index");
    CHECK(pair({"distances", "dist_indices", "indices"}) == "distances+indices");
    // from read arrays
    io::NdArray d, i;
    d.name = "distances";
    i.name = "dist_indices";
    CHECK(io::knnTableNames(std::vector<io::NdArray>{i, d})->dist == "distances");
}

TEST_CASE("knnTableMember: which names are a table's distances or indices, and of which layer") {
    const auto member = [](const std::string& name) {
        const auto m = io::knnTableMember(name);
        return m ? "'" + m->layer + "' " + (m->distances ? "dist" : "index") : std::string("none");
    };
    CHECK(member("dist") == "'' dist");
    CHECK(member("distances") == "'' dist");
    CHECK(member("index") == "'' index");
    CHECK(member("dist_indices") == "'' index");
    CHECK(member("conv1_dist") == "'conv1' dist");
    CHECK(member("epoch1_conv3_index") == "'epoch1_conv3' index");
    CHECK(member("_dist") == "none");
    CHECK(member("fc128_x") == "none");
    CHECK(member("labels") == "none");
}

TEST_CASE("requireWholeKnnTable: half a table is refused, naming the missing array; the rest passes") {
    const auto arrays = [](std::vector<std::string> names) {
        std::vector<io::NdArray> out(names.size());
        for (size_t i = 0; i < names.size(); ++i) out[i].name = names[i];
        return out;
    };
    CHECK(io::knnPartnerNames({"", true}) == "'index', 'indices' or 'dist_indices'");
    CHECK(io::knnPartnerNames({"", false}) == "'dist' or 'distances'");
    CHECK(io::knnPartnerNames({"conv1", true}) == "'conv1_index'");
    CHECK_THROWS_WITH_AS(io::requireWholeKnnTable(arrays({"distances", "x"}), "g.npz"),
                         "g.npz: 'distances' holds the distances of a kNN graph but there is no array of neighbour "
                         "indices ('index', 'indices' or 'dist_indices')",
                         Error);
    CHECK_NOTHROW(io::requireWholeKnnTable(arrays({"dist", "indices"}), "g.npz"));  // a whole table
    CHECK_NOTHROW(io::requireWholeKnnTable(arrays({"x", "index"}), "p.npz"));       // points with row ids
    CHECK_NOTHROW(io::requireWholeKnnTable(arrays({"x", "labels"}), "p.npz"));
}
