// PeakScope Tutorial 2 ("Layers"): fetches summary.json of the shipped set through the page's files
// (platform/files: the download platform/early.js may have started, then the JSON flattened) and
// keeps its digest (layers_summary.cpp: summaryDigest, parseSummaryDigest).
//   Sections: requestSummary (fetch → flatten → digest → Summary)
// Example: requestSummary(L);  (update(); the strip's bands appear when it has arrived)
#include <exception>
#include <map>
#include <string>

#include "parts/layers/layers_internal.hpp"
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
    const std::string url = "data/tutorial2/cluttered/summary.json";  // next to the manifest (layers_bridge.cpp)
    files::fetch(url, "summary.json", 0, [url](const files::File* f, const std::string& why) {
        if (!f) return summaryArrived("", "could not load " + url + ": " + why);
        const int id = f->id;
        files::readJsonFlat(id, [url, id](std::map<std::string, std::string> flat, std::string error) {
            files::release(id);
            if (!error.empty()) return summaryArrived("", "could not load " + url + ": " + error);
            summaryArrived(summaryDigest(flat), "");
        });
    });
}

}  // namespace peakscope::web::layers
