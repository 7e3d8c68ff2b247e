// avg_pool2d on CUDA, NCHW: one thread per output cell (forward) and one per input cell (backward,
// gathering from the windows that cover it: no atomics, reproducible sums). The per-element
// programs are in pool2d_elements.cuh.
#include <algorithm>
#include <cstdint>

#include "../core/dtype_dispatch.h"
#include "../ops/avg_pool2d.h"
#include "context.h"
#include "index_type.h"
#include "pool2d_elements.cuh"

namespace mssar::cuda {

namespace {

template <class T, class I>
__global__ void avg_pool_forward_kernel(T* y, const T* x, I total, I H, I W, I OH, I OW, pool::Window p) {
  for (I o = I(blockIdx.x) * blockDim.x + threadIdx.x; o < total; o += I(gridDim.x) * blockDim.x)
    pool::avg_forward_element(y, x, o, H, W, OH, OW, p);
}

template <class T, class I>
__global__ void avg_pool_backward_kernel(T* dx, const T* dy, I total, I H, I W, I OH, I OW, pool::Window p) {
  for (I i = I(blockIdx.x) * blockDim.x + threadIdx.x; i < total; i += I(gridDim.x) * blockDim.x)
    pool::avg_backward_element(dx, dy, i, H, W, OH, OW, p);
}

}  // namespace

void avg_pool2d_forward(Tensor& y, const Tensor& x, const Pool2dParams& p) {
  const long long total = y.numel();
  if (total == 0) return;
  dispatch_float(x.dtype(), "avgPool2d", [&](auto tag_) {
    using scalar_t = decltype(tag_);
    with_index_type(std::max<long long>(total, x.numel()), [&](auto itag_) {
      using index_t = decltype(itag_);
      avg_pool_forward_kernel<scalar_t, index_t><<<grid_for(total), 256, 0, stream()>>>(
          y.data<scalar_t>(), x.data<scalar_t>(), index_t(total), index_t(x.size(2)), index_t(x.size(3)),
          index_t(y.size(2)), index_t(y.size(3)), pool::window_of(p));
    });
  });
  MSSAR_CUDA_LAUNCHED("avgPool2d");
}

void avg_pool2d_backward(Tensor& dx, const Tensor& dy, const Pool2dParams& p) {
  const long long total = dx.numel();
  if (total == 0) return;
  dispatch_float(dy.dtype(), "avgPool2d backward", [&](auto tag_) {
    using scalar_t = decltype(tag_);
    with_index_type(std::max<long long>(total, dy.numel()), [&](auto itag_) {
      using index_t = decltype(itag_);
      avg_pool_backward_kernel<scalar_t, index_t><<<grid_for(total), 256, 0, stream()>>>(
          dx.data<scalar_t>(), dy.data<scalar_t>(), index_t(total), index_t(dx.size(2)), index_t(dx.size(3)),
          index_t(dy.size(2)), index_t(dy.size(3)), pool::window_of(p));
    });
  });
  MSSAR_CUDA_LAUNCHED("avgPool2d backward");
}

}  // namespace mssar::cuda

namespace mssar {
MSSAR_REGISTER_KERNEL(avg_pool2d_forward, CUDA, cuda::avg_pool2d_forward)
MSSAR_REGISTER_KERNEL(avg_pool2d_backward, CUDA, cuda::avg_pool2d_backward)
}  // namespace mssar
