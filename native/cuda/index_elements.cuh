// The per-element programs of the CUDA gather, indexSelect and maskedFill kernels (gather.cu,
// index_select.cu, masked_fill.cu), host and device code: the kernels run them one thread per
// output element, and the host emulation test (test/native/emulate_copies.cpp) runs them on every
// element against the CPU kernels. The backward adds into dx atomically on the device (repeated
// indices); on the host the same add is a plain one.
#pragma once
#include "../core/index_values.h"
#include "../ops/index_geometry.h"

#ifdef __CUDACC__
#define MSSAR_INDEX_ELEMENT_HD __host__ __device__ __forceinline__
#else
#define MSSAR_INDEX_ELEMENT_HD inline
#endif

namespace mssar::cuda {

template <class T>
MSSAR_INDEX_ELEMENT_HD void add_into(T* p, T v) {
#ifdef __CUDA_ARCH__
  atomicAdd(p, v);
#else
  *p += v;
#endif
}

// The x offset output element `lin` reads: gather takes its index at lin, indexSelect at lin's
// position along dim.
template <bool Gather>
MSSAR_INDEX_ELEMENT_HD long long index_source(const void* index, DType dt, const IndexGeometry& g, long long lin) {
  return index_x_offset(g, lin, index_at(index, dt, Gather ? lin : (lin / g.inner) % g.len));
}

template <bool Gather, class T>
MSSAR_INDEX_ELEMENT_HD void index_forward_element(T* y, const T* x, const void* index, DType dt, const IndexGeometry& g,
                                                  long long lin) {
  y[lin] = x[index_source<Gather>(index, dt, g, lin)];
}

template <bool Gather, class T>
MSSAR_INDEX_ELEMENT_HD void index_backward_element(T* dx, const T* dy, const void* index, DType dt,
                                                   const IndexGeometry& g, long long lin) {
  add_into(dx + index_source<Gather>(index, dt, g, lin), dy[lin]);
}

template <class T>
MSSAR_INDEX_ELEMENT_HD void masked_fill_element(T* y, const T* x, const void* mask, DType dt, T value, long long i) {
  y[i] = mask_at(mask, dt, i) ? value : x[i];
}

}  // namespace mssar::cuda
