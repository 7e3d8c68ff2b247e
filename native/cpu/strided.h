// The CPU's gather and scatter through a StridedMap (native/ops/strided.h): rows of the output's
// last dim in parallel, elements copied by their size.
#pragma once
#include <cstdint>
#include <cstring>

#include "../core/error.h"
#include "../core/parallel.h"
#include "../ops/strided.h"

namespace mssar::cpu {

namespace strided_detail {

template <class E, bool Scatter>
void run(E* out, E* in, const StridedMap& m, int64_t n) {
  const int64_t inner = m.ndim > 0 ? m.size[m.ndim - 1] : 1;
  const int64_t step = m.ndim > 0 ? m.stride[m.ndim - 1] : 0;
  const int64_t rows = inner == 0 ? 0 : n / inner;
  parallel_for(rows, std::max<int64_t>(1, 4096 / std::max<int64_t>(inner, 1)), [&](int64_t r0, int64_t r1) {
    for (int64_t r = r0; r < r1; ++r) {
      const int64_t base = strided_offset(m, r * inner);
      E* o = out + r * inner;
      if (Scatter) {
        for (int64_t j = 0; j < inner; ++j) in[base + j * step] = o[j];
      } else {
        for (int64_t j = 0; j < inner; ++j) o[j] = in[base + j * step];
      }
    }
  });
}

template <bool Scatter>
void dispatch_size(void* out, void* in, const StridedMap& m, int64_t n, size_t elem) {
  switch (elem) {
    case 1: return run<uint8_t, Scatter>(static_cast<uint8_t*>(out), static_cast<uint8_t*>(in), m, n);
    case 2: return run<uint16_t, Scatter>(static_cast<uint16_t*>(out), static_cast<uint16_t*>(in), m, n);
    case 4: return run<uint32_t, Scatter>(static_cast<uint32_t*>(out), static_cast<uint32_t*>(in), m, n);
    case 8: return run<uint64_t, Scatter>(static_cast<uint64_t*>(out), static_cast<uint64_t*>(in), m, n);
    default: fail("strided copy: unsupported element size ", elem);
  }
}

}  // namespace strided_detail

// y[i] = x[map(i)] for the y.numel() elements of y.
inline void strided_gather(Tensor& y, const Tensor& x, const StridedMap& m) {
  strided_detail::dispatch_size<false>(y.raw(), x.raw(), m, y.numel(), dtype_size(y.dtype()));
}

// x[map(i)] = y[i] (an injective map: slices and permutations).
inline void strided_scatter(const Tensor& x, const Tensor& y, const StridedMap& m) {
  strided_detail::dispatch_size<true>(y.raw(), x.raw(), m, y.numel(), dtype_size(y.dtype()));
}

}  // namespace mssar::cpu
