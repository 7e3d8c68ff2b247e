#include "mean.h"

#include <algorithm>

#include "checks.h"
#include "layout.h"

namespace mssar {

namespace {

// Elements averaged into each output; an average over none is refused rather than made NaN.
int64_t averaged_count(const char* op, const Shape& shape, const std::vector<int64_t>& dims) {
  int64_t count = 1, outputs = 1;
  for (int64_t d = 0; d < int64_t(shape.size()); ++d) {
    const bool reduced = std::binary_search(dims.begin(), dims.end(), d);
    (reduced ? count : outputs) *= shape[size_t(d)];
  }
  MSSAR_CHECK(count > 0 || outputs == 0, op, ": cannot average over zero elements (shape ", shape_str(shape), ")");
  return count;
}

}  // namespace

Tensor mean_forward(const Tensor& x_in, const std::vector<int64_t>& dims, bool keep_dim) {
  check_float("mean", "x", x_in);
  const Tensor x = to_plain(x_in);  // reduced on plain tensors
  std::vector<int64_t> d = reduction_dims("mean", x.shape(), dims);
  const int64_t count = averaged_count("mean", x.shape(), d);
  Backend b = select_backend("mean", {&x});
  Tensor y = Tensor::empty(reduced_shape(x.shape(), d, keep_dim), x.dtype(), x.device());
  if (y.numel() == 0) return y;
  sum_forward_kernels()[b](y, x, d, 1.0 / double(count));
  return y;
}

Tensor mean_backward(const Tensor& dy_in, const Shape& input_shape, const std::vector<int64_t>& dims, bool keep_dim) {
  check_float("mean backward", "dy", dy_in);
  const Tensor dy = to_plain(dy_in);
  std::vector<int64_t> d = reduction_dims("mean backward", input_shape, dims);
  check_shape("mean backward", "dy", dy, reduced_shape(input_shape, d, keep_dim));
  const int64_t count = averaged_count("mean backward", input_shape, d);
  Backend b = select_backend("mean backward", {&dy});
  Tensor dx = Tensor::empty(input_shape, dy.dtype(), dy.device());
  if (dx.numel() == 0) return dx;
  sum_backward_kernels()[b](dx, dy, d, 1.0 / double(count));
  return dx;
}

}  // namespace mssar
