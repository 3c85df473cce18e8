// Hierarchy of density peaks (d'Errico et al. 2021, §2.5): single linkage on saddle heights —
// take the highest saddle, join the two peaks (groups) behind it, repeat — as a dendrogram.
// Also the decision graph of the original density peaks (Rodriguez & Laio, Science 2014).
// Sections: Dendrogram · peakHierarchy · DecisionGraph
// Example: Dendrogram d = peakHierarchy(partition);  // d.merges[k] joins nodes into node nLeaves+k
#pragma once
#include <cmath>

#include "core/topography.hpp"

namespace peakscope {

// ---- Dendrogram -----------------------------------------------------------------------------
struct Dendrogram {
    struct Merge {
        int32_t left = -1, right = -1;  // node ids: leaves 0..nLeaves−1, merge k is node nLeaves+k
        double height = 0;              // saddle log ρ at which the two groups join
        int32_t saddlePoint = -1;       // point index of that saddle (−1: no saddle, see connected)
        Index size = 0;                 // peaks under this node
        bool connected = true;          // false: no saddle links the groups; height is a floor
                                        // below every peak and saddle (min − 1)
        double mergeZ = NAN;            // Z at which the two groups actually merge (mergeAtZ, §2.3;
                                        // a step of the merge curve); +∞ never; NaN not computed
                                        // (labelJoins)
    };
    Index nLeaves = 0;
    std::vector<double> leafHeight;   // log ρ of each peak's centre
    std::vector<Merge> merges;        // nLeaves − 1 merges, heights non-increasing
    std::vector<int32_t> leafOrder;   // left-to-right drawing order: the higher peak goes left
};

// From peak heights and sparse saddles between peaks (ids index peakHeight).
Dendrogram peakHierarchy(const std::vector<double>& peakHeight, const std::vector<Saddle>& saddles);
inline Dendrogram peakHierarchy(const Partition& p) { return peakHierarchy(p.centreLogRho, p.saddles); }

// Labels each join with the Z at which its two groups merge in mergeAtZ (ADP §2.3): the first step
// of the merge curve above p.Z where all peaks below the join share one cluster — the number the
// slider shows, not Eq. 6 on the saddle's two peaks (single linkage on saddle heights and the
// merge order in Z differ). `d` is peakHierarchy(p), p = mergeAtZ(t, rho, p.Z); an empty `curve` is
// computed here. Reads the curve's trees (O(joins · log peaks) per tree); steps without a tree
// cost one merge each.
void labelJoins(Dendrogram& d, const Topography& t, const Partition& p, const MergeCurve& curve);

// Dissimilarity of peaks for maps of the landscape (classical MDS, core/metrics.hpp): F_max − log ρ
// of the saddle between two peaks, F_max = the highest peak (as DADApy's plot_MDS). Pairs that no
// saddle links use the dendrogram's floor (min − 1). m × m, row-major, diagonal 0.
std::vector<double> peakDissimilarity(const std::vector<double>& peakHeight, const std::vector<Saddle>& saddles);
inline std::vector<double> peakDissimilarity(const Partition& p) { return peakDissimilarity(p.centreLogRho, p.saddles); }

// ---- Decision graph (Rodriguez & Laio 2014) ---------------------------------------------------
struct DecisionGraph {
    std::vector<double> delta;          // distance to the nearest point of larger height (the
                                        // analysis uses ADP's g = log ρ − σ, adpHeight)
    std::vector<int32_t> nearestHigher; // that point (−1 for the highest point)
    Index beyondMaxk = 0;               // points whose δ needed a search beyond the kNN table
};
// Exact: looks beyond maxk with the coordinates when the graph lists no higher point. Without
// coordinates (graph input) such points get δ = NaN. The highest point gets δ = max distance.
// Ties in height are broken by index (lower index counts as higher). `height` is log ρ in Rodriguez
// & Laio; analyze() passes g = log ρ − σ, the order in which ADP picks centres (§2.2), so every
// putative centre has δ beyond its k* neighbourhood and ADP's centres stand out in the graph.
DecisionGraph decisionGraph(const KnnGraph& g, const std::vector<double>& height, const PointsView& points = {});

}  // namespace peakscope
