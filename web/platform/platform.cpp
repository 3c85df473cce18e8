// PeakScope web platform glue; see platform.hpp for what and why.
#include "platform/platform.hpp"

#include <emscripten.h>
#include <emscripten/html5.h>
#include <GLFW/glfw3.h>

#include <algorithm>
#include <cfloat>
#include <cmath>
#include <string>

#include "imgui.h"
#include "imgui_impl_opengl3.h"

namespace peakscope::web::platform {
namespace {

struct State {
    Config config;
    GLFWwindow* window = nullptr;
    float fontDpr = 0;             // dpr the font atlas was built for (0 = not built)
    float fontScale = 1;           // text scale (setFontScale)
    double wheelHintUntil = 0;     // page time (ms) until which the wheel hint shows
    double touchHintUntil = 0;     // ... the swipe hint
    bool fontUploaded = false;     // false until the renderer created its font texture
    int frames = 0;                // frames completed
    bool ready = false;            // readiness signalled
    // Touch: Emscripten's GLFW maps touches to button 0 but never updates the position.
    bool touchDown = false;        // a finger is on the canvas
    bool touchReleased = false;    // lifted since the last frame: deliver the release here ...
    bool touchOwnsPointer = false; // ... then keep it there (a tap) or park it (a drag) until the mouse moves
    bool touchDragged = false;     // this finger moved more than a tap would
    bool touchToPage = false;      // this gesture belongs to the host page (embedded, figure not focused)
    float touchX = 0, touchY = 0;  // CSS pixels relative to the canvas
    float touchStartX = 0, touchStartY = 0;
    std::string clipboard;         // text handed to ImGui by GetClipboardTextFn
    // frames on demand (frameDue)
    double activeUntil = 0;        // page time (ms): every frame until then (user input)
    int pendingFrames = 0;         // frames requested by a change from outside
    double lastDrawn = -1e9;       // page time (ms) of the last frame drawn
    double frameAt = 1e300;        // page time (ms) at which a frame was asked for (frameAt)
};
State g;

//-----------------------------------------------------------------------------------------------
// [JS] Small browser helpers. EM_JS bodies run in the module's scope (GLFW is the library object).
//-----------------------------------------------------------------------------------------------

// Keyboard on the canvas, not the window: an embedding page (or the host page of an iframe) keeps
// its own keys. The canvas gets a tabindex and the focus on click/touch.
EM_JS(void, ps_js_install_dom, (const char* selector), {
    var canvas = document.querySelector(UTF8ToString(selector));
    if (!canvas) return;
    if (!canvas.hasAttribute("tabindex")) canvas.setAttribute("tabindex", "0");
    var focus = function() { if (document.activeElement !== canvas) canvas.focus({preventScroll: true}); };
    canvas.addEventListener("mousedown", focus, true);
    // Embedded and not focused, one finger scrolls the host page (the browser's pan); a tap (the
    // browser's emulated mousedown) focuses the figure, after which one finger pans the plot.
    canvas.addEventListener("touchstart", function() { if (!Module.psHandBack) focus(); }, {capture: true, passive: true});
    Module.psTouchAction = function() {  // also marks an embedded figure (index.html: its focus ring)
        canvas.classList.toggle("ps-handback", !!Module.psHandBack);
        canvas.style.touchAction = (Module.psHandBack && document.activeElement !== canvas) ? "pan-x pan-y pinch-zoom" : "pinch-zoom";
    };
    canvas.addEventListener("focus", Module.psTouchAction);
    canvas.addEventListener("blur", Module.psTouchAction);
    // Inside an iframe or ?embed=1 (Module.psHandBack, platform::setEmbedded): Tab and Esc leave
    // the figure, so the host page stays reachable (WCAG 2.1.2) — except while a text field is
    // edited: there Tab moves on and Esc cancels the edit (the next Esc leaves). Registered before
    // GLFW's handler, which would preventDefault Tab; the host is told by a message.
    Module.psHandBack = (window.self !== window.top);
    Module.psTouchAction();
    canvas.addEventListener("keydown", function(e) {
        if (!Module.psHandBack || Module.psWantsText || !(e.key === "Escape" || e.key === "Tab")) return;
        e.stopImmediatePropagation();
        if (e.key === "Escape") canvas.blur();
        try { window.parent.postMessage({type: "peakscope-focus-out", key: e.key, shift: e.shiftKey}, "*"); } catch (err) {}
    }, true);
    // Ctrl/Cmd + = - 0 scale the app's text (the shell), not the browser's page zoom.
    canvas.addEventListener("keydown", function(e) {
        if ((e.ctrlKey || e.metaKey) && ["=", "+", "-", "_", "0"].indexOf(e.key) >= 0) e.preventDefault();
    }, true);
    if (typeof GLFW == "object") {
        // our wheel handler (onWheel) decides about preventDefault; GLFW's would always call it
        canvas.removeEventListener("wheel", GLFW.onMouseWheel, true);
        canvas.removeEventListener("mousewheel", GLFW.onMouseWheel, true);
        ["keydown", "keypress", "keyup"].forEach(function(type) {
            var handler = {keydown: GLFW.onKeydown, keypress: GLFW.onKeyPress, keyup: GLFW.onKeyup}[type];
            window.removeEventListener(type, handler, true);
            canvas.addEventListener(type, handler, true);
        });
        canvas.addEventListener("blur", GLFW.onBlur, true);  // release held keys on focus loss
    }
    // Clipboard: the last text pasted into (or copied from) the app, read by ImGui on Ctrl+V.
    Module.peakscopeClipboard = "";
    canvas.addEventListener("paste", function(e) {
        var text = e.clipboardData ? e.clipboardData.getData("text/plain") : "";
        if (text) Module.peakscopeClipboard = text;
        e.preventDefault();
    });
    if (window.self === window.top) canvas.focus({preventScroll: true});  // iframes: on click only
    // Frames on demand: any input on the page wakes the loop (platform::wake).
    var wake = function() { Module._ps_platform_wake(); };
    ["mousemove", "mousedown", "mouseup", "wheel", "keydown", "keyup", "touchstart", "touchmove", "touchend",
     "touchcancel", "pointerdown", "pointerup", "pointermove", "focus", "blur", "resize", "paste",
     "visibilitychange"].forEach(function(type) { window.addEventListener(type, wake, {capture: true, passive: true}); });
    if (typeof ResizeObserver !== "undefined") new ResizeObserver(wake).observe(canvas);
});

EM_JS(void, ps_js_clipboard_write, (const char* text), {
    var s = UTF8ToString(text);
    Module.peakscopeClipboard = s;
    if (navigator.clipboard && navigator.clipboard.writeText)
        navigator.clipboard.writeText(s).catch(function() {});  // denied: keep the in-app copy
});

// 1: the wheel scrolls the host page (embedded, the figure not focused, no Ctrl/Cmd).
EM_JS(int, ps_js_wheel_to_page, (int modifier), {
    const focused = document.hasFocus() && document.activeElement === Module.canvas;
    return (Module.psHandBack && !modifier && !focused) ? 1 : 0;
});

EM_JS(void, ps_js_set_embedded, (int embedded, int wantsText), {
    const handBack = !!embedded || (window.self !== window.top);
    if (handBack !== Module.psHandBack) { Module.psHandBack = handBack; if (Module.psTouchAction) Module.psTouchAction(); }
    Module.psWantsText = !!wantsText;
});

// 1: a touch starting now belongs to the host page (embedded, the figure not focused).
EM_JS(int, ps_js_touch_to_page, (), {
    return (Module.psHandBack && document.activeElement !== Module.canvas) ? 1 : 0;
});

EM_JS(int, ps_js_clipboard_length, (), { return lengthBytesUTF8(Module.peakscopeClipboard || ""); });

EM_JS(void, ps_js_clipboard_read, (char* out, int capacity), {
    stringToUTF8(Module.peakscopeClipboard || "", out, capacity);
});

// Frames drawn so far (frames on demand: tests and benchmarks read how many were drawn).
EM_JS(void, ps_js_frames_drawn, (int frames), { window.peakscopeFramesDrawn = frames; });

EM_JS(void, ps_js_signal_ready, (int frames), {
    window.peakscopeReady = true;
    window.peakscopeFrames = frames;
    window.dispatchEvent(new CustomEvent("peakscope-ready", {detail: {frames: frames}}));
});

//-----------------------------------------------------------------------------------------------
// [1] hi-DPI
//-----------------------------------------------------------------------------------------------

// ImGui works in CSS pixels; the atlas is rasterised at CSS size x dpr and drawn at 1/dpr, so
// text stays sharp on hi-DPI screens instead of being magnified.
void buildFonts(float dpr) {
    ImGuiIO& io = ImGui::GetIO();
    io.Fonts->Clear();
    ImFontConfig cfg;
    cfg.SizePixels = std::round(g.config.baseFontPx * g.fontScale * dpr);
    cfg.OversampleH = cfg.OversampleV = 1;
    cfg.PixelSnapH = true;
    io.Fonts->AddFontDefault(&cfg);
    io.FontGlobalScale = 1.0f / dpr;
    if (g.fontUploaded) {  // the renderer already owns a texture: replace it
        ImGui_ImplOpenGL3_DestroyFontsTexture();
        ImGui_ImplOpenGL3_CreateFontsTexture();
    }
    g.fontDpr = dpr;
}

//-----------------------------------------------------------------------------------------------
// [2] input
//-----------------------------------------------------------------------------------------------

// One wheel "notch" = 1 ImGui unit: Chrome reports ~100 px per notch, Firefox 3 lines.
EM_BOOL onWheel(int, const EmscriptenWheelEvent* e, void*) {
    if (ps_js_wheel_to_page(e->mouse.ctrlKey || e->mouse.metaKey)) {  // a course page scrolls on
        g.wheelHintUntil = emscripten_get_now() + 1500;
        return EM_FALSE;
    }
    float perUnit = 1.0f;
    switch (e->deltaMode) {
        case DOM_DELTA_PIXEL: perUnit = 100.0f; break;
        case DOM_DELTA_LINE: perUnit = 3.0f; break;
        default: perUnit = 1.0f; break;  // DOM_DELTA_PAGE
    }
    ImGuiIO& io = ImGui::GetIO();
    // The DOM's positive deltaY scrolls down; ImGui's positive MouseWheel scrolls up.
    io.MouseWheel += static_cast<float>(-e->deltaY / perUnit);
    io.MouseWheelH += static_cast<float>(-e->deltaX / perUnit);
    return EM_TRUE;  // preventDefault: the page must not scroll under the app
}

EM_BOOL onTouch(int type, const EmscriptenTouchEvent* e, void*) {
    if (e->numTouches > 1) {  // two fingers: the browser's pinch-zoom (index.html: touch-action)
        if (g.touchDown) g.touchReleased = true;
        g.touchDown = false;
        return EM_FALSE;
    }
    float x = g.touchX, y = g.touchY;
    for (int i = 0; i < e->numTouches; ++i) {
        const EmscriptenTouchPoint& t = e->touches[i];
        if (!t.isChanged) continue;
        x = static_cast<float>(t.targetX);
        y = static_cast<float>(t.targetY);
        break;
    }
    if (type == EMSCRIPTEN_EVENT_TOUCHSTART) {
        g.touchToPage = ps_js_touch_to_page() != 0;
        g.touchDragged = false;
        g.touchStartX = x;
        g.touchStartY = y;
    }
    if (std::fabs(x - g.touchStartX) + std::fabs(y - g.touchStartY) > 10) g.touchDragged = true;
    if (g.touchToPage) {
        // not ours: the page scrolls (touch-action pan); a tap arrives as the browser's mouse events
        if (g.touchDragged) g.touchHintUntil = emscripten_get_now() + 1500;
        return EM_FALSE;
    }
    g.touchX = x;
    g.touchY = y;
    g.touchOwnsPointer = true;
    if (type == EMSCRIPTEN_EVENT_TOUCHSTART) g.touchDown = true;
    if (type == EMSCRIPTEN_EVENT_TOUCHEND || type == EMSCRIPTEN_EVENT_TOUCHCANCEL) {
        g.touchDown = false;
        g.touchReleased = true;
    }
    return EM_TRUE;  // no emulated mouse events, no page scroll/zoom under the canvas
}

EM_BOOL onMouseMove(int, const EmscriptenMouseEvent*, void*) {
    g.touchOwnsPointer = false;  // a real mouse is back
    return EM_FALSE;
}

//-----------------------------------------------------------------------------------------------
// [3] clipboard
//-----------------------------------------------------------------------------------------------

void setClipboard(void*, const char* text) { ps_js_clipboard_write(text); }

const char* getClipboard(void*) {
    const int n = ps_js_clipboard_length();
    g.clipboard.assign(static_cast<size_t>(n) + 1, '\0');
    ps_js_clipboard_read(g.clipboard.data(), n + 1);
    g.clipboard.resize(static_cast<size_t>(n));
    return g.clipboard.c_str();
}

}  // namespace

//-----------------------------------------------------------------------------------------------
// Public API
//-----------------------------------------------------------------------------------------------

void install(GLFWwindow* window, const Config& config) {
    g.config = config;
    g.window = window;
    const char* sel = config.canvasSelector;

    // The ImGui backend would forward GLFW's raw wheel deltas; ours normalises them instead.
    glfwSetScrollCallback(window, nullptr);
    emscripten_set_wheel_callback(sel, nullptr, EM_TRUE, onWheel);
    emscripten_set_touchstart_callback(sel, nullptr, EM_TRUE, onTouch);
    emscripten_set_touchmove_callback(sel, nullptr, EM_TRUE, onTouch);
    emscripten_set_touchend_callback(sel, nullptr, EM_TRUE, onTouch);
    emscripten_set_touchcancel_callback(sel, nullptr, EM_TRUE, onTouch);
    emscripten_set_mousemove_callback(sel, nullptr, EM_TRUE, onMouseMove);
    ps_js_install_dom(sel);

    ImGuiIO& io = ImGui::GetIO();
    io.SetClipboardTextFn = setClipboard;
    io.GetClipboardTextFn = getClipboard;
    io.ClipboardUserData = nullptr;
}

Frame beginFrame() {
    Frame f;
    double cssW = 0, cssH = 0;
    emscripten_get_element_css_size(g.config.canvasSelector, &cssW, &cssH);
    f.dpr = static_cast<float>(emscripten_get_device_pixel_ratio());
    if (!(f.dpr > 0)) f.dpr = 1;
    f.cssWidth = static_cast<float>(cssW > 1 ? cssW : 1);
    f.cssHeight = static_cast<float>(cssH > 1 ? cssH : 1);
    f.fbWidth = static_cast<int>(std::lround(f.cssWidth * f.dpr));
    f.fbHeight = static_cast<int>(std::lround(f.cssHeight * f.dpr));

    int curW = 0, curH = 0;
    emscripten_get_canvas_element_size(g.config.canvasSelector, &curW, &curH);
    if (curW != f.fbWidth || curH != f.fbHeight)
        emscripten_set_canvas_element_size(g.config.canvasSelector, f.fbWidth, f.fbHeight);

    if (f.dpr != g.fontDpr) buildFonts(f.dpr);
    return f;
}

void setEmbedded(bool embedded, bool wantsText) { ps_js_set_embedded(embedded, wantsText); }

const char* pageGestureHint() {
    const double now = emscripten_get_now();
    if (now < g.touchHintUntil) return "Tap the figure to pan and zoom it";
    if (now < g.wheelHintUntil) return "Click the figure to zoom with the wheel (or hold Ctrl)";
    return nullptr;
}

void setFontScale(float scale) {
    if (scale == g.fontScale || !(scale > 0)) return;
    g.fontScale = scale;
    g.fontDpr = 0;  // beginFrame rebuilds the atlas
}

void fixupFrame(const Frame& f) {
    ImGuiIO& io = ImGui::GetIO();
    g.fontUploaded = true;  // ImGui_ImplOpenGL3_NewFrame has created the font texture by now
    io.DisplaySize = ImVec2(f.cssWidth, f.cssHeight);
    const ImVec2 scale(f.fbWidth / f.cssWidth, f.fbHeight / f.cssHeight);
    io.DisplayFramebufferScale = scale;
    // A slow frame (a busy machine, a long merge) must not turn one key press into several: ImGui
    // repeats a key held for KeyRepeatDelay (0.275 s) of frame time, so a press seen in two frames
    // of 0.3 s each repeated. At most 0.1 s per frame counts; a key held longer still repeats.
    io.DeltaTime = std::min(io.DeltaTime, 0.1f);

    if (g.touchOwnsPointer) {
        if (g.touchDown || g.touchReleased) {
            io.MousePos = ImVec2(g.touchX, g.touchY);
            io.MouseDown[0] = g.touchDown;  // a release is seen for exactly one frame
            g.touchReleased = false;
        } else if (g.touchDragged) {
            io.MousePos = ImVec2(-FLT_MAX, -FLT_MAX);  // no hover left behind by a drag
        } else {
            io.MousePos = ImVec2(g.touchX, g.touchY);  // tap-to-inspect: the tapped point stays hovered
        }
    } else if (io.MousePos.x != -FLT_MAX) {
        // Emscripten's GLFW reports the mouse in backing-store pixels.
        io.MousePos = ImVec2(io.MousePos.x / scale.x, io.MousePos.y / scale.y);
    }
}

void wake() { g.activeUntil = emscripten_get_now() + 1000.0; }

void requestFrames(int n) { g.pendingFrames = std::max(g.pendingFrames, n); }

void frameAt(double ms) { g.frameAt = std::min(g.frameAt, ms); }

bool frameDue(Motion m) {
    const double now = emscripten_get_now();
    const double sinceLast = now - g.lastDrawn;
    const bool requested = g.pendingFrames > 0 && (m != Motion::Working || sinceLast >= 250.0);
    bool due = g.frames < g.config.readyAfterFrames + 2 || m == Motion::Animating || now < g.activeUntil ||
               requested || now >= g.frameAt || sinceLast >= (m == Motion::Working ? 500.0 : 1000.0);
    if (!due) return false;
    if (g.pendingFrames > 0) --g.pendingFrames;  // (a paced request is met by any frame)
    if (now >= g.frameAt) g.frameAt = 1e300;
    g.lastDrawn = now;
    return true;
}

void endFrame() {
    ++g.frames;
    ps_js_frames_drawn(g.frames);
    if (!g.ready && g.frames >= g.config.readyAfterFrames) {
        g.ready = true;
        ps_js_signal_ready(g.frames);
    }
}

}  // namespace peakscope::web::platform

extern "C" EMSCRIPTEN_KEEPALIVE void ps_platform_wake() { peakscope::web::platform::wake(); }
