// Text into HTML or SVG markup: names come from files (class labels, file names), so escape them.
// Example: "<td>" + markup::escape(name) + "</td>"
#pragma once
#include <string>

namespace peakscope::web::markup {

// & < > " as entities; control characters that XML forbids are dropped (tab and newline stay).
inline std::string escape(const std::string& in) {
    std::string out;
    out.reserve(in.size());
    for (unsigned char ch : in) {
        switch (ch) {
            case '&': out += "&amp;"; break;
            case '<': out += "&lt;"; break;
            case '>': out += "&gt;"; break;
            case '"': out += "&quot;"; break;
            default:
                if (ch >= 0x20 || ch == '\t' || ch == '\n') out += char(ch);
        }
    }
    return out;
}

}  // namespace peakscope::web::markup
