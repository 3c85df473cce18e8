// PeakScope Tutorial 2: its analysis parameters through the codec (layers_params.hpp).
#include "parts/layers/layers_params.hpp"

#include <cstdlib>

#include "core/types.hpp"
#include "shell/url_query.hpp"

namespace peakscope::web::layers {

params::Options analysisOptions(double Z, bool knnTable) {
    params::Options o;
    params::parse(params::spec("density"), "pak", o);
    params::parse(params::spec("maxk"), knnTable ? "auto" : "64", o);
    params::spec("Z").set(o, Z);
    params::setFlag(params::spec("decisionGraph"), false, o);
    params::setFlag(params::spec("mergeCurve"), false, o);
    return o;
}

std::vector<std::pair<std::string, std::string>> analysisPairs(double Z, bool knnTable) {
    return params::toPairs(analysisOptions(Z, knnTable), params::Js | params::App, false);
}

bool parseLinkZ(std::string_view text, double& Z) {
    params::Options o;
    try {
        params::parse(params::spec("Z"), text, o, params::App);
    } catch (const Error&) {
        return false;
    }
    Z = o.analysis.Z;
    return true;
}

std::string linkZ(double Z) {
    params::Options o;
    params::spec("Z").set(o, std::strtod(shell::formatNumber(Z).c_str(), nullptr));  // as Tutorial 1's Z
    return params::format(params::spec("Z"), o);
}

std::string linkZValues() { return params::spec("Z").validValues(params::App); }

}  // namespace peakscope::web::layers
