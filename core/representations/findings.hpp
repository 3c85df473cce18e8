// The findings Tutorial 2 is meant to show (issue #13 item 6), judged from per-layer measures
// (measures.hpp) of one trained network and its untrained control, at one Z and one subsample.
// Every judgement returns the numbers it used, so a text can quote them.
//   hunchback    the trained ID rises from the input to a maximum in the first two thirds of the
//                layers (≥ 1.2 × the input's) and falls to ≤ 0.6 × that maximum at the last hidden
//                layer; the untrained control does not (Ansuini et al. NeurIPS 2019)
//   nucleation   class χ stays near its input level through the first half of the layers (rise
//                ≤ 25 % of the total input → logits rise), then reaches ≥ 0.75 at the logits; the
//                untrained control's χ at the logits is ≤ its input χ + 0.05 (Doimo et al. 2020)
//   hierarchy    macro-class homogeneity of the peaks reaches 80 % of its maximum over the layers
//                at an earlier layer than class homogeneity ("coarse before fine")
//   chains       merge-order score ≤ 0.75 at the input and ≥ 0.9 at the logits
//   evolution    class ARI of the logits' peaks, across the training snapshots: below half its
//                final value after the first snapshot, at least half of it by the end of epoch 1
// Claims (issue #13 item 7): a walkthrough sentence per judgement that quotes its numbers and the
// threshold it uses, and says "not in this network" when the judgement does not hold — the web
// app's Layers walkthrough and the tests use this one implementation.
// Sections: Profile · judgements · claims
// Example: Judgement j = hunchback(trained, untrained);  if (j.holds) …
//          Claim c = hunchbackClaim(j, layerNames);  show(c.text);
#pragma once
#include <string>
#include <vector>

#include "core/representations/measures.hpp"

namespace peakscope::representations {

// One network's measures at one Z: one entry per representation, input first, logits last.
using Profile = std::vector<LayerMeasures>;

struct Judgement {
    bool holds = false;
    std::vector<double> values;  // the numbers the judgement used (documented per function)
    int layer = -1, layer2 = -1;  // the layers it found (documented per function)
};

// values: {ID input, ID max, ID last hidden, untrained: ID input, ID max, ID last hidden};
// layer = the maximum's layer (trained), layer2 = the untrained one's.
Judgement hunchback(const Profile& trained, const Profile& untrained);
// values: {χ input, χ at half, largest rise in the first half / total rise, χ logits, untrained χ input,
// untrained χ logits}; layer = the last layer of the first half.
Judgement nucleation(const Profile& trained, const Profile& untrained);
// values: {max macro homogeneity, max class homogeneity}; layer = first layer at 80 % (macro), layer2 (class).
Judgement hierarchy(const Profile& trained);
// values: {merge order at the input, at the logits}.
Judgement chains(const Profile& trained);
// snapshots: the logits' measures at batch 0, the within-training snapshots in order, and the trained
// network; epoch1 = index of the end of epoch 1 in that list. values: the class ARI series.
Judgement evolution(const std::vector<LayerMeasures>& logitsOverTraining, int epoch1);

// The mean of each measure over profiles of the same length (e.g. one per seed); NaN-free inputs.
Profile meanProfile(const std::vector<Profile>& profiles);

struct Claim {
    bool holds = false;
    std::string text;  // the numbers, the threshold and the verdict
};
// names: one per representation of the profiles judged (input first, logits last).
Claim hunchbackClaim(const Judgement& j, const std::vector<std::string>& names);
Claim nucleationClaim(const Judgement& j, const std::vector<std::string>& names);
Claim hierarchyClaim(const Judgement& j, const std::vector<std::string>& names);
Claim chainsClaim(const Judgement& j, const std::vector<std::string>& names);
// snapshots: one label per entry of the judged series (e.g. "batch 25").
Claim evolutionClaim(const Judgement& j, const std::vector<std::string>& snapshots, int epoch1);
// A number as the claims print it (printf format `f`), "n/a" when not finite.
std::string formatNumber(double v, const char* f = "%.2f");

}  // namespace peakscope::representations
