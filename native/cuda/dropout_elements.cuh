// The per-thread programs of the CUDA dropout kernels (dropout.cu), host and device code: the
// kernels run them one thread per Philox block (forward) or per element (backward), and the host
// emulation test (test/native/emulate_dropout.cpp) runs them on every block and element against
// the CPU kernels.
#pragma once

#include "../core/philox.h"

#ifdef __CUDACC__
#define MSSAR_DROPOUT_HD __host__ __device__ __forceinline__
#define MSSAR_DROPOUT_UNROLL _Pragma("unroll")
#else
#define MSSAR_DROPOUT_HD inline
#define MSSAR_DROPOUT_UNROLL
#endif

namespace mssar::cuda {

// Philox block blk decides the four elements 4 blk to 4 blk + 3 (those below n): the keep rule of
// ops/dropout.h, factor `scale` (1 / (1 - p)) or 0.
template <class T>
MSSAR_DROPOUT_HD void dropout_forward_block(T* y, T* mask, const T* x, long long n, double p, T scale,
                                            unsigned long long seed, unsigned long long offset, long long blk) {
  const Philox4 r = philox4(seed, offset, (uint64_t)blk);
  MSSAR_DROPOUT_UNROLL
  for (int j = 0; j < 4; ++j) {
    const long long i = blk * 4 + j;
    if (i < n) {
      const T f = uniform_open0(r.v[j]) > p ? scale : T(0);
      mask[i] = f;
      y[i] = x[i] * f;
    }
  }
}

template <class T>
MSSAR_DROPOUT_HD void dropout_backward_element(T* dx, const T* dy, const T* mask, long long i) {
  dx[i] = dy[i] * mask[i];
}

}  // namespace mssar::cuda
