// PeakScope welcome view: the first window. Says what PeakScope is (intrinsic dimension ->
// density -> density peaks -> hierarchy) and shows a live, seeded 2-D Gaussian-mixture scatter
// with a few controls, proving the canvas is interactive.
// Example (each frame, between ImGui::NewFrame and ImGui::Render):  views::drawWelcome(state);
#pragma once

#include "app_state.hpp"

namespace peakscope::web::views {

// Draws the welcome window if state.showWelcome; edits state.welcome through its widgets.
void drawWelcome(AppState& state);

}  // namespace peakscope::web::views
