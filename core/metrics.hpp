// Metrics and 2-D embeddings used by the tutorials: partition agreement, neighbourhood overlap, PCA, MDS.
// Papers: ARI Hubert & Arabie 1985; NMI Vinh, Epps & Bailey 2010; overlap chi Doimo et al. NeurIPS 2020;
//   classical MDS Torgerson 1952 / Gower 1966.
// Sections: (1) partition comparison  (2) neighbourhood overlap  (3) linear / distance embeddings.
// Example: double ari = adjustedRandIndex(truth, clusters, /*ignoreNegative=*/true);
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "core/types.hpp"

namespace peakscope {

// ---- (1) Partition comparison --------------------------------------------------------------------
// Labels are arbitrary int64 values; a value < 0 means "unassigned / noise". With ignoreNegative=false
// every value is an ordinary label (all -1 points form one group); with ignoreNegative=true only points
// whose label is >= 0 in BOTH labelings are compared. Cost O(n) expected (hashing) + O(#clusters):
// the contingency table is built sparsely, never as a dense clusters_a x clusters_b array.
// Throws Error on size mismatch, empty input, or nothing left after ignoreNegative filtering.

// ARI = (sum_ij C(n_ij,2) - E) / (max - E), E = sum_i C(a_i,2) sum_j C(b_j,2) / C(n,2),
// max = (sum_i C(a_i,2) + sum_j C(b_j,2)) / 2 (Hubert & Arabie 1985). Identical partitions -> 1
// (including the 0/0 cases "both one cluster" and "both all singletons"); chance level ~ 0.
double adjustedRandIndex(const std::vector<int64_t>& a, const std::vector<int64_t>& b,
                         bool ignoreNegative = false);

// NMI = I(a;b) / ((H(a) + H(b)) / 2), natural log (arithmetic-mean normalisation, sklearn's default;
// Vinh et al. 2010). Both labelings constant -> 1.0; exactly one constant -> 0.0. Result in [0, 1].
double normalizedMutualInfo(const std::vector<int64_t>& a, const std::vector<int64_t>& b,
                            bool ignoreNegative = false);

// ARI and NMI of `labels` against a ground truth over the points labelled >= 0 in both. When no
// point is (e.g. a labels file of only -1), nothing throws: `compared` = 0, ari and nmi are NaN and
// `unavailable` says why in one line. Throws Error only on a length mismatch.
struct LabelAgreement {
    Index compared = 0;         // points labelled >= 0 in both
    double ari = 0, nmi = 0;
    std::string unavailable;    // empty when ari and nmi were computed
};
LabelAgreement labelAgreement(const std::vector<int64_t>& truth, const std::vector<int64_t>& labels);

// ---- (2) Neighbourhood overlap (Doimo et al. 2020) -----------------------------------------------
// Neighbour tables are row-major n x width int32; column 0 is the point itself and columns 1..k are used
// (1 <= k < width). Every used entry must lie in [0, n). Throws Error otherwise.

// chi = mean_i (1/k) #{ j in N_k(i) : labels[j] == labels[i] }. Labels are compared by value
// (negative values are ordinary labels here).
double labelOverlap(const int32_t* indices, Index n, Index width, Index k,
                    const std::vector<int64_t>& labels);

// chi^{A,B} = mean_i |N_k^A(i) ∩ N_k^B(i)| / k for two representations of the same n points.
// Repeated entries in a row count once.
double neighbourhoodOverlap(const int32_t* idxA, Index widthA, const int32_t* idxB, Index widthB,
                            Index n, Index k);

// ---- (3) Embeddings --------------------------------------------------------------------------------
struct Projection {
    Matrix coords;                          // n x dims (PCA) or m x dims (MDS)
    std::vector<double> explainedVariance;  // per component: eigenvalue / total (ratio, in [0, 1])
    Matrix components;                      // PCA only: dims x d unit loadings (rows); empty for MDS
};

// PCA: coords = (X - mean) V_dims, V = top eigenvectors of the covariance. explainedVariance[k] =
// lambda_k / trace(cov). Solves the d x d covariance eigenproblem (SelfAdjointEigenSolver) when
// d <= 500 or d <= n, otherwise the n x n Gram matrix (same nonzero spectrum). Sign convention: each
// loading vector's largest-|entry| is positive (first such entry on ties). Zero variance -> zeros.
// Throws Error on empty input, dims < 1, dims > d, non-finite values.
Projection pca(const PointsView& points, int dims = 2);

// Classical (Torgerson) MDS: B = -1/2 J D^(2) J, coords[:,k] = sqrt(max(lambda_k,0)) v_k for the top
// `dims` eigenpairs; same sign convention as pca. explainedVariance[k] = max(lambda_k,0) / sum of
// positive eigenvalues. O(m^3). `distances` is m x m row-major, symmetric, zero diagonal, >= 0, finite
// (symmetry/diagonal checked to 1e-9 relative to the largest distance); dims in [1, m].
Projection classicalMds(const std::vector<double>& distances, Index m, int dims = 2);

}  // namespace peakscope
