// gatherForward(x, dim, index) -> y; gatherBackward(dy, inputShape, dim, index) -> dx
#include "../native/ops/gather.h"

#include "args.h"
#include "registry.h"
#include "tensor_wrap.h"

namespace mssar::binding {

namespace {

Napi::Value forward_entry(const Napi::CallbackInfo& info) {
  Args a(info, "gatherForward", 3);
  return TensorWrap::wrap(info.Env(), gather_forward(a.tensor(0, "x"), a.integer(1, "dim"), a.tensor(2, "index")));
}
MSSAR_BIND_OP("gatherForward", forward_entry)

Napi::Value backward_entry(const Napi::CallbackInfo& info) {
  Args a(info, "gatherBackward", 4);
  return TensorWrap::wrap(info.Env(), gather_backward(a.tensor(0, "dy"), a.shape(1, "inputShape"), a.integer(2, "dim"),
                                                       a.tensor(3, "index")));
}
MSSAR_BIND_OP("gatherBackward", backward_entry)

}  // namespace

}  // namespace mssar::binding
