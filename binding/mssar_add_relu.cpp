// mssarAddReluForward(x, weight, bias, residual, scales, symmetric) -> [out, gate]
// mssarAddReluBackward(dout, out, x, gate, weight, scales, symmetric, needs)
//   -> [dx | null, dweight | null, dbias | null, dresidual | null]
#include "../native/ops/mssar_add_relu.h"

#include "args.h"
#include "op_tuples.h"
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

Napi::Value mssar_add_relu_forward_entry(const Napi::CallbackInfo& info) {
  Args a(info, "mssarAddReluForward", 6);
  MssarForward out = mssar_add_relu_forward(a.tensor(0, "x"), a.tensor(1, "weight"), a.tensor(2, "bias"),
                                            a.tensor(3, "residual"), options(a, 4, 5));
  Napi::Array r = Napi::Array::New(info.Env(), 2);
  r.Set(uint32_t(0), TensorWrap::wrap(info.Env(), out.y));
  r.Set(uint32_t(1), TensorWrap::wrap(info.Env(), out.gate));
  return r;
}
MSSAR_BIND_OP("mssarAddReluForward", mssar_add_relu_forward_entry)

Napi::Value mssar_add_relu_backward_entry(const Napi::CallbackInfo& info) {
  Args a(info, "mssarAddReluBackward", 8);
  const MssarOptions opt = options(a, 5, 6);
  const std::array<bool, 4> need = needs<4>(info, a, 7, "needs");
  const bool flags[4] = {need[0], need[1], need[2], need[3]};
  MssarAddReluGrads g = mssar_add_relu_backward(a.tensor(0, "dout"), a.tensor(1, "out"), a.tensor(2, "x"),
                                                a.tensor(3, "gate"), a.tensor(4, "weight"), opt, flags);
  Napi::Env env = info.Env();
  Napi::Array r = Napi::Array::New(env, 4);
  r.Set(uint32_t(0), maybe(env, g.dx));
  r.Set(uint32_t(1), maybe(env, g.dweight));
  r.Set(uint32_t(2), maybe(env, g.dbias));
  r.Set(uint32_t(3), maybe(env, g.dres));
  return r;
}
MSSAR_BIND_OP("mssarAddReluBackward", mssar_add_relu_backward_entry)

}  // namespace

}  // namespace mssar::binding
