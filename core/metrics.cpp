// Partition agreement (ARI, NMI), neighbourhood overlap (Doimo et al. 2020), PCA and classical MDS.
// See metrics.hpp for the formulas and conventions.
#include "core/metrics.hpp"

#include <Eigen/Dense>

#include <algorithm>
#include <cmath>
#include <string>
#include <unordered_map>

namespace peakscope {
namespace {

// ---- contingency table ----------------------------------------------------------------------------
// Sparse contingency of two labelings: row/column marginals and the nonzero cell counts n_ij.
struct Contingency {
    Index n = 0;
    std::vector<Index> rowSums, colSums;
    std::vector<Index> cells, cellRow, cellCol;  // nonzero n_ij with their (i, j)
};

// Maps arbitrary int64 labels to dense ids 0..k-1 in order of first appearance (deterministic).
std::vector<Index> denseIds(const std::vector<int64_t>& labels, const std::vector<Index>& keep,
                            Index& k) {
    std::unordered_map<int64_t, Index> ids;
    ids.reserve(keep.size() / 4 + 16);
    std::vector<Index> out(keep.size());
    for (size_t t = 0; t < keep.size(); ++t) {
        auto it = ids.emplace(labels[size_t(keep[t])], Index(ids.size())).first;
        out[t] = it->second;
    }
    k = Index(ids.size());
    return out;
}

// O(n + ka + kb): counting sort by the a-id, then count b-ids per a-group in a reusable scratch array.
Contingency contingency(const std::vector<int64_t>& a, const std::vector<int64_t>& b,
                        bool ignoreNegative, const char* who) {
    const std::string w(who);
    if (a.size() != b.size())
        throw Error(w + ": label vectors differ in length (" + std::to_string(a.size()) + " vs " +
                    std::to_string(b.size()) + ")");
    if (a.empty()) throw Error(w + ": empty label vectors");
    std::vector<Index> keep;
    keep.reserve(a.size());
    for (size_t i = 0; i < a.size(); ++i)
        if (!ignoreNegative || (a[i] >= 0 && b[i] >= 0)) keep.push_back(Index(i));
    if (keep.empty())
        throw Error(w + ": no point has a non-negative label in both labelings (ignoreNegative)");

    Index ka = 0, kb = 0;
    const std::vector<Index> ia = denseIds(a, keep, ka), ib = denseIds(b, keep, kb);
    const Index n = Index(keep.size());
    Contingency c;
    c.n = n;
    c.rowSums.assign(size_t(ka), 0);
    c.colSums.assign(size_t(kb), 0);
    for (Index t = 0; t < n; ++t) {
        ++c.rowSums[size_t(ia[size_t(t)])];
        ++c.colSums[size_t(ib[size_t(t)])];
    }
    // Counting sort of points by a-id.
    std::vector<Index> start(size_t(ka) + 1, 0);
    std::vector<Index> order(static_cast<size_t>(n));
    for (Index r = 0; r < ka; ++r) start[size_t(r) + 1] = start[size_t(r)] + c.rowSums[size_t(r)];
    std::vector<Index> fill(start.begin(), start.end() - 1);
    for (Index t = 0; t < n; ++t) order[size_t(fill[size_t(ia[size_t(t)])]++)] = t;
    // Per a-group, tally b-ids; `touched` lists the nonzero scratch slots so resets stay O(group).
    std::vector<Index> scratch(size_t(kb), 0), touched;
    for (Index r = 0; r < ka; ++r) {
        touched.clear();
        for (Index s = start[size_t(r)]; s < start[size_t(r) + 1]; ++s) {
            const Index col = ib[size_t(order[size_t(s)])];
            if (scratch[size_t(col)]++ == 0) touched.push_back(col);
        }
        for (Index col : touched) {
            c.cells.push_back(scratch[size_t(col)]);
            c.cellRow.push_back(r);
            c.cellCol.push_back(col);
            scratch[size_t(col)] = 0;
        }
    }
    return c;
}

double pairs(Index x) { return 0.5 * double(x) * double(x - 1); }  // C(x, 2)

// Entropy (nats) of a marginal: H = -sum p log p.
double entropy(const std::vector<Index>& counts, Index n) {
    double h = 0.0;
    const double ln = std::log(double(n));
    for (Index c : counts)
        if (c > 0) h -= double(c) / double(n) * (std::log(double(c)) - ln);
    return std::max(h, 0.0);
}

// ---- shared eigen helpers -------------------------------------------------------------------------
// Deterministic sign: make the largest-|entry| (first one on ties) positive.
void fixSign(Eigen::Ref<Eigen::VectorXd> v) {
    Index best = 0;
    for (Index i = 1; i < v.size(); ++i)
        if (std::abs(v[i]) > std::abs(v[best])) best = i;
    if (v.size() > 0 && v[best] < 0) v = -v;
}

void checkTable(const int32_t* idx, Index n, Index width, Index k, const char* who, const char* name) {
    const std::string w(who);
    if (!idx) throw Error(w + ": neighbour table " + name + " is null");
    if (k < 1) throw Error(w + ": k must be >= 1 (got " + std::to_string(k) + ")");
    if (k >= width)
        throw Error(w + ": k = " + std::to_string(k) + " needs a neighbour table wider than k (table " +
                    name + " has width " + std::to_string(width) + "; column 0 is the point itself)");
    for (Index i = 0; i < n; ++i)
        for (Index j = 1; j <= k; ++j) {
            const int32_t v = idx[i * width + j];
            if (v < 0 || Index(v) >= n)
                throw Error(w + ": neighbour table " + name + " row " + std::to_string(i) + " column " +
                            std::to_string(j) + " holds " + std::to_string(v) + ", outside [0, " +
                            std::to_string(n) + ")");
        }
}

}  // namespace

// ---- (1) Partition comparison ------------------------------------------------------------------------
double adjustedRandIndex(const std::vector<int64_t>& a, const std::vector<int64_t>& b,
                         bool ignoreNegative) {
    const Contingency c = contingency(a, b, ignoreNegative, "adjustedRandIndex");
    double index = 0.0, sa = 0.0, sb = 0.0;
    for (Index x : c.cells) index += pairs(x);
    for (Index x : c.rowSums) sa += pairs(x);
    for (Index x : c.colSums) sb += pairs(x);
    const double total = pairs(c.n);
    // Hubert & Arabie 1985: (index - expected) / (max - expected).
    const double expected = total > 0 ? sa * sb / total : 0.0;
    const double maxIndex = 0.5 * (sa + sb);
    const double denom = maxIndex - expected;
    // denom == 0 only when sa == sb == 0 or sa == sb == total, i.e. identical (trivial) partitions.
    if (denom == 0.0) return 1.0;
    return (index - expected) / denom;
}

double normalizedMutualInfo(const std::vector<int64_t>& a, const std::vector<int64_t>& b,
                            bool ignoreNegative) {
    const Contingency c = contingency(a, b, ignoreNegative, "normalizedMutualInfo");
    const Index ka = Index(c.rowSums.size()), kb = Index(c.colSums.size());
    if (ka == 1 && kb == 1) return 1.0;  // neither labeling splits the data: a perfect match
    if (ka == 1 || kb == 1) return 0.0;  // I = 0 but H(a)+H(b) > 0
    // I = sum_ij (n_ij/n) log(n n_ij / (a_i b_j)), summed directly (no H(a)+H(b)-H(a,b) cancellation).
    const double n = double(c.n), ln = std::log(n);
    double mi = 0.0;
    for (size_t t = 0; t < c.cells.size(); ++t) {
        const double x = double(c.cells[t]);
        mi += x / n *
              (std::log(x) + ln - std::log(double(c.rowSums[size_t(c.cellRow[t])])) -
               std::log(double(c.colSums[size_t(c.cellCol[t])])));
    }
    mi = std::max(0.0, mi);
    const double ha = entropy(c.rowSums, c.n), hb = entropy(c.colSums, c.n);
    const double norm = 0.5 * (ha + hb);
    if (norm <= 0.0) return 1.0;
    return std::min(1.0, std::max(0.0, mi / norm));
}

LabelAgreement labelAgreement(const std::vector<int64_t>& truth, const std::vector<int64_t>& labels) {
    if (truth.size() != labels.size())
        throw Error("labelAgreement: " + std::to_string(truth.size()) + " truth labels for " +
                    std::to_string(labels.size()) + " points");
    LabelAgreement out;
    Index truthLabelled = 0;
    for (size_t i = 0; i < truth.size(); ++i) {
        truthLabelled += truth[i] >= 0;
        out.compared += truth[i] >= 0 && labels[i] >= 0;
    }
    if (out.compared == 0) {
        out.ari = out.nmi = std::nan("");
        out.unavailable = truthLabelled == 0
            ? "no point has a ground-truth label >= 0; -1 marks an unlabelled point"
            : "no point labelled >= 0 in the ground truth has a label >= 0 in the result";
        return out;
    }
    out.ari = adjustedRandIndex(truth, labels, true);
    out.nmi = normalizedMutualInfo(truth, labels, true);
    return out;
}

// ---- (2) Neighbourhood overlap -----------------------------------------------------------------------
double labelOverlap(const int32_t* indices, Index n, Index width, Index k,
                    const std::vector<int64_t>& labels) {
    if (n < 1) throw Error("labelOverlap: empty input (n = " + std::to_string(n) + ")");
    if (Index(labels.size()) != n)
        throw Error("labelOverlap: " + std::to_string(labels.size()) + " labels for " +
                    std::to_string(n) + " points");
    checkTable(indices, n, width, k, "labelOverlap", "indices");
    double sum = 0.0;
    for (Index i = 0; i < n; ++i) {
        Index same = 0;
        for (Index j = 1; j <= k; ++j)
            if (labels[size_t(indices[i * width + j])] == labels[size_t(i)]) ++same;
        sum += double(same) / double(k);
    }
    return sum / double(n);
}

double neighbourhoodOverlap(const int32_t* idxA, Index widthA, const int32_t* idxB, Index widthB,
                            Index n, Index k) {
    if (n < 1) throw Error("neighbourhoodOverlap: empty input (n = " + std::to_string(n) + ")");
    checkTable(idxA, n, widthA, k, "neighbourhoodOverlap", "A");
    checkTable(idxB, n, widthB, k, "neighbourhoodOverlap", "B");
    // mark[v] == 2i: v in N^A(i); == 2i+1: already counted for i. O(n k) time, O(n) memory.
    std::vector<Index> mark(size_t(n), -1);
    double sum = 0.0;
    for (Index i = 0; i < n; ++i) {
        for (Index j = 1; j <= k; ++j) mark[size_t(idxA[i * widthA + j])] = 2 * i;
        Index common = 0;
        for (Index j = 1; j <= k; ++j) {
            Index& m = mark[size_t(idxB[i * widthB + j])];
            if (m == 2 * i) {
                ++common;
                m = 2 * i + 1;
            }
        }
        sum += double(common) / double(k);
    }
    return sum / double(n);
}

// ---- (3) Embeddings -----------------------------------------------------------------------------------
Projection pca(const PointsView& points, int dims) {
    if (points.empty()) throw Error("pca: empty input (no points)");
    const Index n = points.n(), d = points.d();
    if (d < 1) throw Error("pca: points have no coordinates (d = 0)");
    if (dims < 1) throw Error("pca: dims must be >= 1 (got " + std::to_string(dims) + ")");
    if (Index(dims) > d)
        throw Error("pca: dims = " + std::to_string(dims) + " exceeds the data dimension d = " +
                    std::to_string(d));

    // Mean (finite check on the way). Constant columns get their exact value as mean so that their
    // centred entries are exactly 0 (identical points -> coords exactly 0).
    std::vector<double> mean(size_t(d), 0.0);
    std::vector<char> constant(size_t(d), 1);
    for (Index i = 0; i < n; ++i)
        for (Index j = 0; j < d; ++j) {
            const double v = points(i, j);
            if (!std::isfinite(v))
                throw Error("pca: non-finite value at row " + std::to_string(i) + ", column " +
                            std::to_string(j));
            mean[size_t(j)] += v;
            if (v != points(0, j)) constant[size_t(j)] = 0;
        }
    for (Index j = 0; j < d; ++j)
        mean[size_t(j)] = constant[size_t(j)] ? points(0, j) : mean[size_t(j)] / double(n);

    auto centredBlock = [&](Index r0, Index rows) {
        Eigen::MatrixXd blk(rows, d);
        for (Index r = 0; r < rows; ++r)
            for (Index j = 0; j < d; ++j) blk(r, j) = points(r0 + r, j) - mean[size_t(j)];
        return blk;
    };

    Eigen::MatrixXd V = Eigen::MatrixXd::Zero(d, dims);  // loadings (columns)
    std::vector<double> lambda(size_t(dims), 0.0);
    std::vector<char> valid(size_t(dims), 0);
    double total = 0.0;  // sum of squared centred entries = (n-1) trace(cov)
    const Index kBlock = 256;
    const bool useCov = d <= 500 || d <= n;
    Eigen::MatrixXd Xfull;  // Gram path only
    if (useCov) {
        // Covariance (unnormalised scatter) accumulated in row blocks: memory O(d^2 + block d).
        Eigen::MatrixXd S = Eigen::MatrixXd::Zero(d, d);
        for (Index r0 = 0; r0 < n; r0 += kBlock) {
            const Eigen::MatrixXd blk = centredBlock(r0, std::min(kBlock, n - r0));
            S.selfadjointView<Eigen::Lower>().rankUpdate(blk.transpose());
        }
        total = S.diagonal().sum();
        Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> es(S);
        if (es.info() != Eigen::Success) throw Error("pca: eigen-decomposition failed");
        for (int c = 0; c < dims; ++c) {  // eigenvalues ascending: take from the end
            V.col(c) = es.eigenvectors().col(d - 1 - c);
            lambda[size_t(c)] = std::max(0.0, es.eigenvalues()[d - 1 - c]);
            valid[size_t(c)] = 1;
        }
    } else {
        // d > 500 and n < d: eigen-decompose the n x n Gram matrix X X^T = U L U^T; v = X^T u / sqrt(l).
        Xfull = centredBlock(0, n);
        Eigen::MatrixXd G = Eigen::MatrixXd::Zero(n, n);
        G.selfadjointView<Eigen::Lower>().rankUpdate(Xfull);
        total = G.diagonal().sum();
        Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> es(G);
        if (es.info() != Eigen::Success) throw Error("pca: eigen-decomposition failed");
        const int avail = int(std::min<Index>(dims, n));
        for (int c = 0; c < avail; ++c) {
            const double l = es.eigenvalues()[n - 1 - c];
            if (!(l > 1e-12 * total)) break;  // null directions: completed below
            Eigen::VectorXd v = Xfull.transpose() * es.eigenvectors().col(n - 1 - c);
            V.col(c) = v / v.norm();
            lambda[size_t(c)] = l;
            valid[size_t(c)] = 1;
        }
        // Null components (zero variance): complete to an orthonormal set from the standard basis.
        Index e = 0;
        for (int c = 0; c < dims; ++c) {
            if (valid[size_t(c)]) continue;
            for (; e < d; ++e) {
                Eigen::VectorXd v = Eigen::VectorXd::Unit(d, e);
                for (int pass = 0; pass < 2; ++pass)
                    for (int q = 0; q < c; ++q) v -= V.col(q).dot(v) * V.col(q);
                if (v.norm() > 0.5) {
                    V.col(c) = v / v.norm();
                    ++e;
                    break;
                }
            }
        }
    }
    for (int c = 0; c < dims; ++c) fixSign(V.col(c));

    Projection out;
    out.coords.rows = n;
    out.coords.cols = dims;
    out.coords.values.assign(size_t(n * dims), 0.0);
    auto store = [&](Index r0, const Eigen::MatrixXd& proj) {
        for (Index r = 0; r < proj.rows(); ++r)
            for (int c = 0; c < dims; ++c)
                out.coords.values[size_t((r0 + r) * dims + c)] = valid[size_t(c)] ? proj(r, c) : 0.0;
    };
    if (useCov) {
        for (Index r0 = 0; r0 < n; r0 += kBlock) {
            const Eigen::MatrixXd blk = centredBlock(r0, std::min(kBlock, n - r0));
            store(r0, blk * V);
        }
    } else {
        store(0, Xfull * V);
    }
    out.explainedVariance.resize(size_t(dims));
    for (int c = 0; c < dims; ++c)
        out.explainedVariance[size_t(c)] =
            total > 0.0 ? std::min(1.0, lambda[size_t(c)] / total) : 0.0;
    out.components.rows = dims;
    out.components.cols = d;
    out.components.values.resize(size_t(dims * d));
    for (int c = 0; c < dims; ++c)
        for (Index j = 0; j < d; ++j) out.components.values[size_t(c * d + j)] = V(j, c);
    return out;
}

Projection classicalMds(const std::vector<double>& distances, Index m, int dims) {
    if (m < 1) throw Error("classicalMds: empty input (m = " + std::to_string(m) + ")");
    if (Index(distances.size()) != m * m)
        throw Error("classicalMds: expected an m x m = " + std::to_string(m * m) +
                    "-entry distance matrix, got " + std::to_string(distances.size()) + " entries");
    if (dims < 1) throw Error("classicalMds: dims must be >= 1 (got " + std::to_string(dims) + ")");
    if (Index(dims) > m)
        throw Error("classicalMds: dims = " + std::to_string(dims) + " exceeds the number of points m = " +
                    std::to_string(m));
    double maxD = 0.0;
    for (Index t = 0; t < m * m; ++t) {
        const double v = distances[size_t(t)];
        if (!std::isfinite(v))
            throw Error("classicalMds: non-finite distance at (" + std::to_string(t / m) + ", " +
                        std::to_string(t % m) + ")");
        if (v < 0)
            throw Error("classicalMds: negative distance at (" + std::to_string(t / m) + ", " +
                        std::to_string(t % m) + ")");
        maxD = std::max(maxD, v);
    }
    const double tol = 1e-9 * maxD;
    for (Index i = 0; i < m; ++i) {
        if (distances[size_t(i * m + i)] > tol)
            throw Error("classicalMds: nonzero diagonal entry at (" + std::to_string(i) + ", " +
                        std::to_string(i) + ")");
        for (Index j = i + 1; j < m; ++j)
            if (std::abs(distances[size_t(i * m + j)] - distances[size_t(j * m + i)]) > tol)
                throw Error("classicalMds: distance matrix is not symmetric at (" + std::to_string(i) +
                            ", " + std::to_string(j) + ")");
    }
    // Torgerson: B = -1/2 J D2 J, D2 the (symmetrised, zero-diagonal) squared distances.
    Eigen::MatrixXd B(m, m);
    for (Index i = 0; i < m; ++i)
        for (Index j = 0; j < m; ++j) {
            const double x = distances[size_t(i * m + j)], y = distances[size_t(j * m + i)];
            B(i, j) = i == j ? 0.0 : 0.5 * (x * x + y * y);
        }
    const Eigen::VectorXd rowMean = B.rowwise().mean();
    const double grand = rowMean.mean();
    for (Index i = 0; i < m; ++i)
        for (Index j = 0; j < m; ++j) B(i, j) = -0.5 * (B(i, j) - rowMean[i] - rowMean[j] + grand);
    Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> es(B);
    if (es.info() != Eigen::Success) throw Error("classicalMds: eigen-decomposition failed");
    double positive = 0.0;
    for (Index t = 0; t < m; ++t) positive += std::max(0.0, es.eigenvalues()[t]);

    Projection out;
    out.coords.rows = m;
    out.coords.cols = dims;
    out.coords.values.assign(size_t(m * dims), 0.0);
    out.explainedVariance.resize(size_t(dims));
    for (int c = 0; c < dims; ++c) {
        const double l = std::max(0.0, es.eigenvalues()[m - 1 - c]);  // negative eigenvalues clipped
        Eigen::VectorXd v = es.eigenvectors().col(m - 1 - c);
        fixSign(v);
        const double s = std::sqrt(l);
        for (Index i = 0; i < m; ++i) out.coords.values[size_t(i * dims + c)] = s * v[i];
        out.explainedVariance[size_t(c)] = positive > 0.0 ? std::min(1.0, l / positive) : 0.0;
    }
    return out;
}

}  // namespace peakscope
