// PeakScope view "Dendrogram": the hierarchy of density peaks (d'Errico et al. 2021, §2.5) —
// leaves are peaks at their height log ρ, joins at the log ρ of the saddle between the groups
// (single linkage on saddles). Two readings of the Z cut:
//   final     the peaks that survive at the current Z (s.z.hierarchy); each join is labelled with
//             the Z above which that pair would merge (Eq. 6);
//   putative  all putative peaks (ADP §2.2) coloured by the final peak they fall into at Z: the
//             coloured joins are the merges Z made, the white ones still separate final peaks.
// Clicking a leaf (or its label "leaf<k>") highlights that peak's points; hovering shows details.
//   Sections: [1] trees and counts · [2] drawing · [3] the view
// Example: views::drawDendrogramView(state);  // inside the right-hand pane
#include <algorithm>
#include <cmath>
#include <cstdio>

#include "imgui_internal.h"  // ImRect
#include "kit/plot.hpp"
#include "kit/style.hpp"
#include "parts/peaks/session.hpp"
#include "parts/peaks/view_caches.hpp"
#include "parts/peaks/views.hpp"
#include "shell/app.hpp"
#include "shell/page_api.hpp"

namespace peakscope::web::views {
namespace {

//-----------------------------------------------------------------------------------------------
// [1] Trees and counts.
//-----------------------------------------------------------------------------------------------
struct Tree {
    const Dendrogram* d = nullptr;
    std::vector<int> leafPeak;  // final peak of each leaf
    std::vector<int> nodePeak;  // per node: the final peak of all leaves below it, −1 if mixed
    bool final = true;
};

void labelNodes(Tree& t) {
    const size_t m = size_t(t.d->nLeaves);
    t.nodePeak.assign(m + t.d->merges.size(), -1);
    for (size_t i = 0; i < m; ++i) t.nodePeak[i] = t.leafPeak[i];
    for (size_t k = 0; k < t.d->merges.size(); ++k) {
        const int a = t.nodePeak[size_t(t.d->merges[k].left)], b = t.nodePeak[size_t(t.d->merges[k].right)];
        t.nodePeak[m + k] = a == b ? a : -1;
    }
}

}  // namespace

// Dendrogram of the putative peaks (Z-independent; cached per result).
const Dendrogram& putativeTree(const PeaksState& s) {
    PutativeTree& c = caches(s).putative;
    if (c.serial != s.results.serial) {
        const Topography& t = s.results.analysis->topography;
        c.tree = peakHierarchy(t.centreLogRho, t.saddles);
        c.serial = s.results.serial;
    }
    return c.tree;
}

namespace {

//-----------------------------------------------------------------------------------------------
// [2] Drawing: vertical lines from each node down to its parent's join, horizontal joins.
//-----------------------------------------------------------------------------------------------
void drawTree(PeaksState& s, const Tree& t, float height) {
    const Dendrogram& d = *t.d;
    const Partition& pt = s.z.partition;
    const Topography& topo = s.results.analysis->topography;
    const size_t m = size_t(d.nLeaves);
    if (m == 0) return;
    const plot::TreeLayout L = plot::dendrogramLayout(d);
    double lo = INFINITY, hi = -INFINITY;
    for (size_t i = 0; i < L.y.size(); ++i) {  // leaves with their error bars (final peaks)
        const double e = t.final && i < m ? pt.centreError[i] : 0;
        lo = std::min(lo, L.y[i] - e), hi = std::max(hi, L.y[i] + e);
    }
    if (m == 1) lo -= 1;
    plot::pad(lo, hi, 0.06);
    const float fh = ImGui::GetFontSize();
    const bool labels = t.final;
    plot::PlotArea p = plot::beginCategorical("##dendrogram", ImVec2(-1, height),
                                              {-0.6, double(m) - 0.4, lo, hi}, "log rho", labels ? fh * 1.8f : 6);
    const int hl = s.ui.highlightPeak;
    auto colour = [&](int node) {
        const int f = t.nodePeak[size_t(node)];
        if (f < 0) return style::kMuted;
        const float alpha = hl >= 0 && hl != f ? 0.25f : (size_t(node) < m ? 1.0f : 0.7f);
        return peakColour(s, f, alpha);
    };
    const float thick = m > 150 ? 1.0f : 2.0f;
    std::vector<ImRect> placed;  // join labels drawn so far
    for (size_t k = 0; k < d.merges.size(); ++k) {
        const auto& mg = d.merges[k];
        const double h = mg.height;
        for (int child : {mg.left, mg.right}) {
            const float w = t.nodePeak[size_t(child)] == hl && hl >= 0 ? thick + 1.5f : thick;
            p.line(L.x[size_t(child)], L.y[size_t(child)], L.x[size_t(child)], h, colour(child), w);
        }
        const ImVec2 a = p.s(L.x[size_t(mg.left)], h), b = p.s(L.x[size_t(mg.right)], h);
        if (!mg.connected)
            p.dashedLine(L.x[size_t(mg.left)], h, L.x[size_t(mg.right)], h, style::kMuted, 1.0f, 5);
        else
            p.dl->AddLine(a, b, colour(int(m + k)), thick);
        if (t.final && std::isfinite(mg.mergeZ) && m <= 40) {  // the Z at which these groups merge (skip if crowded)
            char buf[32];
            std::snprintf(buf, sizeof buf, "Z %.2f", mg.mergeZ);
            const float w = ImGui::CalcTextSize(buf).x;
            const ImVec2 q0((a.x + b.x - w) / 2 - 2, a.y - fh - 1), q1(q0.x + w + 4, a.y);
            bool free = true;
            for (const ImRect& r : placed) free = free && (q1.x < r.Min.x || q0.x > r.Max.x || q1.y < r.Min.y || q0.y > r.Max.y);
            if (free) {
                p.dl->AddText(ImVec2(q0.x + 2, q0.y), style::kMuted, buf);
                placed.push_back(ImRect(q0, q1));
            }
        }
    }
    const auto root = size_t(L.root);  // stub below the root; a floor join when no saddle links groups
    p.line(L.x[root], L.y[root], L.x[root], lo, style::kMuted, thick);
    if (!d.merges.empty() && !d.merges.back().connected)
        p.dl->AddText(ImVec2(p.p0.x + 4, p.sy(d.merges.back().height) + 2), style::kMuted, "no saddle (floor)");
    // leaf tops with their errors (final peaks)
    int hovered = -1;
    for (size_t i = 0; i < m; ++i) {
        const double x = L.x[i], y = L.y[i];
        if (t.final) p.errorBar(x, y, pt.centreError[i], colour(int(i)));
        p.marker(x, y, colour(int(i)), m > 150 ? 1.5f : 3.5f);
        if (p.hovered && std::fabs(p.mouse.x - p.sx(x)) < std::max(3.0f, (p.sx(1) - p.sx(0)) / 2) &&
            p.mouse.y >= p.sy(y) - 8)
            hovered = int(i);
    }
    plot::end(p);
    // labels under the leaves: one InvisibleButton each ("leaf<k>", published for browser tests)
    if (labels) {
        const float slot = std::max(4.0f, std::min(fh * 2.5f, p.sx(1) - p.sx(0)));
        for (size_t i = 0; i < m; ++i) {
            char id[24], txt[16];
            std::snprintf(id, sizeof id, "leaf%d", int(i));
            std::snprintf(txt, sizeof txt, "%d", int(i));
            const float cx = p.sx(L.x[i]);
            ImGui::SetCursorScreenPos(ImVec2(cx - slot / 2, p.p1.y + 2));
            ImGui::InvisibleButton(id, ImVec2(slot, fh * 1.4f));
            shell::publishRect(id);
            if (ImGui::IsItemClicked()) s.ui.highlightPeak = s.ui.highlightPeak == int(i) ? -1 : int(i);
            if (ImGui::IsItemHovered()) hovered = int(i);
            const float tw = ImGui::CalcTextSize(txt).x;
            if (tw <= slot + 2)
                p.dl->AddText(ImVec2(cx - tw / 2, p.p1.y + 3), hl == int(i) ? style::kHighlight : peakColour(s, int(i)), txt);
        }
        ImGui::SetCursorScreenPos(ImVec2(p.frame0.x, p.frame1.y));
        ImGui::Dummy(ImVec2(0, 0));
    }
    if (hovered >= 0) {
        const int f = t.leafPeak[size_t(hovered)];
        if (p.hovered && ImGui::IsMouseClicked(ImGuiMouseButton_Left))
            s.ui.highlightPeak = s.ui.highlightPeak == f ? -1 : f;
        const auto& n = peakRows(s).rows;
        const Index pop = f >= 0 && size_t(f) < n.size() ? n[size_t(f)] : 0;
        if (t.final)
            ImGui::SetTooltip("Peak %d: height log rho = %.2f \xc2\xb1 %.2f\n%lld points\nClick to highlight "
                              "its points (again to clear).",
                              f, pt.centreLogRho[size_t(f)], pt.centreError[size_t(f)], static_cast<long long>(pop));
        else {
            ImGui::SetTooltip("Putative peak %d: log rho = %.2f \xc2\xb1 %.2f\nAt Z = %.2f part of peak %d "
                              "(%lld points)\nClick to highlight peak %d.",
                              hovered, topo.centreLogRho[size_t(hovered)], topo.centreError[size_t(hovered)],
                              s.z.Z, f, static_cast<long long>(pop), f);
        }
    }
}

}  // namespace

//-----------------------------------------------------------------------------------------------
// [3] The view.
//-----------------------------------------------------------------------------------------------
void drawDendrogramView(PeaksState& s) {
    if (!s.results.analysis) {
        ImGui::TextDisabled("No results yet.");
        return;
    }
    int& mode = s.ui.dendrogramMode;  // 0 final peaks at Z, 1 all putative peaks
    zSlider(s, "##Zdendrogram", 200);
    ImGui::SameLine();
    const Index nPut = Index(s.results.analysis->topography.centres.size());
    ImGui::Text("%d peak%s (of %lld putative)", int(s.z.partition.nClusters()),
                s.z.partition.nClusters() == 1 ? "" : "s", static_cast<long long>(nPut));
    if (ImGui::RadioButton("Peaks at Z", &mode, 0)) shell::linkChanged();
    shell::publishRect("dendrogramFinal");
    ImGui::SameLine();
    if (ImGui::RadioButton("All putative peaks", &mode, 1)) shell::linkChanged();
    shell::publishRect("dendrogramPutative");
    if (ImGui::IsItemHovered())
        ImGui::SetTooltip("The dendrogram before any merging; colours show which final peak each putative peak "
                          "belongs to at the current Z.");
    Tree t;
    t.final = mode == 0;
    if (t.final) {
        t.d = &s.z.hierarchy;
        t.leafPeak.resize(size_t(t.d->nLeaves));
        for (size_t i = 0; i < t.leafPeak.size(); ++i) t.leafPeak[i] = int(i);
    } else {
        t.d = &putativeTree(s);
        t.leafPeak.assign(s.z.partition.putativeToFinal.begin(), s.z.partition.putativeToFinal.end());
    }
    labelNodes(t);
    ImGui::PushTextWrapPos(0);
    ImGui::TextDisabled(t.final ? "Leaves: peaks at their height log rho (\xc2\xb1 error). Joins: log rho of the "
                                  "saddle between the groups, labelled with the Z at which the two groups merge (the merge curve: Eq. 6 on the merged groups)."
                                : "Coloured joins: putative peaks merged into one peak at this Z. White joins: "
                                  "still separate peaks. Raise Z and more of the tree takes one colour.");
    ImGui::PopTextWrapPos();
    drawTree(s, t, -ImGui::GetFrameHeightWithSpacing());
    if (s.ui.highlightPeak >= 0) {
        ImGui::Text("Highlighted: peak %d", s.ui.highlightPeak);
        ImGui::SameLine();
        if (ImGui::SmallButton("Clear")) s.ui.highlightPeak = -1;
    } else {
        ImGui::TextDisabled("Click a leaf to highlight its points in the scatter.");
    }
}

}  // namespace peakscope::web::views
