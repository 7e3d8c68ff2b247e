// global_avg_pool2d on CUDA: one warp per (n, c) plane, summed in double and reduced with shuffles;
// the backward is elementwise.
#include <cstdint>

#include "../core/dtype_dispatch.h"
#include "../ops/global_avg_pool2d.h"
#include "context.h"

namespace mssar::cuda {

namespace {

template <class T>
__global__ void plane_mean_kernel(T* y, const T* x, long long planes, long long HW) {
  const long long warps = (long long)gridDim.x * (blockDim.x / 32);
  const int lane = threadIdx.x & 31;
  // q is the same for the 32 lanes of a warp, so whole warps enter and leave the loop together.
  for (long long q = (blockIdx.x * (long long)blockDim.x + threadIdx.x) / 32; q < planes; q += warps) {
    const T* xp = x + q * HW;
    double s = 0;
    for (long long i = lane; i < HW; i += 32) s += double(xp[i]);
    for (int o = 16; o > 0; o >>= 1) s += __shfl_down_sync(0xffffffffu, s, o);
    if (lane == 0) y[q] = T(s / double(HW));
  }
}

template <class T>
__global__ void spread_kernel(T* dx, const T* dy, long long total, long long HW) {
  for (long long i = blockIdx.x * (long long)blockDim.x + threadIdx.x; i < total; i += (long long)gridDim.x * blockDim.x)
    dx[i] = T(double(dy[i / HW]) / double(HW));
}

}  // namespace

void global_avg_pool2d_forward(Tensor& y, const Tensor& x) {
  const long long planes = x.size(0) * x.size(1), HW = x.size(2) * x.size(3);
  if (planes == 0) return;
  dispatch_float(x.dtype(), "globalAvgPool2d", [&](auto tag_) {
    using scalar_t = decltype(tag_);
    plane_mean_kernel<scalar_t><<<grid_for(planes * 32), 256, 0, stream()>>>(y.data<scalar_t>(), x.data<scalar_t>(),
                                                                              planes, HW);
  });
  MSSAR_CUDA_LAUNCHED("globalAvgPool2d");
}

void global_avg_pool2d_backward(Tensor& dx, const Tensor& dy) {
  const long long total = dx.numel(), HW = dx.size(2) * dx.size(3);
  if (total == 0) return;
  dispatch_float(dy.dtype(), "globalAvgPool2d backward", [&](auto tag_) {
    using scalar_t = decltype(tag_);
    spread_kernel<scalar_t><<<grid_for(total), 256, 0, stream()>>>(dx.data<scalar_t>(), dy.data<scalar_t>(), total, HW);
  });
  MSSAR_CUDA_LAUNCHED("globalAvgPool2d backward");
}

}  // namespace mssar::cuda

namespace mssar {
MSSAR_REGISTER_KERNEL(global_avg_pool2d_forward, CUDA, cuda::global_avg_pool2d_forward)
MSSAR_REGISTER_KERNEL(global_avg_pool2d_backward, CUDA, cuda::global_avg_pool2d_backward)
}  // namespace mssar
