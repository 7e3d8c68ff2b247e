// sigmoidForward(x) -> y; sigmoidBackward(dy, y) -> dx
#include "../native/ops/sigmoid.h"

#include "args.h"
#include "registry.h"
#include "tensor_wrap.h"

namespace mssar::binding {

namespace {

Napi::Value sigmoid_forward_entry(const Napi::CallbackInfo& info) {
  Args a(info, "sigmoidForward", 1);
  return TensorWrap::wrap(info.Env(), sigmoid_forward(a.tensor(0, "x")));
}
MSSAR_BIND_OP("sigmoidForward", sigmoid_forward_entry)

Napi::Value sigmoid_backward_entry(const Napi::CallbackInfo& info) {
  Args a(info, "sigmoidBackward", 2);
  return TensorWrap::wrap(info.Env(), sigmoid_backward(a.tensor(0, "dy"), a.tensor(1, "y")));
}
MSSAR_BIND_OP("sigmoidBackward", sigmoid_backward_entry)

}  // namespace

}  // namespace mssar::binding
