// The one JSON writer. See json.hpp.
#include "core/json.hpp"

#include <cmath>
#include <cstdio>
#include <cstdlib>

namespace peakscope::json {

namespace {
void appendQuoted(std::string& o, std::string_view text) {
    o += '"';
    for (char c : text) {
        if (c == '"' || c == '\\') {
            o += '\\';
            o += c;
        } else if (static_cast<unsigned char>(c) < 0x20) {
            char b[8];
            std::snprintf(b, sizeof b, "\\u%04x", unsigned(static_cast<unsigned char>(c)));
            o += b;
        } else {
            o += c;
        }
    }
    o += '"';
}
}  // namespace

std::string quoted(std::string_view text) {
    std::string o;
    o.reserve(text.size() + 2);
    appendQuoted(o, text);
    return o;
}

namespace {
void appendNumber(std::string& o, double v, int significantDigits) {
    if (!std::isfinite(v)) {
        o += "null";
        return;
    }
    char b[40];
    if (significantDigits > 0) {
        std::snprintf(b, sizeof b, "%.*g", significantDigits, v);
    } else {
        // 17 significant digits always read back exactly (IEEE 754 binary64); fewer often do
        for (int digits = 15; digits <= 17; ++digits) {
            std::snprintf(b, sizeof b, "%.*g", digits, v);
            if (digits == 17 || std::strtod(b, nullptr) == v) break;
        }
    }
    o += b;
}
}  // namespace

std::string number(double v, int significantDigits) {
    std::string o;
    appendNumber(o, v, significantDigits);
    return o;
}

Writer& Writer::key(std::string_view k) {
    comma();
    appendQuoted(s_, k);
    s_ += ':';
    return *this;  // needComma_ stays false: the value follows the colon
}

Writer& Writer::null() {
    comma();
    s_ += "null";
    needComma_ = true;
    return *this;
}

Writer& Writer::boolean(bool v) {
    comma();
    s_ += v ? "true" : "false";
    needComma_ = true;
    return *this;
}

Writer& Writer::integer(std::int64_t v) {
    comma();
    s_ += std::to_string(v);
    needComma_ = true;
    return *this;
}

Writer& Writer::real(double v) {
    comma();
    appendNumber(s_, v, digits_);
    needComma_ = true;
    return *this;
}

Writer& Writer::string(std::string_view v) {
    comma();
    appendQuoted(s_, v);
    needComma_ = true;
    return *this;
}

Writer& Writer::raw(std::string_view jsonText) {
    comma();
    s_ += jsonText;
    needComma_ = true;
    return *this;
}

}  // namespace peakscope::json
