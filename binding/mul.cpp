// mulForward(a, b) -> y; mulBackward(dy, a, b, needs: [da, db]) -> [da | null, db | null]
#include "../native/ops/mul.h"

#include "args.h"
#include "registry.h"
#include "tensor_wrap.h"

namespace mssar::binding {

namespace {

Napi::Value mul_forward_entry(const Napi::CallbackInfo& info) {
  Args a(info, "mulForward", 2);
  return TensorWrap::wrap(info.Env(), mul_forward(a.tensor(0, "a"), a.tensor(1, "b")));
}
MSSAR_BIND_OP("mulForward", mul_forward_entry)

Napi::Value mul_backward_entry(const Napi::CallbackInfo& info) {
  Args a(info, "mulBackward", 4);
  const Tensor& dy = a.tensor(0, "dy");
  const Tensor& x = a.tensor(1, "a");
  const Tensor& y = a.tensor(2, "b");
  if (!info[3].IsArray() || info[3].As<Napi::Array>().Length() != 2) a.fail(3, "needs", "an array of 2 booleans");
  Napi::Array needs = info[3].As<Napi::Array>();
  bool need[2];
  for (uint32_t i = 0; i < 2; ++i) {
    Napi::Value v = needs.Get(i);
    if (!v.IsBoolean()) a.fail(3, "needs", "an array of 2 booleans");
    need[i] = v.As<Napi::Boolean>().Value();
  }
  auto [da, db] = mul_backward(dy, x, y, need[0], need[1]);
  Napi::Env env = info.Env();
  Napi::Array out = Napi::Array::New(env, 2);
  out.Set(0u, da.defined() ? Napi::Value(TensorWrap::wrap(env, da)) : env.Null());
  out.Set(1u, db.defined() ? Napi::Value(TensorWrap::wrap(env, db)) : env.Null());
  return out;
}
MSSAR_BIND_OP("mulBackward", mul_backward_entry)

}  // namespace

}  // namespace mssar::binding
