// log_softmax over dim 1 of a 2-d [N, K] or 3-d [outer, K, inner] tensor (softmax_dims.h):
// y = x - max - log(sum exp(x - max)) (stable); backward dx = dy - exp(y) * sum_k dy (saves y).
#pragma once
#include "../core/dispatch.h"

namespace mssar {

MSSAR_DECLARE_KERNEL(log_softmax_forward, void(Tensor& y, const Tensor& x))
MSSAR_DECLARE_KERNEL(log_softmax_backward, void(Tensor& dx, const Tensor& dy, const Tensor& y))

Tensor log_softmax_forward(const Tensor& x);
Tensor log_softmax_backward(const Tensor& dy, const Tensor& y);

}  // namespace mssar
