// softmax over dim 1 of a 2-d [N, K] or 3-d [outer, K, inner] tensor (softmax_dims.h):
// y = exp(x - max) / sum exp(x - max) (stable); backward dx = y * (dy - sum_k dy_k y_k) (saves y).
// Any tensor and dim come as [outer, K, inner] from the TypeScript op (a reshape, no copy).
#pragma once
#include "../core/dispatch.h"

namespace mssar {

MSSAR_DECLARE_KERNEL(softmax_forward, void(Tensor& y, const Tensor& x))
MSSAR_DECLARE_KERNEL(softmax_backward, void(Tensor& dx, const Tensor& dy, const Tensor& y))

Tensor softmax_forward(const Tensor& x);
Tensor softmax_backward(const Tensor& dy, const Tensor& y);

}  // namespace mssar
