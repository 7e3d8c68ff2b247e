// global_avg_pool2d: [N, C, H, W] -> [N, C, 1, 1], the mean of each plane; backward spreads
// dy / (H * W) over the plane.
#pragma once
#include "../core/dispatch.h"

namespace mssar {

MSSAR_DECLARE_KERNEL(global_avg_pool2d_forward, void(Tensor& y, const Tensor& x))
MSSAR_DECLARE_KERNEL(global_avg_pool2d_backward, void(Tensor& dx, const Tensor& dy))

Tensor global_avg_pool2d_forward(const Tensor& x);
Tensor global_avg_pool2d_backward(const Tensor& dy, const Shape& input_shape);

}  // namespace mssar
