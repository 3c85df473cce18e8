// PeakScope page API; see page_api.hpp.
#include "shell/page_api.hpp"

#include <cmath>

#include "imgui.h"
#include "platform/page.hpp"
#include "shell/app.hpp"

namespace peakscope::web::shell {

void publishRect(const char* name) {
    const ImVec2 a = ImGui::GetItemRectMin(), b = ImGui::GetItemRectMax();
    platform::setRect(name, a.x, a.y, b.x, b.y);
}

void publishWindowRect(const char* name) {
    const ImVec2 a = ImGui::GetWindowPos(), s = ImGui::GetWindowSize();
    platform::setRect(name, a.x, a.y, a.x + s.x, a.y + s.y);
}

void installPageApi() { platform::installPageApi(); }

void postContentHeight(float contentHeight) {
    int& last = state().postedHeight;
    const int h = int(std::ceil(contentHeight));
    if (h != last) {  // does nothing outside an iframe
        platform::postHeight(h);
        last = h;
    }
}

}  // namespace peakscope::web::shell
