// PeakScope Tutorial 2 ("Layers"): summary.json of the shipped set, fetched by
// layers_summary_fetch.cpp and digested here (summaryDigest): every training seed's per-layer measures at a few Z
// (core/representations/measures.hpp), the source of the strip's error bands and of the walkthrough's
// claims (core/representations/findings.hpp). Pure: tested natively (tests/web/logic).
//   Digest lines (tab-separated): z <Z>…  ·  seed <seed> <accuracy>  ·  snap <batch>  ·
//   m <run> <seed index> <layer index> <name> <Z index> <Z> id id_err chi_c chi_m ov_in ov_out peaks
//     ari_c ari_m hom_c hom_m pur_c pur_m merge   (empty field = NaN)
// Example: Summary s = parseSummaryDigest(summaryDigest(flat));  Band b = summaryBand(s, "trained", 1, idOf);
#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <map>
#include <string>
#include <vector>

#include "core/types.hpp"
#include "parts/layers/layers_state.hpp"

namespace peakscope::web::layers {

namespace {

std::vector<std::string> fields(const std::string& line) {
    std::vector<std::string> out;
    size_t a = 0;
    for (;;) {
        const size_t b = line.find('\t', a);
        out.push_back(line.substr(a, b == std::string::npos ? std::string::npos : b - a));
        if (b == std::string::npos) return out;
        a = b + 1;
    }
}

// The text at a path of the flattened JSON ("" when absent or null).
const std::string& at(const std::map<std::string, std::string>& flat, const std::string& path) {
    static const std::string none;
    const auto it = flat.find(path);
    return it == flat.end() ? none : it->second;
}

double number(const std::string& f) {
    if (f.empty()) return NAN;
    char* end = nullptr;
    const double v = std::strtod(f.c_str(), &end);
    if (end == f.c_str() || *end) throw Error("summary.json: '" + f + "' is not a number");
    return v;
}

}  // namespace

std::string summaryDigest(const std::map<std::string, std::string>& flat) {
    std::string out = "z";
    for (int k = 0; flat.count("z." + std::to_string(k)); ++k) out += "\t" + at(flat, "z." + std::to_string(k));
    out += "\n";
    const char* kMeasures[] = {"id", "id_err", "chi_c", "chi_m", "ov_in", "ov_out"};
    const char* kAtZ[] = {"peaks", "ari_c", "ari_m", "hom_c", "hom_m", "pur_c", "pur_m", "merge"};
    // one "m" line per layer and Z of a run's subsample A (under `base`, e.g. "seeds.0.trained.A")
    auto measures = [&](const std::string& run, int si, const std::string& base) {
        for (int li = 0; flat.count(base + "." + std::to_string(li) + ".name"); ++li) {
            const std::string L = base + "." + std::to_string(li);
            for (int zi = 0; flat.count(L + ".z." + std::to_string(zi) + ".Z"); ++zi) {
                const std::string Zp = L + ".z." + std::to_string(zi);
                out += "m\t" + run + "\t" + std::to_string(si) + "\t" + std::to_string(li) + "\t" + at(flat, L + ".name") +
                       "\t" + std::to_string(zi) + "\t" + at(flat, Zp + ".Z");
                for (const char* k : kMeasures) out += "\t" + at(flat, L + "." + k);
                for (const char* k : kAtZ) out += "\t" + at(flat, Zp + "." + k);
                out += "\n";
            }
        }
    };
    for (int si = 0; flat.count("seeds." + std::to_string(si) + ".seed"); ++si) {
        const std::string S = "seeds." + std::to_string(si);
        out += "seed\t" + at(flat, S + ".seed") + "\t" + at(flat, S + ".test_accuracy") + "\n";
        for (const char* run : {"trained", "untrained"}) measures(run, si, S + "." + run + ".A");
        for (int k = 0; flat.count(S + ".snapshots." + std::to_string(k) + ".batch"); ++k) {
            const std::string P = S + ".snapshots." + std::to_string(k);
            if (si == 0) out += "snap\t" + at(flat, P + ".batch") + "\n";
            measures("b" + at(flat, P + ".batch"), si, P + ".A");
        }
    }
    return out;
}

Summary parseSummaryDigest(const std::string& text) {
    Summary s;
    size_t a = 0;
    while (a < text.size()) {
        const size_t b = std::min(text.find('\n', a), text.size());
        const auto f = fields(text.substr(a, b - a));
        a = b + 1;
        if (f.empty() || f[0].empty()) continue;
        if (f[0] == "z") {
            for (size_t i = 1; i < f.size(); ++i) s.zs.push_back(number(f[i]));
        } else if (f[0] == "seed" && f.size() >= 3) {
            s.seeds.push_back(int(number(f[1])));
            s.accuracy.push_back(number(f[2]));
        } else if (f[0] == "snap" && f.size() >= 2) {
            s.batches.push_back(int(number(f[1])));
        } else if (f[0] == "m" && f.size() >= 21) {
            const int seed = int(number(f[2])), layer = int(number(f[3])), zi = int(number(f[5]));
            if (seed < 0 || layer < 0 || zi < 0 || seed > 64 || layer > 1024 || zi >= int(s.zs.size()))
                throw Error("summary.json: a measure outside the seeds, layers or Z values");
            auto& run = s.runs[f[1]];
            auto& names = s.names[f[1]];
            if (int(run.size()) <= seed) run.resize(size_t(seed) + 1);
            if (int(run[size_t(seed)].size()) <= layer) run[size_t(seed)].resize(size_t(layer) + 1);
            if (int(names.size()) <= layer) names.resize(size_t(layer) + 1);
            names[size_t(layer)] = f[4];
            auto& zs = run[size_t(seed)][size_t(layer)];
            zs.resize(s.zs.size());
            representations::LayerMeasures& m = zs[size_t(zi)];
            double* out[] = {&m.Z, &m.id, &m.idError, &m.chiClass, &m.chiMacro, &m.overlapInput, &m.overlapOutput};
            for (size_t i = 0; i < 7; ++i) *out[i] = number(f[6 + i]);
            m.peaks = Index(number(f[13]));
            double* rest[] = {&m.ariClass, &m.ariMacro, &m.homClass, &m.homMacro, &m.purClass, &m.purMacro, &m.mergeOrder};
            for (size_t i = 0; i < 7; ++i) *rest[i] = number(f[14 + i]);
        }
    }
    if (s.zs.empty() || s.seeds.empty() || !s.runs.count("trained"))
        throw Error("summary.json: no Z values, seeds or trained measures");
    for (const auto& [name, run] : s.runs)
        if (run.size() > s.seeds.size()) throw Error("summary.json: measures of " + name + " for an unknown seed");
    s.ready = true;
    return s;
}

int nearestZ(const Summary& s, double Z) {
    int best = -1;
    for (size_t i = 0; i < s.zs.size(); ++i)
        if (best < 0 || std::fabs(s.zs[i] - Z) < std::fabs(s.zs[size_t(best)] - Z)) best = int(i);
    return best;
}

representations::Profile summaryProfile(const Summary& s, const std::string& run, size_t seed, size_t zi) {
    const auto it = s.runs.find(run);
    if (it == s.runs.end() || seed >= it->second.size()) return {};
    representations::Profile p;
    for (const auto& layer : it->second[seed]) {
        if (zi >= layer.size()) return {};
        p.push_back(layer[zi]);
    }
    return p;
}

Band summaryBand(const Summary& s, const std::string& run, size_t zi, double (*f)(const representations::LayerMeasures&)) {
    Band b;
    const auto it = s.runs.find(run);
    if (it == s.runs.end()) return b;
    size_t nl = 0;
    for (const auto& seed : it->second) nl = std::max(nl, seed.size());
    for (size_t l = 0; l < nl; ++l) {
        double sum = 0, lo = INFINITY, hi = -INFINITY;
        int n = 0;
        for (const auto& seed : it->second) {
            if (l >= seed.size() || zi >= seed[l].size()) continue;
            const double v = f(seed[l][zi]);
            if (!std::isfinite(v)) continue;
            sum += v;
            lo = std::min(lo, v);
            hi = std::max(hi, v);
            ++n;
        }
        b.mean.push_back(n ? sum / n : NAN);
        b.lo.push_back(n ? lo : NAN);
        b.hi.push_back(n ? hi : NAN);
    }
    return b;
}

}  // namespace peakscope::web::layers
