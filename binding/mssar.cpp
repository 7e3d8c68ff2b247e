// mssarForward(x, weight, bias, scales, symmetric) -> [y, gate]
// mssarBackward(dy, x, gate, weight, scales, symmetric, needs, perSampleBias = false)
//   -> [dx | null, dweight | null, dbias | null]; perSampleBias: the bias was [N, C], and dbias is.
// mssarLimits() -> { maxScale, maxScales }: the op's limits on its scales (ops/mssar.h), for the
// checks the TypeScript side makes before a module is built.
#include "../native/ops/mssar.h"

#include "args.h"
#include "mssar_args.h"
#include "registry.h"
#include "tensor_wrap.h"

namespace mssar::binding {

namespace {

Napi::Value mssar_forward_entry(const Napi::CallbackInfo& info) {
  Args a(info, "mssarForward", 5);
  MssarForward out = mssar_forward(a.tensor(0, "x"), a.tensor(1, "weight"), a.tensor(2, "bias"), mssar_options(a, 3, 4));
  return tensor_tuple(info.Env(), {out.y, out.gate});
}
MSSAR_BIND_OP("mssarForward", mssar_forward_entry)

Napi::Value mssar_backward_entry(const Napi::CallbackInfo& info) {
  Args a(info, "mssarBackward", 7, 8);
  const MssarOptions opt = mssar_options(a, 4, 5);
  std::vector<bool> f = a.flags(6, "needs", 3);
  const bool needs[3] = {f[0], f[1], f[2]};
  const bool per_sample_bias = a.present(7) && a.boolean(7, "perSampleBias");
  MssarGrads g = mssar_backward(a.tensor(0, "dy"), a.tensor(1, "x"), a.tensor(2, "gate"), a.tensor(3, "weight"), opt,
                                needs, per_sample_bias);
  return tensor_tuple(info.Env(), {g.dx, g.dweight, g.dbias});
}
MSSAR_BIND_OP("mssarBackward", mssar_backward_entry)

Napi::Value mssar_limits_entry(const Napi::CallbackInfo& info) {
  Args a(info, "mssarLimits", 0);
  Napi::Object o = Napi::Object::New(info.Env());
  o.Set("maxScale", Napi::Number::New(info.Env(), double(kMssarMaxScale)));
  o.Set("maxScales", Napi::Number::New(info.Env(), double(kMssarMaxScales)));
  return o;
}
MSSAR_BIND("mssarLimits", mssar_limits_entry)

}  // namespace

}  // namespace mssar::binding
