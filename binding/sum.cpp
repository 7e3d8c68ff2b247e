// sumForward(x, dims, keepDim) -> y; sumBackward(dy, inputShape, dims, keepDim) -> dx
// meanForward / meanBackward: the same, scaled by 1 / (elements averaged).
#include "../native/ops/mean.h"
#include "../native/ops/sum.h"

#include "args.h"
#include "registry.h"
#include "tensor_wrap.h"

namespace mssar::binding {

namespace {

Napi::Value sum_forward_entry(const Napi::CallbackInfo& info) {
  Args a(info, "sumForward", 3);
  return TensorWrap::wrap(info.Env(), sum_forward(a.tensor(0, "x"), a.integers(1, "dims"), a.boolean(2, "keepDim")));
}
MSSAR_BIND_OP("sumForward", sum_forward_entry)

Napi::Value sum_backward_entry(const Napi::CallbackInfo& info) {
  Args a(info, "sumBackward", 4);
  return TensorWrap::wrap(info.Env(), sum_backward(a.tensor(0, "dy"), a.shape(1, "inputShape"), a.integers(2, "dims"),
                                                   a.boolean(3, "keepDim")));
}
MSSAR_BIND_OP("sumBackward", sum_backward_entry)

Napi::Value mean_forward_entry(const Napi::CallbackInfo& info) {
  Args a(info, "meanForward", 3);
  return TensorWrap::wrap(info.Env(), mean_forward(a.tensor(0, "x"), a.integers(1, "dims"), a.boolean(2, "keepDim")));
}
MSSAR_BIND_OP("meanForward", mean_forward_entry)

Napi::Value mean_backward_entry(const Napi::CallbackInfo& info) {
  Args a(info, "meanBackward", 4);
  return TensorWrap::wrap(info.Env(), mean_backward(a.tensor(0, "dy"), a.shape(1, "inputShape"), a.integers(2, "dims"),
                                                    a.boolean(3, "keepDim")));
}
MSSAR_BIND_OP("meanBackward", mean_backward_entry)

}  // namespace

}  // namespace mssar::binding
