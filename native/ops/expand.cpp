#include "expand.h"

#include <vector>

#include "checks.h"
#include "layout.h"
#include "sum.h"

namespace mssar {

MSSAR_DEFINE_KERNEL(expand_forward)

namespace {

// Checks that `from` broadcasts to `to` (NumPy's rules); returns the dims of `to` that repeat.
std::vector<int64_t> repeated_dims(const char* op, const Shape& from, const Shape& to, const std::string& what) {
  const int64_t nd = int64_t(to.size()), lead = nd - int64_t(from.size());
  MSSAR_CHECK(nd <= StridedMap::kMaxDims, op, ": at most ", StridedMap::kMaxDims, " dims, got ", shape_str(to));
  MSSAR_CHECK(lead >= 0, op, ": cannot expand ", what, " to the shorter shape ", shape_str(to));
  std::vector<int64_t> dims;
  for (int64_t d = 0; d < nd; ++d) {
    const int64_t s = d < lead ? 1 : from[size_t(d - lead)];
    MSSAR_CHECK(s == to[size_t(d)] || s == 1, op, ": cannot expand ", what, " to ", shape_str(to), " (dim ", d,
                " has size ", s, ", which is neither ", to[size_t(d)], " nor 1)");
    if (s != to[size_t(d)]) dims.push_back(d);
  }
  return dims;
}

}  // namespace

Tensor expand_forward(const Tensor& x_in, const Shape& shape) {
  const char* op = "expand";
  check_defined(op, "x", x_in);
  repeated_dims(op, x_in.shape(), shape, x_in.describe());
  const Tensor x = to_plain(x_in);
  Backend be = select_backend(op, {&x});
  const int64_t nd = int64_t(shape.size()), lead = nd - x.ndim();
  int64_t strides[StridedMap::kMaxDims] = {};
  contiguous_strides(x.shape(), strides);
  StridedMap m;
  m.ndim = int(nd);
  for (int64_t d = 0; d < nd; ++d) {
    m.size[d] = shape[size_t(d)];
    m.stride[d] = d < lead || x.size(d - lead) == 1 ? 0 : strides[d - lead];
  }
  Tensor y = Tensor::empty(shape, x.dtype(), x.device());
  if (y.numel() > 0) expand_forward_kernels()[be](y, x, m);
  return y;
}

Tensor expand_backward(const Tensor& dy, const Shape& input_shape) {
  const char* op = "expand backward";
  check_float(op, "dy", dy);
  const std::vector<int64_t> dims = repeated_dims(op, input_shape, dy.shape(), shape_str(input_shape));
  if (dims.empty()) return to_plain(dy).reshape(input_shape);
  return sum_to_shape(op, dy, dims, input_shape);
}

}  // namespace mssar
