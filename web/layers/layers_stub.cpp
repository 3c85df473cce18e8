// Tutorial 2 entry points (stub until the Layers part lands).
#include "imgui.h"
#include "layers/layers.hpp"

namespace peakscope::web::layers {
float drawLayout(AppState& s, float w, float h) {
    ImGui::SetNextWindowPos(ImVec2(0, 0));
    ImGui::SetNextWindowSize(ImVec2(w, h));
    ImGui::Begin("Layers", nullptr, ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoResize);
    ImGui::TextUnformatted("The Layers tutorial is being built.");
    if (ImGui::Button("Back to Tutorial 1")) s.ui.mode = Mode::Tutorial1;
    ImGui::End();
    return h;
}
bool applyUrlKey(AppState&, const std::string&, const std::string&) { return false; }
void appendQuery(const AppState&, const std::function<void(const char*, const std::string&)>&) {}
}  // namespace peakscope::web::layers
