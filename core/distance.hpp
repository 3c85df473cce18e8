// Euclidean distance that neither overflows nor underflows: the one exact distance of core/.
// Σ t² in a fixed order (both kNN back-ends and every exact scan give bit-identical values); when
// that sum could have lost its terms (above ~1e308 or below 2⁻⁹⁰⁰) the differences are rescaled
// by a power of two first (exact), as LAPACK's dnrm2 does. Zero only for identical rows.
// Example: double r = euclidean(x.row(i).data(), x.row(j).data(), d);
#pragma once
#include <algorithm>
#include <cmath>

#include "core/types.hpp"

namespace peakscope {

namespace detail {
template <class Diff>
inline double euclideanOf(Index d, Diff diff) {
    double s = 0;
    for (Index k = 0; k < d; ++k) {
        const double t = diff(k);
        s += t * t;
    }
    if (std::isfinite(s) && s > 0x1p-900) return std::sqrt(s);  // terms lost below are < ulp(s)
    double m = 0;
    for (Index k = 0; k < d; ++k) m = std::max(m, std::abs(diff(k)));
    if (m == 0 || !std::isfinite(m)) return m == 0 ? 0.0 : m;
    const int e = std::ilogb(m);
    s = 0;
    for (Index k = 0; k < d; ++k) {
        const double t = std::ldexp(diff(k), -e);
        s += t * t;
    }
    return std::ldexp(std::sqrt(s), e);  // inf only when the distance exceeds DBL_MAX
}
}  // namespace detail

inline double euclidean(const double* a, const double* b, Index d) {
    return detail::euclideanOf(d, [&](Index k) { return a[k] - b[k]; });
}

inline double euclidean(const PointsView& p, Index a, Index b) {
    return detail::euclideanOf(p.d(), [&](Index k) { return p(a, k) - p(b, k); });
}

}  // namespace peakscope
