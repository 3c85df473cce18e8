// Tutorial 1's sentences about the data (web/parts/peaks/peaks_text): computed from what is loaded.
#include <doctest/doctest.h>

#include <cstdio>
#include <algorithm>
#include <memory>
#include <string>

#include "core/analysis.hpp"
#include "core/toy/generators.hpp"
#include "parts/peaks/peaks_text.hpp"

using namespace peakscope;
using namespace peakscope::web;

namespace {
bool has(const std::string& s, const std::string& part) { return s.find(part) != std::string::npos; }

Dataset generated(const char* id) {
    Dataset d;
    const toy::Dataset g = toy::generate(toy::defaultSpec(id, 1));
    d.source.generator = id;
    d.n = g.points.rows;
    d.d = g.points.cols;
    d.truth = g.labels;
    return d;
}
// A loaded file: 150 rows × 4 columns with three text classes.
Dataset irisFile() {
    Dataset file;
    file.source.generator.clear();
    file.source.fileName = "iris.csv";
    file.n = 150;
    file.d = 4;
    file.truth.assign(150, 0);
    for (int i = 50; i < 150; ++i) file.truth[size_t(i)] = i / 50;
    file.truthNames = {"setosa", "versicolor", "virginica"};
    return file;
}
}  // namespace

TEST_CASE("peaks text: step 1 names the data actually loaded") {
    const Dataset gauss = generated("gaussians");
    CHECK(has(text::dataSentence(gauss), "five overlapping Gaussian clouds"));
    CHECK(has(text::dataSentence(gauss), std::to_string(gauss.n) + " points"));
    const Dataset uni = generated("uniform");
    const std::string s = text::dataSentence(uni);
    CHECK_FALSE(has(s, "Gaussian clouds"));
    CHECK(has(s, "Uniform square"));
    CHECK(has(s, "Set up"));
    Dataset file = irisFile();
    const std::string f = text::dataSentence(file);
    CHECK(has(f, "iris.csv"));
    CHECK_FALSE(has(f, "Gaussian clouds"));
}

TEST_CASE("peaks text: the data panel describes a loaded file, not the generator") {
    Dataset file = irisFile();
    const std::string d = text::dataDescription(file, nullptr);
    CHECK(has(d, "iris.csv"));
    CHECK(has(d, "150 points in 4 dimensions"));
    CHECK(has(d, "3 classes"));
    CHECK(has(d, "setosa"));
    CHECK_FALSE(has(d, "Gaussian"));
    file.truth.clear();
    file.truthNames.clear();
    CHECK(has(text::dataDescription(file, nullptr), "No label column"));
}

TEST_CASE("peaks text: the moons' Z is read from the merge curve of the loaded data") {
    const Dataset moons = generated("moons");
    AnalysisParams p;
    p.decisionGraph = false;
    p.mergeCurve = true;
    const Analysis a = analyze(toy::generate(toy::defaultSpec("moons", 1)).points.view(), p);
    const std::string d = text::dataDescription(moons, &a);
    // the Z written is where the curve first reaches two peaks
    size_t k = 0;
    while (k < a.curve.z.size() && a.curve.nClusters[k] != 2) ++k;
    REQUIRE(k < a.curve.z.size());
    char z[16];
    std::snprintf(z, sizeof z, "%.2f", a.curve.z[k]);
    CHECK(has(d, std::string("2 peaks for Z from ") + z));
    CHECK(mergeAtZ(a.topography, a.density, a.curve.z[k] + 1e-9).nClusters() == 2);
    CHECK_FALSE(has(d, "2.5)"));
    MESSAGE(d);
}

TEST_CASE("peaks text: zRangeFor on a hand-made curve; colours; maxk") {
    MergeCurve c;
    c.z = {0, 1.2, 2.7, 4.0};
    c.nClusters = {7, 4, 2, 1};
    CHECK(text::zRangeFor(c, 2) == "2 peaks for Z from 2.70 to 4.00");
    CHECK(text::zRangeFor(c, 1) == "1 peak for Z from 4.00 on");
    CHECK(text::zRangeFor(c, 3) == "no Z gives 3 peaks on these data");
    CHECK(has(text::colourSentence(ColourBy::LogDensity, 5, 1.65, true), "log-density"));
    CHECK(has(text::colourSentence(ColourBy::Peak, 5, 1.65, true), "5 peaks"));
    CHECK(has(text::colourSentence(ColourBy::Truth, 5, 1.65, true), "true class"));
    // the points plot is on top in the stacked and embedded layouts: no position in the sentence
    for (ColourBy c : {ColourBy::Peak, ColourBy::Halo, ColourBy::LogDensity, ColourBy::Truth})
        CHECK_FALSE(has(text::colourSentence(c, 5, 1.65, true), "middle"));
    // the ground truth by name: legend entries and the hover
    Dataset iris;
    iris.truth = {0, 1, 2, 1, -1};
    iris.truthNames = {"setosa", "versicolor", "virginica"};
    const auto lg = text::truthLegend(iris);
    REQUIRE(lg.size() == 4);
    CHECK(lg[0] == std::make_pair(0, std::string("setosa")));
    CHECK(lg[2] == std::make_pair(2, std::string("virginica")));
    CHECK(lg[3] == std::make_pair(-1, std::string("noise")));
    CHECK(text::truthName(iris, 1) == "versicolor");
    Dataset many;
    for (int k = 0; k < 20; ++k) many.truth.push_back(k);
    const auto lm = text::truthLegend(many, 12);
    REQUIRE(lm.size() == 13);
    CHECK(lm[11].second == "class 11");
    CHECK(lm[12].first == -2);
    CHECK(has(lm[12].second, "and 8 more classes"));
    // step 2 reads the fit on screen, not a fixed "about 2"
    Analysis fit;
    fit.id.id = 4.8712;
    fit.id.error = 0.0689;
    fit.d = 10;
    CHECK(has(text::idSentence(fit), "4.87 \xc2\xb1 0.07"));
    CHECK(has(text::idSentence(fit), "given in 10 dimensions"));
    fit.d = 0;  // a neighbour table: no coordinates
    CHECK(has(text::idSentence(fit), "neighbour table"));
    CHECK_FALSE(has(text::idSentence(fit), "0 dimensions"));
    CHECK(text::maxkHelp(-1, 2000).find("min(100, N - 1)") != std::string::npos);
    CHECK(has(text::maxkHelp(-1, 2000), "here 100 for 2000 points"));
    CHECK(has(text::maxkHelp(-1, 40), "here 39 for 40 points"));
    CHECK(has(text::maxkHelp(50, 2000), "set to 50"));
    CHECK(text::expectedPeaks("moons") == 2);
    CHECK(text::expectedPeaks("gaussians") == 5);
    CHECK(text::expectedPeaks("manifold") == 0);
}

TEST_CASE("peaks text: the accessible summary and tables follow the result at Z") {
    PeaksState s;
    CHECK(text::resultSummary(s).empty());
    const Dataset g = generated("gaussians");
    AnalysisParams p;
    p.decisionGraph = false;
    auto a = std::make_shared<Analysis>(analyze(toy::generate(toy::defaultSpec("gaussians", 1)).points.view(), p));
    s.results.analysis = a;
    s.results.settings.density = 2;
    s.data.name = "Gaussian mixture";
    s.z.Z = 1.65;
    s.z.partition = mergeAtZ(a->topography, a->density, s.z.Z);
    s.z.rowLabels = a->perRow(s.z.partition.labels);
    s.z.rowHalo = a->perRow(s.z.partition.haloLabels);
    const Index m = s.z.partition.nClusters();
    const std::string sum = text::resultSummary(s);
    CHECK(has(sum, std::to_string(m) + (m == 1 ? " peak" : " peaks") + " at Z = 1.65"));
    char id[64];
    std::snprintf(id, sizeof id, "%.2f \xc2\xb1 %.2f", a->id.id, a->id.error);
    CHECK(has(sum, id));
    CHECK(has(sum, "PAk"));
    CHECK(has(sum, "5000 points in 2 dimensions"));
    std::vector<palette::PeakStyle> styles(static_cast<size_t>(m));
    if (m > 1) styles[1] = {1, palette::Shape::Diamond};
    const std::string html = text::resultTablesHtml(s, styles);
    // one body row per peak and per saddle, header cells, captions
    size_t rows = 0;
    for (size_t at = html.find("<tr><th scope=\"row\">"); at != std::string::npos; at = html.find("<tr><th scope=\"row\">", at + 1)) ++rows;
    CHECK(rows == size_t(m) + s.z.partition.saddles.size());
    CHECK(has(html, "<caption>Peaks at Z = 1.65"));
    CHECK(has(html, "<caption>Saddles between touching peaks"));
    if (m > 1) CHECK(has(html, "sky blue, diamond"));
    // the sum of the Points column is the number of rows
    long long total = 0;
    for (size_t c = 0; c < size_t(m); ++c)
        total += std::count(s.z.rowLabels.begin(), s.z.rowLabels.end(), int32_t(c));
    CHECK(total == 5000);
    // at most maxRows rows, and a note
    const std::string cut = text::resultTablesHtml(s, styles, 1);
    if (m > 1) CHECK(has(cut, std::to_string(m - 1) + " more peaks not listed"));
    CHECK_FALSE(has(html, "peakscope-classes-table"));  // no ground truth, no classes table
    // with ground truth: the classes table lists the legend's entries (names escaped), colours, counts
    s.data.truth.assign(5000, 1);
    for (size_t i = 0; i < 5000; i += 5) s.data.truth[i] = 0;
    s.data.truth[3] = -1;
    s.data.truthNames = {"a<b", "setosa"};
    const std::string named = text::resultTablesHtml(s, styles);
    CHECK(has(named, "<caption>Ground truth: 2 classes"));
    CHECK(has(named, "<tr><th scope=\"row\">0</th><td>a&lt;b</td><td>orange</td><td>1000</td></tr>"));
    CHECK(has(named, "<tr><th scope=\"row\">1</th><td>setosa</td><td>sky blue</td><td>3999</td></tr>"));
    CHECK(has(named, "<tr><th scope=\"row\">-1</th><td>noise</td><td>grey</td><td>1</td></tr>"));
    CHECK(has(text::resultTablesHtml(s, styles, 1), "1 more class not listed"));
}
