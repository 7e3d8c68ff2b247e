#include "max_pool2d.h"

#include "checks.h"
#include "layout.h"

namespace mssar {

MSSAR_DEFINE_KERNEL(max_pool2d_forward)
MSSAR_DEFINE_KERNEL(max_pool2d_backward)

std::pair<Tensor, Tensor> max_pool2d_forward(const Tensor& x_in, const Pool2dParams& p) {
  check_float("maxPool2d", "x", x_in);
  const Tensor x = to_plain(x_in);  // windows are pooled on plain tensors
  const Shape out = pool2d_output_shape("maxPool2d", x.shape(), "x", x.describe(), p);
  Backend b = select_backend("maxPool2d", {&x});
  Tensor y = Tensor::empty(out, x.dtype(), x.device());
  Tensor indices = Tensor::empty(out, DType::Int32, x.device());
  max_pool2d_forward_kernels()[b](y, indices, x, p);
  return {y, indices};
}

Tensor max_pool2d_backward(const Tensor& dy_in, const Tensor& indices, const Shape& input_shape) {
  const char* op = "maxPool2d backward";
  check_float(op, "dy", dy_in);
  check_ndim(op, "dy", dy_in, 4, "[N, C, OH, OW]");
  const Tensor dy = to_plain(dy_in);
  check_defined(op, "indices", indices);
  MSSAR_CHECK(indices.dtype() == DType::Int32, op, ": indices must be int32, got ", indices.describe());
  check_plain(op, "indices", indices);
  check_same_shape(op, "indices", indices, "dy", dy);
  MSSAR_CHECK(input_shape.size() == 4 && input_shape[0] == dy.size(0) && input_shape[1] == dy.size(1) &&
                  input_shape[2] >= 1 && input_shape[3] >= 1,
              op, ": input shape ", shape_str(input_shape), " must be 4-d [N, C, H, W] with the N and C of dy ",
              dy.describe(), " and H, W >= 1");
  MSSAR_CHECK(input_shape[2] * input_shape[3] < (int64_t(1) << 31), op, ": an input plane must hold fewer than 2^31 cells, got ",
              shape_str(input_shape));
  Backend b = select_backend(op, {&dy, &indices});
  Tensor dx = Tensor::empty(input_shape, dy.dtype(), dy.device());
  const int64_t bad = max_pool2d_backward_kernels()[b](dx, dy, indices);
  MSSAR_CHECK(bad < 0, op, ": index ", bad, " lies outside the input plane of ", shape_str(input_shape),
              " (indices ", indices.describe(), ")");
  return dx;
}

}  // namespace mssar
