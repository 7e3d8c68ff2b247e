// global_avg_pool2d: [N, C, H, W] -> [N, C, 1, 1], the mean of each plane; backward spreads
// dy / (H * W) over the plane.
//
// x may come in any layout on the cpu (read through its lane view); y and dy are plain. The
// backward writes dx in the layout asked for (the forward input's): the cpu kernel directly, the
// others plain and then reordered.
#pragma once
#include "../core/dispatch.h"

namespace mssar {

MSSAR_DECLARE_KERNEL(global_avg_pool2d_forward, void(Tensor& y, const Tensor& x))
MSSAR_DECLARE_KERNEL(global_avg_pool2d_backward, void(Tensor& dx, const Tensor& dy))

Tensor global_avg_pool2d_forward(const Tensor& x);
Tensor global_avg_pool2d_backward(const Tensor& dy, const Shape& input_shape, Layout layout = Layout::Plain);

}  // namespace mssar
