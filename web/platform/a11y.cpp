// The accessible text layer's DOM; see a11y.hpp.
#include "platform/a11y.hpp"

#include <emscripten.h>

namespace peakscope::web::platform {
namespace {

// [JS] #peakscope-a11y: visually hidden (not display:none, which would hide it from screen readers
// too), after the canvas in the document order.
EM_JS(void, jsA11yEnsure, (), {
    if (document.getElementById('peakscope-a11y')) return;
    const box = document.createElement('div');
    box.id = 'peakscope-a11y';
    box.style.cssText = 'position:absolute;width:1px;height:1px;margin:-1px;padding:0;border:0;' +
                        'overflow:hidden;clip:rect(0 0 0 0);clip-path:inset(50%);white-space:nowrap';
    const live = document.createElement('p');
    live.id = 'peakscope-live';
    live.setAttribute('role', 'status');
    live.setAttribute('aria-live', 'polite');
    live.setAttribute('aria-atomic', 'true');
    const tables = document.createElement('div');
    tables.id = 'peakscope-tables';
    box.appendChild(live);
    box.appendChild(tables);
    document.body.appendChild(box);
});

EM_JS(void, jsA11ySet, (const char* id, const char* content, int html), {
    const el = document.getElementById(UTF8ToString(id));
    if (!el) return;
    if (html) el.innerHTML = UTF8ToString(content);
    else el.textContent = UTF8ToString(content);
});

EM_JS(int, jsReducedMotion, (), {
    return (typeof matchMedia === 'function' && matchMedia('(prefers-reduced-motion: reduce)').matches) ? 1 : 0;
});

}  // namespace

namespace {
int g_writes = 0;
}

void setLiveText(const std::string& text) {
    jsA11yEnsure();
    jsA11ySet("peakscope-live", text.c_str(), 0);
    ++g_writes;
}

void setHiddenHtml(const std::string& html) {
    jsA11yEnsure();
    jsA11ySet("peakscope-tables", html.c_str(), 1);
    ++g_writes;
}

int accessibleWrites() { return g_writes; }

bool prefersReducedMotion() { return jsReducedMotion() != 0; }

}  // namespace peakscope::web::platform
