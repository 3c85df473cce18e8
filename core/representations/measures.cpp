// Per-layer measures of Tutorial 2 (see measures.hpp).
#include "core/representations/measures.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>

#include "core/metrics.hpp"
#include "core/json.hpp"

namespace peakscope::representations {

Analysis analyzeLayer(const KnnGraph& g, double Z) {
    AnalysisParams p;  // PAk, TwoNN fraction 0.9
    p.Z = Z;
    p.decisionGraph = false;
    p.mergeCurve = false;
    return analyzeGraph(g, p);
}

namespace {

// Contingency counts n(peak, label) and the margins.
struct Table {
    std::map<std::pair<std::int64_t, std::int64_t>, double> joint;
    std::map<std::int64_t, double> byPeak, byLabel;
    double n = 0;
};
Table table(const std::vector<std::int64_t>& labels, const std::vector<std::int64_t>& peaks) {
    if (labels.size() != peaks.size() || labels.empty()) throw Error("measures: label and peak vectors differ in size");
    Table t;
    for (size_t i = 0; i < labels.size(); ++i) {
        t.joint[{peaks[i], labels[i]}] += 1;
        t.byPeak[peaks[i]] += 1;
        t.byLabel[labels[i]] += 1;
    }
    t.n = double(labels.size());
    return t;
}

}  // namespace

double homogeneity(const std::vector<std::int64_t>& labels, const std::vector<std::int64_t>& peaks) {
    const Table t = table(labels, peaks);
    double hLabel = 0, hCond = 0;  // H(label), H(label | peak)
    for (auto& [l, c] : t.byLabel) hLabel -= c / t.n * std::log(c / t.n);
    for (auto& [key, c] : t.joint) hCond -= c / t.n * std::log(c / t.byPeak.at(key.first));
    return hLabel > 0 ? 1.0 - hCond / hLabel : 1.0;
}

double purity(const std::vector<std::int64_t>& labels, const std::vector<std::int64_t>& peaks) {
    const Table t = table(labels, peaks);
    std::map<std::int64_t, double> best;
    for (auto& [key, c] : t.joint) best[key.first] = std::max(best[key.first], c);
    double s = 0;
    for (auto& [p, c] : best) s += c;
    return s / t.n;
}

double mergeOrderScore(const Partition& part, const std::vector<std::int64_t>& peaks, const LabelSets& labels) {
    const Index m = part.nClusters();
    int nClass = 0;
    for (std::int64_t c : labels.classes) nClass = std::max(nClass, int(c) + 1);
    // home peak of each class: the peak holding most of it (lowest id on ties)
    std::vector<std::vector<Index>> count(size_t(nClass), std::vector<Index>(size_t(m), 0));
    for (size_t i = 0; i < peaks.size(); ++i) ++count[size_t(labels.classes[i])][size_t(peaks[i])];
    std::vector<int> home(static_cast<size_t>(nClass), 0), macroOf(static_cast<size_t>(nClass), -1);
    for (int c = 0; c < nClass; ++c)
        home[size_t(c)] = int(std::max_element(count[size_t(c)].begin(), count[size_t(c)].end()) - count[size_t(c)].begin());
    for (size_t i = 0; i < peaks.size(); ++i) macroOf[size_t(labels.classes[i])] = int(labels.macro[i]);
    // join height of two peaks: replay the dendrogram (merges in non-increasing height)
    const Dendrogram d = peakHierarchy(part);
    std::vector<int> group(size_t(d.nLeaves + Index(d.merges.size())));
    std::vector<std::vector<int>> members(group.size());
    for (Index l = 0; l < d.nLeaves; ++l) members[size_t(l)] = {int(l)};
    std::vector<std::vector<double>> join(size_t(m), std::vector<double>(size_t(m), INFINITY));
    for (size_t k = 0; k < d.merges.size(); ++k) {
        const auto& L = members[size_t(d.merges[k].left)];
        const auto& R = members[size_t(d.merges[k].right)];
        // an unconnected join gets −∞ (below every real saddle), so pairs without a saddle rank last
        const double h = d.merges[k].connected ? d.merges[k].height : -INFINITY;
        for (int a : L)
            for (int b : R) join[size_t(a)][size_t(b)] = join[size_t(b)][size_t(a)] = h;
        auto& U = members[size_t(d.nLeaves) + k];
        U = L;
        U.insert(U.end(), R.begin(), R.end());
    }
    std::vector<double> same, cross;
    for (int a = 0; a < nClass; ++a)
        for (int b = a + 1; b < nClass; ++b) {
            const double h = join[size_t(home[size_t(a)])][size_t(home[size_t(b)])];
            (macroOf[size_t(a)] == macroOf[size_t(b)] ? same : cross).push_back(h);
        }
    if (same.empty() || cross.empty()) return NAN;
    double s = 0;
    for (double x : same)
        for (double y : cross) s += x > y ? 1.0 : (x == y ? 0.5 : 0.0);
    return s / double(same.size() * cross.size());
}

double knnVote(const KnnGraph& g, const std::vector<std::int64_t>& labels, Index k) {
    if (k < 1 || k > g.maxk) throw Error("knnVote: k must be in 1..maxk");
    Index right = 0;
    for (Index i = 0; i < g.n; ++i) {
        std::map<std::int64_t, int> votes;
        for (Index j = 1; j <= k; ++j) ++votes[labels[size_t(g.index(i, j))]];
        // majority; ties go to the label of the nearest neighbour among the tied ones
        int best = 0;
        for (auto& [l, v] : votes) best = std::max(best, v);
        std::int64_t winner = -1;
        for (Index j = 1; j <= k && winner < 0; ++j)
            if (votes[labels[size_t(g.index(i, j))]] == best) winner = labels[size_t(g.index(i, j))];
        right += winner == labels[size_t(i)];
    }
    return double(right) / double(g.n);
}

std::vector<LayerMeasures> measureLayer(const KnnGraph& g, const LabelSets& labels, const std::vector<double>& zs,
                                        const KnnGraph* input, const KnnGraph* output) {
    if (Index(labels.classes.size()) != g.n || labels.macro.size() != labels.classes.size())
        throw Error("measures: " + std::to_string(labels.classes.size()) + " labels for a graph of " + std::to_string(g.n) +
                    " points");
    Analysis a = analyzeLayer(g, zs.empty() ? 1.65 : zs[0]);
    LayerMeasures base;
    base.id = a.id.id;
    base.idError = a.id.error;
    base.chiClass = labelOverlap(g.indices.data(), g.n, g.width(), kChiK, labels.classes);
    base.chiMacro = labelOverlap(g.indices.data(), g.n, g.width(), kChiK, labels.macro);
    base.overlapInput = input ? neighbourhoodOverlap(g.indices.data(), g.width(), input->indices.data(), input->width(), g.n, kChiK) : NAN;
    base.overlapOutput = output ? neighbourhoodOverlap(g.indices.data(), g.width(), output->indices.data(), output->width(), g.n, kChiK) : NAN;
    std::vector<LayerMeasures> out;
    for (double z : zs) {
        if (z != a.partition.Z) remergeAtZ(a, z);
        LayerMeasures m = base;
        m.Z = z;
        const std::vector<int32_t> lab = a.perRow(a.partition.labels);
        const std::vector<std::int64_t> peaks(lab.begin(), lab.end());
        m.peaks = a.partition.nClusters();
        m.ariClass = adjustedRandIndex(labels.classes, peaks);
        m.ariMacro = adjustedRandIndex(labels.macro, peaks);
        m.homClass = homogeneity(labels.classes, peaks);
        m.homMacro = homogeneity(labels.macro, peaks);
        m.purClass = purity(labels.classes, peaks);
        m.purMacro = purity(labels.macro, peaks);
        m.mergeOrder = mergeOrderScore(a.partition, peaks, labels);
        out.push_back(m);
    }
    return out;
}

std::string measuresJson(const std::string& name, std::int64_t dims, const std::vector<LayerMeasures>& ms) {
    if (ms.empty()) throw Error("measuresJson: no Z");
    json::Writer j(6);  // 6 significant digits (the size of summary.json); NaN as null
    const LayerMeasures& m = ms[0];  // the Z-independent measures
    j.beginObject().field("name", name).field("dims", dims).field("id", m.id).field("id_err", m.idError);
    j.field("chi_c", m.chiClass).field("chi_m", m.chiMacro).field("ov_in", m.overlapInput).field("ov_out", m.overlapOutput);
    j.key("z").beginArray();
    for (const LayerMeasures& z : ms) {
        j.beginObject().field("Z", z.Z).field("peaks", z.peaks).field("ari_c", z.ariClass).field("ari_m", z.ariMacro);
        j.field("hom_c", z.homClass).field("hom_m", z.homMacro).field("pur_c", z.purClass).field("pur_m", z.purMacro);
        j.field("merge", z.mergeOrder).endObject();
    }
    j.endArray().endObject();
    return j.take();
}

}  // namespace peakscope::representations
