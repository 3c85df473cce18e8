// Sentences computed from the data; see peaks_text.hpp.
#include "parts/peaks/peaks_text.hpp"

#include <algorithm>
#include <cstdio>
#include <numeric>

#include "core/toy/generators.hpp"
#include "kit/markup.hpp"
#include "parts/peaks/at_z.hpp"

namespace peakscope::web::text {
namespace {

std::string num(double v, const char* f = "%.2f") {
    char b[40];
    std::snprintf(b, sizeof b, f, v);
    return b;
}

std::string peaksWord(Index n) { return std::to_string(n) + (n == 1 ? " peak" : " peaks"); }

const char* kNumberWords[] = {"no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"};
std::string countWord(int n) { return n >= 0 && n <= 10 ? kNumberWords[n] : std::to_string(n); }

}  // namespace

std::string zRangeFor(const MergeCurve& c, Index peaks) {
    const size_t m = std::min(c.z.size(), c.nClusters.size());
    for (size_t k = 0; k < m; ++k) {
        if (c.nClusters[k] != peaks) continue;
        std::string s = peaksWord(peaks) + " for Z ";
        if (k + 1 < m) s += "from " + num(c.z[k]) + " to " + num(c.z[k + 1]);
        else s += "from " + num(c.z[k]) + " on";
        if (c.truncated() && c.z[k] >= c.exactUpTo) s += " (sampled)";
        return s;
    }
    return "no Z gives " + peaksWord(peaks) + " on these data";
}

int expectedPeaks(const std::string& generator) {
    if (generator == "moons") return 2;  // one per moon (the lesson's goal; the arcs are not peaks of ρ)
    const toy::GeneratorInfo* g = toy::findGenerator(generator);
    return g && g->truePeaks > 0 && generator != "manifold" && generator != "hypercube" ? g->truePeaks : 0;
}

std::string dataDescription(const Dataset& d, const Analysis* a) {
    const DataSource& src = d.source;
    const toy::GeneratorInfo* g = src.generator.empty() ? nullptr : toy::findGenerator(src.generator);
    std::string s;
    if (g) {
        s = g->lesson;
        const int want = expectedPeaks(src.generator);
        if (want > 0 && a && !a->curve.z.empty())
            s += " On these data: " + zRangeFor(a->curve, want) + ".";
        return s;
    }
    const std::string what = !src.fileName.empty() ? "File '" + src.fileName + "'"
                             : !src.url.empty()    ? "Data from " + src.url
                                                   : "Loaded data";
    s = what + ": " + std::to_string(d.n) + " points in " + std::to_string(d.d) +
        (d.d == 1 ? " dimension" : " dimensions") + ".";
    if (!d.truth.empty()) {
        int classes = 0;
        for (int32_t t : d.truth) classes = std::max(classes, t + 1);
        s += " Its label column gives " + std::to_string(classes) + (classes == 1 ? " class" : " classes");
        if (!d.truthNames.empty()) {
            s += " (";
            for (size_t k = 0; k < d.truthNames.size() && k < 6; ++k) s += (k ? ", " : "") + d.truthNames[k];
            if (d.truthNames.size() > 6) s += ", ...";
            s += ")";
        }
        s += ": colour by ground truth to compare them with the peaks.";
    } else {
        s += " No label column: the peaks cannot be compared with known classes.";
    }
    return s;
}

std::string dataSentence(const Dataset& d) {
    const DataSource& src = d.source;
    const std::string n = std::to_string(d.n);
    if (src.generator == "gaussians") {
        const toy::GeneratorInfo* g = toy::findGenerator("gaussians");
        return n + " points from " + countWord(g ? g->truePeaks : 5) +
               " overlapping Gaussian clouds of different widths: each point is drawn from one of them.";
    }
    const toy::GeneratorInfo* g = src.generator.empty() ? nullptr : toy::findGenerator(src.generator);
    std::string s;
    if (g) s = n + " points of '" + g->title + "': " + g->lesson;
    else s = dataDescription(d, nullptr);
    return s + " (This step was written for the Gaussian mixture: press Set up to load it.)";
}

std::string colourSentence(ColourBy c, Index peaks, double Z, bool hasTruth) {
    switch (c) {
        case ColourBy::Peak:
            return "The points plot colours each point by its peak at Z = " + num(Z) + " (" + peaksWord(peaks) +
                   "; touching peaks never share a colour).";
        case ColourBy::Halo:
            return "The points plot colours each point by its peak at Z = " + num(Z) + " (" + peaksWord(peaks) +
                   "); halo points are grey.";
        case ColourBy::LogDensity:
            return "The points plot colours each point by its log-density: dark purple low, yellow high.";
        case ColourBy::Truth:
            return hasTruth ? "The points plot colours each point by its true class (ground truth), not by "
                              "the analysis."
                            : "The points plot has no ground truth to colour by.";
    }
    return "";
}

std::string maxkHelp(int maxk, Index points) {
    const Index eff = maxk > 0 ? std::min<Index>(maxk, std::max<Index>(points - 1, 0))
                               : std::min<Index>(100, std::max<Index>(points - 1, 0));
    std::string s = "maxk: neighbours kept per point, the largest k any estimator may use. ";
    if (maxk <= 0) s += "-1 = automatic: min(100, N - 1)";
    else s += "set to " + std::to_string(maxk);
    if (points > 0) s += ", here " + std::to_string(eff) + " for " + std::to_string(points) + " points";
    return s + ".";
}

std::string estimatorText(const Settings& st) {
    if (st.density == 0) return "kNN (k = " + std::to_string(st.k) + ")";
    return st.density == 1 ? "k*-NN (adaptive k)" : "PAk (point-adaptive k*-NN)";
}

std::string truthName(const Dataset& d, int cls) {
    if (cls < 0) return "noise";
    if (size_t(cls) < d.truthNames.size()) return d.truthNames[size_t(cls)];
    return "class " + std::to_string(cls);
}

std::vector<std::pair<int, std::string>> truthLegend(const Dataset& d, size_t maxEntries) {
    std::vector<std::pair<int, std::string>> out;
    int classes = 0;
    bool noise = false;
    for (int32_t t : d.truth) {
        classes = std::max(classes, t + 1);
        noise = noise || t < 0;
    }
    for (int k = 0; k < classes; ++k) {
        if (out.size() == maxEntries) {
            const int rest = classes - k;
            out.emplace_back(-2, "\xe2\x80\xa6 and " + std::to_string(rest) + (rest == 1 ? " more class" : " more classes"));
            break;
        }
        out.emplace_back(k, truthName(d, k));
    }
    if (noise) out.emplace_back(-1, "noise");
    return out;
}

std::string idSentence(const Analysis& a) {
    std::string t = "Here the fitted slope, the TwoNN ID, is " + num(a.id.id) + " \xc2\xb1 " + num(a.id.error);
    if (a.d > 0) t += "; the points are given in " + std::to_string(a.d) + (a.d == 1 ? " dimension." : " dimensions.");
    else t += " (the data came as a neighbour table, without coordinates).";
    return t;
}

std::string resultSummary(const PeaksState& s) {
    const auto& a = s.results.analysis;
    if (!a) return "";
    const Index m = s.z.partition.nClusters();
    std::string t = peaksWord(m) + " at Z = " + num(s.z.Z) + " (" + std::to_string(a->topography.centres.size()) +
                    " putative). Intrinsic dimension (TwoNN): " + num(a->id.id) + " \xc2\xb1 " + num(a->id.error) +
                    ". Density estimator: " + estimatorText(s.results.settings) + ". Data: " + s.data.name + ", " +
                    std::to_string(a->n) + " points in " + std::to_string(a->d) + " dimensions.";
    return t;
}

std::string resultTablesHtml(const PeaksState& s, const std::vector<palette::PeakStyle>& styles, size_t maxRows) {
    const auto& a = s.results.analysis;
    if (!a) return "";
    const Partition& p = s.z.partition;
    const size_t m = size_t(p.nClusters());
    const peaks::PeakRows counts = peaks::rowsPerPeak(s.z);
    const std::vector<Index>&rows = counts.rows, &halo = counts.halo;
    std::string h = "<table id=\"peakscope-peaks-table\"><caption>Peaks at Z = " + num(s.z.Z) + ": " + peaksWord(Index(m)) +
                    "</caption><thead><tr><th scope=\"col\">Peak</th><th scope=\"col\">Colour</th>"
                    "<th scope=\"col\">Centre (row)</th><th scope=\"col\">log rho</th><th scope=\"col\">sigma</th>"
                    "<th scope=\"col\">Points</th><th scope=\"col\">Halo points</th></tr></thead><tbody>";
    for (size_t c = 0; c < m && c < maxRows; ++c) {
        std::string colour = "-";
        if (c < styles.size()) {
            colour = palette::colourName(styles[c].colour);
            if (styles[c].shape != palette::Shape::Square) colour += std::string(", ") + palette::shapeName(styles[c].shape);
        }
        h += "<tr><th scope=\"row\">" + std::to_string(c) + "</th><td>" + colour + "</td><td>" +
             std::to_string(a->row(p.centres[c])) + "</td><td>" + num(p.centreLogRho[c]) + "</td><td>" +
             num(p.centreError[c]) + "</td><td>" + std::to_string(rows[c]) + "</td><td>" + std::to_string(halo[c]) +
             "</td></tr>";
    }
    if (m > maxRows) h += "<tr><td colspan=\"7\">" + std::to_string(m - maxRows) + " more peaks not listed</td></tr>";
    h += "</tbody></table>";
    // saddles, the pair closest to merging first (as the Peaks and Z view)
    const peaks::SaddlesByMerge by = peaks::saddlesByMerge(p);
    const std::vector<size_t>& order = by.order;
    const std::vector<double>& margin = by.margin;
    h += "<table id=\"peakscope-saddles-table\"><caption>Saddles between touching peaks at Z = " + num(s.z.Z) + ": " +
         std::to_string(order.size()) + "</caption><thead><tr><th scope=\"col\">Peaks</th>"
         "<th scope=\"col\">Saddle log rho</th><th scope=\"col\">sigma</th><th scope=\"col\">Merge at Z</th></tr>"
         "</thead><tbody>";
    for (size_t r = 0; r < order.size() && r < maxRows; ++r) {
        const Saddle& sd = p.saddles[order[r]];
        h += "<tr><th scope=\"row\">" + std::to_string(sd.a) + " and " + std::to_string(sd.b) + "</th><td>" +
             num(sd.logRho) + "</td><td>" + num(sd.error) + "</td><td>" + num(margin[order[r]]) + "</td></tr>";
    }
    if (order.size() > maxRows)
        h += "<tr><td colspan=\"4\">" + std::to_string(order.size() - maxRows) + " more saddles not listed</td></tr>";
    h += "</tbody></table>";
    // the ground truth's classes: the points plot's legend when it colours by ground truth
    if (!s.data.truth.empty()) {
        const auto legend = truthLegend(s.data, maxRows);
        std::vector<Index> count;
        Index noise = 0;
        for (int32_t t : s.data.truth) {
            if (t < 0) { ++noise; continue; }
            if (size_t(t) >= count.size()) count.resize(size_t(t) + 1, 0);
            ++count[size_t(t)];
        }
        h += "<table id=\"peakscope-classes-table\"><caption>Ground truth: " + std::to_string(count.size()) +
             (count.size() == 1 ? " class" : " classes") + ", each in its colour when the points plot colours by ground "
             "truth</caption><thead><tr><th scope=\"col\">Class</th><th scope=\"col\">Name</th>"
             "<th scope=\"col\">Colour</th><th scope=\"col\">Points</th></tr></thead><tbody>";
        for (const auto& [k, name] : legend) {
            if (k == -2) {
                h += "<tr><td colspan=\"4\">" + markup::escape(name) + " not listed</td></tr>";
                continue;
            }
            h += "<tr><th scope=\"row\">" + (k < 0 ? std::string("-1") : std::to_string(k)) + "</th><td>" +
                 markup::escape(name) + "</td><td>" + (k < 0 ? "grey" : palette::colourName(k)) + "</td><td>" +
                 std::to_string(k < 0 ? noise : count[size_t(k)]) + "</td></tr>";
        }
        h += "</tbody></table>";
    }
    return h;
}

}  // namespace peakscope::web::text
