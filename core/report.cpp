// JSON report of an Analysis. See report.hpp.
#include "core/report.hpp"

#include <string>
#include <string_view>

#include "core/json.hpp"

namespace peakscope {

std::string analysisToJson(const Analysis& a, const ReportOptions& o) {
    json::Writer j;  // doubles: shortest text that reads back exactly; NaN/Inf as null
    j.reserve(size_t(a.n) * 64 + 4096);
    j.beginObject();
    j.field("n", a.n).field("d", a.d).field("maxk", a.graph.maxk).field("n_unique", a.graph.n);
    j.field("duplicates", a.duplicates.count);
    if (a.graph.approximate) {  // only for the approximate back-end: the measured recall
        j.key("neighbour_graph").beginObject();
        j.field("approximate", true).field("recall", a.graph.recall).field("recall_sample", a.graph.recallSample);
        j.endObject();
    }
    j.field("warnings", a.warnings);
    j.key("id").beginObject();
    j.field("value", a.id.id).field("error", a.id.error).field("scale", a.id.scale);
    // an ID-vs-scale curve: {"<xName>": [...], "id": [...], "error": [...], "scale": [...]}
    auto scaling = [&](const char* name, const char* xName, const std::vector<Index>& x, const std::vector<double>& id,
                       const std::vector<double>& err, const std::vector<double>& scale) {
        if (id.empty()) return;
        j.key(name).beginObject();
        j.field(xName, x).field("id", id).field("error", err).field("scale", scale);
        j.endObject();
    };
    scaling("decimation", "sizes", a.idScale.sizes, a.idScale.id, a.idScale.error, a.idScale.scale);
    scaling("gride", "n1", a.grideScale.n1, a.grideScale.id, a.grideScale.error, a.grideScale.scale);
    j.endObject();
    j.key("density").beginObject();
    j.field("method", densityMethodName(a.density.method));
    if (o.perPointArrays) {
        j.field("log_density", a.perRow(a.density.logRho));
        j.field("log_density_error", a.perRow(a.density.error));
        j.field("kstar", a.perRow(a.density.kstar));
    }
    j.endObject();
    const Partition& p = o.partition && o.hierarchy ? *o.partition : a.partition;
    j.key("adp").beginObject();
    j.field("Z", p.Z).field("n_clusters", p.nClusters()).field("n_putative", Index(a.topography.centres.size()));
    if (o.perPointArrays) {
        j.field("labels", a.perRow(p.labels));
        j.field("halo_labels", a.perRow(p.haloLabels));
    }
    std::vector<Index> centers;
    for (int32_t c : p.centres) centers.push_back(a.row(c));
    j.field("centers", centers);
    j.field("center_log_density", p.centreLogRho);
    j.field("center_error", p.centreError);
    j.field("population", p.population);
    j.key("saddles").beginArray();
    for (const Saddle& s : p.saddles) {
        j.beginObject();
        j.field("a", s.a).field("b", s.b).field("log_density", s.logRho).field("error", s.error);
        j.field("point", a.row(s.point));
        j.endObject();
    }
    j.endArray();
    j.key("merge_z").beginArray();
    for (size_t k = 0; k < a.curve.z.size(); ++k)
        j.beginObject().field("z", a.curve.z[k]).field("n_clusters", a.curve.nClusters[k]).endObject();
    j.endArray();
    if (a.curve.truncated())  // steps beyond this Z were sampled on a grid (work budget spent)
        j.field("merge_z_exact_up_to", a.curve.exactUpTo);
    j.endObject();
    const Dendrogram& h = o.partition && o.hierarchy ? *o.hierarchy : a.hierarchy;
    j.key("hierarchy").beginObject();
    j.field("n_leaves", h.nLeaves).field("leaf_height", h.leafHeight).field("leaf_order", h.leafOrder);
    j.key("merges").beginArray();
    for (const auto& m : h.merges) {
        j.beginObject();
        j.field("left", m.left).field("right", m.right).field("height", m.height);
        j.field("saddle_point", m.saddlePoint < 0 ? Index(-1) : a.row(m.saddlePoint));
        j.field("size", m.size);
        j.field("merge_z", m.mergeZ);  // the Z at which the two groups merge
        j.field("connected", m.connected);
        j.endObject();
    }
    j.endArray();
    j.endObject();
    if (o.decisionGraph && o.perPointArrays && !a.decision.delta.empty()) {
        j.key("decision_graph").beginObject();
        j.field("delta", a.perRow(a.decision.delta));
        j.endObject();
    }
    if (o.truth) {
        j.key("truth").beginObject();
        j.field("against", o.truthAgainstHalo ? "halo_labels" : "labels");
        j.field("compared", o.truth->compared).field("ari", o.truth->ari).field("nmi", o.truth->nmi);
        if (!o.truthColumn.empty()) j.field("column", o.truthColumn);
        if (!o.truthClasses.empty()) j.field("classes", o.truthClasses);  // label k is classes[k]
        if (!o.truth->unavailable.empty()) j.field("unavailable", o.truth->unavailable);
        j.endObject();
    }
    j.key("timings_s").beginObject();
    j.field("neighbours", a.timings.neighbours).field("id", a.timings.id);
    j.field("density", a.timings.density).field("adp", a.timings.adp);
    j.endObject();
    j.endObject();
    return j.take();
}

}  // namespace peakscope
