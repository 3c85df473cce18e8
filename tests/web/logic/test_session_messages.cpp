// What Tutorial 1's session sends to the worker (web/parts/peaks/session_messages): a generated
// set with the catalogue's defaults filled in, a file with its label column (a link's column name
// until the panel picks one), and the analysis parameters as the codec's pairs, which the worker
// reads back (params::applyPairs) to the same analysis.
#include <doctest/doctest.h>

#include "core/params.hpp"
#include "core/toy/generators.hpp"
#include "parts/peaks/session_messages.hpp"

using namespace peakscope;
using namespace peakscope::web;

TEST_CASE("Tutorial 1 session: a generated data set's Load fills in the catalogue's defaults") {
    Dataset d;
    d.version = 7;
    d.source.generator = "moons";
    d.source.n = 0;        // the catalogue's
    d.source.noise = -1;   // the catalogue's
    d.source.dim = 0;      // the catalogue's
    d.source.seed = 42;
    const toy::GeneratorInfo* info = toy::findGenerator("moons");
    REQUIRE(info);
    protocol::Load m = session::loadMessage(d, 3, 6);
    CHECK(m.job == 3);
    CHECK(m.version == 7);
    CHECK(m.keep == 6);
    CHECK(m.generator == "moons");
    CHECK(m.n == info->defaultN);
    CHECK(m.noise == info->defaultNoise);
    CHECK(m.dim == info->defaultDim);
    CHECK(m.seed == 42);
    CHECK(m.fileName.empty());
    d.source.n = 1234, d.source.noise = 0.3, d.source.dim = 5;  // given values are kept
    m = session::loadMessage(d, 3, 6);
    CHECK(m.n == 1234);
    CHECK(m.noise == 0.3);
    CHECK(m.dim == 5);
    d.source.generator = "nope";
    CHECK_THROWS_WITH_AS(session::loadMessage(d, 3, 6), "unknown data set 'nope'", Error);
}

TEST_CASE("Tutorial 1 session: a file's Load names it and its label column; a link's column name until a pick") {
    Dataset d;
    d.version = 2;
    d.fileId = 5;
    d.name = "iris.csv";
    d.source.generator.clear();
    d.source.labels = "species";  // ?labels=species
    d.labelChoice = -3;           // no pick in the panel yet
    protocol::Load m = session::loadMessage(d, 1, -1);
    CHECK(m.fileName == "iris.csv");
    CHECK(m.generator.empty());
    CHECK(m.labelColumn == -3);
    CHECK(m.labelName == "species");
    d.labelChoice = 2;  // the panel picked column 2: the link's name no longer applies
    m = session::loadMessage(d, 1, -1);
    CHECK(m.labelColumn == 2);
    CHECK(m.labelName.empty());
    d.labelChoice = -3;
    d.source.labels = "none";  // ?labels=none is the -2 choice, not a column name
    CHECK(session::loadMessage(d, 1, -1).labelName.empty());
}

TEST_CASE("Tutorial 1 session: the analysis pairs read back to the settings on screen") {
    for (int density : {0, 1, 2})
        for (int maxk : {-1, 50}) {
            CAPTURE(density);
            CAPTURE(maxk);
            Settings st;
            st.density = density;
            st.k = 12;
            st.maxk = maxk;
            params::Options o;
            const params::Applied ap = params::applyPairs(o, session::analysisPairs(st, 2.25));
            CHECK(ap.problems.empty());
            CHECK(ap.unknown.empty());
            const DensityMethod want[] = {DensityMethod::Knn, DensityMethod::KstarNN, DensityMethod::PAk};
            CHECK(o.analysis.density.method == want[density]);
            CHECK(o.analysis.density.k == 12);
            CHECK(o.analysis.neighbours.maxk == maxk);
            CHECK(o.analysis.neighbours.method == NeighbourMethod::Auto);  // the app has no back-end control
            CHECK(o.analysis.Z == 2.25);
            CHECK(o.analysis.idScaling);  // asked for always; the worker applies limits::kMaxPointsDecimation
            // and the codec's Options to the controls and back
            Settings back;
            double Z = 0;
            session::fromOptions(session::toOptions(st, 2.25), back, Z);
            CHECK(back == st);
            CHECK(Z == 2.25);
        }
}
