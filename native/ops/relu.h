// relu: y = max(x, 0); backward dx = dy where y > 0, else 0 (saves y, not x).
#pragma once
#include "../core/dispatch.h"

namespace mssar {

MSSAR_DECLARE_KERNEL(relu_forward, void(Tensor& y, const Tensor& x))
MSSAR_DECLARE_KERNEL(relu_backward, void(Tensor& dx, const Tensor& dy, const Tensor& y))

Tensor relu_forward(const Tensor& x);
Tensor relu_backward(const Tensor& dy, const Tensor& y);

}  // namespace mssar
