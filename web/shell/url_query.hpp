// PeakScope shell: the link's query string, as pure functions (no browser: natively tested).
// The shell writes its own keys (embed, tutorial) and asks every part for its keys:
//   <first part's keys> [&embed=1] [&font=<scale>] [&tutorial=<shown part> <shown part's keys>]
// The first part (Tutorial 1) always writes its keys, so a link into another part still restores
// it; any other part writes its keys only while it is shown.
//   Sections: encoding · numbers · compose / apply
// Example: applyQuery(parts, "gen=moons&Z=2", st)  →  {}  (no problems)
//          applyQuery(parts, "k=0", st)  →  {"option k must be an integer in 1 … maxk, got 0 (using 16)"}
#pragma once
#include <functional>
#include <string>
#include <vector>

#include "shell/part.hpp"

namespace peakscope::web::shell {

struct ShellState;

// ---- encoding (RFC 3986 unreserved characters stay; '+' decodes to a space) ----
std::string encodeComponent(const std::string& s);
std::string decodeComponent(const std::string& s);
// Calls f(key, value) for each "key=value" of "a=1&b=2" (decoded; a key without '=' has value "").
void forEachKey(const std::string& query, const std::function<void(const std::string&, const std::string&)>& f);

// ---- numbers ----
std::string formatNumber(double v);                  // "%.6g"
bool parseNumber(const std::string& v, double& out);  // whole string, finite

// ---- compose / apply ----
// `shown` must be one of `parts`; parts[0] is the default part.
// `font`: the text scale (?font=, 1 = default, written only when it differs).
std::string composeQuery(const std::vector<Part*>& parts, const Part& shown, bool embed, double font = 1.0);
// Applies the keys to the shell state (embed, tutorial → st.shown) and the parts; returns the
// problems, one line each, without failing on them (a bad value falls back to its default).
std::vector<std::string> applyQuery(const std::vector<Part*>& parts, const std::string& query, ShellState& st);
// One problem line, in the form of the parameter codec (core/params.hpp):
//   "option <key> must be <valid>, got <value> (<instead>)"   e.g. instead = "using 16"
std::string linkProblem(const std::string& key, const std::string& valid, const std::string& value,
                        const std::string& instead);
// "one of a, b, c"
std::string oneOf(const std::vector<std::string>& choices);
// Strict integer in [lo, hi] (whole text, finite, integral); false otherwise.
bool parseInteger(const std::string& v, double lo, double hi, double& out);

}  // namespace peakscope::web::shell
