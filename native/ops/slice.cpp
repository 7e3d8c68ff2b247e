#include "slice.h"

#include "checks.h"
#include "layout.h"

namespace mssar {

MSSAR_DEFINE_KERNEL(slice_forward)
MSSAR_DEFINE_KERNEL(slice_backward)

namespace {

// Checks the range against `shape` and returns the map from the slice's elements into it.
StridedMap slice_map(const char* op, const Shape& shape, const std::string& what, int64_t dim, int64_t start,
                     int64_t end, int64_t step) {
  const int64_t nd = int64_t(shape.size());
  MSSAR_CHECK(nd >= 1 && nd <= StridedMap::kMaxDims, op, ": x must have 1 to ", StridedMap::kMaxDims, " dims, got ",
              what);
  MSSAR_CHECK(dim >= 0 && dim < nd, op, ": dim ", dim, " out of range for ", what, " (expected 0 to ", nd - 1, ")");
  const int64_t size = shape[size_t(dim)];
  MSSAR_CHECK(0 <= start && start <= end && end <= size, op, ": range ", start, " to ", end, " must lie in 0 to ", size,
              " (dim ", dim, " of ", what, ") with start <= end");
  MSSAR_CHECK(step >= 1, op, ": step must be at least 1, got ", step);
  int64_t strides[StridedMap::kMaxDims];
  contiguous_strides(shape, strides);
  StridedMap m;
  m.ndim = int(nd);
  for (int64_t d = 0; d < nd; ++d) {
    m.size[d] = shape[size_t(d)];
    m.stride[d] = strides[d];
  }
  m.size[dim] = (end - start + step - 1) / step;
  m.stride[dim] = strides[dim] * step;
  m.offset = start * strides[dim];
  return m;
}

Shape map_shape(const StridedMap& m) { return Shape(m.size, m.size + m.ndim); }

}  // namespace

Tensor slice_forward(const Tensor& x_in, int64_t dim, int64_t start, int64_t end, int64_t step) {
  const char* op = "slice";
  check_defined(op, "x", x_in);
  const StridedMap m = slice_map(op, x_in.shape(), x_in.describe(), dim, start, end, step);
  const Tensor x = to_plain(x_in);
  Backend be = select_backend(op, {&x});
  Tensor y = Tensor::empty(map_shape(m), x.dtype(), x.device());
  if (y.numel() > 0) slice_forward_kernels()[be](y, x, m);
  return y;
}

Tensor slice_backward(const Tensor& dy_in, const Shape& input_shape, int64_t dim, int64_t start, int64_t end,
                      int64_t step) {
  const char* op = "slice backward";
  check_float(op, "dy", dy_in);
  const StridedMap m = slice_map(op, input_shape, shape_str(input_shape), dim, start, end, step);
  check_shape(op, "dy", dy_in, map_shape(m));
  const Tensor dy = to_plain(dy_in);
  Backend be = select_backend(op, {&dy});
  Tensor dx = Tensor::zeros(input_shape, dy.dtype(), dy.device());
  if (dy.numel() > 0) slice_backward_kernels()[be](dx, dy, m);
  return dx;
}

}  // namespace mssar
