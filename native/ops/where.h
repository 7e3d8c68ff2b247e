// where(cond, a, b): a where cond is true, else b, with NumPy broadcasting of all three. cond is
// bool; a and b share a dtype (the TypeScript layer promotes them). Plain layout. Its gradients,
// where(cond, dy, 0) and where(cond, 0, dy) summed to a's and b's shapes, run on this forward.
#pragma once
#include "../core/dispatch.h"

namespace mssar {

MSSAR_DECLARE_KERNEL(where_forward, void(Tensor& y, const Tensor& cond, const Tensor& a, const Tensor& b))

Tensor where_forward(const Tensor& cond, const Tensor& a, const Tensor& b);

}  // namespace mssar
