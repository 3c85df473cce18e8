// PeakScope core types: point-set views, labels and the one error type.
// Part of core/ (pure C++17). See README.md "Layout".
//   PointsView  — (ptr, n, d, stride) view of float32 or float64 rows; no copy is forced.
//   Error       — every bad-input condition throws this, with a message naming the problem.
// Example: PointsView v(data.data(), n, d);  double x = v(i, j);
#pragma once
#include <cstdint>
#include <functional>
#include <stdexcept>
#include <string>
#include <vector>

// Marks a function that holds one slice of a hot loop. WebAssembly engines (V8) run a function
// first as baseline code and switch to optimised code only at its next call — there is no
// on-stack replacement — so a long loop inlined into a single call stays ~3× slow. Hot loops
// therefore call such a function many times.
#define PEAKSCOPE_HOT_CALL __attribute__((noinline))

namespace peakscope {

using Index = std::int64_t;

// Progress of a long stage: its name and the fraction done in [0, 1]. Called from one thread only,
// often enough for a progress bar (the app's worker forwards it to the page).
using ProgressFn = std::function<void(const char* stage, double fraction)>;

// Bad input or an impossible request. what() is one line meant for the user.
struct Error : std::runtime_error {
    using std::runtime_error::runtime_error;
};

// Row-major view of N points in D dimensions; rows may be strided (stride >= d, in elements).
class PointsView {
public:
    PointsView() = default;
    PointsView(const double* p, Index n, Index d, Index stride = 0)
        : f64_(p), n_(n), d_(d), stride_(stride ? stride : d) {}
    PointsView(const float* p, Index n, Index d, Index stride = 0)
        : f32_(p), n_(n), d_(d), stride_(stride ? stride : d) {}
    Index n() const { return n_; }
    Index d() const { return d_; }
    double operator()(Index i, Index j) const {
        return f64_ ? f64_[i * stride_ + j] : double(f32_[i * stride_ + j]);
    }
    bool empty() const { return n_ == 0 || (!f64_ && !f32_); }

private:
    const double* f64_ = nullptr;
    const float* f32_ = nullptr;
    Index n_ = 0, d_ = 0, stride_ = 0;
};

// Dense row-major matrix owned by value (what the readers return).
struct Matrix {
    Index rows = 0, cols = 0;
    std::vector<double> values;  // rows*cols, row-major
    PointsView view() const { return PointsView(values.data(), rows, cols); }
    double operator()(Index i, Index j) const { return values[i * cols + j]; }
};

}  // namespace peakscope
