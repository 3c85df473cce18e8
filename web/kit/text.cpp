// PeakScope kit: text never cut or split inside a word; see text.hpp.
#include "kit/text.hpp"

#include <algorithm>

#include "imgui.h"

namespace peakscope::web::kit {

void wrapped(const std::string& text, bool disabled) {
    const float width = std::max(ImGui::GetContentRegionAvail().x, ImGui::GetFontSize() * 4);
    std::string joined;  // one item: the lines as close as ImGui's own wrapped text
    for (const std::string& line : wrapLines(text, width, [](std::string_view s) {
             return ImGui::CalcTextSize(s.data(), s.data() + s.size()).x;
         }))
        joined += (joined.empty() ? "" : "\n") + line;
    if (disabled) ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled));
    ImGui::TextUnformatted(joined.c_str());
    if (disabled) ImGui::PopStyleColor();
}

bool sameLineIfFits(float width) {
    const float right = ImGui::GetWindowPos().x + ImGui::GetWindowContentRegionMax().x;
    if (ImGui::GetItemRectMax().x + ImGui::GetStyle().ItemSpacing.x + width > right) return false;
    ImGui::SameLine();
    return true;
}

void textAfter(const std::string& text, bool disabled) {
    if (sameLineIfFits(ImGui::CalcTextSize(text.c_str()).x)) {
        if (disabled) ImGui::TextDisabled("%s", text.c_str());
        else ImGui::TextUnformatted(text.c_str());
        return;
    }
    wrapped(text, disabled);
}

}  // namespace peakscope::web::kit
