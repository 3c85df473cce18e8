// Unit tests of core/analysis (the whole pipeline with duplicate handling) and core/report (JSON).
// Specification: core/analysis.hpp, core/report.hpp; the tests are the specification's invariants
// and bad input. Invariants: permuting the rows permutes the results; kd-tree and brute
// force give the same analysis; exact copies share their representative's results; constant extra
// columns change nothing; a precomputed graph gives the same analysis as the points.
#include <doctest/doctest.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdint>
#include <limits>
#include <map>
#include <regex>
#include <string>
#include <vector>

#include "core/report.hpp"
#include "test_support.hpp"

using namespace peakscope;
using namespace peakscope::testing;

namespace {

std::vector<int32_t> randomPermutation(Index n, uint64_t seed) {
    std::vector<int32_t> p(static_cast<size_t>(n));
    for (Index i = 0; i < n; ++i) p[size_t(i)] = int32_t(i);
    Rng r(seed);
    for (Index i = n - 1; i > 0; --i) std::swap(p[size_t(i)], p[size_t(r.below(i + 1))]);
    return p;
}

// True if two labelings are the same partition (a bijection maps one onto the other).
bool samePartition(const std::vector<int32_t>& a, const std::vector<int32_t>& b) {
    if (a.size() != b.size()) return false;
    std::map<int32_t, int32_t> ab, ba;
    for (size_t i = 0; i < a.size(); ++i) {
        auto x = ab.emplace(a[i], b[i]);
        auto y = ba.emplace(b[i], a[i]);
        if (x.first->second != b[i] || y.first->second != a[i]) return false;
    }
    return true;
}

bool allFinite(const std::vector<double>& v) {
    return std::all_of(v.begin(), v.end(), [](double x) { return std::isfinite(x); });
}

bool contains(const std::string& s, const std::string& what) {
    std::string a = s, b = what;
    for (char& c : a) c = char(std::tolower(static_cast<unsigned char>(c)));
    for (char& c : b) c = char(std::tolower(static_cast<unsigned char>(c)));
    return a.find(b) != std::string::npos;
}

// n 2-D points of three blobs whose last `copies` rows repeat the first ones exactly.
std::vector<double> blobsWithCopies(Index n, uint64_t seed, Index copies) {
    auto x = threeBlobs(n, seed, BlobOrder::Random);
    for (Index i = 0; i < copies; ++i) {
        x[size_t(2 * (n - 1 - i))] = x[size_t(2 * i)];
        x[size_t(2 * (n - 1 - i) + 1)] = x[size_t(2 * i + 1)];
    }
    return x;
}

// The stages after the graph gave the same results (bit for bit).
void checkSameAnalysis(const Analysis& a, const Analysis& b) {
    CHECK(a.warnings == b.warnings);
    CHECK(a.id.id == b.id.id);
    CHECK(a.density.logRho == b.density.logRho);
    CHECK(a.partition.labels == b.partition.labels);
    CHECK(a.partition.haloLabels == b.partition.haloLabels);
    CHECK(a.curve.z == b.curve.z);
    CHECK(a.decision.delta == b.decision.delta);
    CHECK(a.perRow(a.partition.labels) == b.perRow(b.partition.labels));
}

AnalysisParams fastParams() {
    AnalysisParams p;
    p.decisionGraph = true;
    p.mergeCurve = true;
    return p;
}

// ---- a minimal JSON validator (RFC 8259 grammar), recording the top-level structure -----------
struct JsonCheck {
    const std::string& s;
    size_t i = 0;
    explicit JsonCheck(const std::string& text) : s(text) {}
    void ws() {
        while (i < s.size() && (s[i] == ' ' || s[i] == '\n' || s[i] == '\r' || s[i] == '\t')) ++i;
    }
    bool lit(const char* w) {
        const size_t n = std::char_traits<char>::length(w);
        if (s.compare(i, n, w) != 0) return false;
        i += n;
        return true;
    }
    bool str() {
        if (i >= s.size() || s[i] != '"') return false;
        ++i;
        while (i < s.size() && s[i] != '"') {
            if (static_cast<unsigned char>(s[i]) < 0x20) return false;
            if (s[i] == '\\') {
                ++i;
                if (i >= s.size()) return false;
                if (s[i] == 'u') {
                    for (int k = 0; k < 4; ++k)
                        if (++i >= s.size() || !std::isxdigit(static_cast<unsigned char>(s[i]))) return false;
                } else if (std::string("\"\\/bfnrt").find(s[i]) == std::string::npos) {
                    return false;
                }
            }
            ++i;
        }
        if (i >= s.size()) return false;
        ++i;
        return true;
    }
    bool num() {
        const size_t start = i;
        if (i < s.size() && s[i] == '-') ++i;
        if (i >= s.size() || !std::isdigit(static_cast<unsigned char>(s[i]))) return false;
        if (s[i] == '0') ++i;
        else while (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i]))) ++i;
        if (i < s.size() && s[i] == '.') {
            ++i;
            if (i >= s.size() || !std::isdigit(static_cast<unsigned char>(s[i]))) return false;
            while (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i]))) ++i;
        }
        if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
            ++i;
            if (i < s.size() && (s[i] == '+' || s[i] == '-')) ++i;
            if (i >= s.size() || !std::isdigit(static_cast<unsigned char>(s[i]))) return false;
            while (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i]))) ++i;
        }
        return i > start;
    }
    bool value() {
        ws();
        if (i >= s.size()) return false;
        bool ok;
        if (s[i] == '{') {
            ++i;
            ws();
            if (i < s.size() && s[i] == '}') {
                ++i;
                return true;
            }
            do {
                ws();
                if (!str()) return false;
                ws();
                if (i >= s.size() || s[i] != ':') return false;
                ++i;
                if (!value()) return false;
                ws();
            } while (i < s.size() && s[i] == ',' && ++i);
            if (i >= s.size() || s[i] != '}') return false;
            ++i;
            ok = true;
        } else if (s[i] == '[') {
            ++i;
            ws();
            if (i < s.size() && s[i] == ']') {
                ++i;
                return true;
            }
            do {
                if (!value()) return false;
                ws();
            } while (i < s.size() && s[i] == ',' && ++i);
            if (i >= s.size() || s[i] != ']') return false;
            ++i;
            ok = true;
        } else if (s[i] == '"') {
            ok = str();
        } else if (s[i] == 't') {
            ok = lit("true");
        } else if (s[i] == 'f') {
            ok = lit("false");
        } else if (s[i] == 'n') {
            ok = lit("null");
        } else {
            ok = num();
        }
        return ok;
    }
    bool document() {
        if (!value()) return false;
        ws();
        return i == s.size();
    }
};

// The text of the JSON array that follows `"key":` (first occurrence after `from`), brackets included.
std::string arrayAfter(const std::string& s, const std::string& key, size_t from = 0) {
    const size_t k = s.find("\"" + key + "\":[", from);
    if (k == std::string::npos) return "";
    size_t i = s.find('[', k), depth = 0, j = i;
    for (; j < s.size(); ++j) {
        if (s[j] == '[') ++depth;
        if (s[j] == ']' && --depth == 0) break;
    }
    return s.substr(i, j - i + 1);
}

// Number of top-level elements of a flat JSON array text "[a,b,c]".
Index countElements(const std::string& arr) {
    if (arr.size() < 2 || arr == "[]") return 0;
    return Index(std::count(arr.begin(), arr.end(), ',')) + 1;
}

Index countOccurrences(const std::string& s, const std::string& w) {
    Index c = 0;
    for (size_t p = s.find(w); p != std::string::npos; p = s.find(w, p + 1)) ++c;
    return c;
}

}  // namespace

TEST_CASE("analysis: permuting the input rows permutes the results and nothing else") {
    const Index n = 1000;
    const auto x = threeBlobs(n, 5, BlobOrder::Random);
    const auto perm = randomPermutation(n, 6);  // row i of y is row perm[i] of x
    std::vector<double> y(x.size());
    for (Index i = 0; i < n; ++i)
        for (Index c = 0; c < 2; ++c) y[size_t(2 * i + c)] = x[size_t(2 * perm[size_t(i)] + c)];
    const Analysis a = analyze(PointsView(x.data(), n, 2), fastParams());
    const Analysis b = analyze(PointsView(y.data(), n, 2), fastParams());

    CHECK(a.partition.nClusters() == 3);
    CHECK(b.partition.nClusters() == a.partition.nClusters());
    CHECK(b.topography.centres.size() == a.topography.centres.size());
    CHECK(b.id.id == doctest::Approx(a.id.id).epsilon(1e-12));
    Index bad = 0;
    std::vector<int32_t> la(static_cast<size_t>(n)), lb(static_cast<size_t>(n)), ha(static_cast<size_t>(n)),
        hb(static_cast<size_t>(n));
    for (Index i = 0; i < n; ++i) {
        const Index j = perm[size_t(i)];
        if (std::abs(b.density.logRho[size_t(i)] - a.density.logRho[size_t(j)]) > 1e-12) ++bad;
        if (b.density.error[size_t(i)] != a.density.error[size_t(j)]) ++bad;
        if (b.density.kstar[size_t(i)] != a.density.kstar[size_t(j)]) ++bad;
        if (std::abs(b.decision.delta[size_t(i)] - a.decision.delta[size_t(j)]) > 1e-12 * a.decision.delta[size_t(j)]) ++bad;
        la[size_t(i)] = a.partition.labels[size_t(j)];
        lb[size_t(i)] = b.partition.labels[size_t(i)];
        ha[size_t(i)] = a.partition.haloLabels[size_t(j)];
        hb[size_t(i)] = b.partition.haloLabels[size_t(i)];
    }
    CHECK(bad == 0);
    CHECK(samePartition(la, lb));
    CHECK(samePartition(ha, hb));
    // the same centres (as points), the same saddle heights, the same merge curve
    std::vector<int32_t> ca, cb;
    for (int32_t c : a.partition.centres) ca.push_back(c);
    for (int32_t c : b.partition.centres) cb.push_back(perm[size_t(c)]);
    std::sort(ca.begin(), ca.end());
    std::sort(cb.begin(), cb.end());
    CHECK(ca == cb);
    std::vector<double> sa, sb;
    for (const Saddle& s : a.partition.saddles) sa.push_back(s.logRho);
    for (const Saddle& s : b.partition.saddles) sb.push_back(s.logRho);
    std::sort(sa.begin(), sa.end());
    std::sort(sb.begin(), sb.end());
    CHECK(sa == sb);
    CHECK(a.curve.nClusters == b.curve.nClusters);
}

TEST_CASE("analysis: kd-tree and brute force give identical analyses") {
    const Index n = 1000;
    const auto x = threeBlobs(n, 8, BlobOrder::Random);
    AnalysisParams kd = fastParams(), bf = fastParams();
    kd.neighbours.method = NeighbourMethod::KdTree;
    bf.neighbours.method = NeighbourMethod::BruteForce;
    const Analysis a = analyze(PointsView(x.data(), n, 2), kd);
    const Analysis b = analyze(PointsView(x.data(), n, 2), bf);
    CHECK(a.graph.indices == b.graph.indices);
    CHECK(a.graph.distances == b.graph.distances);
    CHECK(a.id.id == b.id.id);
    CHECK(a.density.logRho == b.density.logRho);
    CHECK(a.partition.labels == b.partition.labels);
    CHECK(a.partition.haloLabels == b.partition.haloLabels);
    CHECK(a.decision.delta == b.decision.delta);
}

TEST_CASE("analysis: 20% exact duplicates — no NaN, copies share results, same as the distinct set") {
    // 800 distinct points and 200 copies of randomly chosen ones, shuffled.
    const Index nu = 800, nd = 200, n = nu + nd;
    const auto base = threeBlobs(nu, 9, BlobOrder::Random);
    Rng r(10);
    std::vector<int32_t> src(static_cast<size_t>(n));
    for (Index i = 0; i < nu; ++i) src[size_t(i)] = int32_t(i);
    for (Index i = nu; i < n; ++i) src[size_t(i)] = int32_t(r.below(nu));
    for (Index i = n - 1; i > 0; --i) std::swap(src[size_t(i)], src[size_t(r.below(i + 1))]);
    std::vector<double> x(size_t(2 * n));
    for (Index i = 0; i < n; ++i)
        for (Index c = 0; c < 2; ++c) x[size_t(2 * i + c)] = base[size_t(2 * src[size_t(i)] + c)];
    // the distinct points in order of first occurrence (= representatives, ascending)
    std::vector<int32_t> firstRow(static_cast<size_t>(nu), -1);
    std::vector<double> distinct;
    for (Index i = 0; i < n; ++i)
        if (firstRow[size_t(src[size_t(i)])] < 0) {
            firstRow[size_t(src[size_t(i)])] = int32_t(i);
            distinct.push_back(x[size_t(2 * i)]);
            distinct.push_back(x[size_t(2 * i + 1)]);
        }
    REQUIRE(Index(distinct.size()) == 2 * nu);

    const Analysis a = analyze(PointsView(x.data(), n, 2), fastParams());
    CHECK(a.n == n);
    CHECK(a.duplicates.count == nd);
    CHECK(a.graph.n == nu);
    CHECK(std::isfinite(a.id.id));
    CHECK(std::isfinite(a.id.error));
    const auto logRho = a.perRow(a.density.logRho), err = a.perRow(a.density.error), delta = a.perRow(a.decision.delta);
    const auto labels = a.perRow(a.partition.labels), halo = a.perRow(a.partition.haloLabels);
    CHECK(allFinite(logRho));
    CHECK(allFinite(err));
    CHECK(allFinite(delta));
    CHECK(logRho.size() == size_t(n));
    bool warned = false;
    for (const auto& w : a.warnings) warned = warned || contains(w, "duplicate");
    CHECK(warned);
    // copies share their representative's results
    Index bad = 0;
    for (Index i = 0; i < n; ++i) {
        const Index j = firstRow[size_t(src[size_t(i)])];
        if (labels[size_t(i)] != labels[size_t(j)] || halo[size_t(i)] != halo[size_t(j)] ||
            logRho[size_t(i)] != logRho[size_t(j)] || delta[size_t(i)] != delta[size_t(j)])
            ++bad;
        if (a.duplicates.representative[size_t(i)] != j) ++bad;
        const int32_t u = a.rowToUnique[size_t(i)];
        if (a.uniqueToRow[size_t(u)] != j) ++bad;
    }
    CHECK(bad == 0);
    // the same analysis as on the distinct points alone
    const Analysis b = analyze(PointsView(distinct.data(), nu, 2), fastParams());
    CHECK(a.id.id == doctest::Approx(b.id.id).epsilon(1e-12));
    CHECK(a.density.logRho == b.density.logRho);
    CHECK(a.partition.labels == b.partition.labels);
    CHECK(a.partition.nClusters() == 3);
    // the duplicate-free ID of the underlying set
    CHECK(a.id.id == doctest::Approx(2.0).epsilon(0.1));

    // the report speaks in input rows: centres are representatives' rows, one label per row
    const std::string js = analysisToJson(a);
    CHECK(js.find("\"duplicates\":200") != std::string::npos);
    std::string centres = "[";
    for (size_t c = 0; c < a.partition.centres.size(); ++c)
        centres += (c ? "," : "") + std::to_string(a.row(a.partition.centres[c]));
    centres += "]";
    CHECK(arrayAfter(js, "centers") == centres);
    CHECK(countElements(arrayAfter(js, "labels")) == n);

    // an explicit maxk above (distinct points − 1) is reduced, with a warning
    {
        std::vector<double> few(x.begin(), x.begin() + 2 * 60);  // 60 rows
        std::vector<int32_t> seen(static_cast<size_t>(nu), 0);
        Index distinctFew = 0;
        for (Index i = 0; i < 60; ++i) distinctFew += seen[size_t(src[size_t(i)])]++ == 0;
        REQUIRE(distinctFew < 59);
        AnalysisParams p = fastParams();
        p.neighbours.maxk = 58;
        const Analysis f = analyze(PointsView(few.data(), 60, 2), p);
        CHECK(f.graph.n == distinctFew);
        CHECK(f.graph.maxk == distinctFew - 1);
        bool reduced = false;
        for (const auto& w : f.warnings) reduced = reduced || contains(w, "maxk");
        CHECK(reduced);
        CHECK(allFinite(f.perRow(f.density.logRho)));
    }

    // the same rows given as a precomputed graph (zero distances inside the table)
    const Analysis g = analyzeGraph(graphOf(x, n, 2, 30), fastParams());
    CHECK(g.duplicates.count == nd);
    CHECK(std::isfinite(g.id.id));
    CHECK(allFinite(g.perRow(g.density.logRho)));
    const auto gl = g.perRow(g.partition.labels);
    Index badG = 0;
    for (Index i = 0; i < n; ++i)
        if (gl[size_t(i)] != gl[size_t(firstRow[size_t(src[size_t(i)])])]) ++badG;
    CHECK(badG == 0);
}

TEST_CASE("analysis: bad input throws Error with a useful message") {
    // all points identical
    std::vector<double> same(size_t(2 * 50), 1.25);
    std::string msg = errorOf([&] { analyze(PointsView(same.data(), 50, 2)); });
    CAPTURE(msg);
    CHECK(contains(msg, "identical"));
    // too few points
    const auto x = threeBlobs(40, 1, BlobOrder::Random);
    msg = errorOf([&] { analyze(PointsView(x.data(), 3, 2)); });
    CHECK(contains(msg, "too few"));
    msg = errorOf([&] { analyze(PointsView(x.data(), 4, 2)); });  // PAk / k* need 5
    CHECK(contains(msg, "too few"));
    CHECK_NOTHROW(analyze(PointsView(x.data(), 5, 2)));
    AnalysisParams knn;
    knn.density.method = DensityMethod::Knn;
    knn.density.k = 10;
    msg = errorOf([&] { analyze(PointsView(x.data(), 10, 2), knn); });  // kNN with k = 10 needs 11
    CHECK(contains(msg, "too few"));
    CHECK_NOTHROW(analyze(PointsView(x.data(), 11, 2), knn));
    // only 3 distinct points among many rows
    std::vector<double> three;
    for (int k = 0; k < 30; ++k) three.insert(three.end(), {double(k % 3), 0.5 * double(k % 3)});
    msg = errorOf([&] { analyze(PointsView(three.data(), 30, 2)); });
    CHECK(contains(msg, "too few"));
    // maxk >= N
    AnalysisParams big;
    big.neighbours.maxk = 40;
    CHECK_THROWS_AS(analyze(PointsView(x.data(), 40, 2), big), Error);
    big.neighbours.maxk = 39;
    CHECK_NOTHROW(analyze(PointsView(x.data(), 40, 2), big));
    // NaN / Inf: the message names the row and the column (1-based)
    auto y = x;
    y[size_t(2 * 17 + 1)] = std::numeric_limits<double>::quiet_NaN();
    msg = errorOf([&] { analyze(PointsView(y.data(), 40, 2)); });
    CHECK(std::regex_search(msg, std::regex("row\\D{0,4}18(\\D|$)")));
    CHECK(std::regex_search(msg, std::regex("column\\D{0,4}2(\\D|$)")));
    y = x;
    y[size_t(2 * 3)] = -std::numeric_limits<double>::infinity();
    msg = errorOf([&] { analyze(PointsView(y.data(), 40, 2)); });
    CHECK(std::regex_search(msg, std::regex("row\\D{0,4}4(\\D|$)")));
    CHECK(std::regex_search(msg, std::regex("column\\D{0,4}1(\\D|$)")));
    // no points
    CHECK_THROWS_AS(analyze(PointsView()), Error);
}

TEST_CASE("analysis: 1-D data works and gives ID about 1") {
    const Index n = 1000;
    Rng r(3);
    std::vector<double> x(static_cast<size_t>(n));
    for (double& v : x) v = r.uniform();
    const Analysis a = analyze(PointsView(x.data(), n, 1), fastParams());
    CHECK(a.d == 1);
    CHECK(a.id.id == doctest::Approx(1.0).epsilon(0.05));
    CHECK(allFinite(a.density.logRho));
    CHECK(allFinite(a.decision.delta));
    CHECK(a.partition.nClusters() >= 1);
    CHECK(a.partition.labels.size() == size_t(n));
    // the uniform density on [0, 1) is 1: with the exact dimension, log ρ ≈ 0 in the bulk (the
    // pipeline measures ρ in the estimated ID, so this uses the density stage directly with d = 1)
    const Density rho = pakDensity(a.graph, 1.0);
    double mean = 0;
    Index cnt = 0;
    for (Index i = 0; i < n; ++i)
        if (x[size_t(i)] > 0.1 && x[size_t(i)] < 0.9) {
            mean += rho.logRho[size_t(i)];
            ++cnt;
        }
    CAPTURE(a.id.id);
    CHECK(std::abs(mean / double(cnt)) < 0.05);
}

TEST_CASE("analysis: constant extra columns do not change the result") {
    const Index n = 800;
    const auto x = threeBlobs(n, 12, BlobOrder::Random);
    std::vector<double> wide4(size_t(4 * n));
    for (Index i = 0; i < n; ++i) {
        wide4[size_t(4 * i)] = 3.75;  // constant column first
        wide4[size_t(4 * i + 1)] = x[size_t(2 * i)];
        wide4[size_t(4 * i + 2)] = -12.5;
        wide4[size_t(4 * i + 3)] = x[size_t(2 * i + 1)];
    }
    const Analysis a = analyze(PointsView(x.data(), n, 2), fastParams());
    const Analysis b = analyze(PointsView(wide4.data(), n, 4), fastParams());
    CHECK(b.d == 4);
    CHECK(b.id.id == doctest::Approx(a.id.id).epsilon(1e-12));
    CHECK(b.partition.labels == a.partition.labels);
    CHECK(b.partition.nClusters() == a.partition.nClusters());
    // Not bitwise: vector units (SSE2 vs AVX-512) reorder Eigen's reductions, so the ID may differ
    // in its last bits; PAk's Newton solve stops when its decrement is below 1e-14 (|ΔF| ~ 1e-7),
    // so two last-bit-different starts end up to ~1e-7 apart. Stated tolerance: 1e-6.
    Index bad = 0;
    double worst = 0;
    for (Index i = 0; i < n; ++i) {
        const double diff = std::abs(b.density.logRho[size_t(i)] - a.density.logRho[size_t(i)]);
        worst = std::max(worst, diff);
        if (diff > 1e-6) ++bad;
    }
    CAPTURE(worst);
    CHECK(bad == 0);
}

TEST_CASE("analysis: analyzeGraph of the neighbour graph equals analyze of the points") {
    const Index n = 1000;
    const auto x = threeBlobs(n, 13, BlobOrder::Random);
    AnalysisParams p = fastParams();
    p.neighbours.maxk = 60;
    const Analysis a = analyze(PointsView(x.data(), n, 2), p);
    const KnnGraph g = graphOf(x, n, 2, 60);
    const Analysis b = analyzeGraph(g, p);
    CHECK(b.d == 0);
    CHECK(b.n == n);
    CHECK(b.id.id == doctest::Approx(a.id.id).epsilon(1e-12));
    CHECK(b.density.logRho == a.density.logRho);
    CHECK(b.partition.labels == a.partition.labels);
    CHECK(b.partition.haloLabels == a.partition.haloLabels);
    CHECK(b.curve.nClusters == a.curve.nClusters);
    // a wider table truncated to the requested maxk gives the same
    const Analysis c = analyzeGraph(graphOf(x, n, 2, 90), p);
    CHECK(c.graph.maxk == 60);
    CHECK(c.partition.labels == a.partition.labels);
    // the table read from a file without the self column
    std::vector<double> dist;
    std::vector<int32_t> idx;
    for (Index i = 0; i < n; ++i)
        for (Index j = 1; j <= 60; ++j) {
            dist.push_back(g.dist(i, j));
            idx.push_back(g.index(i, j));
        }
    const Analysis d = analyzeGraph(graphFromTable(dist.data(), idx.data(), n, 60), p);
    CHECK(d.density.logRho == a.density.logRho);
    CHECK(d.partition.labels == a.partition.labels);
}

TEST_CASE("analysis: analysisToJson is valid JSON with the schema's keys") {
    const Index n = 600;
    const auto x = threeBlobs(n, 14, BlobOrder::Random);
    const Analysis a = analyze(PointsView(x.data(), n, 2), fastParams());
    const std::string js = analysisToJson(a);
    JsonCheck check(js);
    CHECK(check.document());
    for (const char* key :
         {"\"n\":", "\"d\":", "\"maxk\":", "\"warnings\":[", "\"duplicates\":", "\"id\":{", "\"value\":", "\"error\":",
          "\"scale\":", "\"density\":{", "\"method\":\"pak\"", "\"log_density\":[", "\"log_density_error\":[",
          "\"kstar\":[", "\"adp\":{", "\"Z\":", "\"n_clusters\":", "\"labels\":[", "\"halo_labels\":[", "\"centers\":[",
          "\"saddles\":[", "\"merge_z\":[", "\"z\":", "\"hierarchy\":{", "\"decision_graph\":{", "\"delta\":[",
          "\"timings_s\":{", "\"neighbours\":", "\"adp\":"}) {
        CAPTURE(key);
        CHECK(js.find(key) != std::string::npos);
    }
    CHECK(js.find("\"n\":600") != std::string::npos);
    CHECK(js.find("\"d\":2") != std::string::npos);
    CHECK(js.find("\"n_clusters\":" + std::to_string(a.partition.nClusters())) != std::string::npos);
    // per-point arrays have n entries
    CHECK(countElements(arrayAfter(js, "labels")) == n);
    CHECK(countElements(arrayAfter(js, "halo_labels")) == n);
    CHECK(countElements(arrayAfter(js, "log_density")) == n);
    CHECK(countElements(arrayAfter(js, "log_density_error")) == n);
    CHECK(countElements(arrayAfter(js, "kstar")) == n);
    CHECK(countElements(arrayAfter(js, "delta")) == n);
    CHECK(countElements(arrayAfter(js, "centers")) == a.partition.nClusters());
    // everything is finite here but the merge_z of joins whose groups never merge (null): no other
    // null, no NaN/Inf spelled out
    Index never = 0;
    for (const auto& m : a.hierarchy.merges) never += std::isinf(m.mergeZ) ? 1 : 0;
    CHECK(countOccurrences(js, "null") == never);
    CHECK(countOccurrences(js, "\"merge_z\":null") == never);
    CHECK_FALSE(std::regex_search(js, std::regex("[:,\\[]-?(nan|NaN|inf|Inf|infinity)")));

    // graph input with a small maxk: δ beyond the table is NaN → null, and only there
    AnalysisParams p = fastParams();
    p.density.method = DensityMethod::KstarNN;
    const Analysis b = analyzeGraph(graphOf(x, n, 2, 8), p);
    const std::string jb = analysisToJson(b);
    CHECK(JsonCheck(jb).document());
    Index nanDelta = 0;
    for (double v : b.perRow(b.decision.delta)) nanDelta += std::isnan(v) ? 1 : 0;
    CHECK(nanDelta > 0);
    const std::string deltas = arrayAfter(jb, "delta", jb.find("\"decision_graph\""));
    CHECK(countOccurrences(deltas, "null") == nanDelta);
    Index neverB = 0;
    for (const auto& m : b.hierarchy.merges) neverB += std::isinf(m.mergeZ) ? 1 : 0;
    CHECK(countOccurrences(jb, "null") == nanDelta + neverB);
    CHECK(jb.find("\"d\":0") != std::string::npos);

    // without per-point arrays: no labels, still valid
    ReportOptions o;
    o.perPointArrays = false;
    const std::string small = analysisToJson(a, o);
    CHECK(JsonCheck(small).document());
    CHECK(small.find("\"labels\"") == std::string::npos);
    CHECK(small.find("\"n_clusters\"") != std::string::npos);

    // warnings with quotes and newlines are escaped
    Analysis w = a;
    w.warnings.push_back("a \"quoted\" word\nand a backslash \\ here");
    CHECK(JsonCheck(analysisToJson(w)).document());
}

TEST_CASE("analysis: reanalyze with new density parameters equals a fresh analysis") {
    const Index n = 1200;
    const auto x = blobsWithCopies(n, 21, 40);  // some exact copies: the duplicate mapping must carry over
    const PointsView v(x.data(), n, 2);
    AnalysisParams p = fastParams();
    p.neighbours.maxk = 50;
    const Analysis base = analyze(v, p);
    REQUIRE(base.duplicates.count == 40);
    for (DensityMethod m : {DensityMethod::Knn, DensityMethod::KstarNN, DensityMethod::PAk}) {
        AnalysisParams q = p;
        q.density.method = m;
        q.density.k = 17;
        q.Z = 2.5;
        std::vector<std::pair<const char*, double>> stages;
        q.progress = [&](const char* s, double f) { stages.push_back({s, f}); };
        const Analysis fresh = analyze(v, q);
        const Analysis re = reanalyze(base, v, q);
        checkSameAnalysis(re, fresh);
        // progress: the neighbour stage ends at 1, then the named later stages follow
        REQUIRE(!stages.empty());
        CHECK(std::string(stages.front().first) == "neighbours");
        CHECK(std::any_of(stages.begin(), stages.end(), [](auto& s) { return std::string(s.first) == "density"; }));
    }
    // a base from other points is refused
    const auto y = threeBlobs(n - 1, 3, BlobOrder::Random);
    CHECK_THROWS_AS(reanalyze(base, PointsView(y.data(), n - 1, 2), p), Error);
}

TEST_CASE("analysis: analysisToJson reports a merge kept apart from the analysis (the app's Z) as remergeAtZ would") {
    const Index n = 600;
    const auto x = threeBlobs(n, 14, BlobOrder::Random);
    const Analysis a = analyze(PointsView(x.data(), n, 2), fastParams());
    for (const double z : {0.0, 0.4, a.partition.Z, 5.0}) {
        CAPTURE(z);
        Analysis copy = a;  // the old way: a whole copy re-merged
        remergeAtZ(copy, z);
        Partition p = mergeAtZ(a.topography, a.density, z);
        Dendrogram h = peakHierarchy(p);
        labelJoins(h, a.topography, p, a.curve);
        ReportOptions o;
        o.partition = &p;
        o.hierarchy = &h;
        CHECK(analysisToJson(a, o) == analysisToJson(copy));  // the analysis itself is not changed
    }
    ReportOptions half;  // one without the other: the analysis's own merge
    Partition p = mergeAtZ(a.topography, a.density, 0.0);
    half.partition = &p;
    CHECK(analysisToJson(a, half) == analysisToJson(a));
}

TEST_CASE("analysis: StagedAnalysis asks for each per-point stage in turn and, supplied from slices, equals analyze()") {
    // the web worker's path (worker/main.cpp): the graphs assembled from slices of rows as a pool
    // merges them, the density supplied by the caller; with copies the distinct points are searched too
    const Index n = 1500;
    const auto x = blobsWithCopies(n, 31, 60);
    const PointsView v(x.data(), n, 2);
    AnalysisParams p = fastParams();
    p.neighbours.maxk = 40;
    const Analysis whole = analyze(v, p);
    REQUIRE(whole.duplicates.count == 60);

    StagedAnalysis s(v, p);
    std::vector<Index> graphRows;
    int densities = 0;
    for (auto need = s.next(); !std::holds_alternative<StagedAnalysis::Done>(need); need = s.next()) {
        if (const auto* g = std::get_if<StagedAnalysis::NeedGraph>(&need)) {
            // the same need until it is supplied; a density out of turn is refused
            CHECK(std::get<StagedAnalysis::NeedGraph>(s.next()).points.n() == g->points.n());
            CHECK_THROWS_AS(s.supply(Density{}), Error);
            graphRows.push_back(g->points.n());
            const NeighbourSearch search(g->points, g->params);
            KnnGraph graph;
            graph.n = g->points.n();
            graph.maxk = search.maxk();
            graph.distances.assign(size_t(graph.n * (graph.maxk + 1)), 0.0);
            graph.indices.assign(size_t(graph.n * (graph.maxk + 1)), 0);
            for (Index b = 0; b < graph.n; b += 7 * NeighbourSearch::kSliceAlign)
                placeRows(graph, search.rows(b, std::min(graph.n, b + 7 * NeighbourSearch::kSliceAlign)));
            s.supply(std::move(graph));
        } else if (const auto* d = std::get_if<StagedAnalysis::NeedDensity>(&need)) {
            ++densities;
            CHECK(d->id == whole.id.id);
            CHECK_THROWS_AS(s.supply(KnnGraph{}), Error);
            s.supply(estimateDensity(*d->graph, d->id, d->params));
        }
    }
    CHECK(graphRows == std::vector<Index>{n, n - 60});
    CHECK(densities == 1);
    const Analysis staged = s.take();
    CHECK(staged.graph.distances == whole.graph.distances);
    CHECK(staged.graph.indices == whole.graph.indices);
    checkSameAnalysis(staged, whole);

    // from a base analysis (the app's new density settings): the density is the only need
    AnalysisParams q = p;
    q.density.method = DensityMethod::KstarNN;
    StagedAnalysis re(whole, v, q);
    REQUIRE(std::holds_alternative<StagedAnalysis::NeedDensity>(re.next()));
    CHECK_THROWS_AS(re.take(), Error);
    const auto need = std::get<StagedAnalysis::NeedDensity>(re.next());
    re.supply(estimateDensity(*need.graph, need.id, need.params));
    CHECK(std::holds_alternative<StagedAnalysis::Done>(re.next()));
    CHECK(re.take().partition.labels == reanalyze(whole, v, q).partition.labels);
}
