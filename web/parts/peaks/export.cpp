// PeakScope exports and sharing; see export.hpp.
#include "parts/peaks/export.hpp"

#include <emscripten.h>

#include <cstdio>

#include "core/report.hpp"
#include "parts/peaks/session.hpp"
#include "shell/url_state.hpp"

namespace peakscope::web::exporting {
namespace {

EM_JS(void, jsDownload, (const char* name, const char* mime, const char* data, int size), {
    const bytes = HEAPU8.slice(data, data + size);
    const blob = new Blob([bytes], {type : UTF8ToString(mime)});
    const a = document.createElement('a');
    a.href = URL.createObjectURL(blob);
    a.download = UTF8ToString(name);
    document.body.appendChild(a);
    a.click();
    setTimeout(() => { URL.revokeObjectURL(a.href); a.remove(); }, 1000);
    Module.psLastDownload = {name : a.download, size : size};
});

EM_JS(void, jsSaveCanvasPng, (), {
    const canvas = document.querySelector('#canvas');
    canvas.toBlob((blob) => {
        if (!blob) return;
        const a = document.createElement('a');
        a.href = URL.createObjectURL(blob);
        a.download = 'peakscope.png';
        document.body.appendChild(a);
        a.click();
        setTimeout(() => { URL.revokeObjectURL(a.href); a.remove(); }, 1000);
        Module.psLastDownload = {name : a.download, size : blob.size};
    }, 'image/png');
});

EM_JS(void, jsCopy, (const char* text), {
    const t = UTF8ToString(text);
    Module.psLastCopied = t;
    if (navigator.clipboard && navigator.clipboard.writeText)
        navigator.clipboard.writeText(t).catch(() => {});
});

EM_JS(void, jsOpen, (const char* url), { window.open(UTF8ToString(url), '_blank', 'noopener'); });

}  // namespace

std::string labelsCsv(const AppState& s) {
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

std::string resultsJson(const AppState& s) {
    const auto& a = s.results.analysis;
    if (!a) return "{}";
    Analysis copy = *a;
    remergeAtZ(copy, s.z.Z);
    ReportOptions o;
    return analysisToJson(copy, o);
}

void download(const std::string& fileName, const std::string& mime, const std::string& content) {
    jsDownload(fileName.c_str(), mime.c_str(), content.data(), int(content.size()));
}

void saveCanvasPng() { jsSaveCanvasPng(); }

std::string embedCode(const AppState& s) {
    return "<iframe src=\"" + url::shareLink(s, true) +
           "\" width=\"100%\" height=\"560\" style=\"border:0\" title=\"PeakScope: density peaks\" "
           "allow=\"clipboard-write\" loading=\"lazy\"></iframe>";
}

void copyText(const std::string& text) { jsCopy(text.c_str()); }

void openFullApp(const AppState& s) {
    std::string link = url::shareLink(s, false);
    const std::string tag = "&embed=1";
    const size_t p = link.find(tag);
    if (p != std::string::npos) link.erase(p, tag.size());
    jsOpen(link.c_str());
}

}  // namespace peakscope::web::exporting

extern "C" EMSCRIPTEN_KEEPALIVE const char* ps_app_export_json() {
    static std::string out;
    out = peakscope::web::exporting::resultsJson(peakscope::web::session::state());
    return out.c_str();
}
