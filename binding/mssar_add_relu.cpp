// mssarAddReluForward(x, weight, bias, residual, scales, symmetric) -> [out, gate]
// mssarAddReluBackward(dout, out, x, gate, weight, scales, symmetric, needs, perSampleBias = false)
//   -> [dx | null, dweight | null, dbias | null, dresidual | null]; perSampleBias: the bias was
//   [N, C], and dbias is.
#include "../native/ops/mssar_add_relu.h"

#include "args.h"
#include "mssar_args.h"
#include "registry.h"
#include "tensor_wrap.h"

namespace mssar::binding {

namespace {

Napi::Value mssar_add_relu_forward_entry(const Napi::CallbackInfo& info) {
  Args a(info, "mssarAddReluForward", 6);
  MssarForward out = mssar_add_relu_forward(a.tensor(0, "x"), a.tensor(1, "weight"), a.tensor(2, "bias"),
                                            a.tensor(3, "residual"), mssar_options(a, 4, 5));
  return tensor_tuple(info.Env(), {out.y, out.gate});
}
MSSAR_BIND_OP("mssarAddReluForward", mssar_add_relu_forward_entry)

Napi::Value mssar_add_relu_backward_entry(const Napi::CallbackInfo& info) {
  Args a(info, "mssarAddReluBackward", 8, 9);
  const MssarOptions opt = mssar_options(a, 5, 6);
  const std::vector<bool> need = a.flags(7, "needs", 4);
  const bool flags[4] = {need[0], need[1], need[2], need[3]};
  const bool per_sample_bias = a.present(8) && a.boolean(8, "perSampleBias");
  MssarAddReluGrads g = mssar_add_relu_backward(a.tensor(0, "dout"), a.tensor(1, "out"), a.tensor(2, "x"),
                                                a.tensor(3, "gate"), a.tensor(4, "weight"), opt, flags,
                                                per_sample_bias);
  return tensor_tuple(info.Env(), {g.dx, g.dweight, g.dbias, g.dres});
}
MSSAR_BIND_OP("mssarAddReluBackward", mssar_add_relu_backward_entry)

}  // namespace

}  // namespace mssar::binding
