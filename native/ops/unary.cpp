#include "unary.h"

#include <cmath>

#include "checks.h"
#include "layout.h"

namespace mssar {

MSSAR_DEFINE_KERNEL(unary_forward)
MSSAR_DEFINE_KERNEL(unary_backward)

namespace {
const char* const kNames[] = {"neg", "abs", "exp", "log", "sqrt", "rsqrt", "tanh", "gelu", "clamp"};
constexpr int kCount = int(sizeof(kNames) / sizeof(kNames[0]));

void check_input(const char* name, const Tensor& x, UnaryOp op) {
  check_defined(name, "x", x);
  if (unary_takes_ints(op)) {
    MSSAR_CHECK(x.dtype() != DType::Bool, name, ": bool tensors have no arithmetic (cast them first), got ",
                x.describe());
  } else {
    MSSAR_CHECK(is_float(x.dtype()), name, ": x must be float32 or float64 (cast it first), got ", x.describe());
  }
}
}  // namespace

const char* unary_op_name(UnaryOp op) { return int(op) < kCount ? kNames[int(op)] : "unary"; }

bool unary_op_from_name(const std::string& name, UnaryOp& op) {
  for (int i = 0; i < kCount; ++i) {
    if (name == kNames[i]) {
      op = UnaryOp(i);
      return true;
    }
  }
  return false;
}

Tensor unary_forward(UnaryOp op, const Tensor& x_in, double lo, double hi) {
  const char* name = unary_op_name(op);
  check_input(name, x_in, op);
  MSSAR_CHECK(!std::isnan(lo) && !std::isnan(hi), name, ": bounds must not be NaN");
  const Tensor x = to_plain(x_in);
  const Backend be = select_backend(name, {&x});
  Tensor y = Tensor::empty_like(x);
  if (y.numel() > 0) unary_forward_kernels()[be](y, x, op, lo, hi);
  return y;
}

Tensor unary_backward(UnaryOp op, const Tensor& dy_in, const Tensor& x_in, const Tensor& y_in, double lo, double hi) {
  const std::string bname = std::string(unary_op_name(op)) + " backward";
  const char* name = bname.c_str();
  check_float(name, "x", x_in);
  check_like(name, "x", x_in, "dy", dy_in);
  check_like(name, "x", x_in, "y", y_in);
  check_same_shape(name, "x", x_in, "dy", dy_in);
  check_same_shape(name, "x", x_in, "y", y_in);
  const Tensor dy = to_plain(dy_in), x = to_plain(x_in), y = to_plain(y_in);
  const Backend be = select_backend(name, {&dy, &x, &y});
  Tensor dx = Tensor::empty_like(x);
  if (dx.numel() > 0) unary_backward_kernels()[be](dx, dy, x, y, op, lo, hi);
  return dx;
}

}  // namespace mssar
