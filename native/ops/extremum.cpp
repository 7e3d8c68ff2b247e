#include "extremum.h"

#include "checks.h"
#include "layout.h"

namespace mssar {

MSSAR_DEFINE_KERNEL(extremum_forward)
MSSAR_DEFINE_KERNEL(extremum_backward)

std::pair<Tensor, Tensor> extremum_forward(const Tensor& x_in, const std::vector<int64_t>& dims_in, bool keep_dim,
                                           bool is_min) {
  const char* op = is_min ? "min" : "max";
  check_defined(op, "x", x_in);
  MSSAR_CHECK(x_in.dtype() != DType::Bool, op, ": bool tensors have no order (cast them first), got ", x_in.describe());
  const Tensor x = to_plain(x_in);
  const std::vector<int64_t> dims = reduction_dims(op, x.shape(), dims_in);
  const Backend be = select_backend(op, {&x});
  const Shape out = reduced_shape(x.shape(), dims, keep_dim);
  int64_t count = 1;
  for (int64_t d : dims) count *= x.size(d);
  MSSAR_CHECK(count > 0 || numel(out) == 0, op, ": cannot reduce ", x.describe(), " over dims with no elements");
  Tensor values = Tensor::empty(out, x.dtype(), x.device());
  Tensor indices = Tensor::empty(out, DType::Int64, x.device());
  if (values.numel() > 0) extremum_forward_kernels()[be](values, indices, x, dims, is_min);
  return {values, indices};
}

Tensor extremum_backward(const Tensor& dy_in, const Tensor& indices_in, const Shape& input_shape,
                         const std::vector<int64_t>& dims_in, bool keep_dim) {
  const char* op = "max backward";
  check_float(op, "dy", dy_in);
  check_defined(op, "indices", indices_in);
  MSSAR_CHECK(indices_in.dtype() == DType::Int64, op, ": indices must be int64, got ", indices_in.describe());
  const std::vector<int64_t> dims = reduction_dims(op, input_shape, dims_in);
  const Shape out = reduced_shape(input_shape, dims, keep_dim);
  check_shape(op, "dy", dy_in, out);
  check_shape(op, "indices", indices_in, out);
  const Tensor dy = to_plain(dy_in), indices = to_plain(indices_in);
  const Backend be = select_backend(op, {&dy, &indices});
  int64_t count = 1;
  for (int64_t d : dims) count *= input_shape[size_t(d)];
  if (indices.device() == Device::CPU) {  // a CUDA kernel skips a position out of range instead
    const int64_t* p = indices.data<int64_t>();
    for (int64_t i = 0; i < indices.numel(); ++i)
      MSSAR_CHECK(p[i] >= 0 && p[i] < count, op, ": index ", p[i], " at ", i, " is outside [0, ", count, ")");
  }
  Tensor dx = Tensor::zeros(input_shape, dy.dtype(), dy.device());
  if (dy.numel() > 0 && dx.numel() > 0) extremum_backward_kernels()[be](dx, dy, indices, dims);
  return dx;
}

}  // namespace mssar
