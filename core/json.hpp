// The one JSON writer (RFC 8259) of PeakScope: the CLI/app/JS-API report (core/report), the page
// API's state (web/parts/*), benchmark and Tutorial 2 summaries (demos/). Commas and colons are
// placed by the writer; strings are escaped (" \ and control characters); numbers are written so
// that they read back to the same double (or with a fixed number of significant digits when asked);
// NaN and infinities are written as null (JSON has neither).
//   Sections: one value · the writer
// Example: json::Writer w;  w.beginObject().field("n", 3).key("z").array(v).endObject();
//          std::string text = w.take();   // {"n":3,"z":[0.5,null]}
#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

namespace peakscope::json {

// ---- one value ----------------------------------------------------------------------------------
// `text` as a JSON string literal: quoted, " and \ escaped, control characters (< 0x20) as \u00XX
// (\n and \t too); other bytes (UTF-8) pass through.
std::string quoted(std::string_view text);
// v as a JSON number: significantDigits = 0 → the shortest of %.15g, %.16g, %.17g that reads back
// to v exactly (3 → "3", 0.1 → "0.1"); > 0 → %.<digits>g. Not finite → "null".
std::string number(double v, int significantDigits = 0);

// ---- the writer ---------------------------------------------------------------------------------
// Builds one JSON text. Every value, key and begin inside an array or object gets its comma.
// A key must be followed by exactly one value (or begin…end). No pretty printing.
class Writer {
public:
    // significantDigits: of every double written (0 = shortest exact round trip; see number()).
    explicit Writer(int significantDigits = 0) : digits_(significantDigits) {}

    Writer& beginObject() { open('{'); return *this; }
    Writer& endObject() { close('}'); return *this; }
    Writer& beginArray() { open('['); return *this; }
    Writer& endArray() { close(']'); return *this; }
    Writer& key(std::string_view k);

    Writer& null();
    Writer& boolean(bool v);
    Writer& integer(std::int64_t v);
    Writer& real(double v);  // null when not finite
    Writer& string(std::string_view v);
    // value(v): bool, any integer or enum, float/double, text (std::string, string_view, "literal"),
    // or a std::vector of these (a JSON array).
    template <class T> Writer& value(const T& v) {
        if constexpr (std::is_same_v<T, bool>) return boolean(v);
        else if constexpr (std::is_integral_v<T> || std::is_enum_v<T>) return integer(std::int64_t(v));
        else if constexpr (std::is_floating_point_v<T>) return real(double(v));
        else if constexpr (IsVector<T>::value) return array(v);
        else return string(std::string_view(v));
    }
    template <class T> Writer& field(std::string_view k, const T& v) { key(k); return value(v); }
    template <class T> Writer& array(const std::vector<T>& v) {
        beginArray();
        for (const auto& x : v) value(x);
        return endArray();
    }
    // A text already in JSON (e.g. another writer's object), written as one value.
    Writer& raw(std::string_view jsonText);

    void reserve(std::size_t bytes) { s_.reserve(bytes); }
    const std::string& text() const { return s_; }
    std::string take() { return std::move(s_); }

private:
    template <class T> struct IsVector : std::false_type {};
    template <class T, class A> struct IsVector<std::vector<T, A>> : std::true_type {};
    void comma() {
        if (needComma_) s_ += ',';
        needComma_ = false;
    }
    void open(char c) {
        comma();
        s_ += c;
    }
    void close(char c) {
        s_ += c;
        needComma_ = true;
    }
    std::string s_;
    int digits_ = 0;
    bool needComma_ = false;  // the last thing written was a value: the next value, key or begin needs ','
};

}  // namespace peakscope::json
