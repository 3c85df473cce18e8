// Unit tests of core/params: the one table of analysis parameters, strict parse/format (round trip
// for every parameter), every class of bad value with its one-line message, the JS-number entry (no
// double → integer cast before the checks), key=value lists and the checks that need the data.
#include <doctest/doctest.h>

#include <cmath>
#include <limits>
#include <set>
#include <string>

#include "core/params.hpp"
#include "test_support.hpp"

using namespace peakscope;
using namespace peakscope::testing;
namespace P = peakscope::params;

namespace {
// Some valid texts per parameter (each must read back to itself through format).
std::vector<std::string> samples(const P::Spec& s) {
    switch (s.kind) {
        case P::Kind::Choice: return {s.choices.begin(), s.choices.end()};
        case P::Kind::Flag: return {"true", "false"};
        case P::Kind::Real: return {"0", "1.65", "0.5", "3", "1e-7", "12345.678", "1e300"};
        case P::Kind::Integer: {
            std::vector<std::string> v{"1", "2", "10", "1000", "2147483646"};
            if (s.autoWord) v.push_back(s.autoWord);
            return v;
        }
    }
    return {};
}
}  // namespace

TEST_CASE("params: the table names every analysis parameter once, with a doc and a valid default") {
    std::set<std::string> seen;
    for (const P::Spec& s : P::table()) {
        CHECK(seen.insert(s.name).second);
        CHECK(std::string(s.doc).size() > 10);
        CHECK(P::find(s.name) == &s);
        if (s.cliFlag) CHECK(P::find(s.cliFlag) == &s);
        for (const char* a : s.aliases) CHECK(P::find(a) == &s);
        P::Options o;
        CHECK_NOTHROW(P::parse(s, s.defaultText(), o));  // the default parses
        CHECK(P::format(s, o) == s.defaultText());
    }
    for (const char* name : {"maxk", "Z", "density", "k", "neighbours", "idScaling", "decisionGraph", "mergeCurve", "halo"})
        CHECK_MESSAGE(P::find(name) != nullptr, name);
    CHECK(P::find("--neighbors") == &P::spec("neighbours"));
    CHECK(P::find("--z") == &P::spec("Z"));
    CHECK(P::find("maxK") == nullptr);
    CHECK(P::names(P::Js) == "maxk, Z, density, k, neighbours, idScaling, decisionGraph, mergeCurve");
    CHECK(errorOf([] { P::spec("nope"); }).find("nope") != std::string::npos);
    // the defaults are those of AnalysisParams
    const P::Options d;
    CHECK(P::spec("maxk").defaultText() == "auto");
    CHECK(d.analysis.neighbours.maxk == -1);
    CHECK(P::spec("Z").defaultText() == "1.65");
    CHECK(P::spec("density").defaultText() == "pak");
    CHECK(P::spec("k").defaultText() == "10");
    CHECK(P::spec("neighbours").defaultText() == "auto");
    CHECK(P::spec("idScaling").defaultText() == "false");
    CHECK(P::spec("decisionGraph").defaultText() == "true");
}

TEST_CASE("params: parse then format gives the text back, for every parameter") {
    for (const P::Spec& s : P::table())
        for (const std::string& text : samples(s)) {
            P::Options o;
            P::parse(s, text, o);
            CHECK_MESSAGE(P::format(s, o) == text, s.name << " " << text);
            P::Options o2;  // and format → parse is the same value
            P::parse(s, P::format(s, o), o2);
            CHECK(s.get(o2) == s.get(o));
        }
    // the values land in AnalysisParams
    P::Options o;
    P::parse(P::spec("maxk"), "50", o);
    P::parse(P::spec("density"), "knn", o);
    P::parse(P::spec("k"), "7", o);
    P::parse(P::spec("Z"), "2.5", o);
    P::parse(P::spec("neighbours"), "brute", o);
    P::parse(P::spec("idScaling"), "1", o);
    P::parse(P::spec("halo"), "true", o);
    CHECK(o.analysis.neighbours.maxk == 50);
    CHECK(o.analysis.density.method == DensityMethod::Knn);
    CHECK(o.analysis.density.k == 7);
    CHECK(o.analysis.Z == 2.5);
    CHECK(o.analysis.neighbours.method == NeighbourMethod::BruteForce);
    CHECK((o.analysis.idScaling && o.analysis.gride));
    CHECK(o.halo);
    P::parse(P::spec("idScaling"), "false", o);
    CHECK((!o.analysis.idScaling && !o.analysis.gride));
    // an integral value written as a real is an integer; "1e2" formats as "100"
    P::parse(P::spec("maxk"), "1e2", o);
    CHECK(o.analysis.neighbours.maxk == 100);
    // a real round-trips exactly
    const double z = 0.1 + 0.2;
    o.analysis.Z = z;
    P::Options back;
    P::parse(P::spec("Z"), P::format(P::spec("Z"), o), back);
    CHECK(back.analysis.Z == z);
}

TEST_CASE("params: every class of bad text gets one line naming option, valid values and value") {
    P::Options o;
    auto err = [&](const char* name, const char* text, P::Surface as = P::Js) {
        return errorOf([&] { P::parse(P::spec(name), text, o, as); });
    };
    // out of range, also beyond int64 (no cast before the check)
    CHECK(err("maxk", "1e300") == "option maxk must be an integer in 1 … n−1, got 1e300");
    CHECK(err("maxk", "9223372036854775808") == "option maxk must be an integer in 1 … n−1, got 9223372036854775808");
    CHECK(err("maxk", "0") == "option maxk must be an integer in 1 … n−1, got 0");
    CHECK(err("maxk", "-3") == "option maxk must be an integer in 1 … n−1, got -3");
    CHECK(err("k", "2147483648", P::Cli) == "option --k must be an integer in 1 … maxk, got 2147483648");
    CHECK(err("Z", "-1", P::Cli) == "option --Z must be a finite number ≥ 0, got -1");
    // not integral
    CHECK(err("maxk", "2.5") == "option maxk must be an integer in 1 … n−1, got 2.5");
    // not finite
    CHECK(err("Z", "1e999") == "option Z must be a finite number ≥ 0, got 1e999");
    CHECK(err("Z", "inf") == "option Z must be a finite number ≥ 0, got 'inf'");
    CHECK(err("Z", "nan") == "option Z must be a finite number ≥ 0, got 'nan'");
    // not the whole text, other syntaxes, empty
    CHECK(err("Z", "1.5x") == "option Z must be a finite number ≥ 0, got '1.5x'");
    CHECK(err("Z", " 1") == "option Z must be a finite number ≥ 0, got ' 1'");
    CHECK(err("Z", "0x10") == "option Z must be a finite number ≥ 0, got '0x10'");
    CHECK(err("Z", "") == "option Z must be a finite number ≥ 0, got ''");
    CHECK(err("Z", "1e") == "option Z must be a finite number ≥ 0, got '1e'");
    CHECK(err("maxk", ".") == "option maxk must be an integer in 1 … n−1, got '.'");
    // choices and flags
    CHECK(err("density", "gauss", P::Cli) == "option --density must be one of pak, kstar, knn, got 'gauss'");
    CHECK(err("density", "PAK") == "option density must be one of pak, kstar, knn, got 'PAK'");
    CHECK(err("neighbours", "ball") == "option neighbours must be one of auto, kdtree, brute, hnsw, got 'ball'");
    CHECK(err("idScaling", "yes") == "option idScaling must be true or false, got 'yes'");
    // the auto word only where there is one
    CHECK(err("k", "auto") == "option k must be an integer in 1 … maxk, got 'auto'");
    // control characters are escaped: the message stays one line
    const std::string e = err("density", "a\nb\x1b[31m");
    CHECK(e == "option density must be one of pak, kstar, knn, got 'a\\x0ab\\x1b[31m'");
    CHECK(e.find('\n') == std::string::npos);
    // long values are cut
    CHECK(err("density", std::string(100, 'x').c_str()).size() < 120);
    // a failed parse leaves the options as they were
    P::Options before;
    CHECK(!errorOf([&] { P::parse(P::spec("maxk"), "1e300", before); }).empty());
    CHECK(before.analysis.neighbours.maxk == -1);
}

TEST_CASE("params: JS numbers are checked for finiteness, integrality and range before any cast") {
    P::Options o;
    auto err = [&](const char* name, double x) { return errorOf([&] { P::setNumber(P::spec(name), x, o); }); };
    CHECK(err("maxk", 1e300) == "option maxk must be an integer in 1 … n−1, got 1e300");
    CHECK(err("maxk", 1e20) == "option maxk must be an integer in 1 … n−1, got 100000000000000000000");
    CHECK(err("maxk", 9223372036854775808.0) == "option maxk must be an integer in 1 … n−1, got 9223372036854775808");
    CHECK(err("maxk", 2.5) == "option maxk must be an integer in 1 … n−1, got 2.5");
    CHECK(err("maxk", std::nan("")) == "option maxk must be an integer in 1 … n−1, got NaN");
    CHECK(err("maxk", -std::numeric_limits<double>::infinity()) == "option maxk must be an integer in 1 … n−1, got -Infinity");
    CHECK(err("k", 1e300) == "option k must be an integer in 1 … maxk, got 1e300");
    CHECK(err("Z", -0.5) == "option Z must be a finite number ≥ 0, got -0.5");
    CHECK(err("Z", 1e21 * 1e300) == "option Z must be a finite number ≥ 0, got Infinity");
    CHECK(err("density", 1) == "option density must be one of pak, kstar, knn, got 1");
    CHECK(err("idScaling", 1) == "option idScaling must be true or false, got 1");
    CHECK(o.analysis.neighbours.maxk == -1);  // untouched by the failures
    P::setNumber(P::spec("maxk"), 2147483646, o);
    CHECK(o.analysis.neighbours.maxk == 2147483646);
    P::setNumber(P::spec("Z"), 0, o);
    CHECK(o.analysis.Z == 0);
    P::setFlag(P::spec("decisionGraph"), false, o);
    CHECK(!o.analysis.decisionGraph);
    CHECK(!errorOf([&] { P::setFlag(P::spec("Z"), true, o); }).empty());
}

TEST_CASE("params: checks that need the data (maxk < n, k <= maxk)") {
    P::Options o;
    CHECK_NOTHROW(P::checkWithData(o, 600));
    CHECK(P::effectiveMaxk(o, 600) == 100);
    CHECK(P::effectiveMaxk(o, 50) == 49);
    P::parse(P::spec("maxk"), "600", o);
    CHECK(errorOf([&] { P::checkWithData(o, 600); }) == "option maxk must be an integer in 1 … n−1 = 599, got 600");
    CHECK(errorOf([&] { P::checkWithData(o, 600, P::Cli); }) == "option --maxk must be an integer in 1 … n−1 = 599, got 600");
    CHECK_NOTHROW(P::checkWithData(o, 601));
    // k against the effective maxk: the request, or min(100, n − 1)
    P::Options k;
    P::parse(P::spec("density"), "knn", k);
    P::parse(P::spec("k"), "150", k);
    CHECK(errorOf([&] { P::checkWithData(k, 600, P::Cli); }) == "option --k must be an integer in 1 … maxk = 100, got 150");
    P::parse(P::spec("maxk"), "200", k);
    CHECK_NOTHROW(P::checkWithData(k, 600));
    P::parse(P::spec("maxk"), "20", k);
    CHECK(errorOf([&] { P::checkWithData(k, 600); }) == "option k must be an integer in 1 … maxk = 20, got 150");
    // another estimator ignores k
    P::parse(P::spec("density"), "pak", k);
    CHECK_NOTHROW(P::checkWithData(k, 600));
    // a neighbour table: maxk beyond its width keeps the table; k is bounded by both
    P::Options g;
    P::parse(P::spec("density"), "knn", g);
    P::parse(P::spec("k"), "30", g);
    CHECK(errorOf([&] { P::checkWithData(g, -1, P::Js, 20); }) == "option k must be an integer in 1 … maxk = 20, got 30");
    P::parse(P::spec("maxk"), "500", g);
    CHECK(errorOf([&] { P::checkWithData(g, -1, P::Js, 25); }) == "option k must be an integer in 1 … maxk = 25, got 30");
    CHECK_NOTHROW(P::checkWithData(g, -1, P::Js, 40));
    // fewer points than the analysis needs: core's "too few points" is the message, not maxk or k
    P::Options few;
    P::parse(P::spec("density"), "knn", few);
    P::parse(P::spec("k"), "16", few);
    CHECK_NOTHROW(P::checkWithData(few, 2));
    const std::vector<double> two = {1, 2, 3, 4};
    CHECK(errorOf([&] { (void)analyze(PointsView(two.data(), 2, 2), few.analysis); })
              .rfind("too few points: the analysis needs at least 17 distinct points", 0) == 0);
    P::parse(P::spec("maxk"), "50", few);
    CHECK(errorOf([&] { P::checkWithData(few, 30); }) == "option maxk must be an integer in 1 … n−1 = 29, got 50");
}

TEST_CASE("params: key=value lists report each bad key with its valid values and fall back to the default") {
    P::Options o;
    const auto r = P::applyPairs(o, {{"maxk", "50"}, {"density", "gauss"}, {"view", "peaks"}, {"Z", "-2"},
                                     {"neighbors", "brute"}, {"k", "12"}});
    CHECK(o.analysis.neighbours.maxk == 50);
    CHECK(o.analysis.density.method == DensityMethod::PAk);  // default
    CHECK(o.analysis.Z == 1.65);                              // default
    CHECK(o.analysis.neighbours.method == NeighbourMethod::BruteForce);
    CHECK(o.analysis.density.k == 12);
    REQUIRE(r.problems.size() == 2);
    CHECK(r.problems[0] == "option density must be one of pak, kstar, knn, got 'gauss' (using the default, pak)");
    CHECK(r.problems[1] == "option Z must be a finite number ≥ 0, got -2 (using the default, 1.65)");
    REQUIRE(r.unknown.size() == 1);
    CHECK(r.unknown[0].first == "view");
    CHECK(r.unknown[0].second == "peaks");
    // toPairs writes what applyPairs reads; only the changed values by default
    const auto pairs = P::toPairs(o);
    P::Options back;
    CHECK(P::applyPairs(back, pairs).problems.empty());
    for (const P::Spec& s : P::table()) CHECK_MESSAGE(s.get(back) == s.get(o), s.name);
    CHECK(pairs.size() == 3);  // maxk, k, neighbours
    CHECK(P::toPairs(P::Options{}).empty());
    CHECK(P::toPairs(P::Options{}, P::Cli | P::Js | P::App, false).size() == P::table().size());
}

TEST_CASE("params: integer helpers for options outside the table") {
    CHECK(P::integerFromText("12", 1, 100, "--sizes", "1 … 100") == 12);
    CHECK(errorOf([] { P::integerFromText("-5", 5, 1000, "--sizes", "5 … 1000"); }) ==
          "option --sizes must be an integer in 5 … 1000, got -5");
    CHECK(errorOf([] { P::integerFromText("", 5, 1000, "--sizes", "5 … 1000"); }) ==
          "option --sizes must be an integer in 5 … 1000, got ''");
    CHECK(P::integerFromNumber(-1, -1, 10, "labelColumn", "-1 … 10") == -1);
    CHECK(errorOf([] { P::integerFromNumber(4294967296.0, -1, 2147483647, "labelColumn", "-1 … 2147483647"); }) ==
          "option labelColumn must be an integer in -1 … 2147483647, got 4294967296");
    CHECK(P::numberText(1e300) == "1e300");
    CHECK(P::numberText(1e-7) == "1e-7");
    CHECK(P::numberText(-2.5) == "-2.5");
    CHECK(P::numberText(0.1) == "0.1");
    CHECK(P::numberText(-0.0) == "0");
    double x = 0;
    CHECK(P::parseDouble("+1.5e+3", x));
    CHECK(x == 1500);
    CHECK(!P::parseDouble("1.5 ", x));
    CHECK(!P::parseDouble("-", x));
    CHECK(!P::parseDouble("infinity", x));
}

TEST_CASE("params: the Markdown table lists every parameter with its default and valid values") {
    const std::string t = P::markdownTable();
    for (const P::Spec& s : P::table()) {
        CHECK(t.find("| `" + std::string(s.name) + "`") != std::string::npos);
        CHECK(t.find(s.validValues()) != std::string::npos);
    }
    CHECK(t.find("| `maxk` | `--maxk` | `auto` | an integer in 1 … n−1 (4 … 1000 in the app) |") != std::string::npos);
    CHECK(t.find("| `density` (`est` in the app's link) |") != std::string::npos);
}

TEST_CASE("params: the app's surface names density est and bounds maxk to 4 … 1000; k within maxk before the data") {
    const P::Spec& density = P::spec("density");
    const P::Spec& maxk = P::spec("maxk");
    CHECK(density.shown(P::App) == "est");
    CHECK(density.shown(P::Js) == "density");
    CHECK(P::find("est") == &density);
    P::Options o;
    P::parse(density, "knn", o, P::App);
    CHECK(o.analysis.density.method == DensityMethod::Knn);
    CHECK(errorOf([&] { P::parse(density, "gauss", o, P::App); }) == "option est must be one of pak, kstar, knn, got 'gauss'");
    // maxk: the app's range, only when shown as the app
    CHECK(errorOf([&] { P::parse(maxk, "2", o, P::App); }) == "option maxk must be auto or an integer in 4 … 1000 in the app, got 2");
    CHECK(errorOf([&] { P::parse(maxk, "5000", o, P::App); }) ==
          "option maxk must be auto or an integer in 4 … 1000 in the app, got 5000");
    P::parse(maxk, "5000", o, P::Js);
    CHECK(o.analysis.neighbours.maxk == 5000);
    P::parse(maxk, "auto", o, P::App);
    CHECK(o.analysis.neighbours.maxk == -1);
    P::parse(maxk, "1000", o, P::App);
    CHECK(o.analysis.neighbours.maxk == 1000);
    // k ≤ maxk before the data: auto maxk counts as its largest, 100
    P::Options k;
    P::parse(density, "knn", k);
    P::parse(P::spec("k"), "150", k);
    CHECK(errorOf([&] { P::checkKWithinMaxk(k); }) == "option k must be an integer in 1 … 100 (maxk auto), got 150");
    CHECK(errorOf([&] { P::checkKWithinMaxk(k, P::App, "1.5e2"); }) ==
          "option k must be an integer in 1 … 100 (maxk auto), got 1.5e2");
    P::parse(maxk, "120", k);
    CHECK(errorOf([&] { P::checkKWithinMaxk(k); }) == "option k must be an integer in 1 … 120 (maxk), got 150");
    P::parse(maxk, "150", k);
    CHECK_NOTHROW(P::checkKWithinMaxk(k));
    P::parse(maxk, "20", k);
    P::parse(density, "pak", k);
    CHECK_NOTHROW(P::checkKWithinMaxk(k));  // k is the knn estimator's only
}
