// PeakScope look; see style.hpp.
#include "kit/style.hpp"

namespace peakscope::web::style {

void applyStyle() {
    ImGui::StyleColorsDark();
    ImGuiStyle& s = ImGui::GetStyle();
    s.WindowRounding = 6.0f;
    s.FrameRounding = 4.0f;
    s.GrabRounding = 4.0f;
    s.WindowPadding = ImVec2(12, 10);
    s.FramePadding = ImVec2(8, 4);
    s.ItemSpacing = ImVec2(8, 6);
    s.WindowBorderSize = 1.0f;

    const Rgb blue = kOkabeIto[5], sky = kOkabeIto[2];
    auto rgba = [](Rgb c, float a) { return ImVec4(c.r / 255.f, c.g / 255.f, c.b / 255.f, a); };
    ImVec4* col = s.Colors;
    col[ImGuiCol_WindowBg] = ImVec4(0.12f, 0.13f, 0.15f, 0.97f);
    col[ImGuiCol_TitleBg] = ImVec4(0.10f, 0.11f, 0.13f, 1.0f);
    col[ImGuiCol_TitleBgActive] = rgba(blue, 0.85f);
    col[ImGuiCol_FrameBg] = ImVec4(0.19f, 0.21f, 0.25f, 1.0f);
    col[ImGuiCol_FrameBgHovered] = ImVec4(0.24f, 0.27f, 0.32f, 1.0f);
    col[ImGuiCol_FrameBgActive] = ImVec4(0.28f, 0.31f, 0.37f, 1.0f);
    col[ImGuiCol_SliderGrab] = rgba(sky, 0.85f);
    col[ImGuiCol_SliderGrabActive] = rgba(sky, 1.0f);
    col[ImGuiCol_Button] = rgba(blue, 0.55f);
    col[ImGuiCol_ButtonHovered] = rgba(blue, 0.80f);
    col[ImGuiCol_ButtonActive] = rgba(blue, 1.0f);
    col[ImGuiCol_CheckMark] = rgba(sky, 1.0f);
    col[ImGuiCol_Header] = rgba(blue, 0.45f);
    col[ImGuiCol_HeaderHovered] = rgba(blue, 0.70f);
    col[ImGuiCol_HeaderActive] = rgba(blue, 0.90f);
    col[ImGuiCol_Separator] = ImVec4(0.28f, 0.30f, 0.35f, 1.0f);
}

ImU32 viridis(double t, float alpha) {
    // 9 samples of viridis, linearly interpolated
    static const float k[9][3] = {{68, 1, 84},    {71, 44, 122},  {59, 81, 139},  {44, 113, 142}, {33, 144, 141},
                                  {39, 173, 129}, {92, 200, 99},  {170, 220, 50}, {253, 231, 37}};
    if (!(t == t)) return IM_COL32(128, 128, 128, int(alpha * 255));
    t = t < 0 ? 0 : t > 1 ? 1 : t;
    const double f = t * 8;
    const int i = f >= 8 ? 7 : int(f);
    const float u = float(f - i);
    auto c = [&](int ch) { return int(k[i][ch] + u * (k[i + 1][ch] - k[i][ch]) + 0.5f); };
    return IM_COL32(c(0), c(1), c(2), int(alpha * 255.0f + 0.5f));
}

}  // namespace peakscope::web::style
