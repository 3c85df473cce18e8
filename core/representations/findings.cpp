// The findings of Tutorial 2 judged from per-layer measures (see findings.hpp).
#include "core/representations/findings.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "core/types.hpp"

namespace peakscope::representations {

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

//-----------------------------------------------------------------------------------------------
// Claims: the walkthrough's sentences, built from a judgement's numbers only.
//-----------------------------------------------------------------------------------------------
Profile meanProfile(const std::vector<Profile>& ps) {
    if (ps.empty()) return {};
    Profile out(ps[0].size());
    static double LayerMeasures::* const fields[] = {
        &LayerMeasures::Z,        &LayerMeasures::id,       &LayerMeasures::idError,      &LayerMeasures::ariClass,
        &LayerMeasures::ariMacro, &LayerMeasures::chiClass, &LayerMeasures::chiMacro,     &LayerMeasures::homClass,
        &LayerMeasures::homMacro, &LayerMeasures::purClass, &LayerMeasures::purMacro,     &LayerMeasures::overlapInput,
        &LayerMeasures::overlapOutput, &LayerMeasures::mergeOrder};
    for (const Profile& p : ps)
        if (p.size() != out.size()) throw Error("meanProfile: profiles of different lengths");
    for (size_t l = 0; l < out.size(); ++l) {
        double peaks = 0;
        for (const Profile& p : ps) {
            for (auto f : fields) out[l].*f += p[l].*f / double(ps.size());
            peaks += double(p[l].peaks) / double(ps.size());
        }
        out[l].peaks = Index(std::lround(peaks));
    }
    return out;
}

std::string formatNumber(double v, const char* f) {
    if (!std::isfinite(v)) return "n/a";
    char b[48];
    std::snprintf(b, sizeof b, f, v);
    return b;
}

namespace {

std::string num(double v, const char* f = "%.2f") { return formatNumber(v, f); }

std::string nameOf(const std::vector<std::string>& names, int i) {
    return i >= 0 && i < int(names.size()) ? names[size_t(i)] : "layer " + std::to_string(i);
}

Claim verdict(bool holds, const std::string& what, const std::string& numbers) {
    return {holds, what + (holds ? ": shown by this network. " : ": not in this network. ") + numbers};
}

}  // namespace

Claim hunchbackClaim(const Judgement& j, const std::vector<std::string>& n) {
    const auto& v = j.values;  // {in, max, last hidden, untrained in, max, last hidden}
    const std::string last = nameOf(n, int(n.size()) - 2);
    std::string t = "Trained ID " + num(v[0], "%.1f") + " at the input, " + num(v[1], "%.1f") + " at its highest in the first two thirds of the layers (" +
                    nameOf(n, j.layer) + ", " + num(v[1] / v[0]) + " x the input; the claim needs >= 1.2) and " +
                    num(v[2], "%.1f") + " at " + last + " (" + num(v[2] / v[1]) +
                    " x the maximum; needs <= 0.6). Untrained control: " + num(v[3], "%.1f") + ", " + num(v[4], "%.1f") +
                    " (" + nameOf(n, j.layer2) + ", " + num(v[4] / v[3]) + " x), " + num(v[5], "%.1f") + " (" +
                    num(v[5] / v[4]) + " x); it must not show the same rise and fall.";
    return verdict(j.holds, "Hunchback (ID rises, then falls)", t);
}

Claim nucleationClaim(const Judgement& j, const std::vector<std::string>& n) {
    const auto& v = j.values;  // {in, at half, early rise / total, logits, untrained in, untrained logits}
    std::string t = "Class chi " + num(v[0]) + " at the input, " + num(v[1]) + " at " + nameOf(n, j.layer) +
                    " (half-way), " + num(v[3]) + " at " + nameOf(n, int(n.size()) - 1) +
                    ". The first half of the layers holds " + num(100 * v[2], "%.0f") +
                    "% of the total rise (the claim needs <= 25%) and the end needs >= 0.75. Untrained control: " +
                    num(v[4]) + " -> " + num(v[5]) + " (needs <= input + 0.05).";
    return verdict(j.holds, "Forgetting, then nucleation (chi flat, then a late sharp rise)", t);
}

Claim hierarchyClaim(const Judgement& j, const std::vector<std::string>& n) {
    const auto& v = j.values;  // {max macro homogeneity, max class homogeneity}
    const std::string t = "Macro-class homogeneity of the peaks reaches 80% of its maximum (" + num(v[0]) + ") at " +
                          (j.layer < 0 ? std::string("no layer") : nameOf(n, j.layer)) +
                          ", class homogeneity 80% of its maximum (" + num(v[1]) + ") at " +
                          (j.layer2 < 0 ? std::string("no layer") : nameOf(n, j.layer2)) +
                          "; the claim needs the macro-classes at an earlier layer.";
    return verdict(j.holds, "Coarse before fine", t);
}

Claim chainsClaim(const Judgement& j, const std::vector<std::string>& n) {
    const auto& v = j.values;  // {merge order at the input, at the logits}
    const std::string t = "Merge-order score (1 = same-macro classes join before the others, 0.5 = no order) " + num(v[0]) +
                          " at " + nameOf(n, 0) + " (needs <= 0.75: not already in the pixels) and " + num(v[1]) + " at " +
                          nameOf(n, int(n.size()) - 1) + " (needs >= 0.9).";
    return verdict(j.holds, "Learned mountain chains", t);
}

Claim evolutionClaim(const Judgement& j, const std::vector<std::string>& s, int epoch1) {
    const auto& v = j.values;  // class ARI of the logits' peaks per snapshot
    std::string series;
    for (size_t k = 0; k < v.size(); ++k) series += (k ? ", " : "") + nameOf(s, int(k)) + " " + num(v[k]);
    const double half = v.empty() ? NAN : 0.5 * v.back();
    const std::string t = "Class ARI of the last layer's peaks during training: " + series + ". The claim needs " +
                          nameOf(s, 1) + " below half the final value (" + num(half) + ") and " + nameOf(s, epoch1) +
                          " at or above it" +
                          (j.layer >= 0 ? "; half is first reached at " + nameOf(s, j.layer) : std::string("")) + ".";
    return verdict(j.holds, "Peaks form during training", t);
}

}  // namespace peakscope::representations
