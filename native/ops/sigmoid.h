// sigmoid: y = 1 / (1 + exp(-x)), computed as exp(-|x|)-based so that no exp overflows; backward
// dx = dy * y * (1 - y) (saves y, not x).
#pragma once
#include "../core/dispatch.h"

namespace mssar {

MSSAR_DECLARE_KERNEL(sigmoid_forward, void(Tensor& y, const Tensor& x))
MSSAR_DECLARE_KERNEL(sigmoid_backward, void(Tensor& dx, const Tensor& dy, const Tensor& y))

Tensor sigmoid_forward(const Tensor& x);
Tensor sigmoid_backward(const Tensor& dy, const Tensor& y);

}  // namespace mssar
