#include "gather.h"

#include "checks.h"
#include "index_checks.h"
#include "layout.h"

namespace mssar {

MSSAR_DEFINE_KERNEL(gather_forward)
MSSAR_DEFINE_KERNEL(gather_backward)

namespace {

IndexGeometry check(const char* op, const Shape& x_shape, const std::string& x_desc, int64_t dim, const Tensor& index) {
  const int64_t nd = int64_t(x_shape.size());
  MSSAR_CHECK(nd >= 1 && nd <= IndexGeometry::kMaxDims, op, ": x must have 1 to ", IndexGeometry::kMaxDims,
              " dims, got ", x_desc);
  MSSAR_CHECK(dim >= 0 && dim < nd, op, ": dim ", dim, " out of range for ", x_desc, " (expected 0 to ", nd - 1, ")");
  check_defined(op, "index", index);
  MSSAR_CHECK(index.ndim() == nd, op, ": index must have as many dims as x, got ", index.describe(), " and x ", x_desc);
  for (int64_t d = 0; d < nd; ++d)
    MSSAR_CHECK(d == dim || index.size(d) <= x_shape[size_t(d)], op, ": index ", index.describe(),
                " is larger than x ", x_desc, " in dim ", d, " (only dim ", dim, " may differ freely)");
  check_index_values(op, "index", index, x_shape[size_t(dim)], cat("dim ", dim, " of ", x_desc));
  return index_geometry(index.shape(), x_shape, dim);
}

}  // namespace

Tensor gather_forward(const Tensor& x_in, int64_t dim, const Tensor& index) {
  const char* op = "gather";
  check_float(op, "x", x_in);
  const IndexGeometry g = check(op, x_in.shape(), x_in.describe(), dim, index);
  const Tensor x = to_plain(x_in);
  Backend be = select_backend(op, {&x, &index});
  Tensor y = Tensor::empty(index.shape(), x.dtype(), x.device());
  if (y.numel() > 0) gather_forward_kernels()[be](y, x, index, g);
  return y;
}

Tensor gather_backward(const Tensor& dy_in, const Shape& input_shape, int64_t dim, const Tensor& index) {
  const char* op = "gather backward";
  check_float(op, "dy", dy_in);
  const IndexGeometry g = check(op, input_shape, shape_str(input_shape), dim, index);
  check_shape(op, "dy", dy_in, index.shape());
  const Tensor dy = to_plain(dy_in);
  Backend be = select_backend(op, {&dy, &index});
  Tensor dx = Tensor::zeros(input_shape, dy.dtype(), dy.device());
  if (dy.numel() > 0) gather_backward_kernels()[be](dx, dy, index, g);
  return dx;
}

}  // namespace mssar
