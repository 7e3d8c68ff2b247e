// softmax on CUDA: along the last dim (inner = 1) one block per row (rows strided over the grid),
// block reductions in double for the maximum and the sums; along another dim one thread per line
// (softmax_lines.cuh).
#include <math_constants.h>

#include <algorithm>

#include "../core/dtype_dispatch.h"
#include "../ops/softmax.h"
#include "../ops/softmax_dims.h"
#include "reduce.cuh"
#include "softmax_lines.cuh"
#include "softmax_row.cuh"

namespace mssar::cuda {

namespace {

template <class T>
__global__ void softmax_forward_kernel(T* y, const T* x, long long n, long long k) {
  __shared__ double scratch[33];
  for (long long r = blockIdx.x; r < n; r += gridDim.x) {
    const T* xr = x + r * k;
    T* yr = y + r * k;
    double m = -CUDART_INF;
    for (long long j = threadIdx.x; j < k; j += blockDim.x) m = MaxOp()(m, double(xr[j]));
    m = block_allreduce(m, MaxOp(), -CUDART_INF, scratch);
    const T mt = T(m);
    double s = 0;
    for (long long j = threadIdx.x; j < k; j += blockDim.x) s += double(exp(xr[j] - mt));
    s = block_allreduce(s, SumOp(), 0.0, scratch);
    const T inv = T(1.0 / s);
    for (long long j = threadIdx.x; j < k; j += blockDim.x) yr[j] = exp(xr[j] - mt) * inv;
  }
}

template <class T>
__global__ void softmax_backward_kernel(T* dx, const T* dy, const T* y, long long n, long long k) {
  __shared__ double scratch[33];
  for (long long r = blockIdx.x; r < n; r += gridDim.x) {
    const T* g = dy + r * k;
    const T* yr = y + r * k;
    T* d = dx + r * k;
    double dot = 0;
    for (long long j = threadIdx.x; j < k; j += blockDim.x) dot += double(g[j]) * double(yr[j]);
    const T t = T(block_allreduce(dot, SumOp(), 0.0, scratch));
    for (long long j = threadIdx.x; j < k; j += blockDim.x) d[j] = yr[j] * (g[j] - t);
  }
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
