// The per-element program of the CUDA strided copies (strided.cuh: permute, expand, slice and
// slice's backward), host and device code: the kernel runs it one thread per element of the
// contiguous side, and the host emulation test (test/native/emulate_copies.cpp) runs it on every
// element against the CPU kernels. E is the element's storage type (copied by its size).
#pragma once
#include "../ops/strided.h"

#ifdef __CUDACC__
#define MSSAR_STRIDED_ELEMENT_HD __host__ __device__ __forceinline__
#else
#define MSSAR_STRIDED_ELEMENT_HD inline
#endif

namespace mssar::cuda {

// out[i] = in[map(i)] (Scatter false), or in[map(i)] = out[i] (Scatter true).
template <class E, bool Scatter>
MSSAR_STRIDED_ELEMENT_HD void strided_copy_element(E* out, E* in, const StridedMap& m, long long i) {
  const long long off = strided_offset(m, i);
  if (Scatter) {
    in[off] = out[i];
  } else {
    out[i] = in[off];
  }
}

}  // namespace mssar::cuda
