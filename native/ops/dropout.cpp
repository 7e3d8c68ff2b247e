#include "dropout.h"

#include "../core/random.h"
#include "checks.h"
#include "layout.h"

namespace mssar {

MSSAR_DEFINE_KERNEL(dropout_forward)
MSSAR_DEFINE_KERNEL(dropout_backward)

std::pair<Tensor, Tensor> dropout_forward(const Tensor& x, double p) {
  check_float("dropout", "x", x);
  MSSAR_CHECK(p >= 0 && p < 1, "dropout: p must be in [0, 1), got ", p, " for x ", x.describe());
  Backend b = select_backend("dropout", {&x});
  Tensor y = Tensor::empty_like(x);
  Tensor mask = Tensor::empty_like(x);
  const uint64_t n = uint64_t(physical_numel(x.shape(), x.layout()));
  const uint64_t seed = rng_state().seed;
  const uint64_t offset = rng_reserve(philox_blocks(n));
  dropout_forward_kernels()[b](y, mask, x, p, seed, offset);
  return {y, mask};
}

Tensor dropout_backward(const Tensor& dy, const Tensor& mask) {
  const char* op = "dropout backward";
  check_float(op, "mask", mask);
  check_like(op, "mask", mask, "dy", dy);
  check_same_shape(op, "mask", mask, "dy", dy);
  Backend b = select_backend(op, {&dy, &mask});
  Tensor dx = Tensor::empty_like(mask);
  dropout_backward_kernels()[b](dx, to_layout(dy, mask.layout()), mask);
  return dx;
}

}  // namespace mssar
