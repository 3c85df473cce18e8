// The findings of Tutorial 2 judged from per-layer measures (see findings.hpp).
#include "demos/cnn/findings.hpp"

#include <algorithm>
#include <cmath>

#include "core/types.hpp"

namespace peakscope::cnn {

namespace {

void need(const Profile& p, const char* what) {
    if (p.size() < 4) throw Error(std::string(what) + ": a profile needs at least 4 representations");
}

// Layer of the largest ID in the first two thirds of the representations (input excluded).
int idPeak(const Profile& p) {
    const int last = int(p.size()) - 1, upto = std::max(1, (2 * last) / 3);
    int best = 1;
    for (int l = 1; l <= upto; ++l)
        if (p[size_t(l)].id > p[size_t(best)].id) best = l;
    return best;
}

bool isHunchback(const Profile& p, int peak) {
    const double in = p[0].id, top = p[size_t(peak)].id, lastHidden = p[p.size() - 2].id;
    return top >= 1.2 * in && lastHidden <= 0.6 * top;
}

// First layer whose value reaches 80 % of the maximum over the layers.
template <class F>
int firstAt80(const Profile& p, F value, double& maxOut) {
    maxOut = 0;
    for (const auto& m : p) maxOut = std::max(maxOut, value(m));
    for (size_t l = 0; l < p.size(); ++l)
        if (value(p[l]) >= 0.8 * maxOut) return int(l);
    return -1;
}

}  // namespace

Judgement hunchback(const Profile& t, const Profile& u) {
    need(t, "hunchback");
    need(u, "hunchback");
    Judgement j;
    j.layer = idPeak(t);
    j.layer2 = idPeak(u);
    j.values = {t[0].id, t[size_t(j.layer)].id, t[t.size() - 2].id, u[0].id, u[size_t(j.layer2)].id, u[u.size() - 2].id};
    j.holds = isHunchback(t, j.layer) && !isHunchback(u, j.layer2);
    return j;
}

Judgement nucleation(const Profile& t, const Profile& u) {
    need(t, "nucleation");
    need(u, "nucleation");
    Judgement j;
    const int half = int(t.size() - 1) / 2;
    j.layer = half;
    const double in = t[0].chiClass, out = t.back().chiClass, total = out - in;
    double early = 0;
    for (int l = 1; l <= half; ++l) early = std::max(early, t[size_t(l)].chiClass - in);
    const double fraction = total > 0 ? early / total : INFINITY;
    j.values = {in, t[size_t(half)].chiClass, fraction, out, u[0].chiClass, u.back().chiClass};
    j.holds = total > 0 && fraction <= 0.25 && out >= 0.75 && u.back().chiClass <= u[0].chiClass + 0.05;
    return j;
}

Judgement hierarchy(const Profile& t) {
    need(t, "hierarchy");
    Judgement j;
    double maxMacro = 0, maxClass = 0;
    j.layer = firstAt80(t, [](const LayerMeasures& m) { return m.homMacro; }, maxMacro);
    j.layer2 = firstAt80(t, [](const LayerMeasures& m) { return m.homClass; }, maxClass);
    j.values = {maxMacro, maxClass};
    j.holds = j.layer >= 0 && j.layer2 >= 0 && j.layer < j.layer2;
    return j;
}

Judgement chains(const Profile& t) {
    need(t, "chains");
    Judgement j;
    j.values = {t[0].mergeOrder, t.back().mergeOrder};
    j.holds = t[0].mergeOrder <= 0.75 && t.back().mergeOrder >= 0.9;
    return j;
}

Judgement evolution(const std::vector<LayerMeasures>& s, int epoch1) {
    if (s.size() < 3 || epoch1 < 1 || epoch1 >= int(s.size())) throw Error("evolution: needs batch 0, snapshots and the end of epoch 1");
    Judgement j;
    for (const auto& m : s) j.values.push_back(m.ariClass);
    const double final = s.back().ariClass;
    j.layer = -1;  // first snapshot at half the final ARI
    for (size_t k = 0; k < s.size(); ++k)
        if (s[k].ariClass >= 0.5 * final) { j.layer = int(k); break; }
    j.holds = final > 0 && s[1].ariClass < 0.5 * final && s[size_t(epoch1)].ariClass >= 0.5 * final;
    return j;
}

}  // namespace peakscope::cnn
