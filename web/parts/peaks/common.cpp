// Shared pieces of the Tutorial 1 views: the Z slider, point and peak colours (names: peaks_url.cpp).
#include <algorithm>
#include <cmath>

#include "kit/style.hpp"
#include "parts/peaks/peaks_text.hpp"
#include "platform/a11y.hpp"
#include "parts/peaks/session.hpp"
#include "parts/peaks/view_caches.hpp"
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

// Styles of the final peaks at Z: view_caches.hpp (PeakStyles).
void updatePeakStyles(const PeaksState& s) {
    PeakStyles& g = caches(s).styles;
    const Partition& p = s.z.partition;
    if (g.serial == s.results.serial && g.z == s.z.computedZ && g.styles.size() == p.centres.size()) return;
    if (g.serial != s.results.serial) g.memory = {};
    g.serial = s.results.serial;
    g.z = s.z.computedZ;
    std::vector<int32_t> key(p.centres.begin(), p.centres.end());
    std::vector<double> height(key.size());
    for (size_t c = 0; c < key.size() && c < p.centreLogRho.size() && c < p.centreError.size(); ++c)
        height[c] = p.centreLogRho[c] - p.centreError[c];  // g of the centre (ADP §2.2)
    std::vector<std::pair<int32_t, int32_t>> touching;
    for (const Saddle& sd : p.saddles) touching.push_back({sd.a, sd.b});
    g.styles = palette::assignPeakStyles(key, height, touching, g.memory);
}

// Colour by log-density: view_caches.hpp (DensityRange).
static void refreshDensityRange(const PeaksState& s) {
    DensityRange& r = caches(s).densityRange;
    if (r.serial == s.results.serial || !s.results.analysis) return;
    r.range = peaks::robustRange(s.results.analysis->density.logRho);  // 1st to 99th percentile
    r.serial = s.results.serial;
}

void updateViewCaches(const PeaksState& s) {
    updatePeakStyles(s);
    const auto& a = s.results.analysis;
    if (!a) return;
    refreshDensityRange(s);  // before the sprites: their colours read it
    refreshSpriteStyles(s);
    refreshFitCache(s);
    refreshProfileCache(s);
    refreshDecisionCache(s);
    (void)peakRows(s);
    (void)saddlesByMerge(s);
    (void)putativeTree(s);
}

void updateAccessibleText(const PeaksState& s) {
    // the DOM is touched only when the sentence or the tables change (not every frame)
    AccessibleText& c = caches(s).accessible;
    // (and when the other tutorial wrote since: its text is on the page)
    const bool ours = c.writes == platform::accessibleWrites();
    if (ours && c.serial == s.results.serial && c.z == s.z.computedZ && !(s.results.analysis && c.summary.empty())) return;
    c.serial = s.results.serial;
    c.z = s.z.computedZ;
    const std::string summary = s.results.analysis ? text::resultSummary(s) : "No result yet.";
    if (!ours || summary != c.summary) platform::setLiveText(c.summary = summary);
    const std::string tables = text::resultTablesHtml(s, caches(s).styles.styles);
    if (!ours || tables != c.tables) platform::setHiddenHtml(c.tables = tables);
    c.writes = platform::accessibleWrites();
}

const peaks::PeakRows& peakRows(const PeaksState& s) {
    PeakCounts& c = caches(s).counts;
    if (c.serial != s.results.serial || c.z != s.z.computedZ) {
        c.rows = peaks::rowsPerPeak(s.z);
        c.serial = s.results.serial;
        c.z = s.z.computedZ;
    }
    return c.rows;
}

const peaks::SaddlesByMerge& saddlesByMerge(const PeaksState& s) {
    SaddleOrder& c = caches(s).saddles;
    if (c.serial != s.results.serial || c.z != s.z.computedZ) {
        c.saddles = peaks::saddlesByMerge(s.z.partition);
        c.serial = s.results.serial;
        c.z = s.z.computedZ;
    }
    return c.saddles;
}

palette::PeakStyle peakStyle(const PeaksState& s, int peak) {
    const std::vector<palette::PeakStyle>& styles = caches(s).styles.styles;
    if (peak >= 0 && size_t(peak) < styles.size()) return styles[size_t(peak)];
    return {peak < 0 ? 0 : ((peak % palette::kColours) + palette::kColours) % palette::kColours, palette::Shape::Square};
}

ImU32 peakColour(const PeaksState& s, int peak, float alpha) {
    return peak < 0 ? style::kHalo : style::colour(palette::kCategorical[peakStyle(s, peak).colour], alpha);
}

int pointShape(const PeaksState& s, int row) {
    const std::vector<int32_t>* lab = s.ui.colour == ColourBy::Peak ? &s.z.rowLabels
                                      : s.ui.colour == ColourBy::Halo ? &s.z.rowHalo : nullptr;
    if (!lab || row < 0 || size_t(row) >= lab->size() || (*lab)[size_t(row)] < 0) return 0;
    return int(peakStyle(s, (*lab)[size_t(row)]).shape);
}

ImU32 pointColour(const PeaksState& s, int row, float alpha) {
    const auto& a = s.results.analysis;
    switch (s.ui.colour) {
        case ColourBy::Peak:
            if (row < int(s.z.rowLabels.size())) return peakColour(s, s.z.rowLabels[size_t(row)], alpha);
            break;
        case ColourBy::Halo:
            if (row < int(s.z.rowHalo.size())) return peakColour(s, s.z.rowHalo[size_t(row)], alpha);
            break;
        case ColourBy::LogDensity:
            if (a) {
                const auto [lo, hi] = caches(s).densityRange.range;  // made by updateViewCaches
                const double x = a->density.logRho[size_t(a->rowToUnique[size_t(row)])];
                return style::viridis(hi > lo ? (x - lo) / (hi - lo) : 0.5, alpha);
            }
            break;
        case ColourBy::Truth:
            if (row < int(s.data.truth.size()))  // classes: no saddles, the palette in order
                return s.data.truth[size_t(row)] < 0 ? style::kHalo : style::category(s.data.truth[size_t(row)], alpha);
            break;
    }
    return style::kHalo;
}

}  // namespace views
}  // namespace peakscope::web
