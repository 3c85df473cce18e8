// PeakScope web platform: the page around the canvas; see page.hpp.
#include "platform/page.hpp"

#include <emscripten.h>

#include <cstdlib>

namespace peakscope::web::platform {
namespace {

//-----------------------------------------------------------------------------------------------
// [JS] EM_JS bodies run in the module's scope.
//-----------------------------------------------------------------------------------------------
EM_JS(char*, jsSearch, (), {
    const q = window.location.search;
    const s = q.charAt(0) === '?' ? q.substring(1) : q;
    const len = lengthBytesUTF8(s) + 1;
    const p = _malloc(len);
    stringToUTF8(s, p, len);
    return p;
});
EM_JS(char*, jsBase, (), {
    const s = window.location.origin + window.location.pathname;
    const len = lengthBytesUTF8(s) + 1;
    const p = _malloc(len);
    stringToUTF8(s, p, len);
    return p;
});
EM_JS(void, jsReplaceQuery, (const char* q), {
    try {
        history.replaceState(null, document.title, window.location.pathname + '?' + UTF8ToString(q) + window.location.hash);
    } catch (e) {
        // sandboxed iframes may refuse; the link buttons still work
    }
});

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

EM_JS(void, jsPostHeight, (int height), {
    if (window.parent && window.parent !== window)
        window.parent.postMessage({type : 'peakscope-height', height : height}, '*');
});

EM_JS(void, jsSetRect, (const char* name, float x0, float y0, float x1, float y1), {
    const ps = window.peakscope || (window.peakscope = {});
    (ps.rects || (ps.rects = {}))[UTF8ToString(name)] = {x0 : x0, y0 : y0, x1 : x1, y1 : y1};
});

EM_JS(void, jsInstallPageApi, (), {
    const ps = window.peakscope || (window.peakscope = {});
    ps.rects = ps.rects || {};
});

std::string takeString(char* p) {
    std::string s(p);
    std::free(p);
    return s;
}

}  // namespace

std::string locationSearch() { return takeString(jsSearch()); }
std::string locationBase() { return takeString(jsBase()); }
void replaceQuery(const std::string& q) { jsReplaceQuery(q.c_str()); }

void download(const std::string& fileName, const std::string& mime, const std::string& content) {
    jsDownload(fileName.c_str(), mime.c_str(), content.data(), int(content.size()));
}
void saveCanvasPng() { jsSaveCanvasPng(); }
void copyText(const std::string& text) { jsCopy(text.c_str()); }
void openTab(const std::string& url) { jsOpen(url.c_str()); }

void postHeight(int height) { jsPostHeight(height); }

void setRect(const char* name, float x0, float y0, float x1, float y1) { jsSetRect(name, x0, y0, x1, y1); }
void installPageApi() { jsInstallPageApi(); }

}  // namespace peakscope::web::platform
