// PeakScope exports and sharing; see export.hpp.
#include "parts/peaks/export.hpp"

#include <cstdio>

#include "core/report.hpp"
#include "platform/page.hpp"
#include "shell/url_state.hpp"

namespace peakscope::web::exporting {

std::string labelsCsv(const PeaksState& s) {
    const auto& a = s.results.analysis;
    if (!a) return {};
    std::string out = "row,peak,peak_with_halo,log_density,log_density_error,kstar";
    const bool truth = s.data.truth.size() == size_t(a->n);
    if (truth) out += ",truth";
    out += '\n';
    char buf[160];
    for (Index i = 0; i < a->n; ++i) {
        const size_t u = size_t(a->rowToUnique[size_t(i)]);
        std::snprintf(buf, sizeof buf, "%lld,%d,%d,%.17g,%.17g,%d", (long long)i, s.z.rowLabels[size_t(i)],
                      s.z.rowHalo[size_t(i)], a->density.logRho[u], a->density.error[u], a->density.kstar[u]);
        out += buf;
        if (truth) out += "," + std::to_string(s.data.truth[size_t(i)]);
        out += '\n';
    }
    return out;
}

std::string resultsJson(const PeaksState& s) {
    const auto& a = s.results.analysis;
    if (!a) return "{}";
    Analysis copy = *a;
    remergeAtZ(copy, s.z.Z);
    ReportOptions o;
    return analysisToJson(copy, o);
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
