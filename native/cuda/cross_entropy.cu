// cross_entropy on CUDA: one block per row writes the row's log-probabilities and its loss
// (double); one block then takes the batch mean of the row losses in a fixed order. The labels
// were checked on the host by the op; the kernels still never index with a label outside [0, K).
#include <algorithm>

#include <math_constants.h>

#include "../core/dtype_dispatch.h"
#include "../core/index_values.h"
#include "../ops/cross_entropy.h"
#include "softmax_row.cuh"

namespace mssar::cuda {

namespace {

template <class T>
__global__ void cross_entropy_rows_kernel(double* row_loss, T* log_probs, const T* logits, const void* labels, DType label_dtype,
                                          long long n, long long k, double smoothing) {
  __shared__ double scratch[33];
  for (long long r = blockIdx.x; r < n; r += gridDim.x) {
    const T* x = logits + r * k;
    double all_x = 0;
    const RowLse l = log_softmax_row(log_probs + r * k, x, k, scratch, &all_x);
    if (threadIdx.x == 0) {
      const long long label = index_at(labels, label_dtype, r);
      const double picked = label >= 0 && label < k ? (double(x[label]) - l.max) - l.log_sum : CUDART_NAN;
      const double all = all_x - double(k) * l.log_sum;
      row_loss[r] = -((1 - smoothing) * picked + smoothing / double(k) * all);
    }
  }
}

template <class T>
__global__ void batch_mean_kernel(T* loss, const double* row_loss, long long n) {
  __shared__ double scratch[33];
  double s = 0;
  for (long long r = threadIdx.x; r < n; r += blockDim.x) s += row_loss[r];
  s = block_allreduce(s, SumOp(), 0.0, scratch);
  if (threadIdx.x == 0) loss[0] = T(s / double(n));
}

template <class T>
__global__ void cross_entropy_backward_kernel(T* dlogits, const T* dloss, const T* log_probs, const void* labels, DType label_dtype,
                                              long long n, long long k, double smoothing) {
  const T scale = T(double(dloss[0]) / double(n));
  const T uniform = T(smoothing / double(k));
  const T hit = T(1 - smoothing);
  for (long long i = blockIdx.x * (long long)blockDim.x + threadIdx.x; i < n * k; i += (long long)gridDim.x * blockDim.x) {
    const long long r = i / k;
    const T q = (i - r * k == index_at(labels, label_dtype, r) ? hit : T(0)) + uniform;
    dlogits[i] = scale * (exp(log_probs[i]) - q);
  }
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
