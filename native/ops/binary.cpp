#include "binary.h"

#include "broadcast_plan.h"
#include "checks.h"
#include "layout.h"

namespace mssar {

MSSAR_DEFINE_KERNEL(binary_forward)

namespace {
const char* const kNames[] = {"add", "sub", "mul", "div", "pow", "maximum", "minimum",
                              "eq",  "ne",  "lt",  "le",  "gt",  "ge"};
constexpr int kCount = int(sizeof(kNames) / sizeof(kNames[0]));
}  // namespace

const char* binary_op_name(BinaryOp op) { return int(op) < kCount ? kNames[int(op)] : "binary"; }

bool binary_op_from_name(const std::string& name, BinaryOp& op) {
  for (int i = 0; i < kCount; ++i) {
    if (name == kNames[i]) {
      op = BinaryOp(i);
      return true;
    }
  }
  return false;
}

Tensor binary_forward(BinaryOp op, const Tensor& a_in, const Tensor& b_in) {
  const char* name = binary_op_name(op);
  check_defined(name, "a", a_in);
  check_defined(name, "b", b_in);
  check_same_dtype(name, "a", a_in, "b", b_in);
  const DType t = a_in.dtype();
  if (op == BinaryOp::Div || op == BinaryOp::Pow) {
    MSSAR_CHECK(is_float(t), name, ": takes float32 or float64 tensors, got ", a_in.describe(), " and ",
                b_in.describe());
  } else if (!is_comparison(op)) {
    MSSAR_CHECK(t != DType::Bool, name, ": bool tensors have no arithmetic (cast them first), got ", a_in.describe(),
                " and ", b_in.describe());
  }
  const Shape out = broadcast_shape(name, {&a_in.shape(), &b_in.shape()});
  const Tensor a = to_plain(a_in), b = to_plain(b_in);
  const Backend be = select_backend(name, {&a, &b});
  Tensor y = Tensor::empty(out, is_comparison(op) ? DType::Bool : t, a.device());
  if (y.numel() > 0) binary_forward_kernels()[be](y, a, b, op);
  return y;
}

}  // namespace mssar
