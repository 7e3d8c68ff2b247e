// maskedFill: y = value where mask is true (nonzero), x elsewhere; mask has x's shape (the
// TypeScript op expands a broadcast mask). Backward: dx = dy where mask is false, 0 where true:
// the same kernel with value 0. x float; mask int32 (native/core/index_values.h).
#pragma once
#include "../core/dispatch.h"

namespace mssar {

MSSAR_DECLARE_KERNEL(masked_fill_forward, void(Tensor& y, const Tensor& x, const Tensor& mask, double value))

Tensor masked_fill_forward(const Tensor& x, const Tensor& mask, double value);
Tensor masked_fill_backward(const Tensor& dy, const Tensor& mask);

}  // namespace mssar
