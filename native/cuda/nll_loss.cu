// nll_loss on CUDA: one thread per row for the rows' terms, then one block sums them (in double) for
// 'mean' and 'sum'; the backward one thread per element (the programs: loss_elements.cuh and
// row_programs.cuh).
#include "../core/dtype_dispatch.h"
#include "../core/index_values.h"
#include "../ops/nll_loss.h"
#include "context.h"
#include "reduce.cuh"
#include "row_programs.cuh"

namespace mssar::cuda {

namespace {

// terms[n] = l_n, wy[n] = w[y_n]; for 'none' the terms go straight to the loss.
template <class T>
__global__ void terms_kernel(T* none_out, double* terms, double* wy, const T* logp, const void* labels, DType dt,
                             const T* w, double s, long long N, long long K) {
  for (long long n = blockIdx.x * (long long)blockDim.x + threadIdx.x; n < N; n += (long long)gridDim.x * blockDim.x)
    nll_loss_term(none_out, terms, wy, logp, labels, dt, w, s, K, n);
}

template <class T>
__global__ void total_kernel(T* loss, const double* terms, const double* wy, long long N, bool mean) {
  __shared__ double scratch[33];
  DeviceBlock b{scratch};
  nll_loss_total(loss, terms, wy, N, mean, b);
}

template <class T>
__global__ void den_kernel(double* den, const void* labels, DType dt, const T* w, long long N) {
  __shared__ double scratch[33];
  DeviceBlock b{scratch};
  nll_loss_denominator(den, labels, dt, w, N, b);
}

template <class T>
__global__ void backward_kernel(T* d, const T* g, const double* den, const void* labels, DType dt, const T* w,
                                double s, long long N, long long K, bool per_row) {
  const long long total = N * K;
  for (long long i = blockIdx.x * (long long)blockDim.x + threadIdx.x; i < total; i += (long long)gridDim.x * blockDim.x)
    nll_loss_backward_element(d, g, den, labels, dt, w, s, K, per_row, i);
}

}  // namespace

void nll_loss_forward(Tensor& loss, const Tensor& logp, const Tensor& labels, const Tensor& weight, double s,
                      Reduction reduction) {
  const long long N = logp.size(0), K = logp.size(1);
  dispatch_float(logp.dtype(), "nllLoss", [&](auto tag_) {
    using T = decltype(tag_);
    const T* w = weight.defined() ? weight.data<T>() : nullptr;
    if (reduction == Reduction::None) {
      terms_kernel<<<grid_for(N), 256, 0, stream()>>>(loss.data<T>(), nullptr, nullptr, logp.data<T>(), labels.raw(),
                                                      labels.dtype(), w, s, N, K);
      return;
    }
    Tensor scratch = Tensor::empty({2, N}, DType::Float64, logp.device());
    double* terms = scratch.data<double>();
    terms_kernel<<<grid_for(N), 256, 0, stream()>>>((T*)nullptr, terms, terms + N, logp.data<T>(), labels.raw(),
                                                    labels.dtype(), w, s, N, K);
    total_kernel<<<1, 256, 0, stream()>>>(loss.data<T>(), terms, terms + N, N, reduction == Reduction::Mean);
  });
  MSSAR_CUDA_LAUNCHED("nllLoss");
}

void nll_loss_backward(Tensor& dlogp, const Tensor& dloss, const Tensor& labels, const Tensor& weight, double s,
                       Reduction reduction) {
  const long long N = dlogp.size(0), K = dlogp.size(1);
  dispatch_float(dlogp.dtype(), "nllLoss backward", [&](auto tag_) {
    using T = decltype(tag_);
    const T* w = weight.defined() ? weight.data<T>() : nullptr;
    Tensor den;
    if (reduction == Reduction::Mean) {
      den = Tensor::empty({1}, DType::Float64, dlogp.device());
      den_kernel<<<1, 256, 0, stream()>>>(den.data<double>(), labels.raw(), labels.dtype(), w, N);
    }
    backward_kernel<<<grid_for(N * K), 256, 0, stream()>>>(dlogp.data<T>(), dloss.data<T>(),
                                                           den.defined() ? den.data<double>() : nullptr, labels.raw(),
                                                           labels.dtype(), w, s, N, K, reduction == Reduction::None);
  });
  MSSAR_CUDA_LAUNCHED("nllLoss backward");
}

}  // namespace mssar::cuda

namespace mssar {
MSSAR_REGISTER_KERNEL(nll_loss_forward, CUDA, cuda::nll_loss_forward)
MSSAR_REGISTER_KERNEL(nll_loss_backward, CUDA, cuda::nll_loss_backward)
}  // namespace mssar
