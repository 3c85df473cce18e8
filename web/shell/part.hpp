// PeakScope shell: the Part interface. A part is one tutorial (parts/peaks, parts/layers): it owns
// its state, draws the whole screen while it is shown, and carries its own keys in the link. The
// shell calls parts only through this interface and never names one; web/main.cpp registers them.
//   Per frame: update(shown) for every part → draw() of the shown part → overlay() for every part
// Example: struct MyPart : shell::Part { const char* id() const override { return "mine"; } ... };
//          another part's button: shell::show(p->id()) for p in shell::parts() (it names no part)
#pragma once
#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "platform/files.hpp"
#include "platform/platform.hpp"

namespace peakscope::web::shell {

// Adds one key=value to the link (values are percent-encoded by the shell).
using AddKey = std::function<void(const char* key, const std::string& value)>;
// The link's key=value pairs (decoded), in order.
using Pairs = std::vector<std::pair<std::string, std::string>>;

class Part {
public:
    virtual ~Part() = default;
    virtual const char* id() const = 0;        // "peaks", "layers": what shell::show() takes
    virtual const char* tutorial() const = 0;  // value of ?tutorial= that shows this part ("1", "2")
    virtual const char* title() const { return id(); }  // on a button that shows it: "Tutorial 2: CNN >"
    virtual const char* summary() const { return ""; }  // that button's tooltip: what the part shows

    // Once, after the platform and the page API are installed (window.peakscope hooks).
    virtual void install() {}
    // Every frame before any drawing, for every part; `shown` says whether this part is on screen.
    virtual void update(bool shown) {}
    // The whole screen (CSS pixels); returns the height this layout would like at this width.
    virtual float draw(float width, float height) = 0;
    // Every frame after the shown part drew, for every part: windows above the panes (progress).
    virtual void overlay(float width, float height) {}
    // How often this part needs frames when nobody interacts (platform::frameDue): Working while
    // its job runs (progress), Animating for motion drawn every frame; Still otherwise.
    virtual platform::Motion motion() const { return platform::Motion::Still; }

    // Link state. applyLink takes this part's keys out of `pairs` (the rest belong to another part
    // or to none) and applies them; a bad value leaves that setting at its default (a bad data set:
    // the default data set) and adds one line (shell::linkProblem) naming the key, the valid values,
    // the value given and what is used instead.
    virtual std::vector<std::string> applyLink(Pairs& pairs) { return {}; }
    virtual void appendQuery(const AddKey& add) const {}

    // Files dropped on the page while this part is shown; the part releases (platform::files::release)
    // what it does not keep. Both tutorials take files; the default ignores them.
    virtual void openFiles(std::vector<platform::files::File> files) { (void)files; }
};

}  // namespace peakscope::web::shell
