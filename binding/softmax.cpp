// softmaxForward(x) -> y; softmaxBackward(dy, y) -> dx
#include "../native/ops/softmax.h"

#include "args.h"
#include "registry.h"
#include "tensor_wrap.h"

namespace mssar::binding {

namespace {

Napi::Value softmax_forward_entry(const Napi::CallbackInfo& info) {
  Args a(info, "softmaxForward", 1);
  return TensorWrap::wrap(info.Env(), softmax_forward(a.tensor(0, "x")));
}
MSSAR_BIND_OP("softmaxForward", softmax_forward_entry)

Napi::Value softmax_backward_entry(const Napi::CallbackInfo& info) {
  Args a(info, "softmaxBackward", 2);
  return TensorWrap::wrap(info.Env(), softmax_backward(a.tensor(0, "dy"), a.tensor(1, "y")));
}
MSSAR_BIND_OP("softmaxBackward", softmax_backward_entry)

}  // namespace

}  // namespace mssar::binding
