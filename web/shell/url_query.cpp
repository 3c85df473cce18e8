// PeakScope shell: the link's query string; see url_query.hpp.
#include "shell/url_query.hpp"

#include <cctype>
#include <cmath>
#include <cstdio>
#include <cstdlib>

#include "core/params.hpp"
#include "shell/app.hpp"

namespace peakscope::web::shell {
namespace {

int hexValue(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

}  // namespace

std::string decodeComponent(const std::string& s) {
    std::string out;
    for (size_t i = 0; i < s.size(); ++i) {
        if (s[i] == '+') out += ' ';
        else if (s[i] == '%' && i + 2 < s.size() && hexValue(s[i + 1]) >= 0 && hexValue(s[i + 2]) >= 0) {
            out += char(hexValue(s[i + 1]) * 16 + hexValue(s[i + 2]));
            i += 2;
        } else out += s[i];
    }
    return out;
}

std::string encodeComponent(const std::string& s) {
    static const char* hex = "0123456789ABCDEF";
    std::string out;
    for (unsigned char c : s) {
        if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') out += char(c);
        else {
            out += '%';
            out += hex[c >> 4];
            out += hex[c & 15];
        }
    }
    return out;
}

void forEachKey(const std::string& qs, const std::function<void(const std::string&, const std::string&)>& f) {
    size_t pos = 0;
    while (pos <= qs.size() && !qs.empty()) {
        size_t amp = qs.find('&', pos);
        if (amp == std::string::npos) amp = qs.size();
        const std::string part = qs.substr(pos, amp - pos);
        pos = amp + 1;
        if (part.empty()) { if (amp >= qs.size()) break; continue; }
        const size_t eq = part.find('=');
        f(decodeComponent(part.substr(0, eq)), eq == std::string::npos ? "" : decodeComponent(part.substr(eq + 1)));
        if (amp >= qs.size()) break;
    }
}

std::string formatNumber(double v) {
    char b[32];
    std::snprintf(b, sizeof b, "%.6g", v);
    return b;
}

bool parseNumber(const std::string& v, double& out) { return params::parseDouble(v, out); }

bool parseInteger(const std::string& v, double lo, double hi, double& out) {
    double x = 0;
    if (!parseNumber(v, x) || x != std::floor(x) || x < lo || x > hi) return false;
    out = x;
    return true;
}

std::string linkProblem(const std::string& key, const std::string& valid, const std::string& value,
                        const std::string& instead) {
    return "option " + key + " must be " + valid + ", got " + params::valueText(value) + " (" + instead + ")";
}

std::string oneOf(const std::vector<std::string>& choices) {
    std::string t = "one of ";
    for (size_t i = 0; i < choices.size(); ++i) t += (i ? ", " : "") + choices[i];
    return t;
}

std::string composeQuery(const std::vector<Part*>& parts, const Part& shown, bool embed, double font) {
    std::string q;
    const AddKey add = [&](const char* k, const std::string& v) {
        if (!q.empty()) q += '&';
        q += k;
        q += '=';
        q += encodeComponent(v);
    };
    if (parts.empty()) return q;
    parts[0]->appendQuery(add);
    if (embed) add("embed", "1");
    if (font != 1.0) add("font", formatNumber(font));
    if (&shown != parts[0]) {
        add("tutorial", shown.tutorial());
        shown.appendQuery(add);
    }
    return q;
}

std::vector<std::string> applyQuery(const std::vector<Part*>& parts, const std::string& qs, ShellState& st) {
    std::vector<std::string> problems;
    Pairs rest;
    forEachKey(qs, [&](const std::string& k, const std::string& v) {
        if (k == "embed") {
            st.embed = (v == "1" || v == "true" || v.empty());
        } else if (k == "font") {  // text scale for projectors and phones
            double f = 1;
            if (parseNumber(v, f) && f >= kMinFontScale && f <= kMaxFontScale) st.fontScale = f;
            else problems.push_back(linkProblem("font", "a number in " + formatNumber(kMinFontScale) + " … " +
                                                formatNumber(kMaxFontScale), v, "using 1"));
        } else if (k == "pool" || k == "poolcheck") {
            // the worker pool's size and check: read by platform/worker when it starts the worker
        } else if (k == "tutorial") {
            std::vector<std::string> valid;
            bool ok = false;
            for (Part* p : parts) {
                valid.push_back(p->tutorial());
                if (v == p->tutorial()) { st.shown = p->id(); ok = true; }
            }
            if (!ok) problems.push_back(linkProblem("tutorial", oneOf(valid), v, std::string("showing Tutorial ") +
                                                    (parts.empty() ? "1" : parts[0]->tutorial())));
        } else {
            rest.emplace_back(k, v);
        }
    });
    for (Part* p : parts)
        for (std::string& line : p->applyLink(rest)) problems.push_back(std::move(line));
    for (const auto& kv : rest) problems.push_back("unknown link key " + kv.first + " (ignored)");
    return problems;
}

}  // namespace peakscope::web::shell
