// PeakScope shell: the app's main loop and what every part shares — the registry of parts, which
// part is shown, the message line, and the link's "changed" flag (ShellState). Knows no part.
//   Sections: parts · state and messages · run
// Example: shell::addPart(myPart);  return shell::run();      (web/main.cpp)
//          shell::error("data.csv: row 3, column 2 is not a number");  shell::linkChanged();
#pragma once
#include <string>
#include <vector>

#include "shell/part.hpp"

namespace peakscope::web::shell {

constexpr double kMinFontScale = 0.75, kMaxFontScale = 3.0;

// What the shell owns: the shown part and the page-wide state (the parts own the rest).
struct ShellState {
    std::string shown;               // id of the shown part (empty: the first registered)
    bool embed = false;              // ?embed=1: compact layout for iframes
    double fontScale = 1.0;          // ?font=: text scale (projectors, phones), kMin/MaxFontScale
    std::string message;             // last error (red) or notice, shown until dismissed
    bool messageIsError = false;
    std::string linkMessage;         // what the link got wrong (one line per key), above `message`;
                                     // kept until dismissed (a new result does not clear it)
    bool urlDirty = true;            // state changed: rewrite the address bar (throttled)
    double urlWritten = 0;           // page time (ms) of the last rewrite
    bool capturePng = false;         // export the canvas after this frame's render
    int postedHeight = -1;           // page height last posted to a parent frame (px; −1 none)
    float navRect[4] = {-1, -1, -1, -1};  // ImGui's keyboard focus rect last published as "nav"
};

// ---- parts ----
void addPart(Part& part);            // in the order of the link and of shell::parts()
const std::vector<Part*>& parts();
Part& shownPart();                   // the shown part (the first registered when none is named)
Part& defaultPart();                 // the first registered part (Tutorial 1)
bool isShown(const Part& part);
void show(const std::string& partId);  // switches parts (and marks the link changed)

// ---- state and messages ----
ShellState& state();
void error(const std::string& message);   // shown in red and logged to the console
void notice(const std::string& message);  // shown in yellow
void linkNotice(const std::string& problem);  // one more "Link: …" line (state().linkMessage): a link
                                              // value found wrong later, e.g. by the worker
void clearMessage();
void linkChanged();                       // the address bar is rewritten (at most 4× a second)

// ---- run ----
// GLFW window on #canvas (WebGL2), ImGui, the parts' install(), the state from the URL, the loop.
int run();

}  // namespace peakscope::web::shell
