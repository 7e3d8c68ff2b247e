// dropoutForward(x, p) -> [y, mask]; dropoutBackward(dy, mask) -> dx
#include "../native/ops/dropout.h"

#include "args.h"
#include "registry.h"
#include "tensor_wrap.h"

namespace mssar::binding {

namespace {

Napi::Value dropout_forward_entry(const Napi::CallbackInfo& info) {
  Args a(info, "dropoutForward", 2);
  auto [y, mask] = dropout_forward(a.tensor(0, "x"), a.number(1, "p"));
  return tensor_tuple(info.Env(), {y, mask});
}
MSSAR_BIND_OP("dropoutForward", dropout_forward_entry)

Napi::Value dropout_backward_entry(const Napi::CallbackInfo& info) {
  Args a(info, "dropoutBackward", 2);
  return TensorWrap::wrap(info.Env(), dropout_backward(a.tensor(0, "dy"), a.tensor(1, "mask")));
}
MSSAR_BIND_OP("dropoutBackward", dropout_backward_entry)

}  // namespace

}  // namespace mssar::binding
