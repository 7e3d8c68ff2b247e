// extremumForward(x, dims, keepDim, isMin) -> [values, indices (int64)];
// extremumBackward(dy, indices, inputShape, dims, keepDim) -> dx (native/ops/extremum.h).
#include "../native/ops/extremum.h"

#include "args.h"
#include "registry.h"
#include "tensor_wrap.h"

namespace mssar::binding {

namespace {

Napi::Value extremum_forward_entry(const Napi::CallbackInfo& info) {
  Args a(info, "extremumForward", 4);
  auto [values, indices] =
      extremum_forward(a.tensor(0, "x"), a.integers(1, "dims"), a.boolean(2, "keepDim"), a.boolean(3, "isMin"));
  return tensor_tuple(info.Env(), {values, indices});
}
MSSAR_BIND_OP("extremumForward", extremum_forward_entry)

Napi::Value extremum_backward_entry(const Napi::CallbackInfo& info) {
  Args a(info, "extremumBackward", 5);
  return TensorWrap::wrap(info.Env(), extremum_backward(a.tensor(0, "dy"), a.tensor(1, "indices"), a.shape(2, "inputShape"),
                                                        a.integers(3, "dims"), a.boolean(4, "keepDim")));
}
MSSAR_BIND_OP("extremumBackward", extremum_backward_entry)

}  // namespace

}  // namespace mssar::binding
