// layer_norm on CUDA: one block per row (block reductions in double for the mean, the variance and
// the backward's two row sums); the weight and bias gradients one thread per column, walking the rows.
// The programs: row_programs.cuh and loss_elements.cuh.
#include <algorithm>

#include "../core/dtype_dispatch.h"
#include "../ops/layer_norm.h"
#include "context.h"
#include "reduce.cuh"
#include "row_programs.cuh"

namespace mssar::cuda {

namespace {

template <class T>
__global__ void forward_kernel(T* y, T* mean, T* rstd, const T* x, const T* w, const T* b, long long rows, long long D,
                               double eps) {
  __shared__ double scratch[33];
  DeviceBlock block{scratch};
  for (long long r = blockIdx.x; r < rows; r += gridDim.x)
    layer_norm_forward_row(y + r * D, mean + r, rstd + r, x + r * D, w, b, D, eps, block);
}

template <class T>
__global__ void backward_dx_kernel(T* dx, const T* dy, const T* x, const T* mean, const T* rstd, const T* w,
                                   long long rows, long long D) {
  __shared__ double scratch[33];
  DeviceBlock block{scratch};
  for (long long r = blockIdx.x; r < rows; r += gridDim.x)
    layer_norm_backward_dx_row(dx + r * D, dy + r * D, x + r * D, mean[r], rstd[r], w, D, block);
}

template <class T>
__global__ void backward_params_kernel(T* dw, T* db, const T* dy, const T* x, const T* mean, const T* rstd,
                                       long long rows, long long D) {
  for (long long j = blockIdx.x * (long long)blockDim.x + threadIdx.x; j < D; j += (long long)gridDim.x * blockDim.x)
    layer_norm_params_column(dw, db, dy, x, mean, rstd, rows, D, j);
}

unsigned row_grid(long long n) { return unsigned(std::min<long long>(n, 1 << 20)); }

}  // namespace

void layer_norm_forward(Tensor& y, Tensor& mean, Tensor& rstd, const Tensor& x, const Tensor& weight,
                        const Tensor& bias, int64_t D, double eps) {
  const long long rows = x.numel() / D;
  dispatch_float(x.dtype(), "layerNorm", [&](auto tag_) {
    using T = decltype(tag_);
    forward_kernel<<<row_grid(rows), row_block(D), 0, stream()>>>(
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
      backward_dx_kernel<<<row_grid(rows), row_block(D), 0, stream()>>>(
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
