// cross_entropy on CUDA: one block per row writes the row's log-probabilities and its loss
// (double); one block then takes the batch mean of the row losses in a fixed order. The labels
// were checked on the host by the op; the kernels still never index with a label outside [0, K).
#include <algorithm>

#include "../core/dtype_dispatch.h"
#include "../core/index_values.h"
#include "../ops/cross_entropy.h"
#include "reduce.cuh"
#include "row_programs.cuh"

namespace mssar::cuda {

namespace {

template <class T>
__global__ void cross_entropy_rows_kernel(double* row_loss, T* log_probs, const T* logits, const void* labels, DType label_dtype,
                                          long long n, long long k, double smoothing) {
  __shared__ double scratch[33];
  DeviceBlock b{scratch};
  for (long long r = blockIdx.x; r < n; r += gridDim.x)
    cross_entropy_row(row_loss + r, log_probs + r * k, logits + r * k, index_at(labels, label_dtype, r), k, smoothing, b);
}

template <class T>
__global__ void batch_mean_kernel(T* loss, const double* row_loss, long long n) {
  __shared__ double scratch[33];
  DeviceBlock b{scratch};
  cross_entropy_batch_mean(loss, row_loss, n, b);
}

template <class T>
__global__ void cross_entropy_backward_kernel(T* dlogits, const T* dloss, const T* log_probs, const void* labels, DType label_dtype,
                                              long long n, long long k, double smoothing) {
  const CrossEntropyGrad<T> c = cross_entropy_grad(dloss, n, k, smoothing);
  for (long long i = blockIdx.x * (long long)blockDim.x + threadIdx.x; i < n * k; i += (long long)gridDim.x * blockDim.x)
    cross_entropy_backward_element(dlogits, log_probs, labels, label_dtype, c, k, i);
}

}  // namespace

void cross_entropy_forward(Tensor& loss, Tensor& log_probs, const Tensor& logits, const Tensor& labels,
                           double smoothing) {
  const long long n = logits.size(0), k = logits.size(1);
  Tensor row_loss = Tensor::empty({n}, DType::Float64, Device::CUDA);
  dispatch_float(logits.dtype(), "crossEntropy", [&](auto tag_) {
    using scalar_t = decltype(tag_);
    cross_entropy_rows_kernel<<<unsigned(std::min<long long>(n, 1 << 20)), row_block(k), 0, stream()>>>(
        row_loss.data<double>(), log_probs.data<scalar_t>(), logits.data<scalar_t>(), labels.raw(), labels.dtype(), n, k,
        smoothing);
    MSSAR_CUDA_LAUNCHED("crossEntropy");
    batch_mean_kernel<<<1, 256, 0, stream()>>>(loss.data<scalar_t>(), row_loss.data<double>(), n);
    MSSAR_CUDA_LAUNCHED("crossEntropy");
  });
}

void cross_entropy_backward(Tensor& dlogits, const Tensor& dloss, const Tensor& log_probs, const Tensor& labels,
                            double smoothing) {
  const long long n = log_probs.size(0), k = log_probs.size(1);
  dispatch_float(log_probs.dtype(), "crossEntropy backward", [&](auto tag_) {
    using scalar_t = decltype(tag_);
    cross_entropy_backward_kernel<<<grid_for(n * k), 256, 0, stream()>>>(
        dlogits.data<scalar_t>(), dloss.data<scalar_t>(), log_probs.data<scalar_t>(), labels.raw(), labels.dtype(), n, k,
        smoothing);
  });
  MSSAR_CUDA_LAUNCHED("crossEntropy backward");
}

}  // namespace mssar::cuda

namespace mssar {
MSSAR_REGISTER_KERNEL(cross_entropy_forward, CUDA, cuda::cross_entropy_forward)
MSSAR_REGISTER_KERNEL(cross_entropy_backward, CUDA, cuda::cross_entropy_backward)
}  // namespace mssar
