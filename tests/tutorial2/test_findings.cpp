// The qualitative findings of Tutorial 2 on the shipped sets (issue #5 §3), computed from the
// shipped kNN graphs with core's pipeline (graphFromTable + analyzeGraph, PAk density, ADP at the
// default Z = 1.65), never hard-coded:
//   (1) the TwoNN ID at the last conv block (conv3) exceeds the ID at the logits (trained network);
//   (2) the ARI of the density peaks with the classes at fc128 and at the logits exceeds the ARI at
//       the input for the trained network, and not for the untrained control (its gain, if any, is
//       below a quarter of the trained network's gain at that layer);
//   (3) in the logits' peak dendrogram (single linkage on saddle heights, d'Errico et al. 2021 §2.5)
//       the footwear-dominated peaks all join each other before any of them joins a garment peak.
// Papers: Ansuini et al. NeurIPS 2019 (ID profile), Doimo et al. NeurIPS 2020 (peaks across layers).
#include <doctest/doctest.h>

#include <map>
#include <numeric>
#include <set>

#include "core/analysis.hpp"
#include "core/metrics.hpp"
#include "t2_support.hpp"

using namespace peakscope;
using t2::Json;
using t2::ShippedSet;

namespace {

struct LayerResult {
    Analysis a;
    std::vector<int64_t> peaks;  // per point: its peak (final ADP cluster)
    double ariClass = 0, ariMacro = 0;
};

// The analysis of one shipped layer, cached over the test cases.
const LayerResult& result(const std::string& variant, const std::string& layer) {
    static std::map<std::string, LayerResult> cache;
    const std::string key = variant + "/" + layer;
    auto it = cache.find(key);
    if (it != cache.end()) return it->second;
    const ShippedSet& s = ShippedSet::get();
    LayerResult r;
    AnalysisParams p;  // Z = 1.65, PAk, TwoNN fraction 0.9
    p.decisionGraph = false;
    p.mergeCurve = false;
    r.a = analyzeGraph(t2::tableGraph(s, t2::layerEntry(s.manifest, variant, layer)), p);
    const std::vector<int32_t> lab = r.a.perRow(r.a.partition.labels);
    r.peaks.assign(lab.begin(), lab.end());
    const std::vector<int64_t> classes = t2::labelsOf(s);
    std::vector<int64_t> macro(classes.size());
    for (size_t i = 0; i < classes.size(); ++i) macro[i] = int64_t(s.manifest.at("class_to_macro")[size_t(classes[i])].num);
    r.ariClass = adjustedRandIndex(classes, r.peaks);
    r.ariMacro = adjustedRandIndex(macro, r.peaks);
    return cache.emplace(key, std::move(r)).first->second;
}

const std::vector<std::string> kVariants = {"trained", "untrained", "shifted"};
const std::vector<std::string> kLayers = {"input", "conv1", "conv2", "conv3", "fc128", "logits"};

}  // namespace

TEST_CASE("tutorial2 findings: the layer profile (printed for the README)") {
    for (const std::string& v : kVariants)
        for (const std::string& l : kLayers) {
            const LayerResult& r = result(v, l);
            MESSAGE(v << " " << l << ": ID " << r.a.id.id << " ± " << r.a.id.error << ", peaks "
                      << r.a.partition.nClusters() << ", ARI classes " << r.ariClass << ", ARI macro " << r.ariMacro);
            CHECK(r.a.partition.nClusters() >= 1);
        }
}

TEST_CASE("tutorial2 finding 1: ID at the last conv block exceeds ID at the logits (trained)") {
    const LayerResult& conv3 = result("trained", "conv3");
    const LayerResult& logits = result("trained", "logits");
    CHECK(conv3.a.id.id > logits.a.id.id);
}

TEST_CASE("tutorial2 finding 2a: peaks align with classes at fc128 and logits more than at the input (trained)") {
    const double in = result("trained", "input").ariClass;
    CHECK(result("trained", "fc128").ariClass > in);
    CHECK(result("trained", "logits").ariClass > in);
}

// "Not for the untrained one", made precise: the random network keeps the pixels' partial class
// structure (its fc128 ARI is within noise of the input's: 0.357 vs 0.347 on the shipped set) but
// does not add to it. Its gain over the input must stay below a quarter of what training gains at
// the same layer (shipped set: untrained +0.010 / −0.183, trained +0.316 / +0.332 at fc128 / logits).
TEST_CASE("tutorial2 finding 2b: not so in the untrained control") {
    const double inU = result("untrained", "input").ariClass;
    const double inT = result("trained", "input").ariClass;
    for (const char* layer : {"fc128", "logits"}) {
        const double gainUntrained = result("untrained", layer).ariClass - inU;
        const double gainTrained = result("trained", layer).ariClass - inT;
        INFO(layer << ": gain untrained " << gainUntrained << ", trained " << gainTrained);
        CHECK(gainTrained > 0);
        CHECK(gainUntrained < 0.25 * gainTrained);
    }
    CHECK_FALSE(result("untrained", "logits").ariClass > inU);
}

TEST_CASE("tutorial2 finding 3: footwear peaks join each other before joining garment peaks (trained logits)") {
    const ShippedSet& s = ShippedSet::get();
    const LayerResult& r = result("trained", "logits");
    const Partition& part = r.a.partition;
    const Index m = part.nClusters();
    // dominant macro-class of each peak (its most frequent macro-class; ties → lower id)
    const std::vector<int64_t> classes = t2::labelsOf(s);
    std::vector<std::vector<int>> count(size_t(m), std::vector<int>(4, 0));
    for (size_t i = 0; i < classes.size(); ++i)
        ++count[size_t(r.peaks[i])][size_t(s.manifest.at("class_to_macro")[size_t(classes[i])].num)];
    std::vector<std::string> macroName;
    for (const Json& g : s.manifest.at("macro_classes").arr) macroName.push_back(g.at("name").str);
    std::set<int32_t> footwear, garments;
    for (Index c = 0; c < m; ++c) {
        const auto& h = count[size_t(c)];
        const int dom = int(std::max_element(h.begin(), h.end()) - h.begin());
        if (macroName[size_t(dom)] == "footwear") footwear.insert(int32_t(c));
        if (macroName[size_t(dom)] == "garments") garments.insert(int32_t(c));
    }
    MESSAGE("logits: " << m << " peaks, " << footwear.size() << " footwear-dominated, " << garments.size()
                       << " garment-dominated");
    REQUIRE(footwear.size() >= 2);  // otherwise the finding cannot be observed on this set
    REQUIRE_FALSE(garments.empty());
    // replay the dendrogram's merges (highest saddle first); record when all footwear peaks are in
    // one group and when a group first holds both a footwear and a garment peak
    const Dendrogram d = peakHierarchy(part);
    std::vector<std::set<int32_t>> leaves(size_t(d.nLeaves + Index(d.merges.size())));
    for (Index l = 0; l < d.nLeaves; ++l) leaves[size_t(l)] = {int32_t(l)};
    int footwearJoined = -1, footwearMeetsGarment = -1;
    for (size_t k = 0; k < d.merges.size(); ++k) {
        std::set<int32_t>& u = leaves[size_t(d.nLeaves) + k];
        u = leaves[size_t(d.merges[k].left)];
        u.insert(leaves[size_t(d.merges[k].right)].begin(), leaves[size_t(d.merges[k].right)].end());
        bool allF = true, anyF = false, anyG = false;
        for (int32_t f : footwear) {
            if (u.count(f)) anyF = true;
            else allF = false;
        }
        for (int32_t g : garments) anyG = anyG || u.count(g);
        if (allF && footwearJoined < 0) footwearJoined = int(k);
        if (anyF && anyG && footwearMeetsGarment < 0) footwearMeetsGarment = int(k);
    }
    MESSAGE("footwear peaks all joined at merge " << footwearJoined << ", first footwear–garment merge "
                                                  << footwearMeetsGarment << " of " << d.merges.size());
    REQUIRE(footwearJoined >= 0);
    CHECK((footwearMeetsGarment < 0 || footwearJoined < footwearMeetsGarment));
}
