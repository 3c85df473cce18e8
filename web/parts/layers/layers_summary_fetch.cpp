// PeakScope Tutorial 2 ("Layers"): fetches summary.json of the shipped set and hands a
// tab-separated digest of subsample A to the page (layers_summary.cpp parses it).
//   Sections: [1] fetch (JS)  [2] reply
// Example: requestSummary(L);
#include <emscripten.h>

#include <exception>
#include <string>

#include "parts/layers/layers_internal.hpp"
#include "platform/platform.hpp"
#include "shell/app.hpp"

namespace peakscope::web::layers {

//-----------------------------------------------------------------------------------------------
// [1] Fetch: same folder as the manifest (layers_bridge.cpp)
//-----------------------------------------------------------------------------------------------
EM_JS(void, jsLayersFetchSummary, (), {
    const url = 'data/tutorial2/cluttered/summary.json';
    const send = (text, ok) => {
        const len = lengthBytesUTF8(text) + 1, p = _malloc(len);
        stringToUTF8(text, p, len);
        Module._ps_layers_app_summary(p, ok ? 1 : 0);
        _free(p);
    };
    const early = Module.psPrefetch && Module.psPrefetch.get(url);  // platform/early.js
    if (early) Module.psPrefetch.delete(url);
    (early ? early.then((b) => b.text()).then((t) => JSON.parse(t)) : fetch(url).then((r) => {
        if (!r.ok) throw new Error('HTTP ' + r.status);
        return r.json();
    })).then((s) => {
        const L = [];
        const v = (x) => (x === null || x === undefined || !isFinite(x)) ? '' : String(x);
        L.push(['z'].concat(s.z.map(v)).join('\t'));
        const m = (run, si, layers) => layers.forEach((l, li) => l.z.forEach((z, zi) => L.push([
            'm', run, si, li, String(l.name).split('\t').join(' '), zi, v(z.Z), v(l.id), v(l.id_err), v(l.chi_c), v(l.chi_m),
            v(l.ov_in), v(l.ov_out), v(z.peaks), v(z.ari_c), v(z.ari_m), v(z.hom_c), v(z.hom_m), v(z.pur_c), v(z.pur_m), v(z.merge)
        ].join('\t'))));
        s.seeds.forEach((seed, si) => {
            L.push(['seed', v(seed.seed), v(seed.test_accuracy)].join('\t'));
            for (const run of ['trained', 'untrained']) if (seed[run] && seed[run].A) m(run, si, seed[run].A);
            for (const snap of seed.snapshots || []) {
                if (si === 0) L.push(['snap', v(snap.batch)].join('\t'));
                if (snap.A) m('b' + snap.batch, si, snap.A);
            }
        });
        send(L.join('\n'), true);
    }).catch((err) => send('could not load ' + url + ': ' + (err && err.message ? err.message : String(err)), false));
});

void requestSummary(LayersState& L) {
    if (L.shipped.summary.requested) return;
    L.shipped.summary.requested = true;
    jsLayersFetchSummary();
}

}  // namespace peakscope::web::layers

//-----------------------------------------------------------------------------------------------
// [2] Reply: the digest, or a message (the strip then shows the shipped seed without bands)
//-----------------------------------------------------------------------------------------------
extern "C" EMSCRIPTEN_KEEPALIVE void ps_layers_app_summary(const char* text, int ok) {
    peakscope::web::platform::requestFrames();  // the state changed: draw it
    using namespace peakscope::web::layers;
    peakscope::web::LayersState* L = st();
    if (!L) return;
    Summary& s = L->shipped.summary;
    try {
        if (!ok) throw peakscope::Error(text);
        Summary parsed = parseSummaryDigest(text);
        parsed.requested = true;
        s = std::move(parsed);
    } catch (const std::exception& e) {
        s.error = e.what();
        s.ready = false;
        peakscope::web::shell::error(std::string(e.what()) + " (the strip shows the analysed seed without error bands)");
    }
}
