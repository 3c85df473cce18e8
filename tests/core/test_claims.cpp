// The walkthrough's claims of Tutorial 2 (core/representations/findings.hpp, issue #13 item 7): each claim
// quotes the numbers and the threshold it uses and says "not in this network" when its judgement
// does not hold — one test per claim on hand-made profiles, on both sides of its threshold.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "core/representations/findings.hpp"

using namespace peakscope;
using namespace peakscope::representations;

namespace {

const std::vector<std::string> kNames = {"input", "c1", "c2", "c3", "c4", "fc", "logits"};

// A profile of 7 representations from per-layer ID and class χ (other measures 0).
Profile make(const std::vector<double>& id, const std::vector<double>& chi) {
    Profile p(id.size());
    for (size_t l = 0; l < p.size(); ++l) {
        p[l].id = id[l];
        p[l].chiClass = chi.empty() ? 0 : chi[l];
    }
    return p;
}

bool has(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

void checkVerdict(const Claim& c, bool holds) {
    INFO(c.text);
    CHECK(c.holds == holds);
    CHECK(has(c.text, "not in this network") == !holds);
    CHECK(has(c.text, "shown by this network") == holds);
}

}  // namespace

TEST_CASE("claim hunchback: numbers, thresholds 1.2 and 0.6, verdict from the judgement") {
    const Profile flat = make({10, 10, 10, 10, 10, 10, 5}, {});
    const Profile hump = make({10, 13, 15, 12, 8, 7, 5}, {});
    const Claim yes = hunchbackClaim(hunchback(hump, flat), kNames);
    checkVerdict(yes, true);
    CHECK(has(yes.text, "15.0"));  // the maximum
    CHECK(has(yes.text, "(c2, 1.50 x the input"));
    CHECK(has(yes.text, ">= 1.2"));
    CHECK(has(yes.text, "<= 0.6"));
    CHECK(has(yes.text, "7.0 at fc (0.47 x the maximum"));
    // the untrained control with the same hump: not shown
    checkVerdict(hunchbackClaim(hunchback(hump, hump), kNames), false);
    // a rise of 1.19 x only: not shown
    checkVerdict(hunchbackClaim(hunchback(make({10, 11.9, 11, 9, 7, 7, 5}, {}), flat), kNames), false);
}

TEST_CASE("claim nucleation: first-half share of the rise (25 %), end >= 0.75, control") {
    const std::vector<double> id(7, 10);
    const Profile controlFlat = make(id, {0.2, 0.2, 0.19, 0.18, 0.18, 0.18, 0.18});
    const Profile late = make(id, {0.2, 0.21, 0.22, 0.25, 0.5, 0.7, 0.85});
    const Claim yes = nucleationClaim(nucleation(late, controlFlat), kNames);
    checkVerdict(yes, true);
    CHECK(has(yes.text, "0.20 at the input"));
    CHECK(has(yes.text, "0.85 at logits"));
    CHECK(has(yes.text, "8% of the total rise"));  // (0.25 - 0.2) / (0.85 - 0.2)
    CHECK(has(yes.text, "<= 25%"));
    CHECK(has(yes.text, ">= 0.75"));
    const Profile gradual = make(id, {0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8});
    checkVerdict(nucleationClaim(nucleation(gradual, controlFlat), kNames), false);
    const Profile lowEnd = make(id, {0.2, 0.2, 0.2, 0.2, 0.4, 0.6, 0.7});
    checkVerdict(nucleationClaim(nucleation(lowEnd, controlFlat), kNames), false);
}

TEST_CASE("claim hierarchy: layer of 80 % macro vs class homogeneity") {
    Profile p = make(std::vector<double>(7, 10), {});
    const double macro[] = {0, 0.1, 0.3, 0.7, 0.8, 0.9, 0.9}, cls[] = {0, 0, 0.1, 0.2, 0.4, 0.7, 0.9};
    for (size_t l = 0; l < 7; ++l) {
        p[l].homMacro = macro[l];
        p[l].homClass = cls[l];
    }
    const Claim yes = hierarchyClaim(hierarchy(p), kNames);
    checkVerdict(yes, true);
    CHECK(has(yes.text, "(0.90) at c4"));      // macro: 0.7 at c3 is below 0.8 x 0.9
    CHECK(has(yes.text, "(0.90) at logits"));  // class: 0.7 at fc is below 0.72
    for (size_t l = 0; l < 7; ++l) std::swap(p[l].homMacro, p[l].homClass);
    checkVerdict(hierarchyClaim(hierarchy(p), kNames), false);
}

TEST_CASE("claim chains: merge order <= 0.75 at the input and >= 0.9 at the logits") {
    Profile p = make(std::vector<double>(7, 10), {});
    for (auto& m : p) m.mergeOrder = 0.5;
    p.back().mergeOrder = 0.95;
    const Claim yes = chainsClaim(chains(p), kNames);
    checkVerdict(yes, true);
    CHECK(has(yes.text, "0.50 at input"));
    CHECK(has(yes.text, "0.95 at logits"));
    p[0].mergeOrder = 0.9;  // already in the pixels
    checkVerdict(chainsClaim(chains(p), kNames), false);
    p[0].mergeOrder = 0.5;
    p.back().mergeOrder = 0.85;
    checkVerdict(chainsClaim(chains(p), kNames), false);
}

TEST_CASE("claim evolution: below half the final ARI after the first snapshot, at least half by epoch 1") {
    std::vector<LayerMeasures> s(5);
    const double ari[] = {0, 0.1, 0.3, 0.5, 0.6};
    for (size_t k = 0; k < s.size(); ++k) s[k].ariClass = ari[k];
    const std::vector<std::string> labels = {"batch 0", "batch 25", "batch 100", "epoch 1", "final"};
    const Claim yes = evolutionClaim(evolution(s, 3), labels, 3);
    checkVerdict(yes, true);
    CHECK(has(yes.text, "batch 25 0.10"));
    CHECK(has(yes.text, "(0.30)"));
    CHECK(has(yes.text, "half is first reached at batch 100"));
    s[1].ariClass = 0.4;  // already formed after the first snapshot
    checkVerdict(evolutionClaim(evolution(s, 3), labels, 3), false);
}

TEST_CASE("meanProfile: the mean of each measure over the profiles") {
    Profile a = make({10, 20, 30, 40}, {0.1, 0.2, 0.3, 0.4}), b = make({20, 20, 10, 0}, {0.3, 0.2, 0.1, 0.0});
    a[1].peaks = 3;
    b[1].peaks = 6;
    const Profile m = meanProfile({a, b});
    REQUIRE(m.size() == 4);
    CHECK(m[0].id == doctest::Approx(15));
    CHECK(m[3].id == doctest::Approx(20));
    CHECK(m[2].chiClass == doctest::Approx(0.2));
    CHECK(m[1].peaks == 5);  // 4.5 rounded away from zero
    CHECK_THROWS_AS(meanProfile({a, make({1, 2, 3}, {})}), Error);
}
