// add: y = a + b, b of a's shape or a channel broadcast (channel_broadcast.h). The gradient of a is
// dy itself; the gradient of b is dy summed down to b's shape (on the sum kernels).
#pragma once
#include "../core/dispatch.h"

namespace mssar {

MSSAR_DECLARE_KERNEL(add_forward, void(Tensor& y, const Tensor& a, const Tensor& b))

Tensor add_forward(const Tensor& a, const Tensor& b);
// The gradient of b: dy reduced to b_shape (a copy of dy when b_shape is dy's shape).
Tensor add_backward(const Tensor& dy, const Shape& b_shape);

}  // namespace mssar
