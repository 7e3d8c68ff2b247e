// The per-element programs of the CUDA kernels that make tensors (create.cu): fill, the Philox
// streams, casts and accumulation. The kernels run them one thread per element, and the host
// emulation test (test/native/emulate_create.cpp) runs them on every element against the CPU
// kernels.
#pragma once
#include <stdint.h>

#include "../core/philox.h"

#ifdef __CUDACC__
#define MSSAR_CREATE_ELEMENT_HD __host__ __device__ __forceinline__
#else
#define MSSAR_CREATE_ELEMENT_HD inline
#endif

namespace mssar::cuda {

template <class T>
MSSAR_CREATE_ELEMENT_HD void fill_element(T* out, T value, long long i) {
  out[i] = value;
}

// Element i of the uniform stream on [low, high) (1 - u, u in (0, 1]: low is reachable, high not).
template <class T>
MSSAR_CREATE_ELEMENT_HD void uniform_element(T* out, unsigned long long seed, unsigned long long offset, double low,
                                             double high, long long i) {
  out[i] = T(low + (high - low) * (1.0 - philox_uniform(seed, offset, (uint64_t)i)));
}

template <class T>
MSSAR_CREATE_ELEMENT_HD void normal_element(T* out, unsigned long long seed, unsigned long long offset, double mean,
                                            double stddev, long long i) {
  out[i] = T(mean + stddev * philox_normal(seed, offset, (uint64_t)i));
}

template <class O, class I>
MSSAR_CREATE_ELEMENT_HD void cast_element(O* out, const I* in, long long i) {
  out[i] = O(in[i]);
}

template <class T>
MSSAR_CREATE_ELEMENT_HD void accumulate_element(T* dst, const T* src, long long i) {
  dst[i] += src[i];
}

}  // namespace mssar::cuda
