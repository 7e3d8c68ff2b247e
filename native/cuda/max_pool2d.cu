// max_pool2d on CUDA, NCHW: one thread per output cell (forward); the backward adds each dy at its
// saved index with atomics, since overlapping windows can pick the same input cell (so float
// sums over such cells are not bitwise reproducible from run to run).
#include <algorithm>
#include <cmath>
#include <cstdint>

#include "../core/dtype_dispatch.h"
#include "../ops/max_pool2d.h"
#include "context.h"
#include "index_type.h"
#include "pool2d_elements.cuh"

namespace mssar::cuda {

namespace {

template <class T, class I>
__global__ void max_pool_forward_kernel(T* y, int32_t* indices, const T* x, I total, I H, I W, I OH, I OW,
                                        pool::Window p) {
  for (I o = I(blockIdx.x) * blockDim.x + threadIdx.x; o < total; o += I(gridDim.x) * blockDim.x)
    pool::max_forward_element(y, indices, x, o, H, W, OH, OW, p);
}

template <class T, class I>
__global__ void max_pool_backward_kernel(T* dx, const T* dy, const int32_t* indices, I total, I OHW, I HW) {
  for (I o = I(blockIdx.x) * blockDim.x + threadIdx.x; o < total; o += I(gridDim.x) * blockDim.x) {
    const int32_t i = indices[o];
    if (i < 0 || I(i) >= HW) continue;  // invalid index: skipped (the CPU kernels report it)
    atomicAdd(dx + (o / OHW) * HW + I(i), dy[o]);
  }
}

}  // namespace

void max_pool2d_forward(Tensor& y, Tensor& indices, const Tensor& x, const Pool2dParams& p) {
  const long long total = y.numel();
  if (total == 0) return;
  const pool::Window win = pool::window_of(p);
  dispatch_float(x.dtype(), "maxPool2d", [&](auto tag_) {
    using scalar_t = decltype(tag_);
    with_index_type(std::max<long long>(total, x.numel()), [&](auto itag_) {
      using index_t = decltype(itag_);
      max_pool_forward_kernel<scalar_t, index_t><<<grid_for(total), 256, 0, stream()>>>(
          y.data<scalar_t>(), indices.data<int32_t>(), x.data<scalar_t>(), index_t(total), index_t(x.size(2)),
          index_t(x.size(3)), index_t(y.size(2)), index_t(y.size(3)), win);
    });
  });
  MSSAR_CUDA_LAUNCHED("maxPool2d");
}

int64_t max_pool2d_backward(Tensor& dx, const Tensor& dy, const Tensor& indices) {
  dx.zero_();
  const long long total = dy.numel();
  if (total == 0) return -1;
  dispatch_float(dy.dtype(), "maxPool2d backward", [&](auto tag_) {
    using scalar_t = decltype(tag_);
    with_index_type(std::max<long long>(total, dx.numel()), [&](auto itag_) {
      using index_t = decltype(itag_);
      max_pool_backward_kernel<scalar_t, index_t><<<grid_for(total), 256, 0, stream()>>>(
          dx.data<scalar_t>(), dy.data<scalar_t>(), indices.data<int32_t>(), index_t(total),
          index_t(dy.size(2) * dy.size(3)), index_t(dx.size(2) * dx.size(3)));
    });
  });
  MSSAR_CUDA_LAUNCHED("maxPool2d backward");
  return -1;
}

}  // namespace mssar::cuda

namespace mssar {
MSSAR_REGISTER_KERNEL(max_pool2d_forward, CUDA, cuda::max_pool2d_forward)
MSSAR_REGISTER_KERNEL(max_pool2d_backward, CUDA, cuda::max_pool2d_backward)
}  // namespace mssar
