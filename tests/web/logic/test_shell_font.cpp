// The shell's ?font= key (text scale for projectors and phones, issue 10): parsed strictly, a bad
// value falls back to 1 with a message naming it and the valid range; written only when not 1.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "shell/app.hpp"
#include "shell/url_query.hpp"

using namespace peakscope::web;

namespace {
struct OnePart : shell::Part {
    const char* id() const override { return "one"; }
    const char* tutorial() const override { return "1"; }
    float draw(float, float) override { return 0; }
    void appendQuery(const shell::AddKey& add) const override { add("a", "1"); }
};
}  // namespace

TEST_CASE("web link: ?font= scales the text; bad values fall back to 1 with a message") {
    OnePart part;
    std::vector<shell::Part*> parts = {&part};
    shell::ShellState st;
    CHECK(shell::applyQuery(parts, "font=1.5", st).empty());
    CHECK(st.fontScale == 1.5);
    CHECK(shell::composeQuery(parts, part, false, st.fontScale) == "a=1&font=1.5");
    CHECK(shell::composeQuery(parts, part, true, 1.0) == "a=1&embed=1");
    const std::vector<std::pair<const char*, const char*>> cases = {
        {"9", "9"}, {"abc", "'abc'"}, {"0", "0"}, {"-1", "-1"}, {"inf", "'inf'"}, {"", "''"}};
    for (const auto& c : cases) {  // (no structured binding: CAPTURE's lambda cannot take one in C++17)
        const std::string bad = c.first, shown = c.second;
        shell::ShellState s2;
        const auto problems = shell::applyQuery(parts, "font=" + bad, s2);
        CAPTURE(bad);
        REQUIRE(problems.size() == 1);
        CHECK(problems[0] == std::string("option font must be a number in 0.75 … 3, got ") +
                                 shown + " (using 1)");
        CHECK(s2.fontScale == 1.0);
    }
}
