// What the host emulations of the tensor-op CUDA kernels share (test/native/emulate_*.cpp): the
// tally of cases, guarded output buffers, random inputs and comparisons.
#pragma once
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <random>
#include <string>
#include <type_traits>
#include <vector>

#include "../../native/core/error.h"
#include "../../native/core/tensor.h"

namespace mssar::emulation {

struct Tally {
  int cases = 0, failures = 0;
};

inline Tally& tally() {
  static Tally t;
  return t;
}

inline void report(bool ok, const std::string& what) {
  ++tally().cases;
  if (!ok) {
    ++tally().failures;
    std::printf("FAIL %s\n", what.c_str());
  }
}

// What an output buffer holds before a program runs: NaN for floats, an unlikely value otherwise.
template <class T>
T sentinel() {
  if constexpr (std::is_floating_point_v<T>) return T(NAN);
  if constexpr (sizeof(T) == 1) return T(0xa5);
  return T(0x7eadbeef);
}

template <class T>
bool same_bits(T a, T b) {
  return std::memcmp(&a, &b, sizeof(T)) == 0;
}

constexpr size_t kGuard = 64;

// n elements, all `fill` (the sentinel unless a kernel expects a zeroed output), between guard
// zones of sentinels; a write outside the n elements shows in guards_intact(). Bools are held as
// bytes, so that their sentinel (0xa5) is neither false nor true.
template <class T>
struct Guarded {
  using Cell = std::conditional_t<std::is_same_v<T, bool>, uint8_t, T>;
  std::vector<Cell> all;
  size_t n;
  explicit Guarded(size_t size) : all(size + 2 * kGuard, sentinel<Cell>()), n(size) {}
  Guarded(size_t size, T fill) : Guarded(size) {
    for (size_t i = 0; i < n; ++i) std::memcpy(&all[kGuard + i], &fill, sizeof(T));
  }
  T* data() { return reinterpret_cast<T*>(all.data() + kGuard); }
  bool guards_intact() const {
    for (size_t i = 0; i < kGuard; ++i)
      if (!same_bits(all[i], sentinel<Cell>()) || !same_bits(all[kGuard + n + i], sentinel<Cell>())) return false;
    return true;
  }
};

// A plain CPU tensor of random values: floats in [-1, 1), integers in [-1000, 1000], bools.
// `levels` > 0 draws floats from that many distinct values (ties for max and min).
inline Tensor random_tensor(const Shape& shape, DType dtype, std::mt19937& rng, int levels = 0) {
  Tensor t = Tensor::empty(shape, dtype, Device::CPU);
  std::uniform_real_distribution<double> u(-1, 1);
  std::uniform_int_distribution<int32_t> ui(-1000, 1000), ul(0, levels > 0 ? levels - 1 : 0), ub(0, 1);
  for (int64_t i = 0; i < t.numel(); ++i) {
    const double v = levels > 0 ? double(ul(rng)) - levels / 2 : u(rng);
    switch (dtype) {
      case DType::Float32: t.data<float>()[i] = float(v); break;
      case DType::Float64: t.data<double>()[i] = v; break;
      case DType::Int32: t.data<int32_t>()[i] = levels > 0 ? int32_t(v) : ui(rng); break;
      case DType::Int64: t.data<int64_t>()[i] = levels > 0 ? int64_t(v) : ui(rng); break;
      case DType::Bool: t.data<uint8_t>()[i] = uint8_t(ub(rng)); break;
    }
  }
  return t;
}

// The first of n elements that differs bitwise from `want`, or n.
template <class T>
size_t first_bit_difference(const T* got, const T* want, size_t n) {
  for (size_t i = 0; i < n; ++i)
    if (!same_bits(got[i], want[i])) return i;
  return n;
}

// The first of n elements farther than tol * (1 + |want|) from `want` (NaN only matches NaN, an
// infinity only itself), or n.
template <class T>
size_t first_difference(const T* got, const T* want, size_t n, double tol) {
  for (size_t i = 0; i < n; ++i) {
    const double g = double(got[i]), w = double(want[i]);
    const bool ok = std::isnan(w) ? std::isnan(g) : std::isinf(w) ? g == w : std::fabs(g - w) <= tol * (1 + std::fabs(w));
    if (!ok) return i;
  }
  return n;
}

// " at element i" when i < n: where a case failed.
inline std::string at_element(size_t i, size_t n) { return i < n ? cat(": element ", i) : ""; }

}  // namespace mssar::emulation

namespace mssar::emulation {

// The groups of cases, one per file.
void copy_cases();         // emulate_copies.cpp
void reduction_cases();    // emulate_reductions.cpp
void row_cases();          // emulate_rows.cpp
void elementwise_cases();  // emulate_elementwise.cpp
void create_cases();       // emulate_create.cpp
void concat_cases();       // emulate_concat.cpp
void sgd_step_cases();     // emulate_sgd_step.cpp
void dropout_cases();      // emulate_dropout.cpp
void channel_op_cases();   // emulate_channel_ops.cpp

}  // namespace mssar::emulation
