// Reference maskedFill, float64: value where the mask is nonzero, x elsewhere.
#include "../../core/index_values.h"
#include "../../ops/masked_fill.h"

namespace mssar::ref {

void masked_fill_forward(Tensor& y, const Tensor& x, const Tensor& mask, double value) {
  const double* X = x.data<double>();
  double* Y = y.data<double>();
  for (int64_t i = 0; i < y.numel(); ++i) Y[i] = mask_at(mask.raw(), mask.dtype(), i) ? value : X[i];
}

}  // namespace mssar::ref

namespace mssar {
MSSAR_REGISTER_KERNEL(masked_fill_forward, Reference, ref::masked_fill_forward)
}  // namespace mssar
