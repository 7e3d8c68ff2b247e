// mse_loss on CUDA: elementwise one thread per element; the reductions in one block (double sums).
// The programs: loss_elements.cuh and row_programs.cuh.
#include "../core/dtype_dispatch.h"
#include "../ops/mse_loss.h"
#include "context.h"
#include "reduce.cuh"
#include "row_programs.cuh"

namespace mssar::cuda {

namespace {

template <class T>
__global__ void none_kernel(T* loss, const T* a, const T* b, long long n) {
  for (long long i = blockIdx.x * (long long)blockDim.x + threadIdx.x; i < n; i += (long long)gridDim.x * blockDim.x)
    mse_loss_none_element(loss, a, b, i);
}

template <class T>
__global__ void total_kernel(T* loss, const T* a, const T* b, long long n, bool mean) {
  __shared__ double scratch[33];
  DeviceBlock block{scratch};
  mse_loss_total(loss, a, b, n, mean, block);
}

template <class T>
__global__ void backward_kernel(T* da, T* db, const T* g, const T* a, const T* b, long long n, T scale, bool per) {
  for (long long i = blockIdx.x * (long long)blockDim.x + threadIdx.x; i < n; i += (long long)gridDim.x * blockDim.x)
    mse_loss_backward_element(da, db, g, a, b, scale, per, i);
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
