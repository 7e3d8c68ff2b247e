#include "index_select.h"

#include "checks.h"
#include "index_checks.h"
#include "layout.h"

namespace mssar {

MSSAR_DEFINE_KERNEL(index_select_forward)
MSSAR_DEFINE_KERNEL(index_select_backward)

namespace {

struct Checked {
  Shape out;
  IndexGeometry g;
};

Checked check(const char* op, const Shape& x_shape, const std::string& x_desc, int64_t dim, const Tensor& index) {
  const int64_t nd = int64_t(x_shape.size());
  MSSAR_CHECK(nd >= 1 && nd <= IndexGeometry::kMaxDims, op, ": x must have 1 to ", IndexGeometry::kMaxDims,
              " dims, got ", x_desc);
  MSSAR_CHECK(dim >= 0 && dim < nd, op, ": dim ", dim, " out of range for ", x_desc, " (expected 0 to ", nd - 1, ")");
  check_defined(op, "index", index);
  MSSAR_CHECK(index.ndim() == 1, op, ": index must be 1-d, got ", index.describe());
  check_index_values(op, "index", index, x_shape[size_t(dim)], cat("dim ", dim, " of ", x_desc));
  Checked c;
  c.out = x_shape;
  c.out[size_t(dim)] = index.size(0);
  c.g = index_geometry(c.out, x_shape, dim);
  return c;
}

}  // namespace

Tensor index_select_forward(const Tensor& x_in, int64_t dim, const Tensor& index) {
  const char* op = "indexSelect";
  check_float(op, "x", x_in);
  const Checked c = check(op, x_in.shape(), x_in.describe(), dim, index);
  const Tensor x = to_plain(x_in);
  Backend be = select_backend(op, {&x, &index});
  Tensor y = Tensor::empty(c.out, x.dtype(), x.device());
  if (y.numel() > 0) index_select_forward_kernels()[be](y, x, index, c.g);
  return y;
}

Tensor index_select_backward(const Tensor& dy_in, const Shape& input_shape, int64_t dim, const Tensor& index) {
  const char* op = "indexSelect backward";
  check_float(op, "dy", dy_in);
  const Checked c = check(op, input_shape, shape_str(input_shape), dim, index);
  check_shape(op, "dy", dy_in, c.out);
  const Tensor dy = to_plain(dy_in);
  Backend be = select_backend(op, {&dy, &index});
  Tensor dx = Tensor::zeros(input_shape, dy.dtype(), dy.device());
  if (dy.numel() > 0) index_select_backward_kernels()[be](dx, dy, index, c.g);
  return dx;
}

}  // namespace mssar
