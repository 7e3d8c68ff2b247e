// cross_entropy: the mean over the batch of -sum_k q_k log p_k, p = softmax(logits [N, K]),
// q = (1 - s) onehot(label) + s / K (label smoothing s in [0, 1)). labels: int32 or int64 [N] in [0, K).
// The forward keeps log p for the backward: dlogits = dloss / N * (p - q).
#pragma once
#include "../core/dispatch.h"

namespace mssar {

MSSAR_DECLARE_KERNEL(cross_entropy_forward, void(Tensor& loss, Tensor& log_probs, const Tensor& logits,
                                                 const Tensor& labels, double smoothing))
MSSAR_DECLARE_KERNEL(cross_entropy_backward, void(Tensor& dlogits, const Tensor& dloss, const Tensor& log_probs,
                                                  const Tensor& labels, double smoothing))

// Returns {loss (0-d), log_probs [N, K]}.
std::pair<Tensor, Tensor> cross_entropy_forward(const Tensor& logits, const Tensor& labels, double smoothing);
Tensor cross_entropy_backward(const Tensor& dloss, const Tensor& log_probs, const Tensor& labels, double smoothing);

}  // namespace mssar
