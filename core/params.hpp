// The analysis parameters in one table — name, type, default, valid range or choices and a
// one-line doc each — with strict parsing from text (CLI flags, URL keys, worker messages) or from
// a JS number, formatting back, and the checks that need the data (maxk ≤ n − 1, k ≤ maxk).
// One codec for every surface: the CLI (demos/cli) and the JS API (web/api/api_bindings.cpp) use it;
// applyPairs / toPairs are the entry for the app's link and worker messages. Bad values throw peakscope::Error with one
// line naming the option, its valid range or choices and the value given:
//   "option maxk must be an integer in 1 … n−1, got 1e300".
// Sections: Options · the table · one value · key=value lists · checks with the data · helpers
// Example: params::Options o;  params::parse(params::spec("maxk"), "50", o);
//          params::checkWithData(o, n);  Analysis a = analyze(points, o.analysis);
#pragma once
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/analysis.hpp"

namespace peakscope::params {

// ---- Options: what the codec reads and writes -------------------------------------------------
struct Options {
    AnalysisParams analysis;  // maxk, neighbours back-end, density estimator, k, Z, idScaling, …
    bool halo = false;        // report halo labels (the CLI's --halo); does not change the analysis
};

// ---- The table ----------------------------------------------------------------------------------
enum class Kind { Integer, Real, Choice, Flag };

// Where a parameter is offered (a bit set). The CLI names it by `cliFlag`, the others by `name`.
enum Surface : unsigned { Cli = 1u, Js = 2u, App = 4u };

struct Spec {
    const char* name;                  // JS option and link key: "maxk", "Z", "idScaling"
    const char* cliFlag;               // "--maxk", "--id-scaling"; nullptr if not on the CLI
    std::vector<const char*> aliases;  // other accepted names ("neighbors", "z")
    Kind kind;
    unsigned surfaces;                 // Surface bits
    // Integer / Real: inclusive range [lo, hi]; `range` says it in words ("1 … n−1"), including
    // the bound that needs the data (checkWithData). Choice: `choices`; the value is the index.
    double lo, hi;
    const char* range;
    std::vector<const char*> choices;
    const char* autoWord;              // text for the "decide from the data" value, or nullptr
    double autoValue;                  // its value (maxk: −1 = min(100, N − 1))
    const char* doc;                   // one line
    double (*get)(const Options&);     // the value as a double (choice index, flag 0/1)
    void (*set)(Options&, double);     // called with checked values only
    // The app (its link and controls): its own key when it has one ("est", the link's name of
    // density since the first release) and a narrower range (maxk 4 … 1000: the page's memory).
    const char* appName = nullptr;
    double appLo = 0, appHi = -1;      // appLo > appHi: the table's range

    // The name a message uses on a surface: "--maxk" on the CLI, "est" in the app, else "maxk".
    std::string shown(Surface s) const {
        return s == Cli && cliFlag ? cliFlag : s == App && appName ? appName : name;
    }
    bool narrowerInApp() const { return appLo <= appHi; }
    // "an integer in 1 … n−1", "a finite number ≥ 0", "one of pak, kstar, knn", "true or false";
    // in the app, its range: "auto or an integer in 4 … 1000 in the app"
    std::string validValues(Surface s = Js) const;
    // "1.65", "auto", "pak", "false" (format of a default Options)
    std::string defaultText() const;
};

// Every parameter, in the order of the README's option table.
const std::vector<Spec>& table();
// By name, alias, app name or CLI flag ("maxk", "neighbors", "est", "--id-scaling"); nullptr when unknown.
const Spec* find(std::string_view key);
// By name; throws Error for an unknown name (a programming error in the caller).
const Spec& spec(std::string_view name);
// The names offered on a surface, comma-separated: "maxk, Z, density, k, neighbours, …".
std::string names(unsigned surfaces);
// The table as Markdown (README "Options"; `peakscope options` prints it, a test compares).
std::string markdownTable();

// ---- One value ----------------------------------------------------------------------------------
// Strict: the whole text; a finite decimal number (no hex, inf, nan, spaces); integral where the
// kind is Integer; within [lo, hi] (shown as App: [appLo, appHi] where narrower); a listed choice;
// "true"/"false"/"1"/"0" for a flag; the autoWord. Sets the value in `o`, or throws Error:
//   "option --k must be an integer in 1 … maxk, got 2147483648".
void parse(const Spec& s, std::string_view text, Options& o, Surface shownAs = Js);
// The same from a JS number, for Integer and Real (a Choice or Flag is refused: they take parse
// or setFlag). Finiteness, integrality and range are checked before any cast.
void setNumber(const Spec& s, double x, Options& o, Surface shownAs = Js);
void setFlag(const Spec& s, bool on, Options& o);  // Kind::Flag only
// The text parse() reads back to the same value: "50", "auto", "1.65", "knn", "true".
std::string format(const Spec& s, const Options& o);

// ---- key=value lists (link query, worker messages) ------------------------------------------------
struct Applied {
    std::vector<std::string> problems;                             // one line per bad value
    std::vector<std::pair<std::string, std::string>> unknown;      // keys not in the table, in order
};
// Applies each known key with parse(); a bad value sets that parameter to its default and adds
// its message to `problems`. Unknown keys are returned (the caller may own them: view, colour, …).
Applied applyPairs(Options& o, const std::vector<std::pair<std::string, std::string>>& pairs);
// name=format(value) for the parameters offered on `surfaces`, in table order; with
// `changedOnly`, only those that differ from the default.
std::vector<std::pair<std::string, std::string>> toPairs(const Options& o, unsigned surfaces = App,
                                                        bool changedOnly = true);

// ---- Checks with the data -------------------------------------------------------------------------
// maxk used for n points: the request, or min(100, n − 1) for auto.
Index effectiveMaxk(const Options& o, Index n);
// Bounds that need the data: maxk ≤ n − 1 and, for the kNN estimator, k ≤ maxk (the effective
// one). Throws "option maxk must be an integer in 1 … n−1 = 599, got 600". For a neighbour table
// pass n = −1 (its width bounds maxk; core checks it) and tableMaxk = its neighbours per row.
// Fewer points than the analysis needs (minimumPoints): nothing is said here, core's "too few
// points" names the cause.
void checkWithData(const Options& o, Index n, Surface shownAs = Js, Index tableMaxk = -1);
// Before the data are known (the app's link and controls): for the knn estimator, k ≤ maxk, with
// auto maxk at its largest, 100. Throws "option k must be an integer in 1 … 50 (maxk), got 60".
// `given`: the text k came from, quoted as given (else k's value).
void checkKWithinMaxk(const Options& o, Surface shownAs = App, std::string_view given = {});
// The largest k allowed by maxk before the data are known: maxk, or 100 for auto.
Index largestK(const Options& o);

// ---- Helpers for integer options outside the table (CLI lists, reader options) --------------------
// A JS-style shortest text of x: "1e300", "2.5", "-1", "NaN", "Infinity".
std::string numberText(double x);
// `text` for a message: as given when it is a plain number, else quoted with control characters
// escaped and cut at 40 characters.
std::string valueText(std::string_view text);
// Strict number from text (as parse); false when it is not one.
bool parseDouble(std::string_view text, double& out);
// An integer in [lo, hi] from text or from a number, else Error
// "option <option> must be an integer in <range>, got <value>".
Index integerFromText(std::string_view text, Index lo, Index hi, const std::string& option, const std::string& range);
Index integerFromNumber(double x, Index lo, Index hi, const std::string& option, const std::string& range);

}  // namespace peakscope::params
