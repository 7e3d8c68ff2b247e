#include "where.h"

#include "broadcast_plan.h"
#include "checks.h"
#include "layout.h"

namespace mssar {

MSSAR_DEFINE_KERNEL(where_forward)

Tensor where_forward(const Tensor& cond_in, const Tensor& a_in, const Tensor& b_in) {
  check_defined("where", "cond", cond_in);
  check_defined("where", "a", a_in);
  check_defined("where", "b", b_in);
  MSSAR_CHECK(cond_in.dtype() == DType::Bool, "where: cond must be bool, got ", cond_in.describe());
  check_same_dtype("where", "a", a_in, "b", b_in);
  const Shape out = broadcast_shape("where", {&cond_in.shape(), &a_in.shape(), &b_in.shape()});
  const Tensor cond = to_plain(cond_in), a = to_plain(a_in), b = to_plain(b_in);
  const Backend be = select_backend("where", {&cond, &a, &b});
  Tensor y = Tensor::empty(out, a.dtype(), a.device());
  if (y.numel() > 0) where_forward_kernels()[be](y, cond, a, b);
  return y;
}

}  // namespace mssar
