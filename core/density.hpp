// Density estimators: kNN, k*-NN and point-adaptive PAk (Rodriguez, d'Errico, Facco, Laio,
// JCTC 2018). All return log ρ in natural log, normalised by N (ρ ≈ k / (N ω_d r^d)), measured in
// the intrinsic dimension d, with an error σ and the neighbourhood size k per point.
// Sections: Density · optimal neighbourhood k* · kNN · k*-NN · PAk
// Example: Density rho = pakDensity(graph, id.id);
#pragma once
#include "core/neighbours.hpp"

namespace peakscope {

enum class DensityMethod { Knn, KstarNN, PAk };
const char* densityMethodName(DensityMethod m);  // "knn", "kstar", "pak"

struct Density {
    DensityMethod method = DensityMethod::PAk;
    std::vector<double> logRho;   // log ρ_i − log N (natural log)
    std::vector<double> error;    // σ_i of log ρ_i
    std::vector<int32_t> kstar;   // neighbourhood used per point (k for kNN)
};

struct DensityParams {
    DensityMethod method = DensityMethod::PAk;  // estimator
    Index k = 10;                 // kNN only: neighbours per point (1 ≤ k ≤ maxk)
    double Dthr = 23.928126976934827;  // k* test threshold: χ²₁ inverse survival at α = 10⁻⁶
};

// log of the volume of the unit d-ball, ω_d = π^{d/2} / Γ(d/2 + 1) (d need not be an integer).
double logUnitBallVolume(double d);

// k*_i (JCTC 2018, Eq. 8): the first k ≥ 3 whose likelihood-ratio statistic
// D_k = −2k[log V_i + log V_j − 2 log(V_i + V_j) + log 4] exceeds Dthr, j = (k+1)-th neighbour;
// maxk − 1 when no k up to maxk − 2 fails (as the reference).
std::vector<int32_t> optimalNeighbourhood(const KnnGraph& g, double id, double Dthr = 23.928126976934827);

Density knnDensity(const KnnGraph& g, double id, Index k);
Density kstarDensity(const KnnGraph& g, double id, double Dthr = 23.928126976934827);
// PAk: maximises L(F, a) = Σ_{l≤k*} (F + a l) − v_l e^{F + a l} (JCTC 2018, Eq. 10) exactly
// (Newton with full steps and a backtracking safeguard), σ = √((4k*+2)/(k*(k*−1))).
Density pakDensity(const KnnGraph& g, double id, double Dthr = 23.928126976934827);

// ---- PAk in slices (the web app's pool of workers) ----
// pakDensity() = optimalNeighbourhood() on the whole graph (k*_i reads its neighbours' rows), then
// PAk row by row: row i needs only its own distances, k*_i and the graph's volume unit. pakRows()
// fills logRho/error of `rows` rows whose distances (width = maxk + 1 columns each, column 0 the
// point itself) start at `distances`; n is the graph's N (the normalisation). Slices of the rows
// give pakDensity()'s values bit for bit (pakDensity() calls pakRows() on all rows).
double pakVolumeUnit(const KnnGraph& g);  // log of the largest maxk-th neighbour distance
void pakRows(const double* distances, Index width, const int32_t* kstar, Index rows, double id, Index n,
             double logUnit, double* logRho, double* error);

Density estimateDensity(const KnnGraph& g, double id, const DensityParams& p);

}  // namespace peakscope
