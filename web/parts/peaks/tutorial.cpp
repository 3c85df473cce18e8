// PeakScope guided tutorial: the steps of the SISSA tutorial "Density peaks estimation" — intrinsic
// dimension (TwoNN, Facco et al. 2017) → density profile with the kNN estimator → density peaks
// (Rodriguez & Laio 2014) → their significance and Z (d'Errico et al. 2021, §2.3) → assignment and
// halo → hierarchy of peaks (§2.5). Next/Back set the views up (data, estimator, view, colouring)
// and say in a few sentences what to look at and why. The step number travels in the link (?step=).
#include <algorithm>
#include <cstring>

#include "kit/text.hpp"
#include "parts/peaks/peaks_text.hpp"
#include "parts/peaks/session.hpp"
#include "parts/peaks/views.hpp"
#include "shell/app.hpp"
#include "shell/page_api.hpp"

namespace peakscope::web::views {
namespace {

struct Step {
    const char* title;
    const char* text;          // 2–4 sentences
    const char* generator;     // data set to show ("" = keep the current data)
    Index n;                   // its size (0 = catalogue default)
    Index dim;                 // its dimension (0 = default)
    int density;               // estimator (−1 = keep)
    int k;                     // kNN k (0 = keep)
    View view;
    ColourBy colour;
    double Z;                  // < 0 = keep
};

const Step kSteps[] = {
    {"1. The data",
     // first sentence: text::dataSentence (the data actually loaded)
     "The steps below build the analysis that finds the peaks of the density without knowing the classes. "
     "Drag to pan, scroll to zoom, hover a point to read its values.",
     "gaussians", 5000, 0, 0, 16, View::Peaks, ColourBy::Truth, 1.65},
    {"2. Intrinsic dimension",
     "Densities are measured in the space the data actually fill, so first we need its dimension. TwoNN "
     "uses only the ratio mu = r2/r1 of each point's two nearest distances: if the density is locally "
     "constant, -log(1 - F(mu)) = d log mu, a straight line whose slope is the ID. Try the "
     "curved-manifold or hypercube data to see ID != D.",
     // then text::idSentence (the fit on screen)
     "", 0, 0, -1, 0, View::Id, ColourBy::Peak, -1},
    {"3. Density profile (kNN)",
     "The kNN estimator: rho_i = k / (N V_d r_k^d), with V_d the volume of the unit ball in the ID found "
     "above and r_k the distance to the k-th neighbour; its error is about 1/sqrt(k) on log rho. Move k: "
     "small k is noisy (many spurious bumps), large k smooths the peaks away.",
     "", 0, 0, 0, 16, View::Density, ColourBy::LogDensity, -1},
    {"4. Density peaks",
     "A putative peak is a point with no higher point among its neighbours, height measured as ADP does: "
     "g = log rho - sigma, the density minus its error. Rodriguez and Laio's decision graph plots each "
     "point's height g against delta, the distance to the nearest point of larger g: true centres stand "
     "out with both large g and large delta. Noise in the estimate also makes many small putative peaks - "
     "the next step decides which are real.",
     "", 0, 0, -1, 0, View::Decision, ColourBy::Peak, -1},
    {"5. Significance and Z",
     "Between two peaks lies a saddle: the densest point on their border. A peak is kept only if its "
     "height above the saddle exceeds Z times the summed errors, log rho_c - log rho_s > Z (s_c + s_s); "
     "otherwise the two merge. Move Z and watch the number of peaks: a long plateau means a robust answer.",
     "", 0, 0, -1, 0, View::Peaks, ColourBy::Peak, 1.65},
    {"6. Assignment and halo",
     "Every point joins the peak of its nearest denser neighbour, in order of decreasing density. Points "
     "whose density is below the highest saddle of their peak cannot be assigned with confidence: they "
     "form the halo (grey). The halo grows at the borders and in the sparse background.",
     "", 0, 0, -1, 0, View::Peaks, ColourBy::Halo, -1},
    {"7. Hierarchy of peaks",
     "Peaks are not equal: some are separated by deep valleys, others by shallow saddles. Take the highest "
     "saddle, join the two peaks behind it, repeat: the dendrogram shows at which density each pair of "
     "peaks joins. With clusters of clusters, sub-clusters join within a group before the groups join. "
     "Click a leaf to highlight its points.",
     "hierarchy", 0, 0, -1, 0, View::Dendrogram, ColourBy::Peak, 1.65},
};
constexpr int kNumSteps = int(sizeof(kSteps) / sizeof(kSteps[0]));

void setUp(PeaksState& s, const Step& st) {
    s.ui.view = st.view;
    s.ui.colour = st.colour;
    s.ui.highlightPeak = -1;
    shell::linkChanged();
    if (st.Z >= 0) session::setZ(s, st.Z);
    Settings want = s.settings;
    if (st.density >= 0) want.density = st.density;
    if (st.k > 0) want.k = st.k;
    const bool settingsChanged = want != s.settings;
    s.settings = want;
    if (*st.generator) {
        DataSource src;
        src.generator = st.generator;
        src.n = st.n;
        src.dim = st.dim;
        src.seed = 1;
        const DataSource& cur = s.data.source;
        const bool same = cur.generator == src.generator && cur.seed == src.seed && cur.noise < 0 &&
                          (src.n == 0 || cur.n == src.n) && cur.dim == src.dim && cur.url.empty();
        if (!same) {
            if (src.n == 0) src.n = 0;  // catalogue default
            s.ui.draft = src;
            session::generate(s, src);
            return;
        }
    }
    if (settingsChanged) session::reanalyze(s);
}

}  // namespace

constexpr const char kKeysHelp[] = "Keys: N / B next and back, [ and ] move Z, 1-5 the views; arrows and Space "
                                   "move through the controls.";

void tutorialStepBy(PeaksState& s, int delta) {
    const int to = s.ui.tutorialStep < 0 ? 0 : std::clamp(s.ui.tutorialStep + delta, 0, kNumSteps - 1);
    if (to == s.ui.tutorialStep) return;
    s.ui.tutorialStep = to;
    setUp(s, kSteps[to]);
}

void drawTutorial(PeaksState& s) {
    if (s.ui.tutorialStep < 0) {
        ImGui::TextWrapped("The guided tutorial walks through the steps of density-peak clustering.");
        ImGui::TextDisabled("%s", kKeysHelp);
        if (ImGui::Button("Start the tutorial")) {
            s.ui.tutorialStep = 0;
            setUp(s, kSteps[0]);
        }
        return;
    }
    s.ui.tutorialStep = std::clamp(s.ui.tutorialStep, 0, kNumSteps - 1);
    const Step& st = kSteps[s.ui.tutorialStep];
    ImGui::TextUnformatted(st.title);
    ImGui::Separator();
    if (s.ui.tutorialStep == 0) kit::wrapped(text::dataSentence(s.data));
    kit::wrapped(st.text);
    if (s.ui.tutorialStep == 1 && s.results.analysis) kit::wrapped(text::idSentence(*s.results.analysis));
    if (s.results.analysis)  // what the colours show now (the step sets a colouring; the user may change it)
        kit::wrapped(text::colourSentence(s.ui.colour, s.z.partition.nClusters(), s.z.Z, !s.data.truth.empty()));
    ImGui::Spacing();
    ImGui::BeginDisabled(s.ui.tutorialStep == 0);
    if (ImGui::Button("< Back")) {
        --s.ui.tutorialStep;
        setUp(s, kSteps[s.ui.tutorialStep]);
    }
    shell::publishRect("tutorial.back");
    ImGui::EndDisabled();
    ImGui::SameLine();
    ImGui::BeginDisabled(s.ui.tutorialStep == kNumSteps - 1);
    if (ImGui::Button("Next >")) {
        ++s.ui.tutorialStep;
        setUp(s, kSteps[s.ui.tutorialStep]);
    }
    shell::publishRect("tutorial.next");
    ImGui::EndDisabled();
    kit::textAfter("step " + std::to_string(s.ui.tutorialStep + 1) + " of " + std::to_string(kNumSteps));
    if (ImGui::SmallButton("Set up")) setUp(s, st);
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("Put the data, estimator and view back as this step expects.");
    kit::sameLineIfFits(ImGui::CalcTextSize("Close").x + 2 * ImGui::GetStyle().FramePadding.x);
    if (ImGui::SmallButton("Close")) {
        s.ui.tutorialStep = -1;
        shell::linkChanged();
    }
    kit::wrapped(kKeysHelp, true);
}

}  // namespace peakscope::web::views
