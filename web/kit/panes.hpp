// PeakScope kit: fixed panes and overlays. The parts lay the screen out as fixed windows (no
// moving, resizing or saved settings); overlays (progress, messages) stay above the panes.
// Example: kit::place(0, 0, 300, H);  ImGui::Begin("Data", nullptr, kit::kPane);
#pragma once
#include "imgui.h"

namespace peakscope::web::kit {

constexpr ImGuiWindowFlags kPane = ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoResize |
                                   ImGuiWindowFlags_NoCollapse | ImGuiWindowFlags_NoBringToFrontOnFocus |
                                   ImGuiWindowFlags_NoSavedSettings;
// ImGui creates NoBringToFrontOnFocus windows behind all others: overlays leave that flag out.
constexpr ImGuiWindowFlags kOverlay = (kPane & ~ImGuiWindowFlags_NoBringToFrontOnFocus) |
                                      ImGuiWindowFlags_NoFocusOnAppearing | ImGuiWindowFlags_NoTitleBar |
                                      ImGuiWindowFlags_AlwaysAutoResize;

inline void place(float x, float y, float w, float h) {
    ImGui::SetNextWindowPos(ImVec2(x, y));
    ImGui::SetNextWindowSize(ImVec2(w, h));
}

}  // namespace peakscope::web::kit
