// JSON report of an Analysis. See report.hpp.
#include "core/report.hpp"

#include <cmath>
#include <cstdio>
#include <string>
#include <string_view>

namespace peakscope {
namespace {

struct Json {
    std::string s;
    void num(double v) {
        if (!std::isfinite(v)) { s += "null"; return; }  // JSON has no NaN/Inf
        char buf[32];
        std::snprintf(buf, sizeof buf, "%.17g", v);
        s += buf;
    }
    void num(Index v) { s += std::to_string(v); }
    void str(const std::string& v) { s += jsonString(v); }
    void key(const char* k) { str(k); s += ':'; }
    template <class T> void arr(const std::vector<T>& v) {
        s += '[';
        for (size_t i = 0; i < v.size(); ++i) {
            if (i) s += ',';
            if constexpr (std::is_floating_point_v<T>) num(double(v[i])); else num(Index(v[i]));
        }
        s += ']';
    }
};

}  // namespace

std::string jsonString(std::string_view text) {
    std::string o = "\"";
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
    return o + "\"";
}

std::string analysisToJson(const Analysis& a, const ReportOptions& o) {
    Json j;
    j.s.reserve(size_t(a.n) * 64 + 4096);
    j.s += '{';
    j.key("n"); j.num(a.n); j.s += ',';
    j.key("d"); j.num(a.d); j.s += ',';
    j.key("maxk"); j.num(a.graph.maxk); j.s += ',';
    j.key("n_unique"); j.num(a.graph.n); j.s += ',';
    j.key("duplicates"); j.num(a.duplicates.count); j.s += ',';
    if (a.graph.approximate) {  // only for the approximate back-end: the measured recall
        j.key("neighbour_graph"); j.s += '{';
        j.key("approximate"); j.s += "true,";
        j.key("recall"); j.num(a.graph.recall); j.s += ',';
        j.key("recall_sample"); j.num(a.graph.recallSample); j.s += "},";
    }
    j.key("warnings"); j.s += '[';
    for (size_t k = 0; k < a.warnings.size(); ++k) { if (k) j.s += ','; j.str(a.warnings[k]); }
    j.s += "],";
    j.key("id"); j.s += '{';
    j.key("value"); j.num(a.id.id); j.s += ',';
    j.key("error"); j.num(a.id.error); j.s += ',';
    j.key("scale"); j.num(a.id.scale);
    // an ID-vs-scale curve: {"<xName>": [...], "id": [...], "error": [...], "scale": [...]}
    auto scaling = [&](const char* name, const char* xName, const std::vector<Index>& x, const std::vector<double>& id,
                       const std::vector<double>& err, const std::vector<double>& scale) {
        if (id.empty()) return;
        j.s += ','; j.key(name); j.s += '{';
        j.key(xName); j.arr(x); j.s += ',';
        j.key("id"); j.arr(id); j.s += ',';
        j.key("error"); j.arr(err); j.s += ',';
        j.key("scale"); j.arr(scale); j.s += '}';
    };
    scaling("decimation", "sizes", a.idScale.sizes, a.idScale.id, a.idScale.error, a.idScale.scale);
    scaling("gride", "n1", a.grideScale.n1, a.grideScale.id, a.grideScale.error, a.grideScale.scale);
    j.s += "},";
    j.key("density"); j.s += '{';
    j.key("method"); j.str(densityMethodName(a.density.method));
    if (o.perPointArrays) {
        j.s += ','; j.key("log_density"); j.arr(a.perRow(a.density.logRho));
        j.s += ','; j.key("log_density_error"); j.arr(a.perRow(a.density.error));
        j.s += ','; j.key("kstar"); j.arr(a.perRow(a.density.kstar));
    }
    j.s += "},";
    const Partition& p = a.partition;
    j.key("adp"); j.s += '{';
    j.key("Z"); j.num(p.Z); j.s += ',';
    j.key("n_clusters"); j.num(p.nClusters()); j.s += ',';
    j.key("n_putative"); j.num(Index(a.topography.centres.size()));
    if (o.perPointArrays) {
        j.s += ','; j.key("labels"); j.arr(a.perRow(p.labels));
        j.s += ','; j.key("halo_labels"); j.arr(a.perRow(p.haloLabels));
    }
    std::vector<Index> centers;
    for (int32_t c : p.centres) centers.push_back(a.row(c));
    j.s += ','; j.key("centers"); j.arr(centers);
    j.s += ','; j.key("center_log_density"); j.arr(p.centreLogRho);
    j.s += ','; j.key("center_error"); j.arr(p.centreError);
    j.s += ','; j.key("population"); j.arr(p.population);
    j.s += ','; j.key("saddles"); j.s += '[';
    for (size_t k = 0; k < p.saddles.size(); ++k) {
        const Saddle& s = p.saddles[k];
        if (k) j.s += ',';
        j.s += '{';
        j.key("a"); j.num(Index(s.a)); j.s += ',';
        j.key("b"); j.num(Index(s.b)); j.s += ',';
        j.key("log_density"); j.num(s.logRho); j.s += ',';
        j.key("error"); j.num(s.error); j.s += ',';
        j.key("point"); j.num(Index(a.row(s.point)));
        j.s += '}';
    }
    j.s += "],";
    j.key("merge_z"); j.s += '[';
    for (size_t k = 0; k < a.curve.z.size(); ++k) {
        if (k) j.s += ',';
        j.s += '{'; j.key("z"); j.num(a.curve.z[k]); j.s += ','; j.key("n_clusters"); j.num(a.curve.nClusters[k]); j.s += '}';
    }
    j.s += ']';
    if (a.curve.truncated()) {  // steps beyond this Z were sampled on a grid (work budget spent)
        j.s += ','; j.key("merge_z_exact_up_to"); j.num(a.curve.exactUpTo);
    }
    j.s += "},";
    const Dendrogram& h = a.hierarchy;
    j.key("hierarchy"); j.s += '{';
    j.key("n_leaves"); j.num(h.nLeaves); j.s += ',';
    j.key("leaf_height"); j.arr(h.leafHeight); j.s += ',';
    j.key("leaf_order"); j.arr(h.leafOrder); j.s += ',';
    j.key("merges"); j.s += '[';
    for (size_t k = 0; k < h.merges.size(); ++k) {
        const auto& m = h.merges[k];
        if (k) j.s += ',';
        j.s += '{';
        j.key("left"); j.num(Index(m.left)); j.s += ',';
        j.key("right"); j.num(Index(m.right)); j.s += ',';
        j.key("height"); j.num(m.height); j.s += ',';
        j.key("saddle_point"); j.num(Index(m.saddlePoint < 0 ? -1 : a.row(m.saddlePoint))); j.s += ',';
        j.key("size"); j.num(m.size); j.s += ',';
        j.key("merge_z"); j.num(m.mergeZ); j.s += ',';  // the Z at which the two groups merge
        j.key("connected"); j.s += m.connected ? "true" : "false";
        j.s += '}';
    }
    j.s += "]},";
    if (o.decisionGraph && o.perPointArrays && !a.decision.delta.empty()) {
        j.key("decision_graph"); j.s += '{';
        j.key("delta"); j.arr(a.perRow(a.decision.delta));
        j.s += "},";
    }
    if (o.truth) {
        j.key("truth"); j.s += '{';
        j.key("against"); j.str(o.truthAgainstHalo ? "halo_labels" : "labels"); j.s += ',';
        j.key("compared"); j.num(o.truth->compared); j.s += ',';
        j.key("ari"); j.num(o.truth->ari); j.s += ',';
        j.key("nmi"); j.num(o.truth->nmi);
        if (!o.truthColumn.empty()) { j.s += ','; j.key("column"); j.str(o.truthColumn); }
        if (!o.truthClasses.empty()) {  // label k is classes[k]
            j.s += ','; j.key("classes"); j.s += '[';
            for (size_t k = 0; k < o.truthClasses.size(); ++k) { if (k) j.s += ','; j.str(o.truthClasses[k]); }
            j.s += ']';
        }
        if (!o.truth->unavailable.empty()) { j.s += ','; j.key("unavailable"); j.str(o.truth->unavailable); }
        j.s += "},";
    }
    j.key("timings_s"); j.s += '{';
    j.key("neighbours"); j.num(a.timings.neighbours); j.s += ',';
    j.key("id"); j.num(a.timings.id); j.s += ',';
    j.key("density"); j.num(a.timings.density); j.s += ',';
    j.key("adp"); j.num(a.timings.adp);
    j.s += "}}";
    return j.s;
}

}  // namespace peakscope
