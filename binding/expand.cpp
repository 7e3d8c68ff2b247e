// expandForward(x, shape) -> y; expandBackward(dy, inputShape) -> dx
#include "../native/ops/expand.h"

#include "args.h"
#include "registry.h"
#include "tensor_wrap.h"

namespace mssar::binding {

namespace {

Napi::Value expand_forward_entry(const Napi::CallbackInfo& info) {
  Args a(info, "expandForward", 2);
  return TensorWrap::wrap(info.Env(), expand_forward(a.tensor(0, "x"), a.shape(1, "shape")));
}
MSSAR_BIND_OP("expandForward", expand_forward_entry)

Napi::Value expand_backward_entry(const Napi::CallbackInfo& info) {
  Args a(info, "expandBackward", 2);
  return TensorWrap::wrap(info.Env(), expand_backward(a.tensor(0, "dy"), a.shape(1, "inputShape")));
}
MSSAR_BIND_OP("expandBackward", expand_backward_entry)

}  // namespace

}  // namespace mssar::binding
