// Tutorial 2's accessible text (web/parts/layers/layers_text.hpp): the sentence and the table carry
// the numbers of the analysed layers at Z (computed here from a real analysis), say which layers
// are not analysed or failed, and escape names that come from files.
#include <doctest/doctest.h>

#include <memory>
#include <string>

#include "core/analysis.hpp"
#include "core/toy/generators.hpp"
#include "parts/layers/layers_text.hpp"

using namespace peakscope;
using namespace peakscope::web;
using namespace peakscope::web::layers;

namespace {
bool has(const std::string& s, const std::string& part) { return s.find(part) != std::string::npos; }

std::string fixed2(double v) {
    char b[32];
    std::snprintf(b, sizeof b, "%.2f", v);
    return b;
}
}  // namespace

TEST_CASE("layers text: the layer on screen and the table of layers, from the analysis at Z") {
    AnalysisParams p;
    p.decisionGraph = false;
    auto a = std::make_shared<const Analysis>(analyze(toy::generate(toy::defaultSpec("gaussians", 1)).points.view(), p));
    Series se;
    se.name = "trained";
    se.layers.resize(3);
    se.layers[0].name = "conv<1>";  // a name from a file: escaped in the HTML
    se.layers[0].dims = 1024;
    se.layers[0].a = a;
    se.layers[0].part = mergeAtZ(a->topography, a->density, 1.65);
    se.layers[0].ariClass = 0.4567;
    se.layers[0].chiLabels = 0.25;
    se.layers[1].name = "conv2";
    se.layers[1].failed = true;
    se.layers[1].error = "bad table";
    se.layers[2].name = "logits";

    const std::string s0 = layerSentence(se, 0, 1.65, 3, 1);
    CHECK(has(s0, "trained network, layer conv<1> (1 of 3, 1024 dimensions)"));
    CHECK(has(s0, "intrinsic dimension " + fixed2(a->id.id) + " \xc2\xb1 " + fixed2(a->id.error)));
    const Index peaks = se.layers[0].part.nClusters();
    CHECK(has(s0, std::to_string(peaks) + (peaks == 1 ? " peak" : " peaks") + " at Z = 1.65"));
    CHECK(has(s0, "ARI with the classes 0.46"));
    CHECK_FALSE(has(s0, "macro-classes"));  // NaN: not said
    CHECK(has(s0, "chi 0.25"));
    CHECK(has(s0, "1 of 3 done"));
    CHECK(has(layerSentence(se, 1, 1.65, 3, 3), "failed: bad table"));
    CHECK_FALSE(has(layerSentence(se, 1, 1.65, 3, 3), "done."));
    CHECK(has(layerSentence(se, 2, 1.65, 3, 1), "not analysed yet"));
    CHECK(has(layerSentence(se, 7, 1.65, 3, 1), "no layer selected"));

    const std::string t = layersTableHtml(se, 1.65);
    CHECK(has(t, "<caption>Layers of the trained network at Z = 1.65</caption>"));
    CHECK(has(t, "<th scope=\"row\">conv&lt;1&gt;</th><td>1024</td><td>" + fixed2(a->id.id) + "</td>"));
    CHECK(has(t, "<td>" + std::to_string(peaks) + "</td><td>0.46</td><td>n/a</td><td>0.25</td>"));
    CHECK(has(t, "failed: bad table"));
    CHECK(has(t, "<th scope=\"row\">logits</th><td>-</td><td colspan=\"6\">not analysed yet</td>"));
}
