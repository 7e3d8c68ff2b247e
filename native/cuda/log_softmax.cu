// log_softmax on CUDA: along the last dim (inner = 1) one block per row (rows strided over the grid),
// block reductions for the maximum and the sums; along another dim one thread per line
// (softmax_lines.cuh).
#include <algorithm>

#include "../core/dtype_dispatch.h"
#include "../ops/log_softmax.h"
#include "../ops/softmax_dims.h"
#include "softmax_lines.cuh"
#include "softmax_row.cuh"

namespace mssar::cuda {

namespace {

template <class T>
__global__ void log_softmax_forward_kernel(T* y, const T* x, long long n, long long k) {
  __shared__ double scratch[33];
  for (long long r = blockIdx.x; r < n; r += gridDim.x) log_softmax_row(y + r * k, x + r * k, k, scratch, nullptr);
}

template <class T>
__global__ void log_softmax_backward_kernel(T* dx, const T* dy, const T* y, long long n, long long k) {
  __shared__ double scratch[33];
  for (long long r = blockIdx.x; r < n; r += gridDim.x) {
    const T* g = dy + r * k;
    const T* yr = y + r * k;
    T* d = dx + r * k;
    double total = 0;
    for (long long j = threadIdx.x; j < k; j += blockDim.x) total += double(g[j]);
    const T t = T(block_allreduce(total, SumOp(), 0.0, scratch));
    for (long long j = threadIdx.x; j < k; j += blockDim.x) d[j] = g[j] - exp(yr[j]) * t;
  }
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
