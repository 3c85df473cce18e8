// Unit tests of the pure logic of web/ (files without EM_JS or ImGui, compiled natively and in the
// wasm unit tests): the link (shell/url_query + each part's keys), and the page ⇄ worker result codec
// (protocol/result_codec). The browser behaviour itself is tested in tests/web/*.test.mjs.
// Example: ./peakscope_tests -tc='web*'
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "core/analysis.hpp"
#include "core/toy/generators.hpp"
#include "parts/layers/layers.hpp"
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
    bool applyUrlKey(const std::string& k, const std::string& v) override { return peaks::applyUrlKey(s, k, v); }
    void appendQuery(const shell::AddKey& add) const override { peaks::appendQuery(s, add); }
};
struct LayersKeys : shell::Part {
    LayersState L;
    const char* id() const override { return "layers"; }
    const char* tutorial() const override { return "2"; }
    float draw(float, float) override { return 0; }
    bool applyUrlKey(const std::string& k, const std::string& v) override {
        return layers::isUrlKey(k) && layers::applyUrlKey(L, k, v);
    }
    void appendQuery(const shell::AddKey& add) const override { layers::appendQuery(L, add); }
};

struct App {
    PeaksKeys peaks;
    LayersKeys layers;
    shell::ShellState st;
    std::vector<shell::Part*> parts{&peaks, &layers};
    std::string apply(const std::string& q) { return shell::applyQuery(parts, q, st); }
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
    const std::string q = "gen=moons&n=300&noise=0.1&seed=7&dim=3&est=kstar&maxk=50&Z=2.5&view=density&color=halo&step=3";
    CHECK(a.apply(q) == "");
    const PeaksState& s = a.peaks.s;
    CHECK(s.data.source.generator == "moons");
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
    CHECK(problems == "ignored k=0; ignored Z=-1; ignored view=nope; ignored foo=1; ignored variant=bogus; "
                      "ignored tutorial=9");
    CHECK(a.peaks.s.settings.k == 16);  // defaults kept
    CHECK(a.peaks.s.z.Z == doctest::Approx(1.65));
    CHECK(a.peaks.s.settings.maxk == 64);
    CHECK(a.peaks.s.settings.density == 2);
    CHECK(a.st.shown.empty());
}

TEST_CASE("web link: the shown part, embed, and Tutorial 2 keys only while it is shown") {
    App a;
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
    CHECK(b.topography.centres == a.topography.centres);
    CHECK(b.partition.labels == a.partition.labels);
    CHECK(b.curve.z == a.curve.z);
    CHECK(b.hierarchy.leafOrder == a.hierarchy.leafOrder);
    CHECK(b.rowToUnique == a.rowToUnique);
    CHECK(b.warnings == a.warnings);
    CHECK(proj2.rows == proj.rows);
    CHECK(proj2.values == proj.values);
    CHECK(explained2 == explained);
    // the merge at another Z in the page gives what the worker would give
    CHECK(mergeAtZ(b.topography, 3.0).labels == mergeAtZ(a.topography, 3.0).labels);
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
