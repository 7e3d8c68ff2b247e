// shortcut_a on CUDA, plain tensors: one thread per output element, grid-stride. The backward
// scatters dy into a dx the op has zeroed (each input pixel receives at most one value).
#include <algorithm>

#include "../core/dtype_dispatch.h"
#include "../ops/shortcut_a.h"
#include "context.h"
#include "index_type.h"

namespace mssar::cuda {

namespace {

template <class T, class I>
__global__ void shortcut_a_forward_kernel(T* y, const T* x, I total, I C, I Co, I P, I H, I W, I Ho, I Wo, I stride) {
  for (I i = I(blockIdx.x) * blockDim.x + threadIdx.x; i < total; i += I(gridDim.x) * blockDim.x) {
    const I w = i % Wo, h = (i / Wo) % Ho, c = (i / (Wo * Ho)) % Co, n = i / (Wo * Ho * Co);
    // c - P in [0, C), without a signed difference (I may be unsigned).
    y[i] = c >= P && c < P + C ? x[((n * C + (c - P)) * H + h * stride) * W + w * stride] : T(0);
  }
}

// Over dy's elements of channels P to P + C - 1, the ones taken from x.
template <class T, class I>
__global__ void shortcut_a_backward_kernel(T* dx, const T* dy, I total, I C, I Co, I P, I H, I W, I Ho, I Wo, I stride) {
  for (I i = I(blockIdx.x) * blockDim.x + threadIdx.x; i < total; i += I(gridDim.x) * blockDim.x) {
    const I w = i % Wo, h = (i / Wo) % Ho, c = (i / (Wo * Ho)) % C, n = i / (Wo * Ho * C);
    dx[((n * C + c) * H + h * stride) * W + w * stride] = dy[((n * Co + c + P) * Ho + h) * Wo + w];
  }
}

}  // namespace

void shortcut_a_forward(Tensor& y, const Tensor& x, int64_t stride) {
  const long long total = y.numel();
  if (total == 0) return;
  dispatch_float(x.dtype(), "shortcutA", [&](auto tag_) {
    using scalar_t = decltype(tag_);
    with_index_type(std::max<long long>(total, x.numel()), [&](auto itag_) {
      using index_t = decltype(itag_);
      shortcut_a_forward_kernel<scalar_t, index_t><<<grid_for(total), 256, 0, stream()>>>(
          y.data<scalar_t>(), x.data<scalar_t>(), index_t(total), index_t(x.size(1)), index_t(y.size(1)),
          index_t(shortcut_a_pad_before(x.size(1), y.size(1))), index_t(x.size(2)), index_t(x.size(3)), index_t(y.size(2)), index_t(y.size(3)), index_t(stride));
    });
  });
  MSSAR_CUDA_LAUNCHED("shortcutA");
}

void shortcut_a_backward(Tensor& dx, const Tensor& dy, int64_t stride) {
  const long long total = dx.size(0) * dx.size(1) * dy.size(2) * dy.size(3);
  if (total == 0) return;
  dispatch_float(dy.dtype(), "shortcutA backward", [&](auto tag_) {
    using scalar_t = decltype(tag_);
    with_index_type(std::max<long long>(dy.numel(), dx.numel()), [&](auto itag_) {
      using index_t = decltype(itag_);
      shortcut_a_backward_kernel<scalar_t, index_t><<<grid_for(total), 256, 0, stream()>>>(
          dx.data<scalar_t>(), dy.data<scalar_t>(), index_t(total), index_t(dx.size(1)), index_t(dy.size(1)),
          index_t(shortcut_a_pad_before(dx.size(1), dy.size(1))), index_t(dx.size(2)), index_t(dx.size(3)), index_t(dy.size(2)), index_t(dy.size(3)), index_t(stride));
    });
  });
  MSSAR_CUDA_LAUNCHED("shortcutA backward");
}

}  // namespace mssar::cuda

namespace mssar {
MSSAR_REGISTER_KERNEL(shortcut_a_forward, CUDA, cuda::shortcut_a_forward)
MSSAR_REGISTER_KERNEL(shortcut_a_backward, CUDA, cuda::shortcut_a_backward)
}  // namespace mssar
