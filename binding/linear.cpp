// linearForward(x, w, b|null) -> y
// linearBackward(dy, x, w, hasBias, needs) -> [dx|null, dw|null, db|null]
#include "../native/ops/linear.h"

#include "args.h"
#include "registry.h"
#include "tensor_wrap.h"

namespace mssar::binding {

namespace {

Napi::Value linear_forward_entry(const Napi::CallbackInfo& info) {
  Args a(info, "linearForward", 3);
  const Tensor& x = a.tensor(0, "x");
  const Tensor& w = a.tensor(1, "w");
  Tensor b = a.optional_tensor(2, "b");
  return TensorWrap::wrap(info.Env(), linear_forward(x, w, b));
}
MSSAR_BIND_OP("linearForward", linear_forward_entry)

Napi::Value linear_backward_entry(const Napi::CallbackInfo& info) {
  Args a(info, "linearBackward", 5);
  const Tensor& dy = a.tensor(0, "dy");
  const Tensor& x = a.tensor(1, "x");
  const Tensor& w = a.tensor(2, "w");
  bool has_bias = a.boolean(3, "hasBias");
  std::vector<bool> f = a.flags(4, "needs", 3);
  auto g = linear_backward(dy, x, w, has_bias, {f[0], f[1], f[2]});
  return tensor_tuple(info.Env(), {g[0], g[1], g[2]});
}
MSSAR_BIND_OP("linearBackward", linear_backward_entry)

}  // namespace

}  // namespace mssar::binding
