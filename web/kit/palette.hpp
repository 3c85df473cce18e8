// PeakScope categorical palette and the style (colour, marker shape) of each peak — pure C++, no
// ImGui, tested natively (tests/web/logic/test_palette.cpp).
//   kCategorical   12 colours: Okabe & Ito (2008) without black, then 5 picked to stay apart under
//                  simulated protanopia, deuteranopia and tritanopia (Machado et al. 2009, severity
//                  1) and from the dark background (the test measures both in CIELAB).
//   assignPeakStyles  a colour per peak, never the same for two peaks that share a saddle (touch);
//                  all different while there are ≤ 12 peaks; marker shapes tell apart peaks that
//                  share a colour; a peak keeps its style while it survives as Z moves (memory).
// Example: PeakStyleMemory mem;  auto st = assignPeakStyles(centres, heights, touching, mem);
#pragma once
#include <cstdint>
#include <unordered_map>
#include <utility>
#include <vector>

namespace peakscope::web::palette {

struct Rgb { unsigned char r, g, b; };
constexpr int kColours = 12;
constexpr Rgb kCategorical[kColours] = {
    {230, 159, 0},    // orange          (Okabe-Ito)
    {86, 180, 233},   // sky blue        (Okabe-Ito)
    {0, 158, 115},    // bluish green    (Okabe-Ito)
    {240, 228, 66},   // yellow          (Okabe-Ito)
    {0, 114, 178},    // blue            (Okabe-Ito)
    {213, 94, 0},     // vermillion      (Okabe-Ito)
    {204, 121, 167},  // reddish purple  (Okabe-Ito)
    {136, 0, 255},    // violet
    {204, 255, 204},  // pale green
    {119, 51, 17},    // brown
    {153, 187, 102},  // olive green
    {187, 85, 255},   // lilac
};
// Name of colour c ("orange", …): for text that refers to the screen (accessible tables).
const char* colourName(int c);
// Colour of category i (truth classes, anything without saddles): cycles through the 12.
inline Rgb category(int i) { return kCategorical[((i % kColours) + kColours) % kColours]; }

enum class Shape { Square, Diamond, TriangleUp, TriangleDown };
constexpr int kShapes = 4;
const char* shapeName(Shape s);  // "square", "diamond", "triangle", "inverted triangle"

struct PeakStyle {
    int colour = 0;               // index into kCategorical
    Shape shape = Shape::Square;
    bool operator==(const PeakStyle& o) const { return colour == o.colour && shape == o.shape; }
};

// Styles of earlier calls, by key (the peak's centre point): what keeps colours stable as Z moves.
// Start a fresh memory for a new result.
struct PeakStyleMemory { std::unordered_map<int32_t, PeakStyle> byKey; };

// One style per peak. key[i]: a stable identity (centre point index); height[i]: ordering (higher
// peaks choose first, g = log ρ − σ of the centre); touching: pairs (a, b) of peaks that share a
// saddle. Rules, in order: a touching pair never shares a colour (unless a peak touches all 12
// colours); a peak remembered in `memory` keeps its style when that breaks no rule; ≤ 12 peaks get
// different colours (with a fresh memory peak c gets colour c, as the palette's order); peaks that
// share a colour get different shapes (while there are 4 shapes).
std::vector<PeakStyle> assignPeakStyles(const std::vector<int32_t>& key, const std::vector<double>& height,
                                        const std::vector<std::pair<int32_t, int32_t>>& touching,
                                        PeakStyleMemory& memory);

}  // namespace peakscope::web::palette
