// PeakScope shell: GLFW (WebGL2), Dear ImGui and the platform glue, the registry of parts, the
// message line, and the per-frame function handed to the browser's animation loop.
//   Sections: [1] parts and state   [2] message line   [3] frame   [4] run
#include "shell/app.hpp"

#include <emscripten.h>
#include <GLFW/glfw3.h>
#include <GLES3/gl3.h>

#include <algorithm>
#include <cstdio>

#include "imgui.h"
#include "imgui_internal.h"  // the keyboard focus rect (publishNavRect)
#include "imgui_impl_glfw.h"
#include "imgui_impl_opengl3.h"
#include "kit/panes.hpp"
#include "kit/style.hpp"
#include "platform/a11y.hpp"
#include "platform/page.hpp"
#include "platform/platform.hpp"
#include "shell/page_api.hpp"
#include "shell/url_state.hpp"

namespace peakscope::web::shell {

//-----------------------------------------------------------------------------------------------
// [1] Parts and the shell's state
//-----------------------------------------------------------------------------------------------
namespace {
std::vector<Part*> g_parts;
GLFWwindow* g_window = nullptr;  // the browser owns the loop, so the window outlives run()
}  // namespace

void addPart(Part& part) { g_parts.push_back(&part); }
const std::vector<Part*>& parts() { return g_parts; }
Part& defaultPart() { return *g_parts.front(); }

Part& shownPart() {
    const std::string& id = state().shown;
    for (Part* p : g_parts)
        if (id == p->id()) return *p;
    return defaultPart();
}

bool isShown(const Part& part) { return &shownPart() == &part; }

void show(const std::string& partId) {
    state().shown = partId;
    linkChanged();
}

ShellState& state() {
    static ShellState s;
    return s;
}

void error(const std::string& message) {
    state().message = message;
    state().messageIsError = true;
    std::fprintf(stderr, "PeakScope: %s\n", message.c_str());
}

void notice(const std::string& message) {
    state().message = message;
    state().messageIsError = false;
}

void linkNotice(const std::string& problem) {
    std::string& m = state().linkMessage;
    m += (m.empty() ? "Link: " : "\nLink: ") + problem;
}

void clearMessage() { state().message.clear(); }

void linkChanged() { state().urlDirty = true; }

//-----------------------------------------------------------------------------------------------
// [2] The error or notice line, above the panes.
//-----------------------------------------------------------------------------------------------
namespace {

// The app's font covers Latin-1 only: the codec's messages spell "…", "≥", "≤", "−" in ASCII here.
std::string shownText(std::string t) {
    static const char* map[][2] = {{"\xe2\x80\xa6", "..."}, {"\xe2\x89\xa5", ">="}, {"\xe2\x89\xa4", "<="},
                                   {"\xe2\x88\x92", "-"}};
    for (const auto& m : map)
        for (size_t at = t.find(m[0]); at != std::string::npos; at = t.find(m[0], at)) t.replace(at, 3, m[1]);
    return t;
}

void drawMessage(float W) {
    ShellState& s = state();
    if (s.message.empty() && s.linkMessage.empty()) return;
    const float w = std::min(560.0f, W - 20);
    ImGui::SetNextWindowPos(ImVec2((W - w) / 2, 8));
    ImGui::SetNextWindowSize(ImVec2(w, 0));
    ImGui::Begin("##message", nullptr, kit::kOverlay);
    ImGui::PushStyleColor(ImGuiCol_Text, s.messageIsError && !s.message.empty() ? ImVec4(1.0f, 0.55f, 0.45f, 1) : ImVec4(0.9f, 0.85f, 0.5f, 1));
    ImGui::PushTextWrapPos(w - 90);
    if (!s.linkMessage.empty()) ImGui::TextUnformatted(shownText(s.linkMessage).c_str());
    if (!s.message.empty()) ImGui::TextUnformatted(shownText(s.message).c_str());
    ImGui::PopTextWrapPos();
    ImGui::PopStyleColor();
    ImGui::SameLine(w - 80);
    if (ImGui::SmallButton("Dismiss")) s.message.clear(), s.linkMessage.clear();
    ImGui::End();
}

//-----------------------------------------------------------------------------------------------
// [2b] Ctrl/⌘ + / − / 0: the text scale (presentation mode), kept in the link as ?font=. The
// platform keeps these keys from zooming the browser page while the canvas has the focus.
//-----------------------------------------------------------------------------------------------
namespace {
constexpr double kFontSteps[] = {0.75, 0.9, 1, 1.1, 1.25, 1.5, 1.75, 2, 2.5, 3};

void handleFontKeys() {
    const ImGuiIO& io = ImGui::GetIO();
    if (!io.KeyCtrl && !io.KeySuper) return;
    double& scale = state().fontScale;
    double next = scale;
    if (ImGui::IsKeyPressed(GLFW_KEY_EQUAL) || ImGui::IsKeyPressed(GLFW_KEY_KP_ADD)) {
        for (double step : kFontSteps)
            if (step > scale + 1e-9) { next = step; break; }
    } else if (ImGui::IsKeyPressed(GLFW_KEY_MINUS) || ImGui::IsKeyPressed(GLFW_KEY_KP_SUBTRACT)) {
        for (double step : kFontSteps)
            if (step < scale - 1e-9) next = step;
    } else if (ImGui::IsKeyPressed(GLFW_KEY_0, false) || ImGui::IsKeyPressed(GLFW_KEY_KP_0, false)) {
        next = 1;
    }
    if (next == scale) return;
    scale = next;
    state().urlDirty = true;
    platform::requestFrames();
}

// Keyboard navigation (arrows, Space, Enter): publishes as rect "nav" where ImGui draws its focus
// highlight, an empty rect while none shows (before the keys are used, or once the mouse moves).
void publishNavRect() {
    float* last = state().navRect;
    const ImGuiContext& g = *GImGui;
    ImRect r(0, 0, 0, 0);
    if (g.NavWindow && g.NavId && !g.NavDisableHighlight)
        r = ImGui::WindowRectRelToAbs(g.NavWindow, g.NavWindow->NavRectRel[g.NavLayer]);
    if (r.Min.x == last[0] && r.Min.y == last[1] && r.Max.x == last[2] && r.Max.y == last[3]) return;
    last[0] = r.Min.x, last[1] = r.Min.y, last[2] = r.Max.x, last[3] = r.Max.y;
    platform::setRect("nav", r.Min.x, r.Min.y, r.Max.x, r.Max.y);
}
}  // namespace

//-----------------------------------------------------------------------------------------------
// [3] One frame: update every part -> the shown part draws -> overlays -> render.
//-----------------------------------------------------------------------------------------------
void frame(void*) {
    // frames on demand: an unchanged page draws (almost) nothing (platform::frameDue)
    platform::Motion motion = ImGui::GetIO().WantTextInput ? platform::Motion::Animating : platform::Motion::Still;
    for (const Part* p : g_parts) motion = std::max(motion, p->motion());
    if (!platform::frameDue(motion)) return;
    Part& shown = shownPart();
    for (Part* p : g_parts) p->update(p == &shown);

    platform::setFontScale(float(state().fontScale));
    const platform::Frame f = platform::beginFrame();
    ImGui_ImplOpenGL3_NewFrame();
    ImGui_ImplGlfw_NewFrame();
    platform::fixupFrame(f);
    ImGui::NewFrame();

    handleFontKeys();
    const float wanted = shown.draw(f.cssWidth, f.cssHeight);
    for (Part* p : g_parts) p->overlay(f.cssWidth, f.cssHeight);
    drawMessage(f.cssWidth);
    publishNavRect();
    platform::setEmbedded(state().embed, ImGui::GetIO().WantTextInput);
    if (const char* hint = platform::pageGestureHint()) {  // the course page scrolled instead
        const ImVec2 ts = ImGui::CalcTextSize(hint);
        const ImVec2 p((f.cssWidth - ts.x) / 2, f.cssHeight / 2 - ts.y);
        ImDrawList* dl = ImGui::GetForegroundDrawList();
        dl->AddRectFilled(ImVec2(p.x - 10, p.y - 6), ImVec2(p.x + ts.x + 10, p.y + ts.y + 6), IM_COL32(0, 0, 0, 200), 6);
        dl->AddText(p, IM_COL32(255, 255, 255, 255), hint);
    }

    ImGui::Render();
    glViewport(0, 0, f.fbWidth, f.fbHeight);
    glClearColor(style::kBackground[0], style::kBackground[1], style::kBackground[2],
                 style::kBackground[3]);
    glClear(GL_COLOR_BUFFER_BIT);
    ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
    if (state().capturePng) {  // read before the browser presents (and clears) the drawing buffer
        platform::saveCanvasPng();
        state().capturePng = false;
    }
    url::writeIfDirty();
    postContentHeight(wanted);
    platform::endFrame();
}

void onGlfwError(int code, const char* what) { std::fprintf(stderr, "GLFW error %d: %s\n", code, what); }

}  // namespace

//-----------------------------------------------------------------------------------------------
// [4] run: GLFW window on #canvas with a WebGL2 context, ImGui, the parts, the URL, the loop.
//-----------------------------------------------------------------------------------------------
int run() {
    if (g_parts.empty()) {
        std::fprintf(stderr, "PeakScope: no part registered\n");
        return 1;
    }
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
    if (platform::prefersReducedMotion()) io.ConfigInputTextCursorBlink = false;  // the only animation
    style::applyStyle();

    ImGui_ImplGlfw_InitForOpenGL(g_window, true);
    ImGui_ImplOpenGL3_Init("#version 300 es");
    platform::install(g_window);
    installPageApi();
    for (Part* p : g_parts) p->install();
    platform::files::onDrop([](std::vector<platform::files::File> f) { shownPart().openFiles(std::move(f)); });

    url::readInitial();  // the shown part and every part's keys from ?query

    emscripten_set_main_loop_arg(frame, nullptr, 0, false);  // 0 fps = requestAnimationFrame
    return 0;
}

}  // namespace peakscope::web::shell
