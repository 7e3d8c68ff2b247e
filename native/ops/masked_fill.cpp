#include "masked_fill.h"

#include "../core/index_values.h"
#include "checks.h"
#include "layout.h"

namespace mssar {

MSSAR_DEFINE_KERNEL(masked_fill_forward)

namespace {

Tensor fill(const char* op, const char* xname, const Tensor& x_in, const Tensor& mask_in, double value) {
  check_float(op, xname, x_in);
  check_defined(op, "mask", mask_in);
  MSSAR_CHECK(is_mask_dtype(mask_in.dtype()), op, ": mask must be ", mask_dtypes(), ", got ", mask_in.describe());
  MSSAR_CHECK(mask_in.shape() == x_in.shape(), op, ": mask must have ", xname, "'s shape, got ", mask_in.describe(),
              " and ", xname, " ", x_in.describe());
  const Tensor x = to_plain(x_in), mask = to_plain(mask_in);
  Backend be = select_backend(op, {&x, &mask});
  Tensor y = Tensor::empty(x.shape(), x.dtype(), x.device());
  if (y.numel() > 0) masked_fill_forward_kernels()[be](y, x, mask, value);
  return y;
}

}  // namespace

Tensor masked_fill_forward(const Tensor& x, const Tensor& mask, double value) {
  return fill("maskedFill", "x", x, mask, value);
}

Tensor masked_fill_backward(const Tensor& dy, const Tensor& mask) { return fill("maskedFill backward", "dy", dy, mask, 0.0); }

}  // namespace mssar
