// Tutorial 2 at Z (web/parts/layers/layers_results.cpp) and its parameters (layers_params.hpp):
// what the worker merged at the page's Z is taken as sent, another Z is merged in the page, and the
// worker message and the link's lz go through the parameter codec.
#include <doctest/doctest.h>

#include <memory>
#include <string>

#include "core/analysis.hpp"
#include "core/params.hpp"
#include "core/toy/generators.hpp"
#include "parts/layers/layers_params.hpp"
#include "parts/layers/layers_state.hpp"

using namespace peakscope;
using namespace peakscope::web;
using namespace peakscope::web::layers;

namespace {
// One layer analysed as the worker does (layers_jobs.cpp): the part's options at Z.
Analysis workerAnalysis(double Z) {
    const toy::Dataset d = toy::generate(toy::defaultSpec("gaussians", 3));
    return analyze(d.points.view(), analysisOptions(Z).analysis);
}
}  // namespace

TEST_CASE("layers at Z: the worker's merge at the page's Z is taken as sent; another Z is merged in the page") {
    Analysis sent = workerAnalysis(1.65);
    REQUIRE(sent.partition.nClusters() >= 2);
    // a mark only the shipped partition carries: if the page merged again, it would be gone
    const double mark = sent.partition.centreLogRho[0] + 1000;
    sent.partition.centreLogRho[0] = mark;
    const auto a = std::make_shared<const Analysis>(sent);

    LayersState L;
    L.Z = 1.65;
    L.shipped.layerNames = {"logits"};
    LayerResult r;
    r.name = "logits";
    r.a = a;
    refreshAtZ(L, r, false);
    CHECK(r.part.centreLogRho[0] == mark);
    CHECK(r.part.labels == a->partition.labels);
    CHECK(r.hier.leafOrder == a->hierarchy.leafOrder);
    CHECK(r.rowPeak.size() == a->rowToUnique.size());

    L.Z = 3.5;  // the slider moved: merged here, as mergeAtZ on the sent topography and density
    refreshAtZ(L, r, false);
    const Partition at35 = mergeAtZ(a->topography, a->density, 3.5);
    CHECK(r.part.labels == at35.labels);
    CHECK(r.part.nClusters() == at35.nClusters());
    CHECK(r.part.centreLogRho[0] != mark);
    CHECK(r.hier.nLeaves == at35.nClusters());

    L.Z = 1.65;  // back at the worker's Z: the sent merge again
    refreshAtZ(L, r, false);
    CHECK(r.part.centreLogRho[0] == mark);
}

TEST_CASE("layers parameters: the worker message and the link's Z go through the codec") {
    params::Options o;
    const auto applied = params::applyPairs(o, analysisPairs(2.5, false));
    CHECK(applied.problems.empty());
    CHECK(applied.unknown.empty());
    CHECK(o.analysis.Z == 2.5);
    CHECK(o.analysis.neighbours.maxk == 64);
    CHECK(o.analysis.density.method == DensityMethod::PAk);
    CHECK_FALSE(o.analysis.decisionGraph);
    CHECK_FALSE(o.analysis.mergeCurve);
    params::Options t;  // a kNN table: all its columns
    CHECK(params::applyPairs(t, analysisPairs(2.5, true)).problems.empty());
    CHECK(t.analysis.neighbours.maxk == -1);
    CHECK(t.analysis.Z == 2.5);

    double Z = 7;
    CHECK(parseLinkZ("2.5", Z));
    CHECK(Z == 2.5);
    for (const char* bad : {"-2", "x", "inf", "nan", "1e999", " 2", "0x10"}) {
        Z = 7;
        CHECK_MESSAGE(!parseLinkZ(bad, Z), bad);
        CHECK(Z == 7);
    }
    CHECK(linkZ(1.65) == "1.65");
    CHECK(linkZ(2.0000001234) == "2");  // 6 significant digits, as the slider's value in Tutorial 1's link
    CHECK(parseLinkZ(linkZ(1.234567891), Z));
    CHECK(Z == 1.23457);
    CHECK(linkZValues() == params::spec("Z").validValues(params::App));
}
