// max_pool2d: y[n, c, oh, ow] = the largest input cell of the window (stride, padding, ceil mode as
// in pool2d.h). Padding acts as -inf: padded cells never win. indices (int32, y's shape) hold the
// winner's offset h * W + w within its input plane; the first of equal maxima wins, and NaN wins
// over numbers (it propagates). Backward adds dy at those offsets (windows may overlap).
#pragma once
#include <utility>

#include "../core/dispatch.h"
#include "pool2d.h"

namespace mssar {

MSSAR_DECLARE_KERNEL(max_pool2d_forward, void(Tensor& y, Tensor& indices, const Tensor& x, const Pool2dParams& p))
// Indices outside [0, H * W) are reported by the CPU kernels (they return one of them, or
// -1 when all are valid) and skipped by the CUDA kernel, which cannot report without a
// synchronization.
MSSAR_DECLARE_KERNEL(max_pool2d_backward, int64_t(Tensor& dx, const Tensor& dy, const Tensor& indices))

// Returns [y, indices].
std::pair<Tensor, Tensor> max_pool2d_forward(const Tensor& x, const Pool2dParams& p);
Tensor max_pool2d_backward(const Tensor& dy, const Tensor& indices, const Shape& input_shape);

}  // namespace mssar
