// sliceForward(x, dim, start, end, step) -> y; sliceBackward(dy, inputShape, dim, start, end, step) -> dx
#include "../native/ops/slice.h"

#include "args.h"
#include "registry.h"
#include "tensor_wrap.h"

namespace mssar::binding {

namespace {

Napi::Value slice_forward_entry(const Napi::CallbackInfo& info) {
  Args a(info, "sliceForward", 5);
  return TensorWrap::wrap(info.Env(), slice_forward(a.tensor(0, "x"), a.integer(1, "dim"), a.integer(2, "start"),
                                                    a.integer(3, "end"), a.integer(4, "step")));
}
MSSAR_BIND_OP("sliceForward", slice_forward_entry)

Napi::Value slice_backward_entry(const Napi::CallbackInfo& info) {
  Args a(info, "sliceBackward", 6);
  return TensorWrap::wrap(info.Env(),
                          slice_backward(a.tensor(0, "dy"), a.shape(1, "inputShape"), a.integer(2, "dim"),
                                         a.integer(3, "start"), a.integer(4, "end"), a.integer(5, "step")));
}
MSSAR_BIND_OP("sliceBackward", slice_backward_entry)

}  // namespace

}  // namespace mssar::binding
