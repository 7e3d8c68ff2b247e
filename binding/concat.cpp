// concatForward(xs, dim) -> y; concatBackward(dy, sizes, dim) -> [dx per input]
#include "../native/ops/concat.h"

#include "args.h"
#include "registry.h"
#include "tensor_wrap.h"

namespace mssar::binding {

namespace {

Napi::Value concat_forward_entry(const Napi::CallbackInfo& info) {
  Args a(info, "concatForward", 2);
  std::vector<Tensor> xs = a.tensors(0, "xs");
  return TensorWrap::wrap(info.Env(), concat_forward(xs, a.integer(1, "dim")));
}
MSSAR_BIND_OP("concatForward", concat_forward_entry)

Napi::Value concat_backward_entry(const Napi::CallbackInfo& info) {
  Args a(info, "concatBackward", 3);
  std::vector<Tensor> dxs = concat_backward(a.tensor(0, "dy"), a.integers(1, "sizes"), a.integer(2, "dim"));
  Napi::Env env = info.Env();
  Napi::Array out = Napi::Array::New(env, dxs.size());
  for (size_t i = 0; i < dxs.size(); ++i) out.Set(uint32_t(i), TensorWrap::wrap(env, dxs[i]));
  return out;
}
MSSAR_BIND_OP("concatBackward", concat_backward_entry)

}  // namespace

}  // namespace mssar::binding
