#include "global_avg_pool2d.h"

#include "checks.h"

namespace mssar {

MSSAR_DEFINE_KERNEL(global_avg_pool2d_forward)
MSSAR_DEFINE_KERNEL(global_avg_pool2d_backward)

Tensor global_avg_pool2d_forward(const Tensor& x) {
  const char* op = "global_avg_pool2d";
  check_float(op, "x", x);
  check_ndim(op, "x", x, 4, "[N, C, H, W]");
  check_plain(op, "x", x);
  MSSAR_CHECK(x.size(2) >= 1 && x.size(3) >= 1, op, ": x must have H, W >= 1, got ", x.describe());
  Backend b = select_backend(op, {&x});
  Tensor y = Tensor::empty({x.size(0), x.size(1), 1, 1}, x.dtype(), x.device());
  global_avg_pool2d_forward_kernels()[b](y, x);
  return y;
}

Tensor global_avg_pool2d_backward(const Tensor& dy, const Shape& input_shape) {
  const char* op = "global_avg_pool2d_backward";
  check_float(op, "dy", dy);
  check_plain(op, "dy", dy);
  MSSAR_CHECK(input_shape.size() == 4 && input_shape[2] >= 1 && input_shape[3] >= 1, op, ": input shape ",
              shape_str(input_shape), " must be 4-d [N, C, H, W] with H, W >= 1");
  check_shape(op, "dy", dy, {input_shape[0], input_shape[1], 1, 1});
  Backend b = select_backend(op, {&dy});
  Tensor dx = Tensor::empty(input_shape, dy.dtype(), dy.device());
  global_avg_pool2d_backward_kernels()[b](dx, dy);
  return dx;
}

}  // namespace mssar
