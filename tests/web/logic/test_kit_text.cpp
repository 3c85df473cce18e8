// kit::wrapLines (web/kit/text.hpp): lines break at spaces and '\n' only, so a number such as
// "Z = 2.5" or "0.30 ms" is never split ("2.⏎5", issue 10), and no line is wider than the pane
// unless it is one word wider than the pane.
#include <doctest/doctest.h>

#include <string>
#include <string_view>
#include <vector>

#include "kit/text.hpp"

using peakscope::web::kit::wrapLines;

namespace {
// a monospaced font, 7 px a character
float mono(std::string_view s) { return 7.0f * static_cast<float>(s.size()); }

std::string joined(const std::vector<std::string>& lines) {
    std::string out;
    for (const std::string& l : lines) out += (out.empty() ? "" : "|") + l;
    return out;
}
}  // namespace

TEST_CASE("kit::wrapLines breaks at spaces only: numbers stay whole, every line fits") {
    const std::string text = "merging peaks below Z = 2.5 leaves 3 peaks; re-merge 0.30 ms.";
    for (float width = 7 * 8; width <= 7 * 70; width += 7) {
        CAPTURE(width);
        const auto lines = wrapLines(text, width, mono);
        std::string back;
        for (const std::string& l : lines) {
            CHECK(!l.empty());
            CHECK((mono(l) <= width || l.find(' ') == std::string::npos));
            CHECK(l.front() != ' ');
            CHECK(l.back() != ' ');
            back += (back.empty() ? "" : " ") + l;
        }
        CHECK(back == text);  // nothing lost, words in order
        // the numbers are never split across lines
        for (const char* whole : {"2.5", "0.30", "re-merge"})
            CHECK(joined(lines).find(whole) != std::string::npos);
        // greedy: no line could have taken the next line's first word
        for (size_t i = 0; i + 1 < lines.size(); ++i) {
            const std::string next = lines[i + 1].substr(0, lines[i + 1].find(' '));
            CHECK(mono(lines[i] + " " + next) > width);
        }
    }
}

TEST_CASE("kit::wrapLines: a word wider than the line has a line of its own; paragraphs kept") {
    CHECK(joined(wrapLines("a verylongwordindeed b", 7 * 5, mono)) == "a|verylongwordindeed|b");
    CHECK(joined(wrapLines("one two\nthree", 7 * 40, mono)) == "one two|three");
    CHECK(joined(wrapLines("one\n\nthree", 7 * 40, mono)) == "one||three");
    CHECK(joined(wrapLines("two  spaces", 7 * 40, mono)) == "two spaces");
    CHECK(wrapLines("", 7 * 40, mono) == std::vector<std::string>{""});
    // exactly the width fits
    CHECK(joined(wrapLines("abc def", 7 * 7, mono)) == "abc def");
    CHECK(joined(wrapLines("abc def", 7 * 6, mono)) == "abc|def");
}
