// nll_loss: the negative log-likelihood of labels under log-probabilities logp [N, K], with optional
// class weights w [K] and label smoothing s (crossEntropy with weights runs on it after logSoftmax):
//   l_n = -(1 - s) w[y_n] logp[n, y_n] - (s / K) sum_k w[k] logp[n, k]     (w = 1 without weights)
//   reduction none: l [N]; sum: sum_n l_n; mean: sum_n l_n / sum_n w[y_n] (PyTorch's weighted mean).
// Backward: dlogp[n, k] = -(g_n / den) ((1 - s) w[y_n] [k == y_n] + (s / K) w[k]).
// labels: int32 (native/core/index_values.h), each in [0, K).
#pragma once
#include "../core/dispatch.h"

namespace mssar {

enum class Reduction { None = 0, Mean = 1, Sum = 2 };

// loss: [N] for None, 0-d otherwise. The kernels never see N = 0 or K = 0.
MSSAR_DECLARE_KERNEL(nll_loss_forward, void(Tensor& loss, const Tensor& logp, const Tensor& labels,
                                            const Tensor& weight, double smoothing, Reduction reduction))
MSSAR_DECLARE_KERNEL(nll_loss_backward, void(Tensor& dlogp, const Tensor& dloss, const Tensor& labels,
                                             const Tensor& weight, double smoothing, Reduction reduction))

Reduction parse_reduction(const char* op, const std::string& name);
Tensor nll_loss_forward(const Tensor& logp, const Tensor& labels, const Tensor& weight, double smoothing,
                        Reduction reduction);
Tensor nll_loss_backward(const Tensor& dloss, const Tensor& logp, const Tensor& labels, const Tensor& weight,
                         double smoothing, Reduction reduction);

}  // namespace mssar
