// PeakScope shell: the state in the address bar; see url_state.hpp.
#include "shell/url_state.hpp"

#include <emscripten.h>

#include "platform/page.hpp"
#include "platform/platform.hpp"
#include "shell/app.hpp"
#include "shell/url_query.hpp"

namespace peakscope::web::shell::url {

std::string query(bool embed) { return composeQuery(parts(), shownPart(), embed || state().embed, state().fontScale); }

void readInitial() {
    ShellState& st = state();
    st.linkMessage.clear();
    for (const std::string& p : applyQuery(parts(), platform::locationSearch(), st))
        st.linkMessage += (st.linkMessage.empty() ? "Link: " : "\nLink: ") + p;
    st.urlDirty = false;  // keep the link as given until something changes
}

void writeIfDirty() {
    ShellState& st = state();
    if (!st.urlDirty) return;
    const double now = emscripten_get_now();
    if (now - st.urlWritten < 250) {
        platform::frameAt(st.urlWritten + 250);  // frames on demand: written then, not at the next input
        return;
    }
    platform::replaceQuery(query());
    st.urlDirty = false;
    st.urlWritten = now;
}

std::string shareLink(bool embed) { return platform::locationBase() + "?" + query(embed); }

}  // namespace peakscope::web::shell::url
