// CUDA gather and scatter through a StridedMap (native/ops/strided.h): one thread per element
// running strided_copy_element (strided_elements.cuh), elements copied by their size.
#pragma once
#include "context.h"
#include "strided_elements.cuh"

namespace mssar::cuda {

namespace strided_detail {

template <class E, bool Scatter>
__global__ void strided_kernel(E* out, E* in, StridedMap m, long long n) {
  for (long long i = blockIdx.x * (long long)blockDim.x + threadIdx.x; i < n; i += (long long)gridDim.x * blockDim.x)
    strided_copy_element<E, Scatter>(out, in, m, i);
}

template <bool Scatter>
void launch(const char* op, void* out, void* in, const StridedMap& m, long long n, size_t elem) {
  switch (elem) {
    case 1: strided_kernel<unsigned char, Scatter><<<grid_for(n), 256, 0, stream()>>>(static_cast<unsigned char*>(out), static_cast<unsigned char*>(in), m, n); break;
    case 2: strided_kernel<unsigned short, Scatter><<<grid_for(n), 256, 0, stream()>>>(static_cast<unsigned short*>(out), static_cast<unsigned short*>(in), m, n); break;
    case 4: strided_kernel<unsigned int, Scatter><<<grid_for(n), 256, 0, stream()>>>(static_cast<unsigned int*>(out), static_cast<unsigned int*>(in), m, n); break;
    case 8: strided_kernel<unsigned long long, Scatter><<<grid_for(n), 256, 0, stream()>>>(static_cast<unsigned long long*>(out), static_cast<unsigned long long*>(in), m, n); break;
    default: fail(op, ": unsupported element size ", elem);
  }
  MSSAR_CUDA_LAUNCHED(op);
}

}  // namespace strided_detail

inline void strided_gather(const char* op, Tensor& y, const Tensor& x, const StridedMap& m) {
  strided_detail::launch<false>(op, y.raw(), x.raw(), m, y.numel(), dtype_size(y.dtype()));
}

inline void strided_scatter(const char* op, const Tensor& x, const Tensor& y, const StridedMap& m) {
  strided_detail::launch<true>(op, y.raw(), x.raw(), m, y.numel(), dtype_size(y.dtype()));
}

}  // namespace mssar::cuda
