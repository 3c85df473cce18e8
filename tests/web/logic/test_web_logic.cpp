// Unit tests of the pure logic of web/ (files without EM_JS or ImGui, compiled natively and in the
// wasm unit tests): the link (shell/url_query + each part's keys), and the page ⇄ worker result codec
// (protocol/result_codec). The browser behaviour itself is tested in tests/web/*.test.mjs.
// Example: ./peakscope_tests -tc='web*'
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "core/analysis.hpp"
#include "core/toy/generators.hpp"
#include "parts/layers/layers.hpp"
#include "parts/layers/layers_layout.hpp"
#include "parts/layers/layers_manifest.hpp"
#include "parts/layers/layers_state.hpp"
#include "parts/layers/peak_layout.hpp"
#include "parts/peaks/peaks_part.hpp"
#include "protocol/result_codec.hpp"
#include "shell/app.hpp"
#include "shell/url_query.hpp"

using namespace peakscope;
using namespace peakscope::web;

namespace {

// The two tutorials' link keys behind the Part interface, as web/main.cpp registers them (the real
// parts also draw; drawing is not under test here).
struct PeaksKeys : shell::Part {
    PeaksState s;
    const char* id() const override { return "peaks"; }
    const char* tutorial() const override { return "1"; }
    float draw(float, float) override { return 0; }
    std::vector<std::string> applyLink(shell::Pairs& pairs) override { return peaks::applyLink(s, pairs); }
    void appendQuery(const shell::AddKey& add) const override { peaks::appendQuery(s, add); }
};
struct LayersKeys : shell::Part {
    LayersState L;
    const char* id() const override { return "layers"; }
    const char* tutorial() const override { return "2"; }
    float draw(float, float) override { return 0; }
    std::vector<std::string> applyLink(shell::Pairs& pairs) override { return layers::applyLink(L, pairs); }
    void appendQuery(const shell::AddKey& add) const override { layers::appendQuery(L, add); }
};

struct App {
    PeaksKeys peaks;
    LayersKeys layers;
    shell::ShellState st;
    std::vector<shell::Part*> parts{&peaks, &layers};
    // the problems, one per line
    std::string apply(const std::string& q) {
        std::string t;
        for (const std::string& line : shell::applyQuery(parts, q, st)) t += (t.empty() ? "" : "\n") + line;
        return t;
    }
    std::string compose() const {
        const shell::Part& shown = st.shown == "layers" ? static_cast<const shell::Part&>(layers) : peaks;
        return shell::composeQuery(parts, shown, st.embed);
    }
};

}  // namespace

TEST_CASE("web link: percent-encoding round trip, '+' is a space") {
    const std::string s = "https://example.org/a b/data.csv?x=1&y=é#frag";
    CHECK(shell::decodeComponent(shell::encodeComponent(s)) == s);
    CHECK(shell::encodeComponent("a-b_c.d~e") == "a-b_c.d~e");
    CHECK(shell::encodeComponent("a b&c=d") == "a%20b%26c%3Dd");
    CHECK(shell::decodeComponent("a+b%2Fc%zz") == "a b/c%zz");  // a bad escape stays as it is
    std::vector<std::string> seen;
    shell::forEachKey("a=1&&b&c=x%3Dy&", [&](const std::string& k, const std::string& v) { seen.push_back(k + "|" + v); });
    CHECK(seen == std::vector<std::string>{"a|1", "b|", "c|x=y"});
}

TEST_CASE("web link: Tutorial 1 state survives query → state → query") {
    App a;
    const std::string q = "gen=manifold&n=300&noise=0.1&seed=7&dim=3&est=kstar&maxk=50&Z=2.5&view=density&color=halo&step=3";
    CHECK(a.apply(q) == "");
    const PeaksState& s = a.peaks.s;
    CHECK(s.data.source.generator == "manifold");
    CHECK(s.data.source.n == 300);
    CHECK(s.data.source.noise == doctest::Approx(0.1));
    CHECK(s.data.source.seed == 7);
    CHECK(s.data.source.dim == 3);
    CHECK(s.settings.density == 1);
    CHECK(s.settings.maxk == 50);
    CHECK(s.z.Z == doctest::Approx(2.5));
    CHECK(s.ui.view == View::Density);
    CHECK(s.ui.colour == ColourBy::Halo);
    CHECK(s.ui.tutorialStep == 3);
    CHECK(a.compose() == q);  // k is written only for the kNN estimator
    App b;
    CHECK(b.apply(a.compose()) == "");
    CHECK(b.compose() == a.compose());
}

TEST_CASE("web link: the views' toggles travel only when not at their defaults, and survive the round trip") {
    App def;
    const std::string plain = def.compose();
    for (const char* key : {"logdelta=", "logpeaks=", "tree="}) CHECK(plain.find(key) == std::string::npos);
    App a;
    CHECK(a.apply("gen=moons&view=decision&logdelta=0&logpeaks=1&tree=all") == "");
    CHECK_FALSE(a.peaks.s.ui.decisionLogDelta);
    CHECK(a.peaks.s.ui.peaksLogScale);
    CHECK(a.peaks.s.ui.dendrogramMode == 1);
    const std::string q = a.compose();
    CHECK(q.find("&logdelta=0&logpeaks=1&tree=all") != std::string::npos);
    App b;
    CHECK(b.apply(q) == "");
    CHECK(b.compose() == q);
    CHECK_FALSE(b.peaks.s.ui.decisionLogDelta);
    CHECK(b.peaks.s.ui.peaksLogScale);
    CHECK(b.peaks.s.ui.dendrogramMode == 1);
    // the defaults written out are accepted, and then not written again
    App c;
    CHECK(c.apply("logdelta=1&logpeaks=0&tree=z") == "");
    CHECK(c.compose() == plain);
}

TEST_CASE("web link: bad toggle values fall back to the defaults, one line each") {
    App a;
    a.peaks.s.ui.decisionLogDelta = false;  // values set before are reset, not kept
    a.peaks.s.ui.dendrogramMode = 1;
    const std::string problems = a.apply("logdelta=yes&logpeaks=2&tree=everything");
    CHECK(problems == shell::linkProblem("logdelta", "0 or 1", "yes", "using 1") + "\n" +
                          shell::linkProblem("logpeaks", "0 or 1", "2", "using 0") + "\n" +
                          shell::linkProblem("tree", "one of z, all", "everything", "using z"));
    CHECK(problems.rfind("option logdelta must be 0 or 1, got", 0) == 0);
    CHECK(a.peaks.s.ui.decisionLogDelta);
    CHECK_FALSE(a.peaks.s.ui.peaksLogScale);
    CHECK(a.peaks.s.ui.dendrogramMode == 0);
}

TEST_CASE("web link: a data URL replaces the generator and is percent-encoded") {
    App a;
    CHECK(a.apply("data=https%3A%2F%2Fx.org%2Fp%20q.csv&est=knn&k=12") == "");
    CHECK(a.peaks.s.data.source.url == "https://x.org/p q.csv");
    CHECK(a.peaks.s.data.source.generator.empty());
    const std::string q = a.compose();
    CHECK(q.rfind("data=https%3A%2F%2Fx.org%2Fp%20q.csv&est=knn&k=12&", 0) == 0);
}

TEST_CASE("web link: bad values and unknown keys are reported, the rest applies") {
    App a;
    const std::string problems = a.apply("k=0&Z=-1&view=nope&foo=1&maxk=64&est=pak&variant=bogus&tutorial=9");
    CHECK(problems == "option tutorial must be one of 1, 2, got 9 (showing Tutorial 1)\n"
                      "option view must be one of id, density, decision, peaks, dendrogram, got 'nope' (using peaks)\n"
                      "option k must be an integer in 1 … maxk, got 0 (using 16)\n"
                      "option Z must be a finite number ≥ 0, got -1 (using 1.65)\n"
                      "option variant must be one of trained, untrained, shifted (or 0 … 2), got 'bogus' (using trained)\n"
                      "unknown link key foo (ignored)");
    CHECK(a.peaks.s.settings.k == 16);  // defaults kept
    CHECK(a.peaks.s.z.Z == doctest::Approx(1.65));
    CHECK(a.peaks.s.settings.maxk == 64);
    CHECK(a.peaks.s.settings.density == 2);
    CHECK(a.st.shown.empty());
}

TEST_CASE("web link: a bad analysis value falls back to its default, named with the valid ones (codec)") {
    App a;
    // a value set before in the same state is reset to the default, not kept
    a.peaks.s.settings.k = 30;
    a.peaks.s.z.Z = 4;
    a.peaks.s.settings.density = 1;
    const std::string problems = a.apply("Z=abc&k=1e9&est=gauss");
    CHECK(problems.find("option Z must be a finite number ≥ 0, got 'abc' (using 1.65)") != std::string::npos);
    CHECK(problems.find("option est must be one of pak, kstar, knn, got 'gauss' (using knn)") != std::string::npos);
    CHECK(problems.find("option k must be an integer in 1 … 100 (maxk auto), got 1e9 (using 16)") != std::string::npos);
    const PeaksState& s = a.peaks.s;
    CHECK(s.z.Z == doctest::Approx(1.65));
    CHECK(s.settings.k == 16);
    CHECK(s.settings.density == 0);  // kNN, the app's default estimator
    // est is the app's old name of the codec's density (links keep working), density and z too
    App b;
    CHECK(b.apply("est=pak&Z=2.5") == "");
    CHECK(b.peaks.s.settings.density == 2);
    App c;
    CHECK(c.apply("density=kstar&z=0.5&maxk=auto") == "");
    CHECK(c.peaks.s.settings.density == 1);
    CHECK(c.peaks.s.z.Z == doctest::Approx(0.5));
    CHECK(c.peaks.s.settings.maxk == -1);
    // k within an explicit maxk; maxk within the app's 4 … 1000
    App d;
    CHECK(d.apply("maxk=200&k=150") == "");
    CHECK(d.peaks.s.settings.k == 150);
    App e;
    CHECK(e.apply("maxk=50&k=60&est=knn") == "option k must be an integer in 1 … 50 (maxk), got 60 (using 16)");
    CHECK(e.peaks.s.settings.k == 16);
    CHECK(e.peaks.s.settings.maxk == 50);
    App f;
    CHECK(f.apply("maxk=5000") == "option maxk must be auto or an integer in 4 … 1000 in the app, got 5000 (using auto)");
    CHECK(f.peaks.s.settings.maxk == -1);
    App g;
    CHECK(g.apply("k=2.5&maxk=-3").find("option maxk must be") != std::string::npos);
    CHECK(g.peaks.s.settings.k == 16);
    CHECK(g.peaks.s.settings.maxk == -1);
}

TEST_CASE("web link: a bad data set falls back to the default data set, with a message") {
    const DataSource def;
    App a;
    CHECK(a.apply("gen=nope") == "option gen must be one of gaussians, nested, moons, rings, hierarchy, uniform, "
                                 "manifold, hypercube, got 'nope' (showing the default data set, gaussians)");
    CHECK(a.peaks.s.data.source.generator == def.generator);
    CHECK(a.peaks.s.data.source.n == def.n);
    App b;
    CHECK(b.apply("n=-5") == "option n must be an integer in 100 … 100000 for gaussians, got -5 (using 5000)");
    CHECK(b.peaks.s.data.source.n == 5000);
    App c;
    CHECK(c.apply("n=99999999").find("got 99999999 (using 5000)") != std::string::npos);
    CHECK(c.peaks.s.data.source.n == 5000);
    App d;
    CHECK(d.apply("dim=999") == "option dim must be absent (gaussians is 2-D), got 999 (ignored)");
    CHECK(d.peaks.s.data.source.dim == 0);
    App e;  // gen after dim: the ranges are those of the final gen
    CHECK(e.apply("dim=999&gen=hypercube").find("option dim must be an integer in 1 … 20 for hypercube, got 999") !=
          std::string::npos);
    CHECK(e.peaks.s.data.source.generator == "hypercube");
    CHECK(e.peaks.s.data.source.dim == 0);  // the generator's default
    App f;
    CHECK(f.apply("gen=hypercube&dim=7&n=300&seed=3") == "");
    CHECK(f.peaks.s.data.source.dim == 7);
    App g;
    CHECK(g.apply("gen=moons&noise=abc&seed=-1").find("option noise must be a number in") != std::string::npos);
    CHECK(g.peaks.s.data.source.noise == def.noise);
    CHECK(g.peaks.s.data.source.seed == def.seed);
    CHECK(g.peaks.s.data.source.generator == "moons");
}

TEST_CASE("web link: Tutorial 2's bad keys fall back to their defaults with the valid values") {
    App a;
    a.layers.L.Z = 3;
    a.layers.L.shipped.layerNames = {"pixels", "block1", "block2", "head"};  // the loaded set's names
    const std::string problems = a.apply("tutorial=2&layer=conv99&epoch=x&lz=-2&wstep=99");
    CHECK(problems.find("option layer must be one of pixels, block1, block2, head (or a number 0 … 63), got 'conv99'") != std::string::npos);
    CHECK(problems.find("option epoch must be an integer in -1 … 1000000") != std::string::npos);
    CHECK(problems.find("option lz must be a finite number ≥ 0, got -2 (using 1.65)") != std::string::npos);
    CHECK(problems.find("option wstep must be an integer in -1 … 49") != std::string::npos);
    CHECK(a.layers.L.layer == -1);
    CHECK(a.layers.L.Z == doctest::Approx(1.65));
    CHECK(a.layers.L.step == 0);
    CHECK(a.st.shown == "layers");
}

TEST_CASE("web link: Tutorial 2's layer names follow the loaded set, also when the link comes first") {
    using peakscope::web::layers::resolveLinkLayer;
    // before the manifest: the name waits, the link keeps it
    App a;
    CHECK(a.apply("tutorial=2&layer=block3&lz=2") == "");
    CHECK(a.layers.L.layer == -1);
    CHECK(a.compose().find("layer=block3") != std::string::npos);
    CHECK(resolveLinkLayer(a.layers.L) == "");  // still no names: nothing to do
    CHECK(a.layers.L.linkLayer == "block3");
    // the set's names arrive: the name selects its layer, the link still says it by name
    a.layers.L.shipped.layerNames = {"pixels", "block1", "block2", "block3", "head"};
    CHECK(resolveLinkLayer(a.layers.L) == "");
    CHECK(a.layers.L.layer == 3);
    CHECK(a.layers.L.linkLayer.empty());
    CHECK(a.compose().find("layer=block3") != std::string::npos);
    // a name the set does not have: the problem names the set's layers, the last layer is shown
    App b;
    CHECK(b.apply("tutorial=2&layer=conv7") == "");
    b.layers.L.shipped.layerNames = {"pixels", "block1", "head"};
    CHECK(resolveLinkLayer(b.layers.L) == "option layer must be one of pixels, block1, head (or a number 0 … 63), got 'conv7' (using the last layer)");
    CHECK(b.layers.L.layer == -1);
    CHECK(b.compose().find("layer=") == std::string::npos);
    // names known when the link is applied: at once; numbers still work; a bad name before the set
    CHECK(b.apply("tutorial=2&layer=block1") == "");
    CHECK(b.layers.L.layer == 1);
    CHECK(b.apply("tutorial=2&layer=2") == "");
    CHECK(b.layers.L.layer == 2);
    App c;
    CHECK(c.apply("tutorial=2&layer=a%20b").find("option layer must be a layer name of the loaded set (or a number 0 … 63)") != std::string::npos);
}

TEST_CASE("web link: the shown part, embed, and Tutorial 2 keys only while it is shown") {
    App a;
    a.layers.L.shipped.layerNames = {"input", "conv1", "conv2", "conv3", "conv4"};
    CHECK(a.apply("gen=gaussians&tutorial=2&variant=shifted&layer=conv3&epoch=2&lz=2.5&wstep=4&embed=1") == "");
    CHECK(a.st.shown == "layers");
    CHECK(a.st.embed);
    CHECK(a.layers.L.series == 2);
    CHECK(a.layers.L.layer == 3);
    CHECK(a.layers.L.epoch == 2);
    CHECK(a.layers.L.Z == doctest::Approx(2.5));
    CHECK(a.layers.L.step == 4);
    const std::string q = a.compose();
    // Tutorial 1's keys first (going back restores it), then embed, then the shown part
    CHECK(q.rfind("gen=gaussians&n=5000&seed=1&est=knn&k=16&Z=1.65&view=peaks&color=peak&step=0&embed=1&tutorial=2&", 0) == 0);
    CHECK(q.find("variant=shifted") != std::string::npos);
    CHECK(q.find("lz=2.5") != std::string::npos);
    CHECK(q.find("wstep=4") != std::string::npos);
    App b;
    CHECK(b.apply(q) == "");
    CHECK(b.compose() == q);
    a.st.shown = "peaks";
    a.st.embed = false;
    CHECK(a.compose().find("variant") == std::string::npos);
    CHECK(a.compose().find("tutorial") == std::string::npos);
}

TEST_CASE("web protocol: an analysis and its projection survive encode → decode") {
    toy::DatasetSpec spec = toy::defaultSpec("gaussians", 3);
    spec.n = 400;
    const toy::Dataset data = toy::generate(spec);
    AnalysisParams p;
    p.Z = 1.65;
    Analysis a = analyze(data.points.view(), p);
    a.warnings = {"first warning", "second"};
    Matrix proj;
    proj.rows = a.n;
    proj.cols = 2;
    proj.values.assign(data.points.values.begin(), data.points.values.end());
    const std::vector<double> explained = {0.6, 0.4};
    const auto bytes = encodeAnalysis(a, proj, explained);

    Analysis b;
    Matrix proj2;
    std::vector<double> explained2;
    decodeAnalysis(bytes.data(), bytes.size(), b, proj2, explained2);
    CHECK(b.n == a.n);
    CHECK(b.d == a.d);
    CHECK(b.graph.maxk == a.graph.maxk);
    CHECK(b.id.id == a.id.id);  // bytes copied, not recomputed: exact
    CHECK(b.density.logRho == a.density.logRho);
    CHECK(b.density.error == a.density.error);
    CHECK(b.topography.centres == a.topography.centres);
    CHECK(b.topography.centreLogRho == a.topography.centreLogRho);
    CHECK(b.topography.centreError == a.topography.centreError);
    CHECK(b.partition.labels == a.partition.labels);
    CHECK(b.curve.z == a.curve.z);
    CHECK(b.curve.treeParent == a.curve.treeParent);  // the curve's trees: join labels at any Z
    CHECK(b.curve.stepOf == a.curve.stepOf);
    CHECK(b.curve.runStart == a.curve.runStart);
    CHECK(b.curve.runNode == a.curve.runNode);
    CHECK(b.curve.treeSteps == a.curve.treeSteps);
    REQUIRE(b.curve.treeSteps > 0);
    CHECK(b.hierarchy.leafOrder == a.hierarchy.leafOrder);
    CHECK(b.rowToUnique == a.rowToUnique);
    CHECK(b.warnings == a.warnings);
    CHECK(proj2.rows == proj.rows);
    CHECK(proj2.values == proj.values);
    CHECK(explained2 == explained);
    // the merge at another Z in the page gives what the worker would give
    const Partition pa = mergeAtZ(a.topography, a.density, 3.0), pb = mergeAtZ(b.topography, b.density, 3.0);
    CHECK(pb.labels == pa.labels);
    CHECK(pb.haloLabels == pa.haloLabels);
    Analysis c = b;
    remergeAtZ(a, 0.5);
    remergeAtZ(c, 0.5);
    REQUIRE(c.hierarchy.merges.size() == a.hierarchy.merges.size());
    for (size_t j = 0; j < a.hierarchy.merges.size(); ++j) CHECK(c.hierarchy.merges[j].mergeZ == a.hierarchy.merges[j].mergeZ);
}

TEST_CASE("web protocol: a truncated or foreign buffer is refused with a message") {
    Analysis a;
    a.n = 0;
    const auto bytes = encodeAnalysis(a, Matrix{}, {});
    Analysis b;
    Matrix m;
    std::vector<double> e;
    for (size_t cut : {size_t(0), size_t(3), bytes.size() / 2, bytes.size() - 1})
        CHECK_THROWS_WITH_AS(decodeAnalysis(bytes.data(), cut, b, m, e), doctest::Contains("analysis"), Error);
    std::vector<std::uint8_t> foreign(bytes);
    foreign[0] ^= 0xff;
    CHECK_THROWS_WITH_AS(decodeAnalysis(foreign.data(), foreign.size(), b, m, e), "not a PeakScope analysis buffer", Error);
    std::vector<std::uint8_t> longer(bytes);
    longer.push_back(0);
    CHECK_THROWS_WITH_AS(decodeAnalysis(longer.data(), longer.size(), b, m, e), doctest::Contains("trailer"), Error);
}

TEST_CASE("Layers summary digest: profiles, bands over seeds, nearest Z; malformed digests refused") {
    using namespace peakscope::web::layers;
    // two seeds, one run, two layers, Z values 1 and 2 (fields: see layers_summary.cpp)
    auto m = [](int seed, int layer, int zi, double id, double chi, int peaks) {
        return "m\ttrained\t" + std::to_string(seed) + "\t" + std::to_string(layer) + "\tL" + std::to_string(layer) + "\t" +
               std::to_string(zi) + "\t" + (zi ? "2" : "1") + "\t" + std::to_string(id) + "\t0.5\t" + std::to_string(chi) +
               "\t0.6\t\t0.1\t" + std::to_string(peaks) + "\t0.3\t0.4\t0.5\t0.6\t0.7\t0.8\t0.9\n";
    };
    std::string d = "z\t1\t2\nseed\t1\t0.6\nseed\t2\t0.7\nsnap\t25\n";
    for (int s = 0; s < 2; ++s)
        for (int l = 0; l < 2; ++l)
            for (int z = 0; z < 2; ++z) d += m(s, l, z, 10.0 * (l + 1) + s, 0.2 + 0.1 * s, 3 + z);
    const Summary S = parseSummaryDigest(d);
    CHECK(S.ready);
    CHECK(S.seeds == std::vector<int>{1, 2});
    CHECK(S.batches == std::vector<int>{25});
    CHECK(S.names.at("trained") == std::vector<std::string>{"L0", "L1"});
    CHECK(nearestZ(S, 1.65) == 1);
    CHECK(nearestZ(S, 1.4) == 0);
    const auto p = summaryProfile(S, "trained", 1, 1);
    REQUIRE(p.size() == 2);
    CHECK(p[1].id == doctest::Approx(21));
    CHECK(p[0].peaks == 4);
    CHECK(std::isnan(p[0].overlapInput));  // empty field
    CHECK(p[0].mergeOrder == doctest::Approx(0.9));
    CHECK(summaryProfile(S, "untrained", 0, 0).empty());
    const Band b = summaryBand(S, "trained", 0, [](const peakscope::representations::LayerMeasures& x) { return x.id; });
    REQUIRE(b.mean.size() == 2);
    CHECK(b.mean[1] == doctest::Approx(20.5));
    CHECK(b.lo[1] == doctest::Approx(20));
    CHECK(b.hi[1] == doctest::Approx(21));
    CHECK_THROWS_AS(parseSummaryDigest("seed\t1\t0.5\n"), peakscope::Error);                 // no Z, no measures
    CHECK_THROWS_AS(parseSummaryDigest("z\t1\n" + m(0, 0, 3, 1, 0.1, 1)), peakscope::Error);   // Z index outside
    CHECK_THROWS_AS(parseSummaryDigest("z\t1\nseed\t1\t0.5\n" + std::string("m\ttrained\t0\t0\tL\t0\t1\tx\t0\t0\t0\t0\t0\t1\t0\t0\t0\t0\t0\t0\t0\n")),
                    peakscope::Error);  // not a number
}

TEST_CASE("Layers layout: ?embed=1 and narrow screens get full-width rows, wide screens three columns") {
    using namespace peakscope::web::layers;
    auto overlap = [](const PaneRect& a, const PaneRect& b) {
        return a.x < b.x + b.w - 0.5f && b.x < a.x + a.w - 0.5f && a.y < b.y + b.h - 0.5f && b.y < a.y + a.h - 0.5f;
    };
    struct Screen { float w, h; bool embed; };
    for (const Screen& sc : {Screen{800, 560, true}, Screen{1400, 860, true}, Screen{900, 700, false}}) {
        const float w = sc.w, h = sc.h;
        const bool embed = sc.embed;
        const LayersLayout l = layersLayout(w, h, embed);
        INFO(w << " x " << h << " embed " << embed);
        CHECK(l.compact);
        CHECK(l.strip.w == doctest::Approx(w));     // the strip has the whole width: its axis labels fit
        CHECK(l.selected.w == doctest::Approx(w));
        CHECK(l.strip.y >= l.controls.y + l.controls.h);
        CHECK(l.height >= l.selected.y + l.selected.h);
        const PaneRect all[] = {l.controls, l.walkthrough, l.strip, l.selected};
        for (int i = 0; i < 4; ++i)
            for (int j = i + 1; j < 4; ++j) CHECK_FALSE(overlap(all[i], all[j]));
    }
    // the controls need more than the default top row (800 x 560: the snapshot buttons wrap): the
    // row grows to fit them, the strip and the selected layer move down, nothing overlaps
    for (float need : {200.0f, 430.0f, 700.0f}) {
        INFO("controls need " << need);
        const LayersLayout l = layersLayout(800, 560, true, need);
        CHECK(l.controls.h >= need);
        CHECK(l.walkthrough.h == doctest::Approx(l.controls.h));
        CHECK(l.strip.y >= l.controls.y + l.controls.h);
        CHECK(l.selected.y >= l.strip.y + l.strip.h);
        CHECK(l.height >= l.selected.y + l.selected.h);
    }
    CHECK(layersLayout(800, 560, true, 200).controls.h == doctest::Approx(layersLayout(800, 560, true).controls.h));
    // the compact page's height does not follow the frame's: an iframe sized to it does not grow
    CHECK(layersLayout(800, 560, true).height == doctest::Approx(layersLayout(800, 1800, true).height));
    CHECK(layersLayout(800, 560, true).height > 560);  // taller than the frame: it scrolls inside it
    // a phone (390 CSS px): one column, controls then walkthrough then strip then the selected layer
    for (float need : {0.0f, 450.0f}) {
        const LayersLayout p = layersLayout(390, 844, false, need);
        CHECK(p.compact);
        const PaneRect all[] = {p.controls, p.walkthrough, p.strip, p.selected};
        for (int i = 0; i < 4; ++i) {
            CHECK(all[i].x == 0);
            CHECK(all[i].w == doctest::Approx(390));
            if (i > 0) CHECK(all[i].y >= all[i - 1].y + all[i - 1].h);
        }
        CHECK(p.controls.h >= need);
        CHECK(p.height >= p.selected.y + p.selected.h);
    }
    const LayersLayout tall = layersLayout(1024, 768, false, 400);
    CHECK_FALSE(tall.compact);
    CHECK(tall.controls.h >= 400);
    CHECK(tall.walkthrough.y == doctest::Approx(tall.controls.h));
    CHECK(tall.walkthrough.h >= 0.38f * 768 - 0.5f);
    CHECK(layersLayout(1024, 768, false, 2000).controls.h <= 0.62f * 768 + 0.5f);
    const LayersLayout wide = layersLayout(1400, 860, false);
    CHECK_FALSE(wide.compact);
    CHECK(wide.strip.x > 0);
    CHECK(wide.selected.x > wide.strip.x);
    CHECK(wide.height >= 860);
}

TEST_CASE("Layers dendrogram labels: rows so that whole names never meet") {
    using peakscope::web::layers::labelRows;
    // 'T-shirt/top' 70 px, 'Trouser' 45 px, leaves 24 px apart, 6 px gap: 4 rows (4 x 24 >= 76)
    const std::vector<float> widths = {70, 45, 50, 30};
    const int rows = labelRows(widths, 24, 6, 8);
    CHECK(rows == 4);
    CHECK(float(rows) * 24 >= 70 + 6);  // labels of one row are rows x slot apart
    CHECK(labelRows(widths, 100, 6, 8) == 1);
    CHECK(labelRows(widths, 5, 6, 8) == 8);  // capped
    CHECK(labelRows({70}, 5, 6, 8) == 1);    // one leaf
}

TEST_CASE("Layers peak map: placed by class composition, discs apart, labels free") {
    using namespace peakscope::web::layers;
    const std::vector<int> c2m = {0, 2, 0, 0, 0, 1, 0, 1, 3, 1};  // Fashion-MNIST's macro-classes
    const auto a = classAnchors(10, c2m);
    REQUIRE(a.size() == 10);
    for (size_t c = 0; c < 10; ++c) {
        CHECK(std::hypot(a[c][0], a[c][1]) == doctest::Approx(1));
        for (size_t d = c + 1; d < 10; ++d) CHECK(std::hypot(a[c][0] - a[d][0], a[c][1] - a[d][1]) > 0.3);
    }
    // classes of one macro-class are nearer each other than the nearest class of another macro-class
    auto dist = [&](int x, int y) { return std::hypot(a[size_t(x)][0] - a[size_t(y)][0], a[size_t(x)][1] - a[size_t(y)][1]); };
    CHECK(dist(5, 7) < dist(5, 0));
    // a peak of one class sits at its anchor whatever its size (same place in every layer / epoch)
    std::vector<std::vector<int>> hist = {std::vector<int>(10, 0), std::vector<int>(10, 0), std::vector<int>(10, 0)};
    hist[0][3] = 40;
    hist[1][3] = 7;
    hist[2][5] = 10;
    hist[2][7] = 10;
    const auto pos = compositionLayout(hist, a);
    CHECK(pos[0][0] == doctest::Approx(a[3][0]));
    CHECK(pos[0][1] == doctest::Approx(a[3][1]));
    CHECK(pos[1][0] == doctest::Approx(pos[0][0]));
    CHECK(pos[2][0] == doctest::Approx((a[5][0] + a[7][0]) / 2));  // half and half: the midpoint
    // discs at one place are pushed apart until none hides another
    std::vector<Disc> d(12, Disc{0, 0, 1});
    separate(d, 0.5);
    for (size_t i = 0; i < d.size(); ++i)
        for (size_t j = i + 1; j < d.size(); ++j) CHECK(std::hypot(d[i].x - d[j].x, d[i].y - d[j].y) >= 2.5 - 1e-3);
    std::vector<Disc> apart = {{0, 0, 1}, {5, 0, 1}};
    CHECK(separate(apart, 0.5) == 0);
    CHECK(apart[1].x == 5);
    // labels: below when free; a label that would meet another takes another spot; none overlaps
    const std::vector<Disc> two = {{0, 0, 5}, {0, 14, 5}};
    const std::vector<Point2> sizes = {{30, 10}, {30, 10}};
    const auto at = placeLabels(two, sizes, {0, 1});
    REQUIRE(std::isfinite(at[0][0]));
    REQUIRE(std::isfinite(at[1][0]));
    CHECK(at[1][1] == doctest::Approx(20));  // below the second disc
    const bool meet = at[0][0] < at[1][0] + 30 && at[1][0] < at[0][0] + 30 && at[0][1] < at[1][1] + 10 && at[1][1] < at[0][1] + 10;
    CHECK_FALSE(meet);
    CHECK(at[0][1] + 10 <= -5 + 1e-9);  // not below (that would touch disc 1): above
}

TEST_CASE("Layers peak map labels: no two meet, none under a disc, all inside the map") {
    using namespace peakscope::web::layers;
    const std::vector<int> c2m = {0, 2, 0, 0, 0, 1, 0, 1, 3, 1};
    const auto anchors = classAnchors(10, c2m);
    const Box bounds{0, 0, 520, 360}, legend{6, 4, 90, 70};
    const Point2 mid{260, 180};
    const double scale = 360 / 2.6;  // the map's axes: ±1.3 in the shorter side
    auto meet = [](const Box& a, const Box& b) { return a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h; };
    auto underDisc = [](const Box& b, const Disc& c) {
        const double nx = std::clamp(c.x, b.x, b.x + b.w), ny = std::clamp(c.y, b.y, b.y + b.h);
        return std::hypot(c.x - nx, c.y - ny) < c.r;
    };
    uint32_t seed = 12345;
    auto rnd = [&]() { seed = seed * 1664525u + 1013904223u; return double(seed >> 8) / double(1u << 24); };
    int drawnPeaks = 0, wantedPeaks = 0, drawnAnchors = 0;
    for (int trial = 0; trial < 60; ++trial) {
        INFO("trial " << trial);
        // peaks by composition: pure-class peaks sit at their class's anchor (where its name wants to be)
        const int m = 3 + int(rnd() * 16);
        std::vector<std::vector<int>> hist(static_cast<size_t>(m), std::vector<int>(10, 0));
        for (auto& h : hist) {
            const int main = int(rnd() * 10);
            h[size_t(main)] = 20 + int(rnd() * 200);
            if (rnd() < 0.5) h[size_t(int(rnd() * 10))] += int(rnd() * 100);
        }
        const auto pos = compositionLayout(hist, anchors);
        std::vector<Disc> discs(static_cast<size_t>(m));
        for (int i = 0; i < m; ++i) discs[size_t(i)] = {mid[0] + pos[size_t(i)][0] * scale, mid[1] + pos[size_t(i)][1] * scale, 6 + rnd() * 26};
        separate(discs, 3.0);
        std::vector<Point2> peakSizes(static_cast<size_t>(m)), anchorAt(10), anchorSizes(10);
        std::vector<int> order(static_cast<size_t>(m));
        for (int i = 0; i < m; ++i) { peakSizes[size_t(i)] = {40 + rnd() * 40, 13}; order[size_t(i)] = i; }
        for (int c = 0; c < 10; ++c) {
            anchorAt[size_t(c)] = {mid[0] + anchors[size_t(c)][0] * 1.18 * scale, mid[1] + anchors[size_t(c)][1] * 1.18 * scale};
            anchorSizes[size_t(c)] = {45 + 8.0 * (c % 4), 13};
        }
        const MapLabels at = placeMapLabels(discs, peakSizes, order, anchorAt, anchorSizes, mid, bounds, {legend});
        std::vector<Box> boxes;
        for (int c = 0; c < 10; ++c)
            if (std::isfinite(at.anchors[size_t(c)][0])) {
                boxes.push_back({at.anchors[size_t(c)][0], at.anchors[size_t(c)][1], anchorSizes[size_t(c)][0], 13});
                ++drawnAnchors;
            }
        for (int i = 0; i < m; ++i) {
            ++wantedPeaks;
            if (!std::isfinite(at.peaks[size_t(i)][0])) continue;
            ++drawnPeaks;
            boxes.push_back({at.peaks[size_t(i)][0], at.peaks[size_t(i)][1], peakSizes[size_t(i)][0], 13});
        }
        for (size_t i = 0; i < boxes.size(); ++i) {
            const Box& b = boxes[i];
            CHECK(b.x >= bounds.x);
            CHECK(b.y >= bounds.y);
            CHECK(b.x + b.w <= bounds.x + bounds.w);
            CHECK(b.y + b.h <= bounds.y + bounds.h);
            CHECK_FALSE(meet(b, legend));
            for (const Disc& d : discs) CHECK_FALSE(underDisc(b, d));
            for (size_t j = i + 1; j < boxes.size(); ++j) CHECK_FALSE(meet(b, boxes[j]));
        }
    }
    // not by drawing nothing: most labels find a place
    CHECK(drawnAnchors >= 60 * 10 * 8 / 10);
    CHECK(drawnPeaks >= wantedPeaks * 6 / 10);
    // the case of the issue: a peak of one class sits at its anchor and its label below it, where the
    // class name wanted to go; the name moves (outwards), the two do not meet
    const std::vector<Disc> one = {{260, 180 + 1.0 * scale, 20}};  // the class at the bottom
    const MapLabels at = placeMapLabels(one, {{60, 13}}, {0}, {{260, 180 + 1.18 * scale}}, {{60, 13}}, mid, bounds);
    REQUIRE(std::isfinite(at.anchors[0][0]));
    REQUIRE(std::isfinite(at.peaks[0][0]));
    CHECK_FALSE(meet(Box{at.anchors[0][0], at.anchors[0][1], 60, 13}, Box{at.peaks[0][0], at.peaks[0][1], 60, 13}));
}

TEST_CASE("Layers peak map stays put: a peak of the same composition is at the same place in every layer") {
    using namespace peakscope::web::layers;
    const std::vector<int> c2m = {0, 2, 0, 0, 0, 1, 0, 1, 3, 1};
    const auto anchors = classAnchors(10, c2m);
    auto hist = [](std::initializer_list<std::pair<int, int>> counts) {
        std::vector<int> h(10, 0);
        for (const auto& [c, n] : counts) h[size_t(c)] = n;
        return h;
    };
    const Point2 centre{300, 220};
    // layer A: a trouser peak (class 1), a sandal/sneaker mix (5, 7), a bag peak (8)
    const std::vector<std::vector<int>> a = {hist({{1, 300}}), hist({{5, 100}, {7, 100}}), hist({{8, 250}})};
    // layer B (another layer or snapshot): other peaks, more of them, another order, other populations,
    // another largest peak and disc scale; the trouser peak (same composition, 4x the points) is third
    const std::vector<std::vector<int>> b = {hist({{0, 400}, {6, 380}}), hist({{4, 900}}), hist({{1, 1200}}),
                                             hist({{9, 300}, {7, 20}}), hist({{2, 150}, {4, 150}, {6, 10}})};
    const auto da = compositionDiscs(a, {300, 200, 250}, anchors, centre, 160, 30, 3);
    const auto db = compositionDiscs(b, {780, 900, 1200, 320, 310}, anchors, centre, 160, 24, 3);
    CHECK(da[0].x == doctest::Approx(db[2].x).epsilon(1e-12));
    CHECK(da[0].y == doctest::Approx(db[2].y).epsilon(1e-12));
    CHECK(da[0].x == doctest::Approx(centre[0] + 160 * anchors[1][0]));  // at its class's place
    CHECK(da[0].y == doctest::Approx(centre[1] + 160 * anchors[1][1]));
    // the same composition at another size is the same place too (a snapshot where the peak is forming)
    const auto dc = compositionDiscs({hist({{1, 12}, }), hist({{1, 500}, {3, 500}})}, {12, 1000}, anchors, centre, 160, 30, 3);
    CHECK(dc[0].x == doctest::Approx(da[0].x));
    CHECK(dc[0].y == doctest::Approx(da[0].y));
    CHECK(dc[0].r < da[0].r);
    // where two peaks of one class would hide each other, separate moves them just apart, around
    // their common place (their mean stays, neither goes further than the two radii and the gap)
    const auto dd = compositionDiscs({hist({{1, 300}}), hist({{1, 280}})}, {300, 280}, anchors, centre, 160, 30, 3);
    const double dist = std::hypot(dd[0].x - dd[1].x, dd[0].y - dd[1].y);
    CHECK(dist >= dd[0].r + dd[1].r + 3 - 1e-3);
    CHECK(dist <= dd[0].r + dd[1].r + 3 + 0.01);
    CHECK((dd[0].x + dd[1].x) / 2 == doctest::Approx(da[0].x));
    CHECK((dd[0].y + dd[1].y) / 2 == doctest::Approx(da[0].y));
}

TEST_CASE("Layers peak map without classes: each layer's MDS map is turned to the previous one (Procrustes)") {
    using namespace peakscope::web::layers;
    const std::vector<Point2> prev = {{0, 0}, {4, 0}, {4, 2}, {-1, 3}, {2, -3}};
    auto dist = [](const Point2& a, const Point2& b) { return std::hypot(a[0] - b[0], a[1] - b[1]); };
    // the same shape, turned by 2 rad, mirrored or not, shifted: the alignment undoes it exactly
    for (const bool mirror : {false, true}) {
        CAPTURE(mirror);
        std::vector<Point2> moved;
        for (const Point2& p : prev) {
            const double x = mirror ? -p[0] : p[0], y = p[1];
            moved.push_back({std::cos(2.0) * x - std::sin(2.0) * y + 7, std::sin(2.0) * x + std::cos(2.0) * y - 5});
        }
        const auto back = procrustes(moved, prev, std::vector<double>(prev.size(), 1.0));
        for (size_t p = 0; p < prev.size(); ++p) {
            CHECK(back[p][0] == doctest::Approx(prev[p][0]).epsilon(1e-9));
            CHECK(back[p][1] == doctest::Approx(prev[p][1]).epsilon(1e-9));
        }
        // the next layer: the same five peaks numbered in another order (MDS has no fixed order or
        // orientation); its points are those of the previous layer's peak of the same place
        const std::vector<int> perm = {3, 0, 4, 1, 2};  // next peak k = previous peak perm[k]
        std::vector<Point2> next(prev.size());
        for (size_t k = 0; k < perm.size(); ++k) next[k] = moved[size_t(perm[k])];
        std::vector<int> prevRow, nextRow;
        for (int q = 0; q < 5; ++q)
            for (int i = 0; i < 10 + 5 * q; ++i) {
                prevRow.push_back(q);
                nextRow.push_back(int(std::find(perm.begin(), perm.end(), q) - perm.begin()));
            }
        prevRow.push_back(-1), nextRow.push_back(0);  // a point in no peak (halo) is not counted
        const auto aligned = alignToPrevious(next, nextRow, prev, prevRow);
        for (size_t k = 0; k < perm.size(); ++k) {
            CHECK(aligned[k][0] == doctest::Approx(prev[size_t(perm[k])][0]).epsilon(1e-9));
            CHECK(aligned[k][1] == doctest::Approx(prev[size_t(perm[k])][1]).epsilon(1e-9));
        }
    }
    // a peak that splits: the shape of the new map is kept (every distance), only turned
    const std::vector<Point2> split = {{0, 0}, {1, 0}, {5, 5}, {5, 6}};
    const std::vector<int> prevRow = {0, 0, 0, 0, 1, 1, 1, 1}, nextRow = {0, 0, 1, 1, 2, 2, 3, 3};
    const auto aligned = alignToPrevious(split, nextRow, {{10, 10}, {3, 3}}, prevRow);
    for (size_t i = 0; i < split.size(); ++i)
        for (size_t j = 0; j < split.size(); ++j)
            CHECK(dist(aligned[i], aligned[j]) == doctest::Approx(dist(split[i], split[j])).epsilon(1e-9));
    // ... and the halves of the old peak at (10, 10) end nearer it than the other peak's halves
    CHECK(dist(aligned[0], {10, 10}) < dist(aligned[2], {10, 10}));
    CHECK(dist(aligned[3], {3, 3}) < dist(aligned[1], {3, 3}));
}

TEST_CASE("Layers summary.json, flattened as platform::files::readJsonFlat gives it, digests to what the strip reads") {
    using namespace peakscope::web::layers;
    // one seed, trained (one layer at two Z) and one snapshot; a null (ov_in) is an empty field;
    // a tab in a name becomes a space (readJsonFlat's cleaning)
    const std::map<std::string, std::string> flat = {
        {"format", "peakscope-tutorial2-summary"}, {"z.0", "1"}, {"z.1", "1.65"},
        {"seeds.0.seed", "7"}, {"seeds.0.test_accuracy", "0.73"},
        {"seeds.0.trained.A.0.name", "conv 1"}, {"seeds.0.trained.A.0.id", "20.5"}, {"seeds.0.trained.A.0.id_err", "0.4"},
        {"seeds.0.trained.A.0.chi_c", "0.2"}, {"seeds.0.trained.A.0.chi_m", "0.5"}, {"seeds.0.trained.A.0.ov_in", ""},
        {"seeds.0.trained.A.0.ov_out", "0.04"},
        {"seeds.0.trained.A.0.z.0.Z", "1"}, {"seeds.0.trained.A.0.z.0.peaks", "13"}, {"seeds.0.trained.A.0.z.0.ari_c", "0.01"},
        {"seeds.0.trained.A.0.z.0.merge", "0.5"},
        {"seeds.0.trained.A.0.z.1.Z", "1.65"}, {"seeds.0.trained.A.0.z.1.peaks", "5"},
        {"seeds.0.snapshots.0.batch", "25"},
        {"seeds.0.snapshots.0.A.0.name", "logits"}, {"seeds.0.snapshots.0.A.0.id", "3"},
        {"seeds.0.snapshots.0.A.0.z.0.Z", "1"}, {"seeds.0.snapshots.0.A.0.z.0.peaks", "2"},
    };
    const std::string d = summaryDigest(flat);
    CHECK(d == "z\t1\t1.65\n"
               "seed\t7\t0.73\n"
               "m\ttrained\t0\t0\tconv 1\t0\t1\t20.5\t0.4\t0.2\t0.5\t\t0.04\t13\t0.01\t\t\t\t\t\t0.5\n"
               "m\ttrained\t0\t0\tconv 1\t1\t1.65\t20.5\t0.4\t0.2\t0.5\t\t0.04\t5\t\t\t\t\t\t\t\n"
               "snap\t25\n"
               "m\tb25\t0\t0\tlogits\t0\t1\t3\t\t\t\t\t\t2\t\t\t\t\t\t\t\n");
    const Summary S = parseSummaryDigest(d);
    CHECK(S.ready);
    CHECK(S.seeds == std::vector<int>{7});
    CHECK(S.batches == std::vector<int>{25});
    CHECK(S.names.at("trained") == std::vector<std::string>{"conv 1"});
    const auto p = summaryProfile(S, "trained", 0, 1);
    REQUIRE(p.size() == 1);
    CHECK(p[0].peaks == 5);
    CHECK(p[0].id == doctest::Approx(20.5));
    CHECK(std::isnan(p[0].overlapInput));
    CHECK_THROWS_AS(parseSummaryDigest(summaryDigest({{"format", "x"}})), peakscope::Error);  // no Z, no seeds
}

TEST_CASE("Layers manifest.json, flattened as readJsonFlat gives it, is the shipped set: variants, layers, snapshots by batch") {
    using namespace peakscope::web::layers;
    // two variants of two layers (one as a kNN table, one as activations), snapshots at batch 0 (the
    // untrained variant's), 25 and 938 × 1 (the trained variant's epoch): only batch 25 is listed
    std::map<std::string, std::string> flat = {
        {"n", "3000"}, {"classes.0", "T-shirt"}, {"classes.1", "Trouser"}, {"classes.2", "Bag"},
        {"macro_classes.0.name", "clothes"}, {"macro_classes.1.name", "accessories"},
        {"class_to_macro.0", "0"}, {"class_to_macro.1", "0"}, {"class_to_macro.2", "1"},
        {"training.batches_per_epoch", "938"},
    };
    const auto layer = [&](const std::string& p, int i, const std::string& name, const std::string& file, bool table) {
        const std::string q = p + ".layers." + std::to_string(i);
        flat[q + ".name"] = name;
        flat[q + ".dims"] = table ? "1024" : "10";
        flat[q + ".file"] = file;
        flat[q + ".dist"] = table ? name + "_dist" : "";
        flat[q + ".index"] = table ? name + "_index" : "";
        flat[q + ".activations"] = table ? "" : name;
        flat[q + ".scale"] = "32";
    };
    for (int v = 0; v < 2; ++v) {
        const std::string p = "variants." + std::to_string(v);
        flat[p + ".name"] = v == 0 ? "trained" : "shifted";
        flat[p + ".description"] = "variant " + std::to_string(v);
        flat[p + ".test_accuracy"] = v == 0 ? "0.71" : "0.6";
        flat[p + ".epoch"] = "1";
        layer(p, 0, "input", v == 0 ? "trained.npz" : "shifted.npz", true);
        layer(p, 1, "logits", v == 0 ? "trained.npz" : "shifted.npz", false);
    }
    const int batches[] = {0, 25, 938};
    for (int e = 0; e < 3; ++e) {
        const std::string p = "snapshots.epochs." + std::to_string(e);
        flat[p + ".epoch"] = e == 2 ? "1" : "0";
        flat[p + ".batch"] = std::to_string(batches[e]);
        flat[p + ".test_accuracy"] = "0.5";
        layer(p, 0, "logits", "snap.npz", false);
    }
    const LayerSet set = manifestSet(flat);
    CHECK(set.n == 3000);
    CHECK(set.classes == std::vector<std::string>{"T-shirt", "Trouser", "Bag"});
    CHECK(set.macroNames == std::vector<std::string>{"clothes", "accessories"});
    CHECK(set.classToMacro == std::vector<int32_t>{0, 0, 1});
    CHECK(set.snapshotUnit == "batch");
    CHECK(set.batchesPerEpoch == 938);
    CHECK(set.layerNames == std::vector<std::string>{"input", "logits"});
    CHECK(set.outputLayer == 1);
    REQUIRE(set.series.size() == 2);
    CHECK(set.series[0].epoch == 938);  // epoch 1 in batches
    CHECK(set.series[0].accuracy == doctest::Approx(0.71));
    CHECK(set.shiftedSeries == 1);
    const LayerResult& in = set.series[0].layers[0];
    CHECK(in.key == "trained.npz");
    CHECK(in.dist == "input_dist");
    CHECK(in.index == "input_index");
    CHECK(in.act.empty());
    CHECK(in.dims == 1024);
    CHECK(in.scale == 32);
    CHECK(set.series[1].layers[1].act == "logits");
    REQUIRE(set.epochs.size() == 1);
    CHECK(set.epochs[0].name == "batch 25");
    CHECK(set.epochs[0].epoch == 25);
    REQUIRE(set.epochs[0].layers.size() == 2);
    CHECK(set.epochs[0].layers[0].name.empty());  // no input snapshot
    CHECK(set.epochs[0].layers[1].key == "snap.npz");
    // without batches per epoch, snapshots are keyed by epoch
    flat.erase("training.batches_per_epoch");
    const LayerSet byEpoch = manifestSet(flat);
    CHECK(byEpoch.snapshotUnit == "epoch");
    CHECK(byEpoch.series[0].epoch == 1);
    CHECK(byEpoch.epochs.empty());  // epochs 0 and 1 are the untrained and trained variants
}
