// softmax over dim 1 of a 2-d [N, K] tensor: y = exp(x - max) / sum exp(x - max) (stable);
// backward dx = y * (dy - sum_k dy_k y_k) (saves y). Other dims and shapes are brought to
// [rows, K] by the TypeScript op (reshape, and a permute when the dim is not the last).
#pragma once
#include "../core/dispatch.h"

namespace mssar {

MSSAR_DECLARE_KERNEL(softmax_forward, void(Tensor& y, const Tensor& x))
MSSAR_DECLARE_KERNEL(softmax_backward, void(Tensor& dx, const Tensor& dy, const Tensor& y))

Tensor softmax_forward(const Tensor& x);
Tensor softmax_backward(const Tensor& dy, const Tensor& y);

}  // namespace mssar
