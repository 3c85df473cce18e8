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

protocol::Pairs analysisPairs(const Settings& p, double Z, bool idScaling) {
    params::Options o;
    params::spec("density").set(o, 2 - p.density);  // app 0 kNN, 1 k*-NN, 2 PAk; codec pak, kstar, knn
    params::spec("k").set(o, p.k);
    params::spec("maxk").set(o, p.maxk);
    params::spec("neighbours").set(o, p.neighbours);
    params::spec("Z").set(o, Z);
    params::spec("idScaling").set(o, idScaling ? 1 : 0);
    return params::toPairs(o, params::App, false);
}

}  // namespace peakscope::web::session
