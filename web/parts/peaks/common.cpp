// Shared pieces of the Tutorial 1 views: the Z slider, point and peak colours (names: peaks_url.cpp).
#include <algorithm>
#include <cmath>

#include "kit/style.hpp"
#include "parts/peaks/session.hpp"
#include "parts/peaks/views.hpp"
#include "shell/page_api.hpp"

namespace peakscope::web {

namespace views {

// Range of the slider: up to a little beyond the last Z at which the number of peaks changes.
static double zMax(const PeaksState& s) {
    double m = 5;
    if (s.results.analysis && !s.results.analysis->curve.z.empty())
        m = std::max(m, s.results.analysis->curve.z.back() * 1.15);
    return std::min(m, 50.0);
}

bool zSlider(PeaksState& s, const char* label, float width) {
    double z = s.z.Z;
    const double lo = 0, hi = std::max(zMax(s), z);
    if (width != 0) ImGui::SetNextItemWidth(width);
    const bool changed = ImGui::SliderScalar(label, ImGuiDataType_Double, &z, &lo, &hi, "Z = %.2f");
    shell::publishRect(label[0] == '#' && label[1] == '#' ? label + 2 : label);
    if (ImGui::IsItemHovered())
        ImGui::SetTooltip("Significance of a peak: it survives if its height above the saddle exceeds Z "
                          "times the error (d'Errico et al. 2021, Eq. 6).\nCtrl+click to type a value.");
    if (changed) session::setZ(s, std::max(0.0, z));
    return changed;
}

ImU32 peakColour(int peak, float alpha) { return peak < 0 ? style::kHalo : style::category(peak, alpha); }

ImU32 pointColour(const PeaksState& s, int row, float alpha) {
    const auto& a = s.results.analysis;
    switch (s.ui.colour) {
        case ColourBy::Peak:
            if (row < int(s.z.rowLabels.size())) return peakColour(s.z.rowLabels[size_t(row)], alpha);
            break;
        case ColourBy::Halo:
            if (row < int(s.z.rowHalo.size())) return peakColour(s.z.rowHalo[size_t(row)], alpha);
            break;
        case ColourBy::LogDensity:
            if (a) {
                const auto& lr = a->density.logRho;
                static int cachedSerial = -1;
                static double lo = 0, hi = 1;
                if (cachedSerial != s.results.serial) {
                    // robust range: 1st to 99th percentile
                    std::vector<double> v(lr.begin(), lr.end());
                    if (!v.empty()) {
                        std::sort(v.begin(), v.end());
                        lo = v[size_t(0.01 * double(v.size() - 1))];
                        hi = v[size_t(0.99 * double(v.size() - 1))];
                    }
                    cachedSerial = s.results.serial;
                }
                const double x = lr[size_t(a->rowToUnique[size_t(row)])];
                return style::viridis(hi > lo ? (x - lo) / (hi - lo) : 0.5, alpha);
            }
            break;
        case ColourBy::Truth:
            if (row < int(s.data.truth.size())) return peakColour(s.data.truth[size_t(row)], alpha);
            break;
    }
    return style::kHalo;
}

}  // namespace views
}  // namespace peakscope::web
