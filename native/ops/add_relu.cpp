#include "add_relu.h"

#include "checks.h"
#include "layout.h"
#include "relu.h"

namespace mssar {

MSSAR_DEFINE_KERNEL(add_relu_forward)

Tensor add_relu_forward(const Tensor& a_in, const Tensor& b_in) {
  const char* op = "addRelu";
  check_float(op, "a", a_in);
  check_float(op, "b", b_in);
  check_same_dtype(op, "a", a_in, "b", b_in);
  check_same_shape(op, "a", a_in, "b", b_in);
  Backend be = select_backend(op, {&a_in, &b_in});
  const Tensor a = be == Backend::CPU ? a_in : to_plain(a_in);
  const Tensor b = to_layout(b_in, a.layout());
  Tensor y = Tensor::empty_like(a);
  if (y.numel() > 0) add_relu_forward_kernels()[be](y, a, b);
  return y;
}

Tensor add_relu_backward(const Tensor& dy, const Tensor& y) {
  const char* op = "addRelu backward";
  check_float(op, "y", y);
  check_like(op, "y", y, "dy", dy);
  check_same_shape(op, "y", y, "dy", dy);
  Backend be = select_backend(op, {&dy, &y});
  Tensor dx = Tensor::empty_like(y);
  if (dx.numel() > 0) relu_backward_kernels()[be](dx, to_layout(dy, y.layout()), y);
  return dx;
}

}  // namespace mssar
