// Tutorial 2 on cluttered Fashion-MNIST with the deeper network, as shipped in
// demos/data/tutorial2/cluttered (issue #13): the files (format, graphs, images regenerated from
// Debian's Fashion-MNIST), the pixel space's lack of class structure, the per-seed measures of
// summary.json against the shipped graphs (same code: core/representations/measures.hpp), and the findings
// (core/representations/findings.hpp) over seeds, Z ∈ {1, 1.65, 2.5} and both subsamples — asserting what the
// data show, including the goals they do not reach (README, "What the data show").
#include <doctest/doctest.h>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <set>

#include "core/metrics.hpp"
#include "core/representations/findings.hpp"
#include "core/representations/measures.hpp"
#include "demos/cnn/cluttered.hpp"
#include "demos/cnn/deep_export.hpp"
#include "demos/cnn/export.hpp"
#include "demos/cnn/half.hpp"
#include "t2_support.hpp"

using namespace peakscope;
using namespace peakscope::cnn;
using namespace peakscope::representations;
using t2::Json;
using t2::ShippedSet;

namespace {

const ShippedSet& S() { return ShippedSet::cluttered(); }

// PEAKSCOPE_T2_SUMMARY=FILE prints the profile and goals of another design's summary.json with the
// same code (its assertions, written for the shipped set, may then fail).
const Json& summary() {
    static const Json j = [] {
        const char* other = std::getenv("PEAKSCOPE_T2_SUMMARY");
        return t2::parseJson(io::readFileBytes(other ? std::string(other) : t2::dataDir() + "/cluttered/summary.json"));
    }();
    return j;
}

const std::set<std::string>& summaryLines() {
    static const std::set<std::string> lines = [] {
        std::set<std::string> out;
        const std::string text = io::readFileBytes(t2::dataDir() + "/cluttered/summary.json");
        for (size_t a = 0; a < text.size();) {
            const size_t b = std::min(text.find('\n', a), text.size());
            out.insert(text.substr(a, b - a));
            a = b + 1;
        }
        return out;
    }();
    return lines;
}

LabelSets shippedLabels() {
    const ShippedSet& s = S();
    LabelSets ls;
    for (std::int64_t c : t2::labelsOf(s)) {
        ls.classes.push_back(c);
        ls.macro.push_back(std::int64_t(s.manifest.at("class_to_macro")[size_t(c)].num));
    }
    return ls;
}

const Json& variant(const std::string& name) {
    for (const Json& v : S().manifest.at("variants").arr)
        if (v.at("name").str == name) return v;
    throw std::runtime_error("no variant " + name);
}

// A layer's measures at Z index zi from its summary.json entry (measuresJson's layout: the
// Z-independent measures on the layer, the others in "z").
LayerMeasures fromJson(const Json& layer, size_t zi) {
    struct Field { const char* key; double LayerMeasures::*member; bool perZ; };
    static const Field fields[] = {
        {"id", &LayerMeasures::id, false},           {"id_err", &LayerMeasures::idError, false},
        {"chi_c", &LayerMeasures::chiClass, false},  {"chi_m", &LayerMeasures::chiMacro, false},
        {"ov_in", &LayerMeasures::overlapInput, false}, {"ov_out", &LayerMeasures::overlapOutput, false},
        {"Z", &LayerMeasures::Z, true},               {"ari_c", &LayerMeasures::ariClass, true},
        {"ari_m", &LayerMeasures::ariMacro, true},    {"hom_c", &LayerMeasures::homClass, true},
        {"hom_m", &LayerMeasures::homMacro, true},    {"pur_c", &LayerMeasures::purClass, true},
        {"pur_m", &LayerMeasures::purMacro, true},    {"merge", &LayerMeasures::mergeOrder, true}};
    const Json& z = layer.at("z")[zi];
    LayerMeasures m;
    for (const Field& f : fields) {
        const Json& v = (f.perZ ? z : layer).at(f.key);
        m.*f.member = v.type == Json::Null ? NAN : v.num;
    }
    m.peaks = Index(z.at("peaks").num);
    return m;
}

// The profile of seed entry `seed`, variant, subsample ("A"/"B"), Z index.
Profile profile(const Json& seed, const std::string& var, const std::string& sub, size_t z) {
    Profile p;
    for (const Json& layer : seed.at(var).at(sub).arr) p.push_back(fromJson(layer, z));
    return p;
}

// A manifest layer's graph: the stored table, or for an activations-only layer the exact graph of
// its stored float16 activations, rebuilt as the export built it (fillTableFromActivations).
KnnGraph layerGraph(const Json& l) {
    if (l.at("dist").type != Json::Null) return t2::tableGraph(S(), l);
    const auto& x = S().array(l.at("file").str, l.at("activations").str);
    LayerTable t;
    t.name = l.at("name").str;
    t.n = x.shape.at(0);
    t.dim = x.shape.at(1);
    t.maxk = int(S().manifest.at("maxk").num);
    for (double v : x.values) t.activations.push_back(toHalf(v));  // exact: v is a float16 value
    fillTableFromActivations(t);
    return tableGraph(t);
}

bool close(double a, double b, double rel = 2e-5) {
    if (std::isnan(a) || std::isnan(b)) return std::isnan(a) && std::isnan(b);
    return std::fabs(a - b) <= rel * std::max(1.0, std::max(std::fabs(a), std::fabs(b)));
}

}  // namespace

TEST_CASE("cluttered files: manifest, 14 representations, sorted graphs without self, snapshots") {
    const ShippedSet& s = S();
    const Json& m = s.manifest;
    CHECK(m.at("format").str == "peakscope-tutorial2");
    CHECK(m.at("version").num == 2);
    const Index n = Index(m.at("n").num);
    CHECK(n == 3000);
    const Json& tr = variant("trained");
    const Json& un = variant("untrained");
    REQUIRE(tr.at("layers").size() == 14);
    REQUIRE(un.at("layers").size() == 14);
    CHECK(tr.at("layers")[0].at("name").str == "input");
    CHECK(tr.at("layers")[13].at("name").str == "logits");
    CHECK(un.at("layers")[0].at("file").str == "trained.npz");  // the input is shared
    int graphs = 0;
    auto checkGraph = [&](const Json& l) {
        if (l.at("dist").type == Json::Null) {
            const auto& x = s.array(l.at("file").str, l.at("activations").str);
            CHECK(x.shape == std::vector<Index>{n, Index(l.at("dims").num)});
            return;
        }
        const auto& d = s.array(l.at("file").str, l.at("dist").str);
        const auto& ix = s.array(l.at("file").str, l.at("index").str);
        REQUIRE(d.shape == std::vector<Index>{n, 64});
        REQUIRE(ix.shape == d.shape);
        int bad = 0;
        for (Index i = 0; i < n; ++i)
            for (int j = 0; j < 64; ++j) {
                const size_t k = size_t(i * 64 + j);
                bad += ix.values[k] == double(i) || ix.values[k] < 0 || ix.values[k] >= double(n);
                bad += j > 0 && d.values[k] < d.values[k - 1];
            }
        CHECK(bad == 0);
        ++graphs;
    };
    for (const Json& l : tr.at("layers").arr) checkGraph(l);
    for (const Json& l : un.at("layers").arr) checkGraph(l);
    // snapshots: the last third of the layers, batch 0, 25, 50, 100, 200, 400, every epoch end
    const Json& sn = m.at("snapshots");
    CHECK(sn.at("layers").size() >= 5);
    std::vector<double> batches;
    for (const Json& e : sn.at("epochs").arr) {
        batches.push_back(e.at("batch").num);
        CHECK(e.at("layers").size() == sn.at("layers").size());
        for (const Json& l : e.at("layers").arr) checkGraph(l);
    }
    REQUIRE(batches.size() >= 8);
    CHECK(batches[0] == 0);
    CHECK(batches[1] == 25);
    CHECK(batches[5] == 400);
    CHECK(batches[6] == m.at("training").at("batches_per_epoch").num);
    MESSAGE(graphs << " graphs checked");
}

TEST_CASE("cluttered images: the shipped images are makeCluttered of Debian's t10k at test_index") {
    const ShippedSet& s = S();
    const Dataset test = makeCluttered(loadFashionMnist(kDefaultFashionMnistDir, "t10k"), ClutterParams{}, 2);
    const auto& img = s.array("images.npz", "images");
    const auto& ti = s.array("images.npz", "test_index");
    const auto& lab = s.array("images.npz", "labels");
    REQUIRE(img.shape == std::vector<Index>{3000, 32, 32});
    int bad = 0;
    for (Index i = 0; i < 3000; ++i) {
        const std::int64_t t = std::int64_t(ti.values[size_t(i)]);
        bad += test.labels[size_t(t)] != lab.values[size_t(i)];
        for (int k = 0; k < 1024; ++k) bad += test.image(t)[k] != img.values[size_t(i * 1024 + k)];
        bad += i > 0 && lab.values[size_t(i)] < lab.values[size_t(i - 1)];  // grouped by class
    }
    CHECK(bad == 0);
}

TEST_CASE("cluttered pixels hold little class structure: 10-NN vote ≤ 40 %, class χ(k = 30) ≤ 0.35") {
    const KnnGraph g = layerGraph(variant("trained").at("layers")[0]);
    const LabelSets ls = shippedLabels();
    const double vote = knnVote(g, ls.classes, 10), voteMacro = knnVote(g, ls.macro, 10);
    const double chi = labelOverlap(g.indices.data(), g.n, g.width(), kChiK, ls.classes);
    MESSAGE("pixels: 10-NN vote classes " << vote << ", macro " << voteMacro << "; chi classes " << chi);
    CHECK(vote <= 0.40);
    CHECK(chi <= 0.35);
    CHECK(chi > 0.1);  // above chance (0.1): the classes are not erased either
}

// The measures of `layers` (manifest entries; input and output graphs given) against summary entries.
void compareMeasures(const Json& layers, const Json& want, const KnnGraph& in, const KnnGraph& out, int& compared,
                     int& differ, const std::string& what) {
    const LabelSets ls = shippedLabels();
    const std::vector<double> zs = {1.0, 1.65, 2.5};
    REQUIRE(want.size() == layers.size());
    for (size_t l = 0; l < layers.size(); ++l) {
        REQUIRE(want[l].at("name").str == layers[l].at("name").str);
        const auto ms = measureLayer(layerGraph(layers[l]), ls, zs, &in, &out);
        // the same text as the writer's (export / measure write each layer's measuresJson as one line)
        const std::string line = measuresJson(layers[l].at("name").str, std::int64_t(layers[l].at("dims").num), ms);
        bool found = false;  // the line, followed only by JSON punctuation and keys (no further numbers)
        for (auto it = summaryLines().lower_bound(line); it != summaryLines().end() && it->compare(0, line.size(), line) == 0; ++it)
            found = found || it->find_first_of("0123456789", line.size()) == std::string::npos;
        if (!found) {
            ++differ;
            MESSAGE(what << " " << layers[l].at("name").str << ": line not in summary.json: " << line);
        }
        for (size_t z = 0; z < zs.size(); ++z) {
            const LayerMeasures w = fromJson(want[l], z);
            const LayerMeasures& g = ms[z];
            const bool same = close(w.id, g.id) && close(w.idError, g.idError) && w.peaks == g.peaks &&
                              close(w.ariClass, g.ariClass) && close(w.ariMacro, g.ariMacro) &&
                              close(w.chiClass, g.chiClass) && close(w.chiMacro, g.chiMacro) &&
                              close(w.homClass, g.homClass) && close(w.homMacro, g.homMacro) &&
                              close(w.purClass, g.purClass) && close(w.purMacro, g.purMacro) &&
                              close(w.overlapInput, g.overlapInput) && close(w.overlapOutput, g.overlapOutput) &&
                              close(w.mergeOrder, g.mergeOrder);
            if (!same) {
                ++differ;
                MESSAGE(what << " " << layers[l].at("name").str << " Z " << zs[z] << " differs");
            }
            ++compared;
        }
    }
}

TEST_CASE("cluttered summary: the shipped seed's measures are those of the shipped graphs and snapshots") {
    const Json& sum = summary();
    REQUIRE(sum.at("seeds").size() >= 1);
    const Json& seed = sum.at("seeds")[0];
    CHECK(seed.at("seed").num == sum.at("shipped_seed").num);
    CHECK(seed.at("seed").num == S().manifest.at("training").at("seed").num);
    CHECK(seed.at("test_accuracy").num == doctest::Approx(variant("trained").at("test_accuracy").num).epsilon(1e-9));
    int compared = 0, differ = 0;
    const KnnGraph in = layerGraph(variant("trained").at("layers")[0]);
    for (const char* var : {"trained", "untrained"}) {
        const Json& layers = variant(var).at("layers");
        compareMeasures(layers, seed.at(var).at("A"), in, layerGraph(layers[layers.size() - 1]), compared, differ, var);
    }
    CHECK(compared == 84);
    // the within-training snapshots shipped as graphs (χ^out against the snapshot's own logits)
    int snaps = 0;
    for (const Json& e : S().manifest.at("snapshots").at("epochs").arr) {
        const double batch = e.at("batch").num;
        for (const Json& w : seed.at("snapshots").arr) {
            if (w.at("batch").num != batch) continue;
            const Json& layers = e.at("layers");
            compareMeasures(layers, w.at("A"), in, layerGraph(layers[layers.size() - 1]), compared, differ,
                            "batch " + std::to_string(int(batch)));
            CHECK(w.at("test_accuracy").num == doctest::Approx(e.at("test_accuracy").num).epsilon(1e-9));
            ++snaps;
        }
    }
    CHECK(snaps >= 6);
    MESSAGE(compared << " (layer, Z) measures compared over " << snaps << " snapshots and 2 variants");
    CHECK(differ == 0);
}

namespace {

// Judgements over every seed, Z and subsample of summary.json.
struct Tally {
    int holds = 0, total = 0;
    std::vector<double> a, b;  // the two numbers reported per case
    void add(bool h, double x, double y) {
        holds += h;
        ++total;
        a.push_back(x);
        b.push_back(y);
    }
};

std::string range(const std::vector<double>& v) {
    double lo = INFINITY, hi = -INFINITY, mean = 0;
    for (double x : v) { lo = std::min(lo, x); hi = std::max(hi, x); mean += x / double(v.size()); }
    char buf[96];
    std::snprintf(buf, sizeof buf, "%.3f [%.3f, %.3f]", mean, lo, hi);
    return buf;
}

}  // namespace

TEST_CASE("cluttered findings: the layer profile over seeds (printed for the README)") {
    const Json& sum = summary();
    const size_t nSeeds = sum.at("seeds").size();
    MESSAGE(nSeeds << " seeds; accuracy of each:");
    for (const Json& seed : sum.at("seeds").arr) MESSAGE("  seed " << seed.at("seed").num << ": " << seed.at("test_accuracy").num);
    const Json& names = sum.at("seeds")[0].at("trained").at("A");
    for (const char* var : {"trained", "untrained"})
        for (size_t l = 0; l < names.size(); ++l) {
            std::vector<double> id, chi, ari, ariM, homC, homM, ovIn, ovOut, mo, peaks;
            for (const Json& seed : sum.at("seeds").arr) {
                const LayerMeasures m = fromJson(seed.at(var).at("A")[l], 1);
                id.push_back(m.id); chi.push_back(m.chiClass); ari.push_back(m.ariClass); ariM.push_back(m.ariMacro);
                homC.push_back(m.homClass); homM.push_back(m.homMacro); ovIn.push_back(m.overlapInput);
                ovOut.push_back(m.overlapOutput); mo.push_back(m.mergeOrder); peaks.push_back(double(m.peaks));
            }
            MESSAGE(std::string(var) << " " << names[l].at("name").str << ": ID " << range(id) << " | peaks " << range(peaks)
                        << " | chi " << range(chi) << " | ARI " << range(ari) << " / macro " << range(ariM) << " | hom "
                        << range(homC) << " / macro " << range(homM) << " | overlap in " << range(ovIn) << " out "
                        << range(ovOut) << " | merge order " << range(mo));
        }
    CHECK(nSeeds >= 1);
}

TEST_CASE("cluttered findings: the goals of issue #13 over seeds, Z ∈ {1, 1.65, 2.5} and subsamples A, B") {
    const Json& sum = summary();
    Tally hunch, nucl, hier, chain, evo;
    for (const Json& seed : sum.at("seeds").arr)
        for (const char* sub : {"A", "B"})
            for (size_t z = 0; z < 3; ++z) {
                const Profile t = profile(seed, "trained", sub, z), u = profile(seed, "untrained", sub, z);
                const Judgement h = hunchback(t, u);
                hunch.add(h.holds, h.values[1] / h.values[0], h.values[2] / h.values[1]);
                const Judgement nu = nucleation(t, u);
                nucl.add(nu.holds, nu.values[2], nu.values[3]);
                const Judgement hi = hierarchy(t);
                hier.add(hi.holds, hi.layer, hi.layer2);
                const Judgement c = chains(t);
                chain.add(c.holds, c.values[0], c.values[1]);
            }
    for (const Json& seed : sum.at("seeds").arr)
        for (size_t z = 0; z < 3; ++z) {
            std::vector<LayerMeasures> series;
            const Json& un = seed.at("untrained").at("A");
            series.push_back(fromJson(un[un.size() - 1], z));
            int epoch1 = -1;
            const double bpe = S().manifest.at("training").at("batches_per_epoch").num;
            for (const Json& snap : seed.at("snapshots").arr) {
                const Json& ls = snap.at("A");
                series.push_back(fromJson(ls[ls.size() - 1], z));
                if (snap.at("batch").num == bpe) epoch1 = int(series.size()) - 1;
            }
            const Json& tr = seed.at("trained").at("A");
            series.push_back(fromJson(tr[tr.size() - 1], z));
            const Judgement e = evolution(series, epoch1);
            evo.add(e.holds, e.values[1], e.values[size_t(epoch1)] / e.values.back());
        }
    MESSAGE("hunchback: " << hunch.holds << "/" << hunch.total << "; ID max / input " << range(hunch.a)
                          << ", last hidden / max " << range(hunch.b));
    MESSAGE("nucleation: " << nucl.holds << "/" << nucl.total << "; first-half rise / total " << range(nucl.a)
                           << ", chi at the logits " << range(nucl.b));
    MESSAGE("hierarchy: " << hier.holds << "/" << hier.total << "; layer of 80 % macro homogeneity " << range(hier.a)
                          << ", class " << range(hier.b));
    MESSAGE("chains: " << chain.holds << "/" << chain.total << "; merge order input " << range(chain.a) << ", logits "
                       << range(chain.b));
    MESSAGE("evolution: " << evo.holds << "/" << evo.total << "; logits class ARI after 25 batches " << range(evo.a)
                          << ", end of epoch 1 / final " << range(evo.b));
    // What README states (all seeds × Z × subsamples; design 2, noise-free clutter): the hunchback
    // holds in every case and the learned chains in most; nucleation as a late jump and coarse-before-
    // fine by homogeneity are not reached; evolution in some cases (counts printed above)
    CHECK(hunch.total == 6 * int(sum.at("seeds").size()));
    CHECK(hunch.holds == hunch.total);
    for (double r : hunch.a) CHECK(r >= 1.2);  // an early or middle layer exceeds the input's ID by ≥ 20 %
    for (double r : hunch.b) CHECK(r <= 0.6);  // and the last hidden layer falls to ≤ 0.6 × that maximum
    CHECK(nucl.holds == 0);
    for (double f : nucl.a) CHECK(f > 0.25);  // the χ rise is gradual: more than a quarter in the first half
    for (double x : nucl.b) {                  // and ends below 0.75
        CHECK(x > 0.5);
        CHECK(x < 0.75);
    }
    CHECK(hier.holds < hier.total / 2);
    CHECK(4 * chain.holds >= 3 * chain.total);  // learned chains in at least three quarters of the cases
    for (double x : chain.a) CHECK(x <= 0.75);   // little order in the pixels
}

TEST_CASE("cluttered findings: what the data do show, over seeds, Z and subsamples") {
    const Json& sum = summary();
    int cases = 0, macroPeaks = 0, earlyAri = 0;
    for (const Json& seed : sum.at("seeds").arr)
        for (const char* sub : {"A", "B"})
            for (size_t z = 0; z < 3; ++z) {
                const Profile t = profile(seed, "trained", sub, z), u = profile(seed, "untrained", sub, z);
                const size_t L = t.size() - 1, half = L / 2;
                INFO("seed " << seed.at("seed").num << " " << std::string(sub) << " Z index " << z);
                // forgetting: the overlap with the input falls below 0.3 by the middle layer and to ≤ 0.1 at
                // the end, faster than in the untrained control
                CHECK(t[half].overlapInput < 0.3);
                CHECK(t[half].overlapInput < u[half].overlapInput);
                CHECK(t[L].overlapInput <= 0.1);
                // learning: class χ rises from the pixels' level by at least 0.3; the control's falls
                CHECK(t[L].chiClass > t[0].chiClass + 0.3);
                CHECK(u[L].chiClass < u[0].chiClass);
                // the ID falls to ≤ 0.3 × the input's in the trained network, and below the control's
                CHECK(t[L - 1].id < 0.3 * t[0].id);
                CHECK(t[L - 1].id < u[L - 1].id);
                // the peaks nucleate late: hardly class-aligned peaks up to conv8 (class ARI ≤ 0.11; above
                // 0.05 in at most 3 cases) although χ is already ≥ 0.45 at conv9; the peaks of the logits
                // carry the macro-classes (macro ARI > 0.15, macro homogeneity above class homogeneity:
                // coarse above fine) in all cases but at most one
                for (size_t l = 0; l + 5 <= L; ++l) {
                    CHECK(t[l].ariClass <= 0.11);
                    earlyAri += t[l].ariClass > 0.05;
                }
                CHECK(t[L - 5].chiClass >= 0.45);
                macroPeaks += t[L].ariMacro > 0.15 && t[L].homMacro > t[L].homClass;
                ++cases;
            }
    CHECK(cases == 6 * int(sum.at("seeds").size()));
    MESSAGE("macro-class peaks at the logits (macro ARI > 0.15, macro above class homogeneity): " << macroPeaks << "/" << cases);
    CHECK(macroPeaks >= cases - 1);
    MESSAGE("layers up to conv8 with class ARI > 0.05: " << earlyAri << " (over all cases)");
    CHECK(earlyAri <= 3);
    // evolution: class χ of the snapshot layers rises at every within-training snapshot
    for (const Json& seed : sum.at("seeds").arr) {
        const Json& snaps = seed.at("snapshots");
        for (size_t l = 0; l < snaps[0].at("A").size(); ++l)
            for (size_t k = 1; k < snaps.size(); ++k)
                CHECK(snaps[k].at("A")[l].at("chi_c").num > snaps[k - 1].at("A")[l].at("chi_c").num);
    }
}

TEST_CASE("cluttered claims: the walkthrough's sentences on the mean profile over seeds follow the judgements") {
    const Json& sum = summary();
    std::vector<std::string> names;
    for (const Json& l : sum.at("seeds")[0].at("trained").at("A").arr) names.push_back(l.at("name").str);
    for (size_t z = 0; z < 3; ++z) {
        std::vector<Profile> ts, us;
        for (const Json& seed : sum.at("seeds").arr) {
            ts.push_back(profile(seed, "trained", "A", z));
            us.push_back(profile(seed, "untrained", "A", z));
        }
        const Profile t = meanProfile(ts), u = meanProfile(us);
        for (const auto& [j, c] : {std::pair{hunchback(t, u), hunchbackClaim(hunchback(t, u), names)},
                                   std::pair{nucleation(t, u), nucleationClaim(nucleation(t, u), names)},
                                   std::pair{hierarchy(t), hierarchyClaim(hierarchy(t), names)},
                                   std::pair{chains(t), chainsClaim(chains(t), names)}}) {
            INFO(c.text);
            CHECK(c.holds == j.holds);
            CHECK((c.text.find("not in this network") != std::string::npos) == !j.holds);
        }
        MESSAGE("Z index " << z << ": " << hunchbackClaim(hunchback(t, u), names).text);
        MESSAGE(nucleationClaim(nucleation(t, u), names).text);
    }
}

TEST_CASE("tutorial2 files: all Tutorial 2 data within the 40 MB budget") {
    std::uintmax_t total = 0;
    for (const auto& e : std::filesystem::recursive_directory_iterator(t2::dataDir()))
        if (e.is_regular_file()) total += e.file_size();
    MESSAGE("demos/data/tutorial2: " << total << " bytes");
    CHECK(total <= 40u * 1000 * 1000);
}

TEST_CASE("cluttered parameters: --clutter NAME=VALUE changes only the named fields; bad input is refused") {
    const ClutterParams d;
    const ClutterParams c = parseClutterParams("noise=0,scaleMin=0.5,fragmentsMax=3");
    CHECK(c.noise == 0.0);
    CHECK(c.scaleMin == 0.5);
    CHECK(c.fragmentsMax == 3);
    CHECK(c.scaleMax == d.scaleMax);
    CHECK(c.canvas == d.canvas);
    CHECK(c.seed == d.seed);
    CHECK(parseClutterParams("").noise == d.noise);
    CHECK_THROWS_AS(parseClutterParams("nosie=0"), Error);
    CHECK_THROWS_AS(parseClutterParams("noise=0x"), Error);
    CHECK_THROWS_AS(parseClutterParams("noise"), Error);
}
