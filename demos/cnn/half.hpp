// IEEE 754 binary16 ("float16", numpy '<f2') conversion for the Tutorial 2 export.
// Round-to-nearest-even from double directly (no double rounding through float), subnormals kept.
// Sections: toHalf · halfToDouble · positive distances (a distinct point never gets distance 0)
// Example: uint16_t h = toHalf(0.1);  double back = halfToDouble(h);  // 0.0999755859375
#pragma once
#include <cmath>
#include <cstdint>

namespace peakscope::cnn {

// Largest finite half (65504) and smallest positive (subnormal) half 2^-24.
constexpr double kHalfMax = 65504.0;
constexpr std::uint16_t kHalfMinPositive = 0x0001;

// Nearest binary16 of v (ties to even); |v| beyond the range gives ±infinity, NaN gives a NaN.
inline std::uint16_t toHalf(double v) {
    std::uint16_t sign = std::signbit(v) ? 0x8000 : 0;
    double a = std::fabs(v);
    if (std::isnan(v)) return 0x7E00;
    if (a == 0) return sign;
    int e;
    std::frexp(a, &e);           // a = m·2^e, m in [0.5, 1)
    int exp = e - 1;             // a = 1.f·2^exp
    if (exp < -14) exp = -14;    // subnormal range: fixed quantum 2^-24
    const double quantum = std::ldexp(1.0, exp - 10);
    double q = std::nearbyint(a / quantum);  // exact division by a power of two; default mode: ties to even
    // q counts quanta: for normals q in [1024, 2048] (2048 = carry into the next binade).
    std::uint32_t bits;
    if (exp == -14 && q < 1024) {
        bits = std::uint32_t(q);  // subnormal (or carried into the smallest normal when q == 1024)
    } else {
        if (q >= 2048) { q /= 2; ++exp; }
        if (exp > 15) return sign | 0x7C00;  // overflow → infinity
        bits = (std::uint32_t(exp + 15) << 10) | (std::uint32_t(q) - 1024);
    }
    return std::uint16_t(sign | bits);
}

inline double halfToDouble(std::uint16_t h) {
    const int exp = (h >> 10) & 0x1F, mant = h & 0x3FF;
    double v;
    if (exp == 0) v = std::ldexp(double(mant), -24);
    else if (exp == 31) v = mant ? NAN : INFINITY;
    else v = std::ldexp(double(mant | 0x400), exp - 25);
    return (h & 0x8000) ? -v : v;
}

// A distance as float16: a positive distance that rounds to 0 becomes the smallest positive half,
// so distinct points never look like exact duplicates (0 stays 0).
inline std::uint16_t distanceToHalf(double d) {
    std::uint16_t h = toHalf(d);
    if (d > 0 && h == 0) h = kHalfMinPositive;
    return h;
}

}  // namespace peakscope::cnn
