// slice: every step-th element of dim `dim` from start up to (not including) end:
// y.shape[dim] = ceil((end - start) / step), 0 <= start <= end <= x.shape[dim], step >= 1
// (a new contiguous tensor). Backward: dx zero but for dy scattered back to where y came from.
// Any dtype forward; layouts: x is made plain.
#pragma once
#include "../core/dispatch.h"
#include "strided.h"

namespace mssar {

MSSAR_DECLARE_KERNEL(slice_forward, void(Tensor& y, const Tensor& x, const StridedMap& map))
// dx arrives zeroed; the kernel writes dy's elements into it through the map.
MSSAR_DECLARE_KERNEL(slice_backward, void(Tensor& dx, const Tensor& dy, const StridedMap& map))

Tensor slice_forward(const Tensor& x, int64_t dim, int64_t start, int64_t end, int64_t step);
Tensor slice_backward(const Tensor& dy, const Shape& input_shape, int64_t dim, int64_t start, int64_t end, int64_t step);

}  // namespace mssar
