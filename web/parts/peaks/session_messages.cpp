// PeakScope Tutorial 1: the session's messages to the worker; see session_messages.hpp.
#include "parts/peaks/session_messages.hpp"

#include "core/params.hpp"
#include "core/toy/generators.hpp"

namespace peakscope::web::session {

protocol::Load loadMessage(const Dataset& d, int job, int keepVersion) {
    protocol::Load m;
    m.job = job;
    m.version = d.version;
    m.keep = keepVersion;
    if (d.fileId == 0) {
        const toy::GeneratorInfo* info = toy::findGenerator(d.source.generator);
        if (!info) throw Error("unknown data set '" + d.source.generator + "'");
        m.generator = d.source.generator;
        m.n = d.source.n > 0 ? d.source.n : info->defaultN;
        m.noise = d.source.noise >= 0 ? d.source.noise : info->defaultNoise;
        m.seed = d.source.seed;
        m.dim = d.source.dim > 0 ? d.source.dim : info->defaultDim;
    } else {
        m.fileName = d.name;
        m.labelColumn = d.labelChoice;
        if (d.labelChoice == -3 && d.source.labels != "none") m.labelName = d.source.labels;
    }
    return m;
}

// The combo lists kNN first (the tutorial's estimator); the codec's choices are pak, kstar, knn.
params::Options toOptions(const Settings& p, double Z) {
    params::Options o;
    params::spec("density").set(o, 2 - p.density);
    params::spec("k").set(o, p.k);
    params::spec("maxk").set(o, p.maxk);
    params::spec("Z").set(o, Z);
    return o;
}

void fromOptions(const params::Options& o, Settings& p, double& Z) {
    p.density = 2 - int(params::spec("density").get(o));
    p.k = int(params::spec("k").get(o));
    p.maxk = int(params::spec("maxk").get(o));
    Z = params::spec("Z").get(o);
}

protocol::Pairs analysisPairs(const Settings& p, double Z) {
    params::Options o = toOptions(p, Z);
    params::spec("idScaling").set(o, 1);  // the worker leaves it out above limits::kMaxPointsDecimation
    return params::toPairs(o, params::App, false);
}

}  // namespace peakscope::web::session
