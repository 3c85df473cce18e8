// Unit tests of core/json (the one JSON writer). Specification: core/json.hpp — strings escaped per
// RFC 8259 §7 (" \ and every control character), numbers that read back to the same double (or a
// fixed number of significant digits), NaN and infinities as null, commas placed by the writer.
#include <doctest/doctest.h>

#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <random>
#include <string>
#include <vector>

#include "core/json.hpp"

using namespace peakscope;

TEST_CASE("json: quoted escapes quote, backslash and every control character") {
    CHECK(json::quoted("plain") == "\"plain\"");
    CHECK(json::quoted("") == "\"\"");
    CHECK(json::quoted("a \"b\" \\ c") == "\"a \\\"b\\\" \\\\ c\"");
    CHECK(json::quoted("line\nnext\ttab\r") == "\"line\\u000anext\\u0009tab\\u000d\"");
    CHECK(json::quoted("µ ± σ") == "\"µ ± σ\"");  // UTF-8 passes through
    CHECK(json::quoted("/") == "\"/\"");          // '/' may stay as it is
    CHECK(json::quoted("\x7f") == "\"\x7f\"");    // DEL is not a control character for JSON
    // all 32 control characters, including NUL inside the text
    for (int c = 0; c < 0x20; ++c) {
        const std::string in = std::string("a") + char(c) + "b";
        char want[16];
        std::snprintf(want, sizeof want, "\"a\\u%04xb\"", c);
        CHECK(json::quoted(in) == want);
    }
}

TEST_CASE("json: numbers read back exactly and are short; NaN and infinities are null") {
    CHECK(json::number(0) == "0");
    CHECK(json::number(3) == "3");
    CHECK(json::number(-2.5) == "-2.5");
    CHECK(json::number(0.1) == "0.1");         // not 0.10000000000000001
    CHECK(json::number(1e300) == "1e+300");
    CHECK(json::number(1.0 / 3.0) == "0.3333333333333333");     // 16 digits suffice
    CHECK(json::number(0.1 + 0.2) == "0.30000000000000004");    // needs all 17
    CHECK(json::number(std::nan("")) == "null");
    CHECK(json::number(std::numeric_limits<double>::infinity()) == "null");
    CHECK(json::number(-std::numeric_limits<double>::infinity()) == "null");
    // fixed significant digits when asked (Tutorial 2's summaries)
    CHECK(json::number(1.0 / 3.0, 6) == "0.333333");
    CHECK(json::number(1234567.0, 6) == "1.23457e+06");
    CHECK(json::number(std::nan(""), 6) == "null");
    // round trip over many magnitudes: random bit patterns, every finite one must read back
    std::mt19937_64 rng(20260402);
    int tested = 0;
    for (int k = 0; k < 20000; ++k) {
        const std::uint64_t bits = rng();
        double v;
        std::memcpy(&v, &bits, sizeof v);
        if (!std::isfinite(v)) continue;
        const std::string t = json::number(v);
        REQUIRE(std::strtod(t.c_str(), nullptr) == v);
        ++tested;
    }
    CHECK(tested > 19000);
    const double tiny = std::numeric_limits<double>::denorm_min(), big = std::numeric_limits<double>::max();
    CHECK(std::strtod(json::number(tiny).c_str(), nullptr) == tiny);
    CHECK(std::strtod(json::number(big).c_str(), nullptr) == big);
}

TEST_CASE("json: the writer places commas and colons in nested objects and arrays") {
    json::Writer w;
    w.beginObject();
    w.field("n", 3).field("name", "a\"b").field("ok", true).field("x", 0.5);
    w.key("empty").beginArray().endArray();
    w.key("obj").beginObject().endObject();
    w.key("nested").beginArray();
    w.value(1).beginArray().value(2).value(std::nan("")).endArray().beginObject().field("k", false).endObject();
    w.null();
    w.endArray();
    w.field("list", std::vector<std::string>{"p", "q\n"});
    w.field("rows", std::vector<std::vector<int>>{{1, 2}, {}, {3}});
    w.endObject();
    CHECK(w.text() ==
          "{\"n\":3,\"name\":\"a\\\"b\",\"ok\":true,\"x\":0.5,\"empty\":[],\"obj\":{},"
          "\"nested\":[1,[2,null],{\"k\":false},null],\"list\":[\"p\",\"q\\u000a\"],\"rows\":[[1,2],[],[3]]}");
}

TEST_CASE("json: value() by type — integers exact, floats, enums, strings; digits of the writer") {
    enum class Colour { Red = 2 };
    json::Writer w(4);
    w.beginArray();
    w.value(std::int64_t(9007199254740993)).value(-7).value(std::size_t(12)).value(0.123456f).value(Colour::Red);
    w.value(std::string("s")).value(std::string_view("v")).value("lit").value(std::numeric_limits<double>::infinity());
    w.endArray();
    // integers are not rounded to a double; the writer's 4 digits apply to floating-point values only
    CHECK(w.text() == "[9007199254740993,-7,12,0.1235,2,\"s\",\"v\",\"lit\",null]");
    json::Writer raw;
    raw.beginObject().key("inner").raw(w.text()).field("after", 1).endObject();
    CHECK(raw.take() == "{\"inner\":" + w.text() + ",\"after\":1}");
}
