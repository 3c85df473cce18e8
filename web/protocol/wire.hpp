// Byte writer and reader of what crosses between page and worker (little-endian, the layout of the
// wasm heap): plain values as their bytes, vectors and strings as (count, elements). Pure C++ (no
// Emscripten): the native unit tests cover it (tests/web/logic).
// Example: wire::Writer w; w.pod(int32_t(7)); w.str("x");  wire::Reader r{w.out.data(), w.out.size()};
#pragma once
#include <cstdint>
#include <cstring>
#include <string>
#include <type_traits>
#include <vector>

#include "core/types.hpp"

namespace peakscope::web::wire {

struct Writer {
    std::vector<std::uint8_t> out;
    template <class T> void pod(const T& v) {
        static_assert(std::is_trivially_copyable_v<T>);
        const auto* p = reinterpret_cast<const std::uint8_t*>(&v);
        out.insert(out.end(), p, p + sizeof(T));
    }
    template <class T> void vec(const std::vector<T>& v) {
        static_assert(std::is_trivially_copyable_v<T>);
        pod<std::uint64_t>(v.size());
        const auto* p = reinterpret_cast<const std::uint8_t*>(v.data());
        out.insert(out.end(), p, p + v.size() * sizeof(T));
    }
    void str(const std::string& s) {
        pod<std::uint64_t>(s.size());
        out.insert(out.end(), s.begin(), s.end());
    }
    void strs(const std::vector<std::string>& v) {
        pod<std::uint64_t>(v.size());
        for (const auto& s : v) str(s);
    }
    void matrix(const Matrix& m) { pod(m.rows); pod(m.cols); vec(m.values); }
};

// Throws peakscope::Error("<what> is truncated") when the bytes end early.
struct Reader {
    const std::uint8_t* p;
    std::size_t left;
    const char* what = "message";
    void need(std::size_t bytes) {
        if (bytes > left) throw Error(std::string(what) + " is truncated");
    }
    template <class T> void pod(T& v) {
        need(sizeof(T));
        std::memcpy(&v, p, sizeof(T));
        p += sizeof(T);
        left -= sizeof(T);
    }
    template <class T> void vec(std::vector<T>& v) {
        std::uint64_t n = 0;
        pod(n);
        if (n > left / sizeof(T)) throw Error(std::string(what) + " is truncated");
        v.resize(size_t(n));
        if (n) std::memcpy(v.data(), p, size_t(n) * sizeof(T));
        p += n * sizeof(T);
        left -= n * sizeof(T);
    }
    void str(std::string& s) {
        std::uint64_t n = 0;
        pod(n);
        need(size_t(n));
        s.assign(reinterpret_cast<const char*>(p), size_t(n));
        p += n;
        left -= n;
    }
    void strs(std::vector<std::string>& v) {
        std::uint64_t n = 0;
        pod(n);
        if (n > left / sizeof(std::uint64_t)) throw Error(std::string(what) + " is truncated");
        v.resize(size_t(n));
        for (auto& s : v) str(s);
    }
    void matrix(Matrix& m) { pod(m.rows); pod(m.cols); vec(m.values); }
};

}  // namespace peakscope::web::wire
