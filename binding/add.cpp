// addForward(a, b) -> y; addBackward(dy, bShape) -> db
#include "../native/ops/add.h"

#include "args.h"
#include "registry.h"
#include "tensor_wrap.h"

namespace mssar::binding {

namespace {

Napi::Value add_forward_entry(const Napi::CallbackInfo& info) {
  Args a(info, "addForward", 2);
  return TensorWrap::wrap(info.Env(), add_forward(a.tensor(0, "a"), a.tensor(1, "b")));
}
MSSAR_BIND_OP("addForward", add_forward_entry)

Napi::Value add_backward_entry(const Napi::CallbackInfo& info) {
  Args a(info, "addBackward", 2);
  return TensorWrap::wrap(info.Env(), add_backward(a.tensor(0, "dy"), a.shape(1, "bShape")));
}
MSSAR_BIND_OP("addBackward", add_backward_entry)

}  // namespace

}  // namespace mssar::binding
