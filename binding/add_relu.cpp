// addReluForward(a, b) -> y; addReluBackward(dy, y) -> the gradient of a and of b
#include "../native/ops/add_relu.h"

#include "args.h"
#include "registry.h"
#include "tensor_wrap.h"

namespace mssar::binding {

namespace {

Napi::Value add_relu_forward_entry(const Napi::CallbackInfo& info) {
  Args a(info, "addReluForward", 2);
  return TensorWrap::wrap(info.Env(), add_relu_forward(a.tensor(0, "a"), a.tensor(1, "b")));
}
MSSAR_BIND_OP("addReluForward", add_relu_forward_entry)

Napi::Value add_relu_backward_entry(const Napi::CallbackInfo& info) {
  Args a(info, "addReluBackward", 2);
  return TensorWrap::wrap(info.Env(), add_relu_backward(a.tensor(0, "dy"), a.tensor(1, "y")));
}
MSSAR_BIND_OP("addReluBackward", add_relu_backward_entry)

}  // namespace

}  // namespace mssar::binding
