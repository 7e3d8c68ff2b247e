// dropout on CUDA: one thread per Philox block (four consecutive elements), the same keep rule and
// the same numbers as the CPU (ops/dropout.h), elementwise over the physical buffer. The
// per-thread programs are in dropout_elements.cuh.
#include <cstdint>

#include "../core/dtype_dispatch.h"
#include "../ops/dropout.h"
#include "context.h"
#include "dropout_elements.cuh"

namespace mssar::cuda {

namespace {

template <class T>
__global__ void dropout_forward_kernel(T* y, T* mask, const T* x, long long n, long long blocks, double p, T scale,
                                       unsigned long long seed, unsigned long long offset) {
  for (long long blk = blockIdx.x * (long long)blockDim.x + threadIdx.x; blk < blocks;
       blk += (long long)gridDim.x * blockDim.x) {
    dropout_forward_block(y, mask, x, n, p, scale, seed, offset, blk);
  }
}

template <class T>
__global__ void dropout_backward_kernel(T* dx, const T* dy, const T* mask, long long n) {
  for (long long i = blockIdx.x * (long long)blockDim.x + threadIdx.x; i < n; i += (long long)gridDim.x * blockDim.x)
    dropout_backward_element(dx, dy, mask, i);
}

}  // namespace

void dropout_forward(Tensor& y, Tensor& mask, const Tensor& x, double p, uint64_t seed, uint64_t offset) {
  const long long n = physical_numel(x.shape(), x.layout());
  if (n == 0) return;
  const long long blocks = (long long)philox_blocks(uint64_t(n));
  dispatch_float(x.dtype(), "dropout", [&](auto tag_) {
    using scalar_t = decltype(tag_);
    dropout_forward_kernel<scalar_t><<<grid_for(blocks), 256, 0, stream()>>>(
        y.data<scalar_t>(), mask.data<scalar_t>(), x.data<scalar_t>(), n, blocks, p, scalar_t(1 / (1 - p)), seed, offset);
  });
  MSSAR_CUDA_LAUNCHED("dropout");
}

void dropout_backward(Tensor& dx, const Tensor& dy, const Tensor& mask) {
  const long long n = physical_numel(dy.shape(), dy.layout());
  if (n == 0) return;
  dispatch_float(dy.dtype(), "dropout backward", [&](auto tag_) {
    using scalar_t = decltype(tag_);
    dropout_backward_kernel<scalar_t><<<grid_for(n), 256, 0, stream()>>>(dx.data<scalar_t>(), dy.data<scalar_t>(),
                                                                         mask.data<scalar_t>(), n);
  });
  MSSAR_CUDA_LAUNCHED("dropout backward");
}

}  // namespace mssar::cuda

namespace mssar {
MSSAR_REGISTER_KERNEL(dropout_forward, CUDA, cuda::dropout_forward)
MSSAR_REGISTER_KERNEL(dropout_backward, CUDA, cuda::dropout_backward)
}  // namespace mssar
