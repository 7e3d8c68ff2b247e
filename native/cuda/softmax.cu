// softmax on CUDA: along the last dim (inner = 1) one block per row (rows strided over the grid),
// block reductions in double for the maximum and the sums (the row programs: row_programs.cuh);
// along another dim one thread per line (softmax_lines.cuh).
#include <algorithm>

#include "../core/dtype_dispatch.h"
#include "../ops/softmax.h"
#include "../ops/softmax_dims.h"
#include "reduce.cuh"
#include "row_programs.cuh"
#include "softmax_lines.cuh"

namespace mssar::cuda {

namespace {

template <class T>
__global__ void softmax_forward_kernel(T* y, const T* x, long long n, long long k) {
  __shared__ double scratch[33];
  DeviceBlock b{scratch};
  for (long long r = blockIdx.x; r < n; r += gridDim.x) softmax_forward_row(y + r * k, x + r * k, k, b);
}

template <class T>
__global__ void softmax_backward_kernel(T* dx, const T* dy, const T* y, long long n, long long k) {
  __shared__ double scratch[33];
  DeviceBlock b{scratch};
  for (long long r = blockIdx.x; r < n; r += gridDim.x) softmax_backward_row(dx + r * k, dy + r * k, y + r * k, k, b);
}

unsigned row_grid(long long n) { return unsigned(std::min<long long>(n, 1 << 20)); }

}  // namespace

void softmax_forward(Tensor& y, const Tensor& x) {
  const SoftmaxDims d = softmax_dims(x);
  const long long n = d.outer, k = d.k;
  dispatch_float(x.dtype(), "softmax", [&](auto tag_) {
    using T = decltype(tag_);
    if (d.inner > 1) {
      softmax_line::lines_forward_kernel<softmax_line::Softmax><<<grid_for(n * d.inner), 256, 0, stream()>>>(
          y.data<T>(), x.data<T>(), n, k, d.inner);
      return;
    }
    softmax_forward_kernel<<<row_grid(n), row_block(k), 0, stream()>>>(y.data<T>(), x.data<T>(), n, k);
  });
  MSSAR_CUDA_LAUNCHED("softmax");
}

void softmax_backward(Tensor& dx, const Tensor& dy, const Tensor& y) {
  const SoftmaxDims d = softmax_dims(y);
  const long long n = d.outer, k = d.k;
  dispatch_float(y.dtype(), "softmax backward", [&](auto tag_) {
    using T = decltype(tag_);
    if (d.inner > 1) {
      softmax_line::lines_backward_kernel<softmax_line::Softmax><<<grid_for(n * d.inner), 256, 0, stream()>>>(
          dx.data<T>(), dy.data<T>(), y.data<T>(), n, k, d.inner);
      return;
    }
    softmax_backward_kernel<<<row_grid(n), row_block(k), 0, stream()>>>(dx.data<T>(), dy.data<T>(), y.data<T>(), n, k);
  });
  MSSAR_CUDA_LAUNCHED("softmax backward");
}

}  // namespace mssar::cuda

namespace mssar {
MSSAR_REGISTER_KERNEL(softmax_forward, CUDA, cuda::softmax_forward)
MSSAR_REGISTER_KERNEL(softmax_backward, CUDA, cuda::softmax_backward)
}  // namespace mssar
