// add_relu: y = max(a + b, 0), a and b of one shape (the end of a residual block: the sum of the
// residual and the shortcut, then the ReLU, in one pass). Backward: the ReLU's, dy where y > 0,
// which is the gradient of both a and b (relu_backward's kernels).
//
// On the cpu a keeps its layout and b is brought to it; cuda and the reference take plain tensors.
#pragma once
#include "../core/dispatch.h"

namespace mssar {

MSSAR_DECLARE_KERNEL(add_relu_forward, void(Tensor& y, const Tensor& a, const Tensor& b))

Tensor add_relu_forward(const Tensor& a, const Tensor& b);
// The gradient of a (and of b): dy where y > 0, else 0, in y's layout.
Tensor add_relu_backward(const Tensor& dy, const Tensor& y);

}  // namespace mssar
