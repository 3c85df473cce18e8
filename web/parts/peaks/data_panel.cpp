// PeakScope data panel: choose or load the data (built-in generators, file picker / drag-and-drop,
// a URL), the analysis parameters (estimator, k, maxk), Z, export and sharing. Parameter changes
// re-run only what they touch (the worker keeps the neighbour graph; Z never leaves the page).
#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <string>

#include "core/params.hpp"
#include "core/toy/generators.hpp"
#include "kit/text.hpp"
#include "parts/peaks/export.hpp"
#include "parts/peaks/peaks_text.hpp"
#include "parts/peaks/session.hpp"
#include "parts/peaks/views.hpp"
#include "platform/page.hpp"
#include "protocol/limits.hpp"
#include "shell/app.hpp"
#include "shell/page_api.hpp"
#include "shell/url_state.hpp"

namespace peakscope::web::views {
namespace {

void drawGenerators(PeaksState& s) {
    DataSource& d = s.ui.draft;
    if (!s.ui.draftInit) {
        d = s.data.source.generator.empty() ? DataSource{} : s.data.source;
        s.ui.draftInit = true;
    }
    const auto& cat = toy::catalogue();
    const toy::GeneratorInfo* g = toy::findGenerator(d.generator);
    if (!g) { g = &cat.front(); d.generator = g->id; }
    bool regenerate = false;
    ImGui::SetNextItemWidth(-1);
    if (ImGui::BeginCombo("##generator", g->title)) {
        for (const auto& e : cat) {
            if (ImGui::Selectable(e.title, &e == g)) {
                d.generator = e.id;
                d.n = e.defaultN;
                d.noise = -1;
                d.dim = 0;
                regenerate = true;
            }
            if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", e.lesson);
        }
        ImGui::EndCombo();
    }
    shell::publishRect("generator");
    g = toy::findGenerator(d.generator);
    // the data on screen: the generator's lesson with what these data show, or the loaded file
    if (s.data.source.generator == d.generator)
        kit::wrapped(text::dataDescription(s.data, s.results.analysis.get()), true);
    else if (s.data.source.generator.empty() && s.data.n > 0)
        kit::wrapped("On screen: " + text::dataDescription(s.data, s.results.analysis.get()) +
                     " Generate to replace it with: " + g->lesson, true);
    else
        kit::wrapped(g->lesson, true);
    int n = int(d.n > 0 ? d.n : g->defaultN);
    ImGui::SetNextItemWidth(-60);
    if (ImGui::SliderInt("points", &n, int(g->minN), int(std::min<Index>(g->maxN, limits::kMaxPoints)), "%d",
                         ImGuiSliderFlags_Logarithmic))
        d.n = n;
    regenerate |= ImGui::IsItemDeactivatedAfterEdit();
    if (g->maxNoise > g->minNoise) {
        double noise = d.noise >= 0 ? d.noise : g->defaultNoise;
        ImGui::SetNextItemWidth(-60);
        if (ImGui::SliderScalar("noise", ImGuiDataType_Double, &noise, &g->minNoise, &g->maxNoise, "%.2f"))
            d.noise = noise;
        regenerate |= ImGui::IsItemDeactivatedAfterEdit();
    }
    if (g->maxDim > 0) {
        int dim = int(d.dim > 0 ? d.dim : g->defaultDim);
        ImGui::SetNextItemWidth(-60);
        if (ImGui::SliderInt("dimension", &dim, int(g->minDim), int(g->maxDim))) d.dim = dim;
        regenerate |= ImGui::IsItemDeactivatedAfterEdit();
    }
    int seed = int(d.seed);
    ImGui::SetNextItemWidth(-140);
    if (ImGui::InputInt("seed", &seed)) d.seed = std::uint64_t(std::max(0, seed));
    regenerate |= ImGui::IsItemDeactivatedAfterEdit();
    ImGui::SameLine();
    if (ImGui::Button("New sample")) {
        d.seed += 1;
        regenerate = true;
    }
    if (ImGui::Button("Generate")) regenerate = true;
    shell::publishRect("generate");
    if (regenerate) session::generate(s, d);
}

// The loaded text file's label column: (none) or one of its columns; a pick reads the file again
// in the worker with that column as labels (session::pickLabelColumn).
void drawLabelColumn(PeaksState& s) {
    const Dataset& d = s.data;
    if (d.fileId == 0 || d.columns.empty()) return;
    const int current = d.labelColumn >= 0 && d.labelColumn < int(d.columns.size()) ? d.labelColumn : -2;
    const std::string preview = current >= 0 ? d.columns[size_t(current)] : "(none)";
    int pick = current;
    ImGui::SetNextItemWidth(-110);
    if (ImGui::BeginCombo("label column", preview.c_str())) {
        if (ImGui::Selectable("(none)", current == -2)) pick = -2;
        shell::publishRect("labelColumn.none");
        for (int j = 0; j < int(d.columns.size()); ++j) {
            ImGui::PushID(j);
            if (ImGui::Selectable(d.columns[size_t(j)].c_str(), current == j)) pick = j;
            ImGui::PopID();
            shell::publishRect(("labelColumn." + std::to_string(j)).c_str());  // page tests
        }
        ImGui::EndCombo();
    }
    shell::publishRect("labelColumn");
    if (ImGui::IsItemHovered())
        ImGui::SetTooltip("The column holding the known classes (compared with the peaks), or (none).\n"
                          "The other columns are the point coordinates.");
    if (pick != current) session::pickLabelColumn(s, pick);
}

void drawOwnData(PeaksState& s) {
    if (ImGui::Button("Open file...")) session::openFilePicker();
    shell::publishRect("open");
    kit::textAfter("or drop it on the page");
    kit::wrapped("CSV / TSV / .dat (a header column named label, class, target, species, category or group is used "
                 "as labels, text classes too; pick another under 'label column'), .npy, .npz (points + optional "
                 "'labels'). Limits: " + std::to_string(limits::kMaxPoints) + " points, " +
                 std::to_string(limits::kMaxDims) + " dimensions, " + std::to_string(limits::kMaxValues / 1000000) +
                 " million values, " + std::to_string(limits::kMaxFileBytes >> 20) + " MB per file.", true);
    drawLabelColumn(s);
    std::array<char, 512>& url = s.ui.urlDraft;
    ImGui::SetNextItemWidth(-60);
    const bool enter = ImGui::InputTextWithHint("##url", "https://... (CORS-enabled)", url.data(), url.size(),
                                                ImGuiInputTextFlags_EnterReturnsTrue);
    ImGui::SameLine();
    if ((ImGui::Button("Load") || enter) && url[0]) session::loadUrl(s, url.data());
}

void drawParameters(PeaksState& s) {
    Settings& p = s.settings;
    static const char* kEst[] = {"kNN (k fixed)", "k*-NN (adaptive k)", "PAk (point-adaptive)"};
    bool changed = false;
    ImGui::SetNextItemWidth(-80);
    if (ImGui::BeginCombo("estimator", kEst[std::clamp(p.density, 0, 2)])) {
        for (int e = 0; e < 3; ++e) {
            if (ImGui::Selectable(kEst[e], p.density == e) && p.density != e) {
                p.density = e;
                changed = true;
            }
            if (p.density == e) ImGui::SetItemDefaultFocus();  // keyboard: opens on the current one
            shell::publishRect(("estimator." + std::to_string(e)).c_str());  // page tests
        }
        ImGui::EndCombo();
    }
    shell::publishRect("estimator");
    if (ImGui::IsItemHovered())
        ImGui::SetTooltip("kNN: rho = k / (N V_k) with the ID as dimension (the tutorial's estimator).\n"
                          "k*-NN: k chosen per point by a likelihood-ratio test (Dthr = 23.93).\n"
                          "PAk: likelihood fit on the k* neighbourhood (Rodriguez et al. 2018).");
    const auto& a = s.results.analysis;
    const int maxk = a ? int(a->graph.maxk) : 100;
    if (p.density == 0) {
        ImGui::SetNextItemWidth(-80);
        ImGui::SliderInt("k", &p.k, 1, std::max(2, maxk));
        shell::publishRect("k");
        changed |= ImGui::IsItemDeactivatedAfterEdit();
    }
    int mk = p.maxk;
    ImGui::SetNextItemWidth(-80);
    if (ImGui::InputInt("maxk", &mk, 10, 50, ImGuiInputTextFlags_EnterReturnsTrue)) {
        const params::Spec& sp = params::spec("maxk");  // the app's range: the codec's appLo … appHi
        p.maxk = mk <= 0 ? -1 : std::clamp(mk, int(sp.appLo), int(sp.appHi));
        changed = true;
    }
    const std::string maxkText = text::maxkHelp(p.maxk, s.data.n);
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", maxkText.c_str());
    if (p.maxk <= 0) kit::wrapped(maxkText, true);  // -1 on screen: say what it stands for (not only in a tooltip)
    if (changed) {
        if (p.density == 0 && p.k > (p.maxk > 0 ? p.maxk : maxk)) p.k = p.maxk > 0 ? p.maxk : maxk;
        shell::linkChanged();
        session::reanalyze(s);
    }
}

void drawSummary(const PeaksState& s) {
    const auto& a = s.results.analysis;
    if (!a) return;
    char line[160];
    kit::wrapped(s.data.info);
    std::snprintf(line, sizeof line, "ID (TwoNN) = %.2f ± %.2f", a->id.id, a->id.error);
    kit::wrapped(line);
    std::snprintf(line, sizeof line, "%d putative peaks -> %d at Z = %.2f", int(a->topography.centres.size()),
                  int(s.z.partition.nClusters()), s.z.Z);
    kit::wrapped(line);
    std::snprintf(line, sizeof line, "%s %.2f s in the worker · re-merge %.2f ms",
                  s.results.withRead ? "read + analysis" : "analysis", s.results.seconds, s.z.mergeMs);
    kit::wrapped(line, true);
}

void drawExport(PeaksState& s) {
    const bool has = s.results.analysis != nullptr;
    if (!has) ImGui::BeginDisabled();
    const float w = (ImGui::GetContentRegionAvail().x - ImGui::GetStyle().ItemSpacing.x) / 2;
    if (ImGui::Button("Labels CSV", ImVec2(w, 0)))
        platform::download("peakscope_labels.csv", "text/csv", exporting::labelsCsv(s));
    shell::publishRect("export.labels");
    ImGui::SameLine();
    if (ImGui::Button("Results JSON", ImVec2(w, 0)))
        platform::download("peakscope_results.json", "application/json", exporting::resultsJson(s));
    shell::publishRect("export.json");
    if (ImGui::Button("Dendrogram SVG", ImVec2(w, 0)))
        platform::download("peakscope_dendrogram.svg", "image/svg+xml", exporting::dendrogramSvg(s));
    shell::publishRect("export.svg");
    ImGui::SameLine();
    if (ImGui::Button("Canvas PNG", ImVec2(w, 0))) shell::state().capturePng = true;
    shell::publishRect("export.png");
    if (ImGui::Button("Copy link", ImVec2(w, 0))) {
        platform::copyText(shell::url::shareLink());
        shell::notice("Link copied: " + shell::url::shareLink());
    }
    shell::publishRect("export.link");
    ImGui::SameLine();
    if (ImGui::Button("Copy embed code", ImVec2(w, 0))) {
        platform::copyText(exporting::embedCode(s));
        shell::notice("Embed code copied: " + exporting::embedCode(s));
    }
    shell::publishRect("export.embed");
    if (!has) ImGui::EndDisabled();
}

// A button for each other part (Tutorial 2), from the shell's registry: this part names none.
void drawOtherParts() {
    for (const shell::Part* p : shell::parts()) {
        if (shell::isShown(*p)) continue;
        const std::string label = std::string("Tutorial ") + p->tutorial() + ": " + p->title() + " >";
        kit::sameLineIfFits(ImGui::CalcTextSize(label.c_str()).x + 2 * ImGui::GetStyle().FramePadding.x);
        const bool clicked = ImGui::SmallButton(label.c_str());
        if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", p->summary());
        if (clicked) shell::show(p->id());
        shell::publishRect(("mode." + std::string(p->id())).c_str());  // "mode.layers"
    }
}

}  // namespace

void drawDataPanel(PeaksState& s) {
    ImGui::TextDisabled("Tutorial 1: toy data");
    drawOtherParts();
    if (ImGui::CollapsingHeader("Data", ImGuiTreeNodeFlags_DefaultOpen)) {
        drawGenerators(s);
        ImGui::Separator();
        drawOwnData(s);
    }
    if (ImGui::CollapsingHeader("Density and peaks", ImGuiTreeNodeFlags_DefaultOpen)) {
        drawParameters(s);
        zSlider(s, "##Zpanel", -1);
        drawSummary(s);
    }
    const bool open = ImGui::CollapsingHeader("Export and share");
    shell::publishRect("export");
    if (open) drawExport(s);
}

}  // namespace peakscope::web::views
