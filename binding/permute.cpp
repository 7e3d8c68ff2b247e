// permuteForward(x, dims) -> y; permuteBackward(dy, dims) -> dx
#include "../native/ops/permute.h"

#include "args.h"
#include "registry.h"
#include "tensor_wrap.h"

namespace mssar::binding {

namespace {

Napi::Value permute_forward_entry(const Napi::CallbackInfo& info) {
  Args a(info, "permuteForward", 2);
  return TensorWrap::wrap(info.Env(), permute_forward(a.tensor(0, "x"), a.integers(1, "dims")));
}
MSSAR_BIND_OP("permuteForward", permute_forward_entry)

Napi::Value permute_backward_entry(const Napi::CallbackInfo& info) {
  Args a(info, "permuteBackward", 2);
  return TensorWrap::wrap(info.Env(), permute_backward(a.tensor(0, "dy"), a.integers(1, "dims")));
}
MSSAR_BIND_OP("permuteBackward", permute_backward_entry)

}  // namespace

}  // namespace mssar::binding
