// PeakScope web platform: files. A dropped, picked, fetched or test-supplied file stays in the
// page's JavaScript (a File or Blob, kept under a number) and never enters the wasm heap of the page
// unless a part reads it (readBytes): the worker transport (platform/worker.hpp) sends it to the
// worker by that number. One drop handler for the whole page: the shell gives the files to the
// part on screen (shell::Part::openFiles).
//   Sections: File · drop and picker · test hooks · fetch · bytes
// Example: files::pick(".csv,.npz", false, [](std::vector<files::File> f) { ... });
#pragma once
#include <functional>
#include <map>
#include <string>
#include <vector>

namespace peakscope::web::platform::files {

struct File {
    int id = 0;          // the page's handle (0 = none); release() when no longer needed
    std::string name;
    double size = 0;     // bytes
};
using Handler = std::function<void(std::vector<File>)>;

// ---- drop and picker ----
void onDrop(Handler h);                                     // files dropped anywhere on the page
void pick(const char* accept, bool multiple, Handler h);    // <input type=file>
void release(int id);                                       // forget the file's bytes

// ---- test hooks ----
// window.peakscope[jsName](name, bytes) or ([{name, bytes}, …]) gives the files to `h`.
void exposeOpener(const char* jsName, Handler h);

// ---- fetch ----
// GET `url`; refused from its Content-Length and aborted while streaming past `maxBytes` (0 = no
// limit). `done` gets the file (its name from the URL, or `name` when given) or an error message.
using Fetched = std::function<void(const File* file, const std::string& error)>;
void fetch(const std::string& url, const std::string& name, double maxBytes, Fetched done);
double fetchFraction();   // bytes fetched ÷ expected over the running fetches; −1 when none run
void abortFetches();      // the running fetches end without calling back

// ---- bytes ----
// Reads the file into the page (asynchronously): `done` gets its bytes (its own: move them), or an
// error message.
void readBytes(int id, std::function<void(std::string bytes, const std::string& error)> done);
// Reads a small JSON file into the page and flattens it: for an array of strings, `done` gets the
// strings; `ok` is false when it is not one.
void readStringArray(int id, std::function<void(bool ok, std::vector<std::string> strings)> done);
// Reads a JSON file into the page, flattened to path → value text ("variants.0.layers.2.name" →
// "conv1"; null → ""; tabs and newlines as spaces); `error` is non-empty when it is not JSON.
void readJsonFlat(int id, std::function<void(std::map<std::string, std::string> values, std::string error)> done);
// fetch + readJsonFlat + release: `done` gets the flattened JSON, or "could not load <url>: <why>".
void fetchJsonFlat(const std::string& url, const std::string& name,
                   std::function<void(std::map<std::string, std::string> values, std::string error)> done);

}  // namespace peakscope::web::platform::files
