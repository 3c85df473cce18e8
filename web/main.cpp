// PeakScope app: entry point of the browser canvas app (peakscope_app.js + .wasm).
// Sets up GLFW (WebGL2), Dear ImGui and the platform glue, then hands a per-frame function to the
// browser's animation loop. Views live in views/, browser specifics in platform.cpp, the look in
// style.cpp; this file only wires them together.
//   Sections: [1] frame   [2] main
#include <emscripten.h>
#include <GLFW/glfw3.h>
#include <GLES3/gl3.h>

#include <cstdio>

#include "app_state.hpp"
#include "imgui.h"
#include "imgui_impl_glfw.h"
#include "imgui_impl_opengl3.h"
#include "platform.hpp"
#include "style.hpp"
#include "views/welcome.hpp"

namespace {

using namespace peakscope::web;

struct App {
    GLFWwindow* window = nullptr;
    AppState state;
};
App g_app;  // the browser owns the loop, so the app outlives main()

//-----------------------------------------------------------------------------------------------
// [1] One frame: input -> views -> render.
//-----------------------------------------------------------------------------------------------
void frame(void*) {
    const platform::Frame f = platform::beginFrame();
    ImGui_ImplOpenGL3_NewFrame();
    ImGui_ImplGlfw_NewFrame();
    platform::fixupFrame(f);
    ImGui::NewFrame();

    views::drawWelcome(g_app.state);

    ImGui::Render();
    glViewport(0, 0, f.fbWidth, f.fbHeight);
    glClearColor(style::kBackground[0], style::kBackground[1], style::kBackground[2],
                 style::kBackground[3]);
    glClear(GL_COLOR_BUFFER_BIT);
    ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
    platform::endFrame();
}

void onGlfwError(int code, const char* what) { std::fprintf(stderr, "GLFW error %d: %s\n", code, what); }

}  // namespace

//-----------------------------------------------------------------------------------------------
// [2] main: GLFW window on #canvas with a WebGL2 context, ImGui, then the browser loop.
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
    g_app.window = glfwCreateWindow(1280, 800, "PeakScope", nullptr, nullptr);
    if (!g_app.window) {
        std::fprintf(stderr, "PeakScope: could not create a WebGL2 context\n");
        return 1;
    }
    glfwMakeContextCurrent(g_app.window);

    IMGUI_CHECKVERSION();
    ImGui::CreateContext();
    ImGuiIO& io = ImGui::GetIO();
    io.IniFilename = nullptr;  // no file system; layout state will go to the URL later
    io.ConfigFlags |= ImGuiConfigFlags_NavEnableKeyboard;
    style::applyStyle();

    ImGui_ImplGlfw_InitForOpenGL(g_app.window, true);
    ImGui_ImplOpenGL3_Init("#version 300 es");
    platform::install(g_app.window);

    emscripten_set_main_loop_arg(frame, nullptr, 0, false);  // 0 fps = requestAnimationFrame
    return 0;
}
