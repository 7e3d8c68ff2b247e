// add_relu on CUDA: elementwise over the physical buffer (a and b share a layout); the per-element
// program is in channel_elements.cuh.
#include "../core/dtype_dispatch.h"
#include "../ops/add_relu.h"
#include "channel_elements.cuh"
#include "context.h"

namespace mssar::cuda {

namespace {

template <class T>
__global__ void add_relu_forward_kernel(T* y, const T* a, const T* b, long long n) {
  for (long long i = blockIdx.x * (long long)blockDim.x + threadIdx.x; i < n; i += (long long)gridDim.x * blockDim.x) {
    add_relu_forward_element(y, a, b, i);
  }
}

}  // namespace

void add_relu_forward(Tensor& y, const Tensor& a, const Tensor& b) {
  const long long n = physical_numel(a.shape(), a.layout());
  if (n == 0) return;
  dispatch_float(a.dtype(), "addRelu", [&](auto tag_) {
    using scalar_t = decltype(tag_);
    add_relu_forward_kernel<<<grid_for(n), 256, 0, stream()>>>(y.data<scalar_t>(), a.data<scalar_t>(),
                                                               b.data<scalar_t>(), n);
  });
  MSSAR_CUDA_LAUNCHED("addRelu");
}

}  // namespace mssar::cuda

namespace mssar {
MSSAR_REGISTER_KERNEL(add_relu_forward, CUDA, cuda::add_relu_forward)
}  // namespace mssar
