// logSoftmaxForward(x) -> y; logSoftmaxBackward(dy, y) -> dx
#include "../native/ops/log_softmax.h"

#include "args.h"
#include "registry.h"
#include "tensor_wrap.h"

namespace mssar::binding {

namespace {

Napi::Value log_softmax_forward_entry(const Napi::CallbackInfo& info) {
  Args a(info, "logSoftmaxForward", 1);
  return TensorWrap::wrap(info.Env(), log_softmax_forward(a.tensor(0, "x")));
}
MSSAR_BIND_OP("logSoftmaxForward", log_softmax_forward_entry)

Napi::Value log_softmax_backward_entry(const Napi::CallbackInfo& info) {
  Args a(info, "logSoftmaxBackward", 2);
  return TensorWrap::wrap(info.Env(), log_softmax_backward(a.tensor(0, "dy"), a.tensor(1, "y")));
}
MSSAR_BIND_OP("logSoftmaxBackward", log_softmax_backward_entry)

}  // namespace

}  // namespace mssar::binding
