// PeakScope web platform glue: everything the browser does differently from a desktop window,
// in one place (the way Dear ImGui keeps its backends out of its core). Emscripten 3.1.6's GLFW
// leaves these to us:
//   [1] hi-DPI        canvas backing store = CSS size x devicePixelRatio, crisp font atlas
//   [2] input         wheel normalised (pixels/lines/pages), touch, keyboard on the canvas only
//   [3] clipboard     io.SetClipboardTextFn -> navigator.clipboard; paste events -> ImGui
//   [4] page signals  window.peakscopeReady + 'peakscope-ready' event after the first frames
//   [5] frames on demand (frameDue): window.peakscopeFramesDrawn counts the frames drawn
// Per frame:  platform::beginFrame() -> ImGui_Impl*_NewFrame() -> platform::fixupFrame()
//             -> ImGui::NewFrame() ... render ... -> platform::endFrame()
#pragma once

struct GLFWwindow;

namespace peakscope::web::platform {

// Tunables of the glue; defaults suit the PeakScope page (index.html).
struct Config {
    const char* canvasSelector = "#canvas";  // CSS selector of the WebGL canvas
    float baseFontPx = 13.0f;                // font size in CSS pixels (ImGui's default font)
    int readyAfterFrames = 3;                // frames drawn before signalling readiness: ImGui
                                             // hides auto-sized windows on their first frame
};

// Sizes of the current frame.
struct Frame {
    float cssWidth = 0, cssHeight = 0;  // canvas size in CSS pixels (= io.DisplaySize)
    int fbWidth = 0, fbHeight = 0;      // backing store in device pixels (glViewport)
    float dpr = 1;                      // device pixel ratio used for this frame
};

// Installs the listeners. Call once, after ImGui_ImplGlfw_InitForOpenGL(window, true).
void install(GLFWwindow* window, const Config& config = {});

// Before the backends' NewFrame: sizes the backing store, rebuilds the font atlas if the
// device pixel ratio changed (zoom, other monitor).
Frame beginFrame();

// After ImGui_ImplGlfw_NewFrame, before ImGui::NewFrame: display size and framebuffer scale in
// CSS pixels, mouse from device to CSS pixels, touch input.
void fixupFrame(const Frame& frame);

// Text scale (?font=, 1 = baseFontPx): the atlas is rebuilt at the new size before the next frame
// (sharp text, not a magnified bitmap).
void setFontScale(float scale);

// Embedded (?embed=1, or any iframe): Tab and Esc hand the focus back to the host page, and the
// wheel scrolls the host until the figure is clicked or focused (Ctrl/Cmd + wheel zooms at once).
// wantsText: ImGui edits text (Tab stays in the app). Call every frame.
void setEmbedded(bool embedded, bool wantsText);
// A wheel or a one-finger swipe went to the host page in the last 1.5 s: the hint on how to
// use it in the figure instead; nullptr otherwise.
const char* pageGestureHint();

// After the frame is rendered: counts frames, signals readiness to the page once.
void endFrame();

// Frames on demand: a page that nothing changes draws (almost) nothing. Redrawing an unchanged
// canvas 60 times a second costs a core in software GL (headless browsers, old laptops) and
// battery everywhere — and took the CPU from the worker's analysis.
//   wake()          the user did something (any pointer, key, wheel, touch, focus or resize event
//                   on the page: installed by install()): every frame for the next second
//   requestFrames() the state changed from outside (a worker reply, a page API call, a file):
//                   the next few frames are drawn — while a part is Working, at most 4 a second
//                   (a loading part's replies come many a second; each frame would take the CPU
//                   from the worker's jobs)
//   frameDue(m)     at the top of each animation frame: false = skip it. Besides the above, a part
//                   that is Working (a job runs: progress) gets 2 frames a second, Animating every
//                   frame, Still 1 (so that nothing missed stays stale for long). In software GL one
//                   frame of the app with 20,000 points costs ~0.12 s of CPU.
//   frameAt(ms)     a frame at page time `ms` (emscripten_get_now()) or just after: a timed step
enum class Motion { Still, Working, Animating };
void wake();
void requestFrames(int n = 2);
void frameAt(double ms);
bool frameDue(Motion m);

}  // namespace peakscope::web::platform
