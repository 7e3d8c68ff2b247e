// mssarForward(x, weight, bias, scales, symmetric) -> [y, gate]
// mssarBackward(dy, x, gate, weight, scales, symmetric, needs) -> [dx | null, dweight | null, dbias | null]
#include "../native/ops/mssar.h"

#include "args.h"
#include "registry.h"
#include "tensor_wrap.h"

namespace mssar::binding {

namespace {

MssarOptions options(const Args& a, size_t scales_at, size_t symmetric_at) {
  MssarOptions opt;
  opt.scales = a.integers(scales_at, "scales");  // rejects non-integers; the op checks the range
  opt.symmetric = a.boolean(symmetric_at, "symmetric");
  return opt;
}

Napi::Value maybe(Napi::Env env, const Tensor& t) { return t.defined() ? Napi::Value(TensorWrap::wrap(env, t)) : env.Null(); }

Napi::Value mssar_forward_entry(const Napi::CallbackInfo& info) {
  Args a(info, "mssarForward", 5);
  MssarForward out = mssar_forward(a.tensor(0, "x"), a.tensor(1, "weight"), a.tensor(2, "bias"), options(a, 3, 4));
  Napi::Array r = Napi::Array::New(info.Env(), 2);
  r.Set(uint32_t(0), TensorWrap::wrap(info.Env(), out.y));
  r.Set(uint32_t(1), TensorWrap::wrap(info.Env(), out.gate));
  return r;
}
MSSAR_BIND_OP("mssarForward", mssar_forward_entry)

Napi::Value mssar_backward_entry(const Napi::CallbackInfo& info) {
  Args a(info, "mssarBackward", 7);
  const MssarOptions opt = options(a, 4, 5);
  if (!info[6].IsArray() || info[6].As<Napi::Array>().Length() != 3) a.fail(6, "needs", "an array of 3 booleans");
  Napi::Array needs_js = info[6].As<Napi::Array>();
  bool needs[3];
  for (uint32_t i = 0; i < 3; ++i) {
    Napi::Value v = needs_js.Get(i);
    if (!v.IsBoolean()) a.fail(6, "needs", "an array of 3 booleans");
    needs[i] = v.As<Napi::Boolean>().Value();
  }
  MssarGrads g = mssar_backward(a.tensor(0, "dy"), a.tensor(1, "x"), a.tensor(2, "gate"), a.tensor(3, "weight"), opt,
                                needs);
  Napi::Env env = info.Env();
  Napi::Array r = Napi::Array::New(env, 3);
  r.Set(uint32_t(0), maybe(env, g.dx));
  r.Set(uint32_t(1), maybe(env, g.dweight));
  r.Set(uint32_t(2), maybe(env, g.dbias));
  return r;
}
MSSAR_BIND_OP("mssarBackward", mssar_backward_entry)

}  // namespace

}  // namespace mssar::binding
