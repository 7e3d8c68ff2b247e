// expand: x repeated along its size-1 dims (and new leading dims) to `shape`, NumPy's broadcasting
// (a new contiguous tensor). Backward: dx = dy summed over the repeated dims (sum's kernels).
// Any dtype forward; layouts: x is made plain.
#pragma once
#include "../core/dispatch.h"
#include "strided.h"

namespace mssar {

MSSAR_DECLARE_KERNEL(expand_forward, void(Tensor& y, const Tensor& x, const StridedMap& map))

Tensor expand_forward(const Tensor& x, const Shape& shape);
Tensor expand_backward(const Tensor& dy, const Shape& input_shape);

}  // namespace mssar
