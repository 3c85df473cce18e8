// PeakScope view (stub, being written).
#include "views/views.hpp"

namespace peakscope::web::views {
void drawPeaksView(AppState&) { ImGui::TextDisabled("(view under construction)"); }
}  // namespace peakscope::web::views
