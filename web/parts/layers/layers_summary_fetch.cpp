// PeakScope Tutorial 2 ("Layers"): fetches summary.json of the shipped set through the page's files
// (platform/files: the download platform/early.js may have started, then the JSON flattened) and
// keeps its digest (layers_summary.cpp: summaryDigest, parseSummaryDigest).
//   Sections: requestSummary (fetch → flatten → digest → Summary)
// Example: requestSummary(L);  (update(); the strip's bands appear when it has arrived)
#include <exception>
#include <map>
#include <string>

#include "parts/layers/layers_loading.hpp"
#include "parts/layers/layers_worker.hpp"
#include "platform/files.hpp"
#include "shell/app.hpp"

namespace peakscope::web::layers {

namespace files = platform::files;

namespace {
// The digest, or why there is none (the strip then shows the shipped seed without bands).
void summaryArrived(const std::string& digest, const std::string& error) {
    LayersState* L = st();
    if (!L) return;
    Summary& s = L->shipped.summary;
    try {
        if (!error.empty()) throw Error(error);
        Summary parsed = parseSummaryDigest(digest);
        parsed.requested = true;
        s = std::move(parsed);
    } catch (const std::exception& e) {
        s.error = e.what();
        s.ready = false;
        shell::error(std::string(e.what()) + " (the strip shows the analysed seed without error bands)");
    }
}
}  // namespace

void requestSummary(LayersState& L) {
    if (L.shipped.summary.requested) return;
    L.shipped.summary.requested = true;
    const std::string url = std::string(kShippedFolder) + "summary.json";  // next to the manifest
    files::fetchJsonFlat(url, "summary.json", [](std::map<std::string, std::string> flat, std::string error) {
        if (!error.empty()) return summaryArrived("", error);
        summaryArrived(summaryDigest(flat), "");
    });
}

}  // namespace peakscope::web::layers
