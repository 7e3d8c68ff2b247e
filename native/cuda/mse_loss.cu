// mse_loss on CUDA: elementwise one thread per element; the reductions in one block (double sums).
#include "../core/dtype_dispatch.h"
#include "../ops/mse_loss.h"
#include "context.h"
#include "reduce.cuh"

namespace mssar::cuda {

namespace {

template <class T>
__global__ void none_kernel(T* loss, const T* a, const T* b, long long n) {
  for (long long i = blockIdx.x * (long long)blockDim.x + threadIdx.x; i < n; i += (long long)gridDim.x * blockDim.x)
    loss[i] = (a[i] - b[i]) * (a[i] - b[i]);
}

template <class T>
__global__ void total_kernel(T* loss, const T* a, const T* b, long long n, bool mean) {
  __shared__ double scratch[33];
  double s = 0;
  for (long long i = threadIdx.x; i < n; i += blockDim.x) s += double(a[i] - b[i]) * double(a[i] - b[i]);
  s = block_allreduce(s, SumOp(), 0.0, scratch);
  if (threadIdx.x == 0) *loss = T(mean ? s / double(n) : s);
}

template <class T>
__global__ void backward_kernel(T* da, T* db, const T* g, const T* a, const T* b, long long n, T scale, bool per) {
  for (long long i = blockIdx.x * (long long)blockDim.x + threadIdx.x; i < n; i += (long long)gridDim.x * blockDim.x) {
    const T d = scale * (a[i] - b[i]) * (per ? g[i] : g[0]);
    if (da) da[i] = d;
    if (db) db[i] = -d;
  }
}

}  // namespace

void mse_loss_forward(Tensor& loss, const Tensor& a, const Tensor& b, Reduction reduction) {
  const long long n = a.numel();
  dispatch_float(a.dtype(), "mseLoss", [&](auto tag_) {
    using T = decltype(tag_);
    if (reduction == Reduction::None)
      none_kernel<<<grid_for(n), 256, 0, stream()>>>(loss.data<T>(), a.data<T>(), b.data<T>(), n);
    else
      total_kernel<<<1, 256, 0, stream()>>>(loss.data<T>(), a.data<T>(), b.data<T>(), n, reduction == Reduction::Mean);
  });
  MSSAR_CUDA_LAUNCHED("mseLoss");
}

void mse_loss_backward(Tensor& da, Tensor& db, const Tensor& dloss, const Tensor& a, const Tensor& b,
                       Reduction reduction) {
  const long long n = a.numel();
  dispatch_float(a.dtype(), "mseLoss backward", [&](auto tag_) {
    using T = decltype(tag_);
    const T scale = T(reduction == Reduction::Mean ? 2.0 / double(n) : 2.0);
    backward_kernel<<<grid_for(n), 256, 0, stream()>>>(da.defined() ? da.data<T>() : nullptr,
                                                       db.defined() ? db.data<T>() : nullptr, dloss.data<T>(),
                                                       a.data<T>(), b.data<T>(), n, scale, reduction == Reduction::None);
  });
  MSSAR_CUDA_LAUNCHED("mseLoss backward");
}

}  // namespace mssar::cuda

namespace mssar {
MSSAR_REGISTER_KERNEL(mse_loss_forward, CUDA, cuda::mse_loss_forward)
MSSAR_REGISTER_KERNEL(mse_loss_backward, CUDA, cuda::mse_loss_backward)
}  // namespace mssar
