// sigmoid on CUDA: elementwise over the physical buffer (any layout), exp(-|x|) so nothing
// overflows; the per-element programs are in channel_elements.cuh.
#include "../core/dtype_dispatch.h"
#include "../ops/sigmoid.h"
#include "channel_elements.cuh"
#include "context.h"

namespace mssar::cuda {

namespace {

template <class T>
__global__ void sigmoid_forward_kernel(T* y, const T* x, long long n) {
  for (long long i = blockIdx.x * (long long)blockDim.x + threadIdx.x; i < n; i += (long long)gridDim.x * blockDim.x) {
    sigmoid_forward_element(y, x, i);
  }
}

template <class T>
__global__ void sigmoid_backward_kernel(T* dx, const T* dy, const T* y, long long n) {
  for (long long i = blockIdx.x * (long long)blockDim.x + threadIdx.x; i < n; i += (long long)gridDim.x * blockDim.x)
    sigmoid_backward_element(dx, dy, y, i);
}

}  // namespace

void sigmoid_forward(Tensor& y, const Tensor& x) {
  const long long n = physical_numel(x.shape(), x.layout());
  dispatch_float(x.dtype(), "sigmoid", [&](auto tag_) {
    using scalar_t = decltype(tag_);
    sigmoid_forward_kernel<<<grid_for(n), 256, 0, stream()>>>(y.data<scalar_t>(), x.data<scalar_t>(), n);
  });
  MSSAR_CUDA_LAUNCHED("sigmoid");
}

void sigmoid_backward(Tensor& dx, const Tensor& dy, const Tensor& y) {
  const long long n = physical_numel(y.shape(), y.layout());
  dispatch_float(y.dtype(), "sigmoid backward", [&](auto tag_) {
    using scalar_t = decltype(tag_);
    sigmoid_backward_kernel<<<grid_for(n), 256, 0, stream()>>>(dx.data<scalar_t>(), dy.data<scalar_t>(),
                                                               y.data<scalar_t>(), n);
  });
  MSSAR_CUDA_LAUNCHED("sigmoid backward");
}

}  // namespace mssar::cuda

namespace mssar {
MSSAR_REGISTER_KERNEL(sigmoid_forward, CUDA, cuda::sigmoid_forward)
MSSAR_REGISTER_KERNEL(sigmoid_backward, CUDA, cuda::sigmoid_backward)
}  // namespace mssar
