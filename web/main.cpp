// PeakScope app: entry point of the browser canvas app (peakscope_app.js + .wasm). Registers the
// two tutorials as parts of the shell and runs it; the shell (web/shell/) knows parts only through
// shell::Part. Map of the folders and the message flow: web/README.md.
#include "parts/layers/layers.hpp"
#include "parts/peaks/peaks_part.hpp"
#include "shell/app.hpp"

int main() {
    using namespace peakscope::web;
    shell::addPart(peaks::part());   // Tutorial 1 (?tutorial=1, the default): toy data, ID, density, peaks
    shell::addPart(layers::part());  // Tutorial 2 (?tutorial=2): density peaks across the layers of a CNN
    return shell::run();
}
