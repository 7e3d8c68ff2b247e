// gather on CUDA: one thread per output element; the backward adds atomically (repeated indices).
#include "../core/dtype_dispatch.h"
#include "../ops/gather.h"
#include "context.h"
#include "index_elements.cuh"

namespace mssar::cuda {

namespace {

template <class T>
__global__ void forward_kernel(T* y, const T* x, const void* index, DType dt, IndexGeometry g, long long n) {
  for (long long lin = blockIdx.x * (long long)blockDim.x + threadIdx.x; lin < n; lin += (long long)gridDim.x * blockDim.x)
    index_forward_element<true>(y, x, index, dt, g, lin);
}

template <class T>
__global__ void backward_kernel(T* dx, const T* dy, const void* index, DType dt, IndexGeometry g, long long n) {
  for (long long lin = blockIdx.x * (long long)blockDim.x + threadIdx.x; lin < n; lin += (long long)gridDim.x * blockDim.x)
    index_backward_element<true>(dx, dy, index, dt, g, lin);
}

}  // namespace

void gather_forward(Tensor& y, const Tensor& x, const Tensor& index, const IndexGeometry& g) {
  const long long n = y.numel();
  dispatch_float(x.dtype(), "gather", [&](auto tag_) {
    using T = decltype(tag_);
    forward_kernel<<<grid_for(n), 256, 0, stream()>>>(y.data<T>(), x.data<T>(), index.raw(), index.dtype(), g, n);
  });
  MSSAR_CUDA_LAUNCHED("gather");
}

void gather_backward(Tensor& dx, const Tensor& dy, const Tensor& index, const IndexGeometry& g) {
  const long long n = dy.numel();
  dispatch_float(dy.dtype(), "gather backward", [&](auto tag_) {
    using T = decltype(tag_);
    backward_kernel<<<grid_for(n), 256, 0, stream()>>>(dx.data<T>(), dy.data<T>(), index.raw(), index.dtype(), g, n);
  });
  MSSAR_CUDA_LAUNCHED("gather backward");
}

}  // namespace mssar::cuda

namespace mssar {
MSSAR_REGISTER_KERNEL(gather_forward, CUDA, cuda::gather_forward)
MSSAR_REGISTER_KERNEL(gather_backward, CUDA, cuda::gather_backward)
}  // namespace mssar
