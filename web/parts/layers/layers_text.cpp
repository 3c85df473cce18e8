// PeakScope Tutorial 2: the accessible text of the Layers part (see layers_text.hpp).
#include "parts/layers/layers_text.hpp"

#include <cmath>
#include <cstdio>

#include "kit/markup.hpp"

namespace peakscope::web::layers {
namespace {

std::string num(double v) { return representations::formatNumber(v); }  // "n/a" when not finite

std::string html(const std::string& in) { return markup::escape(in); }  // names come from files

std::string peaksWord(Index n) { return std::to_string(n) + (n == 1 ? " peak" : " peaks"); }

}  // namespace

std::string layerSentence(const Series& se, int layer, double Z, int total, int done) {
    std::string loading = done < total ? " Analysing the layers: " + std::to_string(done) + " of " +
                                             std::to_string(total) + " done."
                                       : "";
    if (layer < 0 || layer >= int(se.layers.size()) || se.layers[size_t(layer)].name.empty())
        return "Tutorial 2: no layer selected." + loading;
    const LayerResult& r = se.layers[size_t(layer)];
    std::string t = se.name + " network, layer " + r.name + " (" + std::to_string(layer + 1) + " of " +
                    std::to_string(se.layers.size()) + (r.dims > 0 ? ", " + std::to_string(r.dims) + " dimensions" : "") + "): ";
    if (r.failed) return t + "failed: " + r.error + "." + loading;
    if (!r.a) return t + "not analysed yet." + loading;
    t += "intrinsic dimension " + num(r.a->id.id) + " \xc2\xb1 " + num(r.a->id.error) + ", " +
         peaksWord(r.part.nClusters()) + " at Z = " + num(Z);
    if (std::isfinite(r.ariClass)) t += ", ARI with the classes " + num(r.ariClass);
    if (std::isfinite(r.ariMacro)) t += ", with the macro-classes " + num(r.ariMacro);
    if (std::isfinite(r.chiLabels)) t += ", class overlap chi " + num(r.chiLabels);
    return t + "." + loading;
}

std::string layersTableHtml(const Series& se, double Z) {
    std::string h = "<table id=\"peakscope-layers-table\"><caption>Layers of the " + html(se.name) +
                    " network at Z = " + num(Z) +
                    "</caption><thead><tr><th scope=\"col\">Layer</th><th scope=\"col\">Dimensions</th>"
                    "<th scope=\"col\">ID</th><th scope=\"col\">ID error</th><th scope=\"col\">Peaks</th>"
                    "<th scope=\"col\">ARI classes</th><th scope=\"col\">ARI macro-classes</th>"
                    "<th scope=\"col\">chi classes</th></tr></thead><tbody>";
    for (const LayerResult& r : se.layers) {
        if (r.name.empty()) continue;
        h += "<tr><th scope=\"row\">" + html(r.name) + "</th><td>" + (r.dims > 0 ? std::to_string(r.dims) : "-") + "</td>";
        if (r.a) {
            h += "<td>" + num(r.a->id.id) + "</td><td>" + num(r.a->id.error) + "</td><td>" +
                 std::to_string(r.part.nClusters()) + "</td><td>" + num(r.ariClass) + "</td><td>" + num(r.ariMacro) +
                 "</td><td>" + num(r.chiLabels) + "</td>";
        } else {
            h += "<td colspan=\"6\">" + std::string(r.failed ? "failed: " + html(r.error) : "not analysed yet") + "</td>";
        }
        h += "</tr>";
    }
    return h + "</tbody></table>";
}

}  // namespace peakscope::web::layers
