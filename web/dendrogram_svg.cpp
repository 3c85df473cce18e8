// PeakScope dendrogram as SVG (stub, being written).
#include "export.hpp"

namespace peakscope::web::exporting {
std::string dendrogramSvg(const AppState&) { return "<svg xmlns=\"http://www.w3.org/2000/svg\"/>"; }
}  // namespace peakscope::web::exporting
