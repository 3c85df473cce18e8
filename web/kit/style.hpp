// PeakScope look: the dark ImGui theme and the colour-blind-safe categorical palette.
//   kOkabeIto     Okabe & Ito (2008), "Color Universal Design" (the theme's accents)
//   category(i)   the 12 categorical colours of kit/palette.hpp
//   applyStyle()  dark theme, rounded frames, accents in Okabe-Ito blue.
// Example: drawList->AddCircleFilled(p, 3.0f, style::category(label));
#pragma once

#include "imgui.h"
#include "kit/palette.hpp"

namespace peakscope::web::style {

// Page/clear background (matches index.html's body background #16181d).
constexpr float kBackground[4] = {0.086f, 0.094f, 0.114f, 1.0f};

// Okabe-Ito palette, RGB 0-255, in its published order.
struct Rgb { unsigned char r, g, b; };
constexpr Rgb kOkabeIto[8] = {
    {0, 0, 0},        // black
    {230, 159, 0},    // orange
    {86, 180, 233},   // sky blue
    {0, 158, 115},    // bluish green
    {240, 228, 66},   // yellow
    {0, 114, 178},    // blue
    {213, 94, 0},     // vermillion
    {204, 121, 167},  // reddish purple
};

// Colour of category i on a dark background: cycles through the 12 colours of kit/palette.hpp
// (Okabe-Ito without black, then 5 more that stay apart with colour-vision deficiencies).
inline ImU32 colour(palette::Rgb c, float alpha = 1.0f) {
    return IM_COL32(c.r, c.g, c.b, static_cast<int>(alpha * 255.0f + 0.5f));
}
inline ImU32 category(int i, float alpha = 1.0f) { return colour(palette::category(i), alpha); }

// Sequential colour map for continuous values t in [0, 1] (log-density): viridis (van der Walt &
// Smith 2015), perceptually uniform and readable with colour-vision deficiencies. NaN → grey.
ImU32 viridis(double t, float alpha = 1.0f);

// Points that belong to no peak at Z (halo) and other de-emphasised marks.
constexpr ImU32 kHalo = IM_COL32(120, 124, 132, 150);
constexpr ImU32 kText = IM_COL32(230, 232, 236, 255);
constexpr ImU32 kMuted = IM_COL32(160, 164, 172, 255);
constexpr ImU32 kHighlight = IM_COL32(255, 255, 255, 255);

// Applies the PeakScope dark theme to the current ImGui context.
void applyStyle();

}  // namespace peakscope::web::style
