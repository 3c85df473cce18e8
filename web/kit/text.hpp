// PeakScope kit: text that is never cut or split inside a word. Dear ImGui 1.86 wraps after '.',
// ',' and ';' too, so "Z = 2.5" could end a line with "2." and start the next with "5"; and text
// put after an item with SameLine() runs past the pane's edge when the line is full.
//   wrapLines      the lines of `text` for a width, broken at spaces and '\n' only (pure: tested natively)
//   wrapped        a paragraph, wrapped at spaces to the pane's width (disabled = the hint colour)
//   sameLineIfFits SameLine() when an item `width` wide still fits on the current line
//   textAfter      text on the current line when it fits there, else wrapped on the next lines
// Example: kit::textAfter("re-merge 0.30 ms");  kit::wrapped(text::idSentence(a));
#pragma once
#include <string>
#include <string_view>
#include <vector>

namespace peakscope::web::kit {

// Greedy: as many words as fit on each line; a word wider than the line gets a line of its own.
template <class Measure>
std::vector<std::string> wrapLines(std::string_view text, float width, Measure measure) {
    std::vector<std::string> lines;
    size_t start = 0;
    while (start <= text.size()) {
        const size_t nl = text.find('\n', start);
        const std::string_view para = text.substr(start, nl == std::string_view::npos ? std::string_view::npos : nl - start);
        std::string line;
        size_t i = 0;
        bool any = false;
        while (i < para.size()) {
            const size_t sp = para.find(' ', i);
            const std::string_view word = para.substr(i, sp == std::string_view::npos ? std::string_view::npos : sp - i);
            i = sp == std::string_view::npos ? para.size() : sp + 1;
            if (word.empty()) continue;
            const std::string candidate = line.empty() ? std::string(word) : line + " " + std::string(word);
            if (!line.empty() && measure(std::string_view(candidate)) > width) {
                lines.push_back(line);
                line = std::string(word);
            } else {
                line = candidate;
            }
            any = true;
        }
        if (any || para.empty()) lines.push_back(line);
        if (nl == std::string_view::npos) break;
        start = nl + 1;
    }
    return lines;
}

void wrapped(const std::string& text, bool disabled = false);
bool sameLineIfFits(float width);
void textAfter(const std::string& text, bool disabled = true);

}  // namespace peakscope::web::kit
