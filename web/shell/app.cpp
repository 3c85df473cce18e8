// PeakScope app: entry point of the browser canvas app (peakscope_app.js + .wasm).
// Sets up GLFW (WebGL2), Dear ImGui and the platform glue, then hands a per-frame function to the
// browser's animation loop. Views live in views/, the app's actions in session.cpp, the URL in
// url_state.cpp, browser specifics in platform.cpp; this file only lays the windows out.
//   Sections: [1] layout   [2] frame   [3] main
#include <emscripten.h>
#include <GLFW/glfw3.h>
#include <GLES3/gl3.h>

#include <algorithm>
#include <cstdio>

#include "shell/page_api.hpp"
#include "parts/peaks/export.hpp"
#include "imgui.h"
#include "imgui_impl_glfw.h"
#include "imgui_impl_opengl3.h"
#include "parts/layers/layers.hpp"
#include "platform/platform.hpp"
#include "parts/peaks/session.hpp"
#include "kit/style.hpp"
#include "shell/url_state.hpp"
#include "parts/peaks/views.hpp"

namespace {

using namespace peakscope::web;

GLFWwindow* g_window = nullptr;  // the browser owns the loop, so the window outlives main()

//-----------------------------------------------------------------------------------------------
// [1] Layout: left column (data + parameters, guided tutorial), scatter, tabbed right pane.
// Embedded (?embed=1): no left column; a slim bar with the Z slider and the view tabs.
//-----------------------------------------------------------------------------------------------
constexpr ImGuiWindowFlags kPane = ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoResize |
                                   ImGuiWindowFlags_NoCollapse | ImGuiWindowFlags_NoBringToFrontOnFocus |
                                   ImGuiWindowFlags_NoSavedSettings;

void place(float x, float y, float w, float h) {
    ImGui::SetNextWindowPos(ImVec2(x, y));
    ImGui::SetNextWindowSize(ImVec2(w, h));
}

void drawRightPane(AppState& s) {
    struct Tab { View v; const char* label; void (*draw)(AppState&); };
    static const Tab tabs[] = {
        {View::Id, "Intrinsic dimension", views::drawIdView},
        {View::Density, "Density", views::drawDensityView},
        {View::Decision, "Decision graph", views::drawDecisionView},
        {View::Peaks, "Peaks and Z", views::drawPeaksView},
        {View::Dendrogram, "Dendrogram", views::drawDendrogramView},
    };
    // A change of s.ui.view made elsewhere (URL, tutorial) selects its tab; a click on a tab sets it.
    static View shownLastFrame = View(-1);
    const bool programmatic = s.ui.view != shownLastFrame;
    if (ImGui::BeginTabBar("views")) {
        for (const Tab& t : tabs) {
            const ImGuiTabItemFlags f = (programmatic && s.ui.view == t.v) ? ImGuiTabItemFlags_SetSelected : 0;
            const bool open = ImGui::BeginTabItem(t.label, nullptr, f);
            automation::publishRect(viewName(t.v));
            if (open) {
                if (!programmatic && s.ui.view != t.v) {
                    s.ui.view = t.v;
                    s.ui.urlDirty = true;
                }
                if (s.ui.view == t.v) {
                    t.draw(s);
                    shownLastFrame = t.v;
                }
                ImGui::EndTabItem();
            }
        }
        ImGui::EndTabBar();
    }
}

// Returns the height (CSS px) this layout would like at width W; an embedding page may size its
// iframe to it (automation::endFrame posts it to the parent).
float layout(AppState& s, float W, float H) {
    if (s.ui.embed) {
        const float bar = 42;
        place(0, 0, W, bar);
        ImGui::Begin("##embedbar", nullptr, kPane | ImGuiWindowFlags_NoTitleBar);
        ImGui::TextUnformatted("PeakScope");
        ImGui::SameLine();
        views::zSlider(s, "##Z", std::min(220.0f, W * 0.35f));
        ImGui::SameLine();
        ImGui::Text("%d peaks", s.results.analysis ? int(s.z.partition.nClusters()) : 0);
        ImGui::SameLine();
        if (ImGui::SmallButton("Open full app")) exporting::openFullApp(s);
        ImGui::End();
        // narrow frames stack the scatter above the views; wide ones put them side by side
        const bool stacked = W < 760;
        const float scatterH = stacked ? std::floor(std::max(240.0f, (H - bar) * 0.5f)) : H - bar;
        const float half = stacked ? W : std::floor(W / 2);
        place(0, bar, half, scatterH);
        ImGui::Begin("Points##embed", nullptr, kPane);
        views::drawScatter(s);
        ImGui::End();
        if (stacked)
            place(0, bar + scatterH, W, std::max(1.0f, H - bar - scatterH));
        else
            place(half, bar, W - half, H - bar);
        ImGui::Begin("##rightembed", nullptr, kPane | ImGuiWindowFlags_NoTitleBar);
        drawRightPane(s);
        ImGui::End();
        return stacked ? bar + 2 * std::max(300.0f, W * 0.75f) : bar + std::max(440.0f, W * 0.4f);
    }
    const float left = std::clamp(W * 0.25f, 290.0f, 360.0f);
    const float rest = W - left;
    const float mid = std::floor(rest * 0.5f);
    const float top = std::max(H * 0.5f, H - 250.0f);  // the tutorial needs ~250 px
    place(0, 0, left, top);
    ImGui::Begin("PeakScope", nullptr, kPane);
    views::drawDataPanel(s);
    ImGui::End();
    place(0, top, left, H - top);
    ImGui::Begin("Guided tutorial", nullptr, kPane);
    views::drawTutorial(s);
    ImGui::End();
    place(left, 0, mid, H);
    ImGui::Begin("Points", nullptr, kPane);
    views::drawScatter(s);
    ImGui::End();
    place(left + mid, 0, rest - mid, H);
    ImGui::Begin("##right", nullptr, kPane | ImGuiWindowFlags_NoTitleBar);
    drawRightPane(s);
    ImGui::End();
    return 640;
}

// The error or notice line, and the progress of the running job, over the scatter.
// Overlays stay above the panes (ImGui creates NoBringToFrontOnFocus windows behind all others).
constexpr ImGuiWindowFlags kOverlay = (kPane & ~ImGuiWindowFlags_NoBringToFrontOnFocus) | ImGuiWindowFlags_NoFocusOnAppearing;
void drawStatus(AppState& s, float W, float H) {
    if (session::busy(s)) {
        const float w = std::min(420.0f, W - 20);
        ImGui::SetNextWindowPos(ImVec2((W - w) / 2, H - 78));
        ImGui::SetNextWindowSize(ImVec2(w, 0));
        ImGui::Begin("##progress", nullptr, kOverlay | ImGuiWindowFlags_NoTitleBar | ImGuiWindowFlags_AlwaysAutoResize);
        ImGui::Text("Working: %s", s.job.stage.c_str());
        ImGui::ProgressBar(float(s.job.fraction), ImVec2(w - 90, 0));
        ImGui::SameLine();
        if (ImGui::Button("Cancel")) session::cancel(s);
        automation::publishRect("cancel");
        ImGui::End();
    }
    if (!s.ui.message.empty()) {
        const float w = std::min(560.0f, W - 20);
        ImGui::SetNextWindowPos(ImVec2((W - w) / 2, 8));
        ImGui::SetNextWindowSize(ImVec2(w, 0));
        ImGui::Begin("##message", nullptr, kOverlay | ImGuiWindowFlags_NoTitleBar | ImGuiWindowFlags_AlwaysAutoResize);
        ImGui::PushStyleColor(ImGuiCol_Text, s.ui.messageIsError ? ImVec4(1.0f, 0.55f, 0.45f, 1) : ImVec4(0.9f, 0.85f, 0.5f, 1));
        ImGui::PushTextWrapPos(w - 90);
        ImGui::TextUnformatted(s.ui.message.c_str());
        ImGui::PopTextWrapPos();
        ImGui::PopStyleColor();
        ImGui::SameLine(w - 80);
        if (ImGui::SmallButton("Dismiss")) s.ui.message.clear();
        ImGui::End();
    }
}

//-----------------------------------------------------------------------------------------------
// [2] One frame: input -> views -> render.
//-----------------------------------------------------------------------------------------------
void frame(void*) {
    AppState& s = session::state();
    if (s.ui.mode == Mode::Tutorial1) url::startInitialData(s);  // e.g. back from the Layers part
    s.ui.linkedRow = s.ui.linkedRowNext;  // a point hovered in a view last frame: the scatter rings it
    s.ui.linkedRowNext = -1;
    session::pollProgress(s);
    session::refreshPartition(s);

    const platform::Frame f = platform::beginFrame();
    ImGui_ImplOpenGL3_NewFrame();
    ImGui_ImplGlfw_NewFrame();
    platform::fixupFrame(f);
    ImGui::NewFrame();

    const float wanted = s.ui.mode == Mode::Layers ? layers::drawLayout(s, f.cssWidth, f.cssHeight)
                                                   : layout(s, f.cssWidth, f.cssHeight);
    drawStatus(s, f.cssWidth, f.cssHeight);

    ImGui::Render();
    glViewport(0, 0, f.fbWidth, f.fbHeight);
    glClearColor(style::kBackground[0], style::kBackground[1], style::kBackground[2],
                 style::kBackground[3]);
    glClear(GL_COLOR_BUFFER_BIT);
    ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
    if (s.ui.capturePng) {  // read before the browser presents (and clears) the drawing buffer
        exporting::saveCanvasPng();
        s.ui.capturePng = false;
    }
    url::writeIfDirty(s);
    automation::endFrame(s, wanted);
    platform::endFrame();
}

void onGlfwError(int code, const char* what) { std::fprintf(stderr, "GLFW error %d: %s\n", code, what); }

}  // namespace

//-----------------------------------------------------------------------------------------------
// [3] main: GLFW window on #canvas with a WebGL2 context, ImGui, the state from the URL, the loop.
//-----------------------------------------------------------------------------------------------
int main() {
    glfwSetErrorCallback(onGlfwError);
    if (!glfwInit()) {
        std::fprintf(stderr, "PeakScope: glfwInit failed\n");
        return 1;
    }
    glfwWindowHint(GLFW_CLIENT_API, GLFW_OPENGL_ES_API);
    glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);  // WebGL2
    glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 0);
    g_window = glfwCreateWindow(1280, 800, "PeakScope", nullptr, nullptr);
    if (!g_window) {
        std::fprintf(stderr, "PeakScope: could not create a WebGL2 context\n");
        return 1;
    }
    glfwMakeContextCurrent(g_window);

    IMGUI_CHECKVERSION();
    ImGui::CreateContext();
    ImGuiIO& io = ImGui::GetIO();
    io.IniFilename = nullptr;  // no file system; the state lives in the URL
    io.ConfigFlags |= ImGuiConfigFlags_NavEnableKeyboard;
    style::applyStyle();

    ImGui_ImplGlfw_InitForOpenGL(g_window, true);
    ImGui_ImplOpenGL3_Init("#version 300 es");
    platform::install(g_window);
    automation::install();

    AppState& s = session::state();
    url::readInitial(s);  // dataset, parameters, Z, view from ?query; starts the first analysis

    emscripten_set_main_loop_arg(frame, nullptr, 0, false);  // 0 fps = requestAnimationFrame
    return 0;
}
