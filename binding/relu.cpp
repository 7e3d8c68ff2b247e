// reluForward(x) -> y; reluBackward(dy, y) -> dx
#include "../native/ops/relu.h"

#include "args.h"
#include "registry.h"
#include "tensor_wrap.h"

namespace mssar::binding {

namespace {

Napi::Value relu_forward_entry(const Napi::CallbackInfo& info) {
  Args a(info, "reluForward", 1);
  return TensorWrap::wrap(info.Env(), relu_forward(a.tensor(0, "x")));
}
MSSAR_BIND_OP("reluForward", relu_forward_entry)

Napi::Value relu_backward_entry(const Napi::CallbackInfo& info) {
  Args a(info, "reluBackward", 2);
  return TensorWrap::wrap(info.Env(), relu_backward(a.tensor(0, "dy"), a.tensor(1, "y")));
}
MSSAR_BIND_OP("reluBackward", relu_backward_entry)

}  // namespace

}  // namespace mssar::binding
