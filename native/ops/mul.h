// mul: y = a * b, b of a's shape or a channel broadcast (channel_broadcast.h).
//   da = dy * b (b broadcast);  db = dy * a, summed down to b's shape.
#pragma once
#include "../core/dispatch.h"

namespace mssar {

MSSAR_DECLARE_KERNEL(mul_forward, void(Tensor& y, const Tensor& a, const Tensor& b))
// da or db may be undefined: that gradient is not wanted.
MSSAR_DECLARE_KERNEL(mul_backward, void(Tensor& da, Tensor& db, const Tensor& dy, const Tensor& a, const Tensor& b))

Tensor mul_forward(const Tensor& a, const Tensor& b);
// Returns {da, db}; an undefined tensor where need_a / need_b is false.
std::pair<Tensor, Tensor> mul_backward(const Tensor& dy, const Tensor& a, const Tensor& b, bool need_a, bool need_b);

}  // namespace mssar
