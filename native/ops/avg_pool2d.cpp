#include "avg_pool2d.h"

#include "checks.h"
#include "layout.h"

namespace mssar {

MSSAR_DEFINE_KERNEL(avg_pool2d_forward)
MSSAR_DEFINE_KERNEL(avg_pool2d_backward)

Tensor avg_pool2d_forward(const Tensor& x_in, const Pool2dParams& p) {
  check_float("avgPool2d", "x", x_in);
  const Tensor x = to_plain(x_in);  // windows are pooled on plain tensors
  const Shape out = pool2d_output_shape("avgPool2d", x.shape(), "x", x.describe(), p);
  Backend b = select_backend("avgPool2d", {&x});
  Tensor y = Tensor::empty(out, x.dtype(), x.device());
  avg_pool2d_forward_kernels()[b](y, x, p);
  return y;
}

Tensor avg_pool2d_backward(const Tensor& dy_in, const Shape& input_shape, const Pool2dParams& p) {
  const char* op = "avgPool2d backward";
  check_float(op, "dy", dy_in);
  const Tensor dy = to_plain(dy_in);
  const Shape out = pool2d_output_shape(op, input_shape, "input shape", shape_str(input_shape), p);
  MSSAR_CHECK(dy.shape() == out, op, ": dy must have the output shape ", shape_str(out), " of input shape ",
              shape_str(input_shape), ", got ", dy.describe());
  Backend b = select_backend(op, {&dy});
  Tensor dx = Tensor::empty(input_shape, dy.dtype(), dy.device());
  avg_pool2d_backward_kernels()[b](dx, dy, p);
  return dx;
}

}  // namespace mssar
