// relu on CUDA: elementwise over the physical buffer (any layout); the per-element programs are in
// channel_elements.cuh.
#include "../core/dtype_dispatch.h"
#include "../ops/relu.h"
#include "channel_elements.cuh"
#include "context.h"

namespace mssar::cuda {

namespace {

template <class T>
__global__ void relu_forward_kernel(T* y, const T* x, long long n) {
  for (long long i = blockIdx.x * (long long)blockDim.x + threadIdx.x; i < n; i += (long long)gridDim.x * blockDim.x)
    relu_forward_element(y, x, i);
}

template <class T>
__global__ void relu_backward_kernel(T* dx, const T* dy, const T* y, long long n) {
  for (long long i = blockIdx.x * (long long)blockDim.x + threadIdx.x; i < n; i += (long long)gridDim.x * blockDim.x)
    relu_backward_element(dx, dy, y, i);
}

}  // namespace

void relu_forward(Tensor& y, const Tensor& x) {
  const long long n = physical_numel(x.shape(), x.layout());
  if (n == 0) return;
  dispatch_float(x.dtype(), "relu", [&](auto tag_) {
    using scalar_t = decltype(tag_);
    relu_forward_kernel<<<grid_for(n), 256, 0, stream()>>>(y.data<scalar_t>(), x.data<scalar_t>(), n);
  });
  MSSAR_CUDA_LAUNCHED("relu");
}

void relu_backward(Tensor& dx, const Tensor& dy, const Tensor& y) {
  const long long n = physical_numel(y.shape(), y.layout());
  if (n == 0) return;
  dispatch_float(y.dtype(), "relu backward", [&](auto tag_) {
    using scalar_t = decltype(tag_);
    relu_backward_kernel<<<grid_for(n), 256, 0, stream()>>>(dx.data<scalar_t>(), dy.data<scalar_t>(),
                                                            y.data<scalar_t>(), n);
  });
  MSSAR_CUDA_LAUNCHED("relu backward");
}

}  // namespace mssar::cuda

namespace mssar {
MSSAR_REGISTER_KERNEL(relu_forward, CUDA, cuda::relu_forward)
MSSAR_REGISTER_KERNEL(relu_backward, CUDA, cuda::relu_backward)
}  // namespace mssar
