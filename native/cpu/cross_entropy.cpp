// cross_entropy on the CPU: each row's log-probabilities and loss in one pass (rows in parallel),
// then the batch mean of the row losses, added pairwise in order.
#include "../ops/cross_entropy.h"

#include <algorithm>
#include <cmath>
#include <vector>

#include "../core/dtype_dispatch.h"
#include "../core/index_values.h"
#include "../core/parallel.h"
#include "reduce_util.h"
#include "softmax_row.h"
#include "vec_math.h"

namespace mssar::cpu {

void cross_entropy_forward(Tensor& loss, Tensor& log_probs, const Tensor& logits, const Tensor& labels,
                           double smoothing) {
  const int64_t n = logits.size(0), k = logits.size(1);
  const void* label = labels.raw();
  const DType label_dtype = labels.dtype();
  dispatch_float(logits.dtype(), "crossEntropy", [&](auto tag_) {
    using scalar_t = decltype(tag_);
    const scalar_t* x = logits.data<scalar_t>();
    scalar_t* lp = log_probs.data<scalar_t>();
    std::vector<double> row_loss(static_cast<size_t>(n));
    parallel_for(n, std::max<int64_t>(1, (1 << 13) / k), [&](int64_t b, int64_t e) {
      for (int64_t r = b; r < e; ++r) {
        const scalar_t* xr = x + r * k;
        const RowLse l = log_softmax_row(lp + r * k, xr, k);
        // sum_k log p_k = sum_k (x_k - m) - K log_sum, from the logits (not the rounded log-probabilities).
        double all = 0;
        if (smoothing > 0) {
          for (int64_t j = 0; j < k; ++j) all += double(xr[j]) - l.max;
          all -= double(k) * l.log_sum;
        }
        const double picked = (double(xr[index_at(label, label_dtype, r)]) - l.max) - l.log_sum;
        row_loss[size_t(r)] = -((1 - smoothing) * picked + smoothing / double(k) * all);
      }
    });
    loss.data<scalar_t>()[0] = scalar_t(pairwise_sum(row_loss.data(), n) / double(n));
  });
}

void cross_entropy_backward(Tensor& dlogits, const Tensor& dloss, const Tensor& log_probs, const Tensor& labels,
                            double smoothing) {
  const int64_t n = log_probs.size(0), k = log_probs.size(1);
  const void* label = labels.raw();
  const DType label_dtype = labels.dtype();
  dispatch_float(log_probs.dtype(), "crossEntropy backward", [&](auto tag_) {
    using scalar_t = decltype(tag_);
    const scalar_t scale = scalar_t(double(dloss.data<scalar_t>()[0]) / double(n));
    const scalar_t uniform = scalar_t(smoothing / double(k));
    const scalar_t hit = scalar_t(1 - smoothing);
    const scalar_t* lp = log_probs.data<scalar_t>();
    scalar_t* d = dlogits.data<scalar_t>();
    parallel_for(n, std::max<int64_t>(1, (1 << 14) / k), [&](int64_t b, int64_t e) {
      for (int64_t r = b; r < e; ++r) {
        const scalar_t* lr = lp + r * k;
        scalar_t* dr = d + r * k;
#pragma omp simd
        for (int64_t j = 0; j < k; ++j) dr[j] = scale * (exp_simd(lr[j]) - uniform);
        dr[index_at(label, label_dtype, r)] -= scale * hit;
      }
    });
  });
}

}  // namespace mssar::cpu

namespace mssar {
MSSAR_REGISTER_KERNEL(cross_entropy_forward, CPU, cpu::cross_entropy_forward)
MSSAR_REGISTER_KERNEL(cross_entropy_backward, CPU, cpu::cross_entropy_backward)
}  // namespace mssar
