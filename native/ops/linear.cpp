#include "linear.h"

#include "checks.h"

namespace mssar {

MSSAR_DEFINE_KERNEL(linear_forward)
MSSAR_DEFINE_KERNEL(linear_backward)

namespace {

// Sizes stay below 2^31: cuBLAS takes ints.
constexpr int64_t kMaxDim = int64_t(1) << 31;

// A new plain tensor; out of memory names the op and what was being made.
Tensor allocate(const char* op, const char* what, const Shape& shape, const Tensor& like) {
  try {
    return Tensor::empty(shape, like.dtype(), like.device());
  } catch (const OutOfMemory& e) {
    throw OutOfMemory(cat(op, ": cannot allocate ", what, " ", shape_str(shape), " ", dtype_name(like.dtype()), " ",
                          device_name(like.device()), ": ", e.what()));
  }
}

void check_operands(const char* op, const Tensor& x, const Tensor& w) {
  check_float(op, "x", x);
  check_float(op, "weight", w);
  MSSAR_CHECK(x.ndim() == 2, op, ": x must be 2-d [N, in_features], got ", x.describe(), " (weight ", w.describe(), ")");
  MSSAR_CHECK(w.ndim() == 2, op, ": weight must be 2-d [out_features, in_features], got ", w.describe(), " (x ",
              x.describe(), ")");
  check_same_dtype(op, "x", x, "weight", w);
  MSSAR_CHECK(x.size(1) == w.size(1), op, ": x ", x.describe(), " has ", x.size(1), " features but weight ",
              w.describe(), " takes ", w.size(1), " (weight is [out_features, in_features])");
  MSSAR_CHECK(w.size(0) >= 1 && w.size(1) >= 1, op, ": weight must have at least one input and one output feature, got ",
              w.describe());
  for (int64_t d : {x.size(0), w.size(0), w.size(1)})
    MSSAR_CHECK(d < kMaxDim, op, ": sizes must stay below 2^31, got x ", x.describe(), " and weight ", w.describe());
}

}  // namespace

Tensor linear_forward(const Tensor& x, const Tensor& w, const Tensor& b) {
  const char* op = "linear";
  check_operands(op, x, w);
  if (b.defined()) {
    MSSAR_CHECK(b.ndim() == 1 && b.size(0) == w.size(0), op, ": bias must have shape [", w.size(0),
                "] (one per output feature of weight ", w.describe(), "), got ", b.describe());
    check_like(op, "x", x, "bias", b);
  }
  Backend be = select_backend(op, {&x, &w, &b});
  Tensor y = allocate(op, "the output", {x.size(0), w.size(0)}, x);
  if (x.size(0) == 0) return y;
  linear_forward_kernels()[be](y, x, w, b);
  return y;
}

std::array<Tensor, 3> linear_backward(const Tensor& dy, const Tensor& x, const Tensor& w, bool has_bias,
                                      std::array<bool, 3> need) {
  const char* op = "linear backward";
  check_operands(op, x, w);
  check_like(op, "x", x, "dy", dy);
  const Shape want{x.size(0), w.size(0)};
  MSSAR_CHECK(dy.shape() == want, op, ": dy must have the output's shape ", shape_str(want), " (x ", x.describe(),
              ", weight ", w.describe(), "), got ", dy.describe());
  Backend be = select_backend(op, {&dy, &x, &w});
  need[2] = need[2] && has_bias;
  std::array<Tensor, 3> g;
  if (need[0]) g[0] = allocate(op, "dx", x.shape(), x);
  if (need[1]) g[1] = allocate(op, "dweight", w.shape(), w);
  if (need[2]) g[2] = allocate(op, "dbias", {w.size(0)}, w);
  if (!need[0] && !need[1] && !need[2]) return g;
  if (x.size(0) == 0) {
    for (Tensor& t : g)
      if (t.defined()) t.zero_();
    return g;
  }
  linear_backward_kernels()[be](g[0], g[1], g[2], dy, x, w);
  return g;
}

}  // namespace mssar
