// log_softmax on CUDA: along the last dim (inner = 1) one block per row (rows strided over the grid),
// block reductions for the maximum and the sums (the row programs: row_programs.cuh); along another
// dim one thread per line (softmax_lines.cuh).
#include <algorithm>

#include "../core/dtype_dispatch.h"
#include "../ops/log_softmax.h"
#include "../ops/softmax_dims.h"
#include "reduce.cuh"
#include "row_programs.cuh"
#include "softmax_lines.cuh"

namespace mssar::cuda {

namespace {

template <class T>
__global__ void log_softmax_forward_kernel(T* y, const T* x, long long n, long long k) {
  __shared__ double scratch[33];
  DeviceBlock b{scratch};
  for (long long r = blockIdx.x; r < n; r += gridDim.x) log_softmax_row(y + r * k, x + r * k, k, b, (double*)nullptr);
}

template <class T>
__global__ void log_softmax_backward_kernel(T* dx, const T* dy, const T* y, long long n, long long k) {
  __shared__ double scratch[33];
  DeviceBlock b{scratch};
  for (long long r = blockIdx.x; r < n; r += gridDim.x) log_softmax_backward_row(dx + r * k, dy + r * k, y + r * k, k, b);
}

unsigned row_grid(long long n) { return unsigned(std::min<long long>(n, 1 << 20)); }

}  // namespace

void log_softmax_forward(Tensor& y, const Tensor& x) {
  const SoftmaxDims d = softmax_dims(x);
  const long long n = d.outer, k = d.k;
  dispatch_float(x.dtype(), "logSoftmax", [&](auto tag_) {
    using scalar_t = decltype(tag_);
    if (d.inner > 1) {
      softmax_line::lines_forward_kernel<softmax_line::LogSoftmax><<<grid_for(n * d.inner), 256, 0, stream()>>>(
          y.data<scalar_t>(), x.data<scalar_t>(), n, k, d.inner);
      return;
    }
    log_softmax_forward_kernel<<<row_grid(n), row_block(k), 0, stream()>>>(y.data<scalar_t>(), x.data<scalar_t>(), n, k);
  });
  MSSAR_CUDA_LAUNCHED("logSoftmax");
}

void log_softmax_backward(Tensor& dx, const Tensor& dy, const Tensor& y) {
  const SoftmaxDims d = softmax_dims(y);
  const long long n = d.outer, k = d.k;
  dispatch_float(y.dtype(), "logSoftmax backward", [&](auto tag_) {
    using scalar_t = decltype(tag_);
    if (d.inner > 1) {
      softmax_line::lines_backward_kernel<softmax_line::LogSoftmax><<<grid_for(n * d.inner), 256, 0, stream()>>>(
          dx.data<scalar_t>(), dy.data<scalar_t>(), y.data<scalar_t>(), n, k, d.inner);
      return;
    }
    log_softmax_backward_kernel<<<row_grid(n), row_block(k), 0, stream()>>>(dx.data<scalar_t>(), dy.data<scalar_t>(),
                                                                             y.data<scalar_t>(), n, k);
  });
  MSSAR_CUDA_LAUNCHED("logSoftmax backward");
}

}  // namespace mssar::cuda

namespace mssar {
MSSAR_REGISTER_KERNEL(log_softmax_forward, CUDA, cuda::log_softmax_forward)
MSSAR_REGISTER_KERNEL(log_softmax_backward, CUDA, cuda::log_softmax_backward)
}  // namespace mssar
