// Unit tests of the page ⇄ worker message set (web/protocol/messages.hpp): every message survives
// encode → decode with its fields; a result's Analysis arrives decoded once, bit for bit; truncated,
// foreign or wrong-direction bytes are refused with a message.
// Example: ./peakscope_tests -tc='web messages*'
#include <doctest/doctest.h>

#include <cmath>
#include <string>
#include <vector>

#include "core/analysis.hpp"
#include "core/params.hpp"
#include "core/toy/generators.hpp"
#include "protocol/messages.hpp"

using namespace peakscope;
using namespace peakscope::web;

namespace {

template <class T> T roundTripToWorker(const T& m) {
    const auto bytes = protocol::encode(protocol::ToWorker(m));
    const protocol::ToWorker back = protocol::decodeToWorker(bytes.data(), bytes.size());
    REQUIRE(std::holds_alternative<T>(back));
    return std::get<T>(back);
}
template <class T> T roundTripToPage(const T& m) {
    const auto bytes = protocol::encode(protocol::ToPage(m));
    const protocol::ToPage back = protocol::decodeToPage(bytes.data(), bytes.size());
    REQUIRE(std::holds_alternative<T>(back));
    return std::get<T>(back);
}

}  // namespace

TEST_CASE("web messages: page → worker messages keep their fields") {
    protocol::Load load{7, 3, 2, "moons", 1200, 0.1, 42, 0, "", -3, "species"};
    const auto l = roundTripToWorker(load);
    CHECK(l.job == 7);
    CHECK(l.version == 3);
    CHECK(l.keep == 2);
    CHECK(l.generator == "moons");
    CHECK(l.n == 1200);
    CHECK(l.noise == 0.1);
    CHECK(l.seed == 42);
    CHECK(l.fileName.empty());
    CHECK(l.labelName == "species");
    protocol::Load file;
    file.fileName = "blobs ü.csv";
    CHECK(roundTripToWorker(file).fileName == "blobs ü.csv");
    CHECK(roundTripToWorker(file).labelColumn == -3);  // default: a column named like labels
    // the label column picked in the data panel: none, or a file column
    for (int column : {-2, 0, 4}) {
        CAPTURE(column);
        file.labelColumn = column;
        const auto back = roundTripToWorker(file);
        CHECK(back.labelColumn == column);
        CHECK(back.fileName == "blobs ü.csv");
    }

    // the analysis parameters travel as the codec's text and read back to the same options
    params::Options o;
    params::parse(params::spec("density"), "knn", o);
    params::parse(params::spec("k"), "23", o);
    params::parse(params::spec("maxk"), "80", o);
    params::parse(params::spec("Z"), "2.5", o);
    const auto an = roundTripToWorker(protocol::Analyze{9, 3, params::toPairs(o, params::App, false)});
    CHECK(an.job == 9);
    CHECK(an.version == 3);
    params::Options back;
    const auto applied = params::applyPairs(back, an.params);
    CHECK(applied.problems.empty());
    CHECK(applied.unknown.empty());
    CHECK(back.analysis.density.method == DensityMethod::Knn);
    CHECK(back.analysis.density.k == 23);
    CHECK(back.analysis.neighbours.maxk == 80);
    CHECK(back.analysis.Z == 2.5);

    const auto f = roundTripToWorker(protocol::LayersFile{"own1:a.npz", "a.npz"});
    CHECK(f.key == "own1:a.npz");
    CHECK(f.name == "a.npz");
    CHECK(roundTripToWorker(protocol::LayersDrop{"k"}).key == "k");
    roundTripToWorker(protocol::LayersWarmup{});
    const auto lab = roundTripToWorker(protocol::LayersLabels{1, {0, 1, 2, -1}, {}});
    CHECK(lab.set == 1);
    CHECK(lab.labels == std::vector<std::int32_t>{0, 1, 2, -1});
    CHECK(lab.macro.empty());
    const auto la = roundTripToWorker(protocol::LayersAnalyze{5, 0, 64, 69, "f.npz", "d", "i", "", 2.5, {{"maxk", "64"}, {"Z", "2.5"}}});
    CHECK(la.job == 5);
    CHECK(la.slot == 64);
    CHECK(la.ref == 69);
    CHECK(la.dist == "d");
    CHECK(la.index == "i");
    CHECK(la.act.empty());
    CHECK(la.scale == 2.5);
    CHECK(la.params == protocol::Pairs{{"maxk", "64"}, {"Z", "2.5"}});
}

TEST_CASE("web messages: worker → page messages keep their fields; a result is decoded once, exactly") {
    const auto p = roundTripToPage(protocol::Progress{4, "density", 0.25});
    CHECK(p.job == 4);
    CHECK(p.stage == "density");
    CHECK(p.fraction == 0.25);
    const auto e = roundTripToPage(protocol::Failed{-1, "x.npz", "x.npz: the file is empty", true});
    CHECK(e.key == "x.npz");
    CHECK(e.message == "x.npz: the file is empty");
    CHECK(e.workerLost);
    const auto t = roundTripToPage(protocol::Table{2, 5, 900, 3, {0, 1, 1}, {"setosa", "versicolor"}, "900 points", {}, -1,
                                                    "option labels: no column named 'kind'"});
    CHECK(t.version == 5);
    CHECK(t.n == 900);
    CHECK(t.d == 3);
    CHECK(t.labels == std::vector<std::int32_t>{0, 1, 1});
    CHECK(t.labelNames == std::vector<std::string>{"setosa", "versicolor"});
    CHECK(t.info == "900 points");
    CHECK(t.columns.empty());
    CHECK(t.labelColumn == -1);
    CHECK(t.notice == "option labels: no column named 'kind'");
    // a text file's columns and the one taken as labels
    protocol::Table tc{3, 6, 4, 2, {0, 1, 0, 1}, {}, "4 points", {}, -1, ""};
    tc.columns = {"x", "species", "group ü"};
    tc.labelColumn = 2;
    const auto c = roundTripToPage(tc);
    CHECK(c.columns == std::vector<std::string>{"x", "species", "group ü"});
    CHECK(c.labelColumn == 2);
    CHECK(c.info == "4 points");
    CHECK(c.labels == std::vector<std::int32_t>{0, 1, 0, 1});
    const auto fi = roundTripToPage(protocol::LayersFileInfo{"k", "dist <f8 10x5;", {1, 2}});
    CHECK(fi.listing == "dist <f8 10x5;");
    CHECK(fi.labels == std::vector<std::int32_t>{1, 2});

    toy::Dataset data = toy::generate(toy::defaultSpec("gaussians", 3));
    auto a = std::make_shared<Analysis>(analyze(data.points.view(), {}));
    protocol::Result r;
    r.job = 11;
    r.analysis = a;
    r.projection = data.points;
    r.explained = {0.7, 0.3};
    const auto rb = roundTripToPage(r);
    CHECK(rb.job == 11);
    REQUIRE(bool(rb.analysis));
    CHECK(rb.analysis->id.id == a->id.id);  // bytes copied, not recomputed
    CHECK(rb.analysis->density.logRho == a->density.logRho);
    CHECK(rb.analysis->density.error == a->density.error);
    REQUIRE(!a->topography.centreLogRho.empty());
    CHECK(rb.analysis->topography.centreLogRho == a->topography.centreLogRho);
    CHECK(rb.analysis->topography.centreError == a->topography.centreError);
    const Partition pa = mergeAtZ(a->topography, a->density, 0.5);  // the page's re-merge: halo too
    const Partition pb = mergeAtZ(rb.analysis->topography, rb.analysis->density, 0.5);
    CHECK(pb.labels == pa.labels);
    CHECK(pb.haloLabels == pa.haloLabels);
    CHECK(rb.analysis->rowToUnique == a->rowToUnique);
    CHECK(rb.projection.values == data.points.values);
    CHECK(rb.explained == r.explained);

    protocol::LayersResult lr;
    lr.job = 3;
    lr.slot = 70;
    lr.maxk = 64;
    lr.chiLabels = 0.5;
    lr.chiMacro = NAN;
    lr.analysis = a;
    const auto lb = roundTripToPage(lr);
    CHECK(lb.slot == 70);
    CHECK(lb.chiLabels == 0.5);
    CHECK(std::isnan(lb.chiMacro));
    REQUIRE(bool(lb.analysis));
    CHECK(lb.analysis->partition.labels == a->partition.labels);
}

TEST_CASE("web messages: truncated, foreign or wrong-direction bytes are refused") {
    const auto bytes = protocol::encode(protocol::ToWorker(protocol::LayersAnalyze{5, 0, 1, -1, "key", "d", "i", "", 1, {{"Z", "1.65"}}}));
    for (size_t cut = 0; cut < bytes.size(); ++cut)
        CHECK_THROWS_AS(protocol::decodeToWorker(bytes.data(), cut), Error);
    // a worker message read as a page message, an unknown tag, a longer buffer
    CHECK_THROWS_WITH_AS(protocol::decodeToPage(bytes.data(), bytes.size()), "not a PeakScope message", Error);
    std::vector<std::uint8_t> unknown(bytes);
    unknown[1] = 200;
    CHECK_THROWS_WITH_AS(protocol::decodeToWorker(unknown.data(), unknown.size()), "not a PeakScope message", Error);
    std::vector<std::uint8_t> longer(bytes);
    longer.push_back(0);
    CHECK_THROWS_WITH_AS(protocol::decodeToWorker(longer.data(), longer.size()), "message has a bad trailer", Error);
}

TEST_CASE("web messages: the pool's messages (coordinator ⇄ helper workers) keep their fields") {
    const auto pts = roundTripToWorker(protocol::PoolPoints{4, 3, 2, {1, 2, 3, 4, 5, -0.0}});
    CHECK(pts.set == 4);
    CHECK(pts.n == 3);
    CHECK(pts.d == 2);
    CHECK(pts.values == std::vector<double>{1, 2, 3, 4, 5, -0.0});
    CHECK(std::signbit(pts.values[5]));
    const auto nb = roundTripToWorker(protocol::PoolNeighbours{7, 4, 30, int(NeighbourMethod::BruteForce), 256, 1000});
    CHECK(nb.job == 7);
    CHECK(nb.set == 4);
    CHECK(nb.maxk == 30);
    CHECK(nb.method == int(NeighbourMethod::BruteForce));
    CHECK(nb.begin == 256);
    CHECK(nb.end == 1000);
    const auto de = roundTripToWorker(protocol::PoolDensity{8, 10, 500, 4, 1.5, -0.25, {3, 3}, {0, 1, 2, 3, 0, 1, 1, 2}});
    CHECK(de.job == 8);
    CHECK(de.begin == 10);
    CHECK(de.n == 500);
    CHECK(de.width == 4);
    CHECK(de.id == 1.5);
    CHECK(de.logUnit == -0.25);
    CHECK(de.kstar == std::vector<std::int32_t>{3, 3});
    CHECK(de.distances.size() == 8);
    KnnRows rows;
    rows.begin = 128;
    rows.maxk = 1;
    rows.points = {5, 2};
    rows.distances = {0, 0.5, 0, 0.25};
    rows.indices = {5, 2, 2, 5};
    const auto pr = roundTripToPage(protocol::PoolRows{9, rows});
    CHECK(pr.job == 9);
    CHECK(pr.rows.begin == 128);
    CHECK(pr.rows.maxk == 1);
    CHECK(pr.rows.points == rows.points);
    CHECK(pr.rows.distances == rows.distances);
    CHECK(pr.rows.indices == rows.indices);
    const auto dr = roundTripToPage(protocol::PoolDensityRows{11, 20, {-1.5, 2.5}, {0.1, 0.2}});
    CHECK(dr.job == 11);
    CHECK(dr.begin == 20);
    CHECK(dr.logRho == std::vector<double>{-1.5, 2.5});
    CHECK(dr.error == std::vector<double>{0.1, 0.2});
}
