// PeakScope view (stub, being written).
#include "views/views.hpp"

namespace peakscope::web::views {
void drawDensityView(AppState&) { ImGui::TextDisabled("(view under construction)"); }
}  // namespace peakscope::web::views
