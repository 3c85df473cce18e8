// PeakScope exports and sharing; see export.hpp.
#include "parts/peaks/export.hpp"

#include <cstdio>

#include "core/hierarchy.hpp"
#include "core/metrics.hpp"
#include "core/report.hpp"
#include "platform/page.hpp"
#include "shell/url_state.hpp"

namespace peakscope::web::exporting {
namespace {
// names[k] as a CSV field (quoted when it holds a comma, quote or space; "" when k has no name).
std::string csvField(const std::vector<std::string>& names, int32_t k) {
    if (k < 0 || size_t(k) >= names.size()) return "";
    const std::string& v = names[size_t(k)];
    if (v.find_first_of(",\" \t") == std::string::npos) return v;
    std::string q = "\"";
    for (char c : v) q += c == '"' ? std::string("\"\"") : std::string(1, c);
    return q + "\"";
}
}  // namespace

std::string labelsCsv(const PeaksState& s) {
    const auto& a = s.results.analysis;
    if (!a) return {};
    std::string out = "row,peak,peak_with_halo,log_density,log_density_error,kstar";
    const bool truth = s.data.truth.size() == size_t(a->n);
    const bool named = truth && !s.data.truthNames.empty();  // text class labels: their names too
    if (truth) out += ",truth";
    if (named) out += ",truth_name";
    out += '\n';
    char buf[160];
    for (Index i = 0; i < a->n; ++i) {
        const size_t u = size_t(a->rowToUnique[size_t(i)]);
        std::snprintf(buf, sizeof buf, "%lld,%d,%d,%.17g,%.17g,%d", (long long)i, s.z.rowLabels[size_t(i)],
                      s.z.rowHalo[size_t(i)], a->density.logRho[u], a->density.error[u], a->density.kstar[u]);
        out += buf;
        if (truth) out += "," + std::to_string(s.data.truth[size_t(i)]);
        if (named) out += "," + csvField(s.data.truthNames, s.data.truth[size_t(i)]);
        out += '\n';
    }
    return out;
}

std::string resultsJson(const PeaksState& s) {
    const auto& a = s.results.analysis;
    if (!a) return "{}";
    ReportOptions o;
    // the merge at the slider's Z as the page holds it (session::refreshPartition; merged here only
    // if it is stale), not a copy of the analysis re-merged
    Partition partition;
    Dendrogram hierarchy;
    const bool current = s.z.computedSerial == s.results.serial && s.z.computedZ == s.z.Z;
    if (!current) {
        partition = mergeAtZ(a->topography, a->density, s.z.Z);
        hierarchy = peakHierarchy(partition);
        labelJoins(hierarchy, a->topography, partition, a->curve);
    }
    o.partition = current ? &s.z.partition : &partition;
    o.hierarchy = current ? &s.z.hierarchy : &hierarchy;
    // ground truth, as the CLI writes it: ARI/NMI of the peaks at Z, the label column, the class names
    LabelAgreement agreement;
    if (s.data.truth.size() == size_t(a->n)) {
        const auto labels = a->perRow(o.partition->labels);
        agreement = labelAgreement(std::vector<int64_t>(s.data.truth.begin(), s.data.truth.end()),
                                   std::vector<int64_t>(labels.begin(), labels.end()));
        o.truth = &agreement;
        if (s.data.labelColumn >= 0 && size_t(s.data.labelColumn) < s.data.columns.size())
            o.truthColumn = s.data.columns[size_t(s.data.labelColumn)];
        o.truthClasses = s.data.truthNames;
    }
    return analysisToJson(*a, o);
}

std::string embedCode(const PeaksState& s) {
    return "<iframe src=\"" + shell::url::shareLink(true) +
           "\" width=\"100%\" height=\"560\" style=\"border:0\" title=\"PeakScope: density peaks\" "
           "allow=\"clipboard-write\" loading=\"lazy\"></iframe>";
}

void openFullApp(const PeaksState& s) {
    std::string link = shell::url::shareLink(false);
    const std::string tag = "&embed=1";
    const size_t p = link.find(tag);
    if (p != std::string::npos) link.erase(p, tag.size());
    platform::openTab(link);
}

}  // namespace peakscope::web::exporting
