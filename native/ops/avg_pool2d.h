// avg_pool2d: y[n, c, oh, ow] = the mean of the window (stride, padding, ceil mode as in pool2d.h).
// The divisor is the window's size clipped to the padded input when count_include_pad, else the
// number of its cells inside the input (PyTorch's rule). Backward spreads dy / divisor back over
// the window's input cells.
#pragma once
#include "../core/dispatch.h"
#include "pool2d.h"

namespace mssar {

MSSAR_DECLARE_KERNEL(avg_pool2d_forward, void(Tensor& y, const Tensor& x, const Pool2dParams& p))
MSSAR_DECLARE_KERNEL(avg_pool2d_backward, void(Tensor& dx, const Tensor& dy, const Pool2dParams& p))

Tensor avg_pool2d_forward(const Tensor& x, const Pool2dParams& p);
Tensor avg_pool2d_backward(const Tensor& dy, const Shape& input_shape, const Pool2dParams& p);

}  // namespace mssar
