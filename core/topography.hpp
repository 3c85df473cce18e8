// Advanced Density Peaks clustering (d'Errico, Facco, Laio, Rodriguez, Information Sciences 560,
// 2021). Split in two: everything that does not depend on Z is computed once (`topography`:
// putative centres, assignment, borders, saddles); `mergeAtZ` re-runs only the merge (§2.3).
// Sections: Saddle · Topography · Partition · mergeAtZ · mergeCurve (number of peaks vs Z)
// Example: Topography t = topography(graph, density);  Partition p = mergeAtZ(t, density, 1.65);
#pragma once
#include "core/density.hpp"

#include <cmath>
#include <functional>
#include <limits>

namespace peakscope {

// A saddle between two clusters: the border point of highest g = log ρ − σ (ADP §2.2).
struct Saddle {
    int32_t a = -1, b = -1;  // cluster ids, a < b (putative ids in Topography, final in Partition)
    double logRho = 0;       // log ρ of the saddle point
    double error = 0;        // σ of the saddle point
    int32_t point = -1;      // index of the saddle point
};

// g_i = log ρ_i − σ_i (ADP §2.2): the height by which ADP orders points and picks its centres
// (the decision graph uses it too, so that ADP's centres are the points that stand out there).
std::vector<double> adpHeight(const Density& rho);

// ---- Topography (Z-independent) -------------------------------------------------------------
struct Topography {
    Index n = 0;
    std::vector<int32_t> centres;       // putative centres (point indices, ascending) = cluster ids
    std::vector<double> centreLogRho, centreError;  // per putative centre: its log ρ and σ (the
                                        // merge reads only these, Eq. 6; per point: the Density)
    std::vector<int32_t> labels;        // preliminary assignment, per point: putative cluster id
    std::vector<Saddle> saddles;        // sparse, one per adjacent pair, sorted by (a, b)
    Index fallbackAssigned = 0;         // points assigned by the dominator fallback (no labelled
                                        // neighbour within maxk)
};
// Steps of ADP §2.2: putative centres (no higher g among the k* neighbours, and not inside the
// k*-neighbourhood of a point of higher g), assignment in order of decreasing g to the nearest
// labelled neighbour, border points, saddles.
Topography topography(const KnnGraph& g, const Density& rho);

// ---- Partition at Z ------------------------------------------------------------------------
struct Partition {
    double Z = 0;
    std::vector<int32_t> labels;      // per point: final cluster 0..nClusters−1 (ascending centre index)
    std::vector<int32_t> haloLabels;  // labels with −1 for halo points (log ρ below the cluster's highest saddle)
    std::vector<int32_t> centres;     // per final cluster: centre point index
    std::vector<double> centreLogRho, centreError;
    std::vector<Index> population;    // points per final cluster
    std::vector<int32_t> putativeToFinal;  // per putative cluster: its final cluster
    std::vector<Saddle> saddles;      // between final clusters (sparse, sorted by (a, b))
    Index nClusters() const { return Index(centres.size()); }
};
// Merge loop (ADP §2.3, Eq. 6): a pair is not significant if, for either centre c,
// log ρ_c − log ρ_s < Z (σ_c + σ_s). The non-significant pair with the highest saddle merges
// first; the centre with the larger margin (log ρ_c − log ρ_s)/(σ_c + σ_s) survives; saddles of
// the merged cluster are the higher of the two. Repeat until all pairs are significant.
// `rho` is the density t was made from: the halo (§2.4) compares each point's log ρ.
Partition mergeAtZ(const Topography& t, const Density& rho, double Z);
Index clustersAtZ(const Topography& t, double Z);  // nClusters without building the Partition
// The merge at each Z of `zs` (in order) as putative peak → its surviving putative peak (the
// partition's putativeToFinal up to numbering), without per-point labels; `visit(k, survivor)`
// for k = 0, 1, … until it returns false. One set of merge buffers for the whole sweep.
void sweepMerges(const Topography& t, const std::vector<double>& zs,
                 const std::function<bool(size_t, const std::vector<int32_t>&)>& visit);
// The Z above which the two peaks of saddle `s` (ids into p) are no longer significantly apart
// (Eq. 6): min over c ∈ {a, b} of (log ρ_c − log ρ_s)/(σ_c + σ_s); +∞ when both errors are 0.
double mergeZ(const Partition& p, const Saddle& s);

// ---- Number of peaks as a function of Z ---------------------------------------------------
// Step function: nClusters[k] holds for Z in [z[k], z[k+1]), z[0] = 0. Breakpoints are margins of
// (centre, saddle) pairs; each change of the count is located by galloping + bisection over merge
// runs and snapped to the exact flip. The work is bounded: once `workBudget` (merge runs × (peaks
// + saddles)) is spent, the rest of the range up to the last possible breakpoint is sampled on a
// grid of `gridPoints` values instead, and exactUpTo says where the exact part ends.
struct MergeCurve {
    std::vector<double> z;
    std::vector<Index> nClusters;
    double exactUpTo = std::numeric_limits<double>::infinity();  // z beyond which steps are sampled
    bool truncated() const { return std::isfinite(exactUpTo); }
    // The clusters at the steps as trees over the putative peaks, so that labelJoins need not
    // re-run a merge per step. A run of steps in which each step's clusters are unions of the
    // previous step's (ADP's merges in Z usually nest, not always) is one tree: its first P nodes
    // are the putative peaks, each further node forms at step stepOf[node] from the nodes whose
    // treeParent is that node (−1: a root). Run r starts at step runStart[r] with node runNode[r];
    // steps from treeSteps on (beyond the memory bound) have no tree.
    std::vector<int32_t> treeParent, stepOf;  // per node (stepOf −1 for putative peaks)
    std::vector<int32_t> runStart, runNode;   // per run
    int32_t treeSteps = 0;
};
MergeCurve mergeCurve(const Topography& t, double workBudget = 2e6, int gridPoints = 200);

}  // namespace peakscope
