// maskedFillForward(x, mask, value) -> y; maskedFillBackward(dy, mask) -> dx
#include "../native/ops/masked_fill.h"

#include "args.h"
#include "registry.h"
#include "tensor_wrap.h"

namespace mssar::binding {

namespace {

Napi::Value masked_fill_forward_entry(const Napi::CallbackInfo& info) {
  Args a(info, "maskedFillForward", 3);
  // Any number, infinities included (an attention mask fills with -Infinity).
  if (!info[2].IsNumber()) a.fail(2, "value", "a number");
  const double value = info[2].As<Napi::Number>().DoubleValue();
  return TensorWrap::wrap(info.Env(), masked_fill_forward(a.tensor(0, "x"), a.tensor(1, "mask"), value));
}
MSSAR_BIND_OP("maskedFillForward", masked_fill_forward_entry)

Napi::Value masked_fill_backward_entry(const Napi::CallbackInfo& info) {
  Args a(info, "maskedFillBackward", 2);
  return TensorWrap::wrap(info.Env(), masked_fill_backward(a.tensor(0, "dy"), a.tensor(1, "mask")));
}
MSSAR_BIND_OP("maskedFillBackward", masked_fill_backward_entry)

}  // namespace

}  // namespace mssar::binding
