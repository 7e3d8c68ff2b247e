// unaryForward(x, op, lo, hi) -> y; unaryBackward(dy, x, y, op, lo, hi) -> dx. op one of neg, abs,
// exp, log, sqrt, rsqrt, tanh, gelu, clamp (native/ops/unary.h); lo and hi are clamp's bounds
// (numbers, -Infinity and Infinity for none), ignored by the other ops.
#include "../native/ops/unary.h"

#include <cmath>

#include "args.h"
#include "registry.h"
#include "tensor_wrap.h"

namespace mssar::binding {

namespace {

UnaryOp op_arg(const Args& a, size_t i) {
  UnaryOp op;
  if (!unary_op_from_name(a.string(i, "op"), op)) a.fail(i, "op", "the name of a unary op (neg, abs, ..., clamp)");
  return op;
}

// A number, infinite allowed (a missing bound), NaN refused.
double bound(const Napi::CallbackInfo& info, const Args& a, size_t i, const char* name) {
  if (i >= info.Length() || !info[i].IsNumber()) a.fail(i, name, "a number");
  const double v = info[i].As<Napi::Number>().DoubleValue();
  if (std::isnan(v)) a.fail(i, name, "a number, not NaN");
  return v;
}

Napi::Value unary_forward_entry(const Napi::CallbackInfo& info) {
  Args a(info, "unaryForward", 4);
  return TensorWrap::wrap(info.Env(), unary_forward(op_arg(a, 1), a.tensor(0, "x"), bound(info, a, 2, "lo"),
                                                    bound(info, a, 3, "hi")));
}
MSSAR_BIND_OP("unaryForward", unary_forward_entry)

Napi::Value unary_backward_entry(const Napi::CallbackInfo& info) {
  Args a(info, "unaryBackward", 6);
  return TensorWrap::wrap(info.Env(), unary_backward(op_arg(a, 3), a.tensor(0, "dy"), a.tensor(1, "x"),
                                                     a.tensor(2, "y"), bound(info, a, 4, "lo"), bound(info, a, 5, "hi")));
}
MSSAR_BIND_OP("unaryBackward", unary_backward_entry)

}  // namespace

}  // namespace mssar::binding
