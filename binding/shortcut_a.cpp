// shortcutAForward(x, stride, outChannels) -> y; shortcutABackward(dy, inputShape, stride) -> dx
#include "../native/ops/shortcut_a.h"

#include "args.h"
#include "registry.h"
#include "tensor_wrap.h"

namespace mssar::binding {

namespace {

Napi::Value shortcut_a_forward_entry(const Napi::CallbackInfo& info) {
  Args a(info, "shortcutAForward", 3);
  return TensorWrap::wrap(info.Env(), shortcut_a_forward(a.tensor(0, "x"), a.integer(1, "stride"),
                                                         a.integer(2, "outChannels")));
}
MSSAR_BIND_OP("shortcutAForward", shortcut_a_forward_entry)

Napi::Value shortcut_a_backward_entry(const Napi::CallbackInfo& info) {
  Args a(info, "shortcutABackward", 3);
  return TensorWrap::wrap(info.Env(), shortcut_a_backward(a.tensor(0, "dy"), a.shape(1, "inputShape"),
                                                          a.integer(2, "stride")));
}
MSSAR_BIND_OP("shortcutABackward", shortcut_a_backward_entry)

}  // namespace

}  // namespace mssar::binding
