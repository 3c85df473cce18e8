// Peak dissimilarity (F_max − saddle) and its classical-MDS map.
#include <doctest/doctest.h>

#include "core/hierarchy.hpp"
#include "core/metrics.hpp"

#include <cmath>

using namespace peakscope;

TEST_CASE("hierarchy: peak dissimilarity is F_max minus the saddle, floor where no saddle") {
    // peaks 0 (height 0), 1 (−1), 2 (−2), 3 (−0.5); saddles 0–1 at −1.5, 1–2 at −3; 3 isolated
    const std::vector<double> h{0, -1, -2, -0.5};
    const std::vector<Saddle> s{{0, 1, -1.5, 0.1, 10}, {1, 2, -3, 0.1, 11}};
    const auto d = peakDissimilarity(h, s);
    REQUIRE(d.size() == 16);
    for (int i = 0; i < 4; ++i) CHECK(d[size_t(i * 4 + i)] == 0);
    CHECK(d[0 * 4 + 1] == doctest::Approx(1.5));
    CHECK(d[1 * 4 + 0] == doctest::Approx(1.5));
    CHECK(d[1 * 4 + 2] == doctest::Approx(3.0));
    // no saddle: F_max − (min over peaks and saddles − 1) = 0 − (−4) = 4
    CHECK(d[0 * 4 + 2] == doctest::Approx(4.0));
    CHECK(d[3 * 4 + 0] == doctest::Approx(4.0));
    // the MDS map keeps the order of dissimilarities: 0 is nearer to 1 than to 2
    const Projection map = classicalMds(d, 4, 2);
    auto dist = [&](int a, int b) {
        return std::hypot(map.coords(a, 0) - map.coords(b, 0), map.coords(a, 1) - map.coords(b, 1));
    };
    CHECK(dist(0, 1) < dist(0, 2));
    CHECK(dist(0, 1) < dist(0, 3));
    CHECK_THROWS_AS(peakDissimilarity(h, {{0, 7, -1, 0.1, 1}}), Error);
}
