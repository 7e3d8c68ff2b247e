// sigmoid on CUDA: elementwise over the physical buffer (any layout), exp(-|x|) so nothing overflows.
#include "../core/dtype_dispatch.h"
#include "../ops/sigmoid.h"
#include "context.h"

namespace mssar::cuda {

namespace {

__device__ inline float exp_neg_abs(float v) { return expf(-fabsf(v)); }
__device__ inline double exp_neg_abs(double v) { return exp(-fabs(v)); }

template <class T>
__global__ void sigmoid_forward_kernel(T* y, const T* x, long long n) {
  for (long long i = blockIdx.x * (long long)blockDim.x + threadIdx.x; i < n; i += (long long)gridDim.x * blockDim.x) {
    const T v = x[i];
    const T z = exp_neg_abs(v);
    const T r = T(1) / (T(1) + z);
    y[i] = v >= T(0) ? r : z * r;
  }
}

template <class T>
__global__ void sigmoid_backward_kernel(T* dx, const T* dy, const T* y, long long n) {
  for (long long i = blockIdx.x * (long long)blockDim.x + threadIdx.x; i < n; i += (long long)gridDim.x * blockDim.x)
    dx[i] = dy[i] * y[i] * (T(1) - y[i]);
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
