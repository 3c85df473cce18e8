// PeakScope Tutorial 1: the tables at Z. See at_z.hpp.
#include "parts/peaks/at_z.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace peakscope::web::peaks {

PeakRows rowsPerPeak(const ZState& z) {
    const std::size_t m = std::size_t(z.partition.nClusters());
    PeakRows r;
    r.rows.assign(m, 0);
    r.halo.assign(m, 0);
    for (std::size_t i = 0; i < z.rowLabels.size(); ++i) {
        const int32_t l = z.rowLabels[i];
        if (l < 0 || std::size_t(l) >= m) continue;
        ++r.rows[std::size_t(l)];
        if (i < z.rowHalo.size() && z.rowHalo[i] < 0) ++r.halo[std::size_t(l)];
    }
    return r;
}

SaddlesByMerge saddlesByMerge(const Partition& p) {
    SaddlesByMerge s;
    s.margin.resize(p.saddles.size());
    for (std::size_t i = 0; i < s.margin.size(); ++i) s.margin[i] = mergeZ(p, p.saddles[i]);
    s.order.resize(s.margin.size());
    std::iota(s.order.begin(), s.order.end(), std::size_t(0));
    std::stable_sort(s.order.begin(), s.order.end(),
                     [&](std::size_t x, std::size_t y) { return s.margin[x] < s.margin[y]; });
    return s;
}

std::pair<double, double> robustRange(const std::vector<double>& values) {
    std::vector<double> v;
    v.reserve(values.size());
    for (double x : values)
        if (std::isfinite(x)) v.push_back(x);
    if (v.empty()) return {0, 1};
    std::sort(v.begin(), v.end());
    return {v[std::size_t(0.01 * double(v.size() - 1))], v[std::size_t(0.99 * double(v.size() - 1))]};
}

}  // namespace peakscope::web::peaks
