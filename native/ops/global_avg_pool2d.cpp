#include "global_avg_pool2d.h"

#include "checks.h"
#include "layout.h"

namespace mssar {

MSSAR_DEFINE_KERNEL(global_avg_pool2d_forward)
MSSAR_DEFINE_KERNEL(global_avg_pool2d_backward)

Tensor global_avg_pool2d_forward(const Tensor& x_in) {
  const char* op = "globalAvgPool2d";
  check_float(op, "x", x_in);
  check_ndim(op, "x", x_in, 4, "[N, C, H, W]");
  MSSAR_CHECK(x_in.size(2) >= 1 && x_in.size(3) >= 1, op, ": x must have H, W >= 1, got ", x_in.describe());
  Backend b = select_backend(op, {&x_in});
  const Tensor x = b == Backend::CPU ? x_in : to_plain(x_in);
  Tensor y = Tensor::empty({x.size(0), x.size(1), 1, 1}, x.dtype(), x.device());
  global_avg_pool2d_forward_kernels()[b](y, x);
  return y;
}

Tensor global_avg_pool2d_backward(const Tensor& dy_in, const Shape& input_shape, Layout layout) {
  const char* op = "globalAvgPool2d backward";
  check_float(op, "dy", dy_in);
  MSSAR_CHECK(input_shape.size() == 4 && input_shape[2] >= 1 && input_shape[3] >= 1, op, ": input shape ",
              shape_str(input_shape), " must be 4-d [N, C, H, W] with H, W >= 1");
  check_shape(op, "dy", dy_in, {input_shape[0], input_shape[1], 1, 1});
  Backend b = select_backend(op, {&dy_in});
  const Tensor dy = to_plain(dy_in);
  const Layout direct = b == Backend::CPU ? layout : Layout::Plain;
  Tensor dx = Tensor::empty(input_shape, dy.dtype(), dy.device(), direct);
  global_avg_pool2d_backward_kernels()[b](dx, dy);
  return to_layout(dx, layout);
}

}  // namespace mssar
