// Reference cross_entropy, float64, from the definition: p = softmax(logits row),
// q = (1 - s) onehot(label) + s / K, loss = -(1 / N) sum_n sum_k q_nk log p_nk;
// dlogits = dloss / N * (p - q).
#include <cmath>
#include <vector>

#include "../../core/index_values.h"
#include "../../ops/cross_entropy.h"
#include "softmax_lines.h"

namespace mssar::ref {

namespace {
double target(int64_t j, int64_t label, int64_t k, double s) { return (j == label ? 1 - s : 0) + s / double(k); }
}  // namespace

void cross_entropy_forward(Tensor& loss, Tensor& log_probs, const Tensor& logits, const Tensor& labels,
                           double smoothing) {
  const int64_t n = logits.size(0), k = logits.size(1);
  const double* x = logits.data<double>();
  double* lp = log_probs.data<double>();
  double total = 0;
  for (int64_t r = 0; r < n; ++r) {
    const MaxSumExp e = max_sum_exp(x + r * k, k);
    for (int64_t j = 0; j < k; ++j) {
      lp[r * k + j] = x[r * k + j] - e.max - std::log(e.sum_exp);
      total -= target(j, index_at(labels.raw(), labels.dtype(), r), k, smoothing) * lp[r * k + j];
    }
  }
  loss.data<double>()[0] = total / double(n);
}

void cross_entropy_backward(Tensor& dlogits, const Tensor& dloss, const Tensor& log_probs, const Tensor& labels,
                            double smoothing) {
  const int64_t n = log_probs.size(0), k = log_probs.size(1);
  const double g = dloss.data<double>()[0];
  const double* lp = log_probs.data<double>();
  double* d = dlogits.data<double>();
  for (int64_t r = 0; r < n; ++r)
    for (int64_t j = 0; j < k; ++j)
      d[r * k + j] = g / double(n) * (std::exp(lp[r * k + j]) - target(j, index_at(labels.raw(), labels.dtype(), r), k, smoothing));
}

}  // namespace mssar::ref

namespace mssar {
MSSAR_REGISTER_KERNEL(cross_entropy_forward, Reference, ref::cross_entropy_forward)
MSSAR_REGISTER_KERNEL(cross_entropy_backward, Reference, ref::cross_entropy_backward)
}  // namespace mssar
