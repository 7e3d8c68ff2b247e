// layer_norm on CUDA: one block per row (block reductions in double for the mean, the variance and
// the backward's two row sums); the weight and bias gradients one thread per column, walking the rows.
#include <algorithm>

#include "../core/dtype_dispatch.h"
#include "../ops/layer_norm.h"
#include "context.h"
#include "reduce.cuh"

namespace mssar::cuda {

namespace {

template <class T>
__global__ void forward_kernel(T* y, T* mean, T* rstd, const T* x, const T* w, const T* b, long long rows, long long D,
                               double eps) {
  __shared__ double scratch[33];
  for (long long r = blockIdx.x; r < rows; r += gridDim.x) {
    const T* xr = x + r * D;
    double m = 0;
    for (long long j = threadIdx.x; j < D; j += blockDim.x) m += double(xr[j]);
    m = block_allreduce(m, SumOp(), 0.0, scratch) / double(D);
    double v = 0;
    for (long long j = threadIdx.x; j < D; j += blockDim.x) v += (double(xr[j]) - m) * (double(xr[j]) - m);
    v = block_allreduce(v, SumOp(), 0.0, scratch) / double(D);
    const double s = rsqrt(v + eps);
    if (threadIdx.x == 0) {
      mean[r] = T(m);
      rstd[r] = T(s);
    }
    const T mt = T(m), st = T(s);
    for (long long j = threadIdx.x; j < D; j += blockDim.x)
      y[r * D + j] = (xr[j] - mt) * st * (w ? w[j] : T(1)) + (b ? b[j] : T(0));
  }
}

template <class T>
__global__ void backward_dx_kernel(T* dx, const T* dy, const T* x, const T* mean, const T* rstd, const T* w,
                                   long long rows, long long D) {
  __shared__ double scratch[33];
  for (long long r = blockIdx.x; r < rows; r += gridDim.x) {
    const T* xr = x + r * D;
    const T* gr = dy + r * D;
    const T m = mean[r], s = rstd[r];
    double mg = 0, mgx = 0;
    for (long long j = threadIdx.x; j < D; j += blockDim.x) {
      const double g = double(gr[j]) * (w ? double(w[j]) : 1.0);
      mg += g;
      mgx += g * double((xr[j] - m) * s);
    }
    const T a = T(block_allreduce(mg, SumOp(), 0.0, scratch) / double(D));
    const T b = T(block_allreduce(mgx, SumOp(), 0.0, scratch) / double(D));
    for (long long j = threadIdx.x; j < D; j += blockDim.x)
      dx[r * D + j] = s * (gr[j] * (w ? w[j] : T(1)) - a - (xr[j] - m) * s * b);
  }
}

template <class T>
__global__ void backward_params_kernel(T* dw, T* db, const T* dy, const T* x, const T* mean, const T* rstd,
                                       long long rows, long long D) {
  for (long long j = blockIdx.x * (long long)blockDim.x + threadIdx.x; j < D; j += (long long)gridDim.x * blockDim.x) {
    double sw = 0, sb = 0;
    for (long long r = 0; r < rows; ++r) {
      const double g = double(dy[r * D + j]);
      sw += g * double((x[r * D + j] - mean[r]) * rstd[r]);
      sb += g;
    }
    if (dw) dw[j] = T(sw);
    if (db) db[j] = T(sb);
  }
}

unsigned row_threads(long long D) { return unsigned(std::min<long long>(256, std::max<long long>(32, (D + 31) / 32 * 32))); }
unsigned row_grid(long long n) { return unsigned(std::min<long long>(n, 1 << 20)); }

}  // namespace

void layer_norm_forward(Tensor& y, Tensor& mean, Tensor& rstd, const Tensor& x, const Tensor& weight,
                        const Tensor& bias, int64_t D, double eps) {
  const long long rows = x.numel() / D;
  dispatch_float(x.dtype(), "layerNorm", [&](auto tag_) {
    using T = decltype(tag_);
    forward_kernel<<<row_grid(rows), row_threads(D), 0, stream()>>>(
        y.data<T>(), mean.data<T>(), rstd.data<T>(), x.data<T>(), weight.defined() ? weight.data<T>() : nullptr,
        bias.defined() ? bias.data<T>() : nullptr, rows, (long long)D, eps);
  });
  MSSAR_CUDA_LAUNCHED("layerNorm");
}

void layer_norm_backward(Tensor& dx, Tensor& dweight, Tensor& dbias, const Tensor& dy, const Tensor& x,
                         const Tensor& mean, const Tensor& rstd, const Tensor& weight, int64_t D) {
  const long long rows = x.numel() / D;
  dispatch_float(x.dtype(), "layerNorm backward", [&](auto tag_) {
    using T = decltype(tag_);
    if (dx.defined())
      backward_dx_kernel<<<row_grid(rows), row_threads(D), 0, stream()>>>(
          dx.data<T>(), dy.data<T>(), x.data<T>(), mean.data<T>(), rstd.data<T>(),
          weight.defined() ? weight.data<T>() : nullptr, rows, (long long)D);
    if (dweight.defined() || dbias.defined())
      backward_params_kernel<<<grid_for(D), 256, 0, stream()>>>(
          dweight.defined() ? dweight.data<T>() : nullptr, dbias.defined() ? dbias.data<T>() : nullptr, dy.data<T>(),
          x.data<T>(), mean.data<T>(), rstd.data<T>(), rows, (long long)D);
  });
  MSSAR_CUDA_LAUNCHED("layerNorm backward");
}

}  // namespace mssar::cuda

namespace mssar {
MSSAR_REGISTER_KERNEL(layer_norm_forward, CUDA, cuda::layer_norm_forward)
MSSAR_REGISTER_KERNEL(layer_norm_backward, CUDA, cuda::layer_norm_backward)
}  // namespace mssar
