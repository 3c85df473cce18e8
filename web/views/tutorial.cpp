// PeakScope view (stub, being written).
#include "views/views.hpp"

namespace peakscope::web::views {
void drawTutorial(AppState&) { ImGui::TextDisabled("(view under construction)"); }
}  // namespace peakscope::web::views
