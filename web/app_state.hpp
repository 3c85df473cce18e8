// PeakScope app state: what the views read and edit, in one struct owned by main.cpp.
// Views are functions `void drawX(AppState&)` (web/views/); they keep no hidden globals, so the
// state can later be saved to / restored from the URL or JSON as one object.
//   WelcomeDemo  parameters and cached sample of the welcome window's Gaussian-mixture scatter
#pragma once

#include <cstdint>
#include <vector>

namespace peakscope::web {

// The welcome window's live illustration: a seeded 2-D Gaussian mixture.
struct WelcomeDemo {
    // Parameters (edited by the view's widgets).
    std::uint32_t seed = 2021;    // RNG seed; same seed => same points
    int pointsPerCluster = 300;   // samples per mixture component, 50..1000
    float spread = 1.0f;          // multiplies every component's standard deviation, 0.3..2.5

    // Cache: regenerated when a parameter above changes (see views/welcome.cpp).
    struct Point { float x, y; int component; };
    std::vector<Point> points;
    std::uint32_t cachedSeed = 0;
    int cachedPointsPerCluster = -1;
    float cachedSpread = -1.0f;
};

struct AppState {
    bool showWelcome = true;  // the welcome window is open
    WelcomeDemo welcome;
};

}  // namespace peakscope::web
