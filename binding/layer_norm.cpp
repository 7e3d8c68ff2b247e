// layerNormForward(x, weight|null, bias|null, size, eps) -> [y, mean, rstd]
// layerNormBackward(dy, x, mean, rstd, weight|null, hasBias, size, needs) -> [dx|null, dweight|null, dbias|null]
#include "../native/ops/layer_norm.h"

#include "args.h"
#include "registry.h"
#include "tensor_wrap.h"

namespace mssar::binding {

namespace {

Napi::Value layer_norm_forward_entry(const Napi::CallbackInfo& info) {
  Args a(info, "layerNormForward", 5);
  auto r = layer_norm_forward(a.tensor(0, "x"), a.optional_tensor(1, "weight"), a.optional_tensor(2, "bias"),
                              a.integer(3, "size"), a.number(4, "eps"));
  return tensor_tuple(info.Env(), {r[0], r[1], r[2]});
}
MSSAR_BIND_OP("layerNormForward", layer_norm_forward_entry)

Napi::Value layer_norm_backward_entry(const Napi::CallbackInfo& info) {
  Args a(info, "layerNormBackward", 8);
  std::vector<bool> f = a.flags(7, "needs", 3);
  auto g = layer_norm_backward(a.tensor(0, "dy"), a.tensor(1, "x"), a.tensor(2, "mean"), a.tensor(3, "rstd"),
                               a.optional_tensor(4, "weight"), a.boolean(5, "hasBias"), a.integer(6, "size"),
                               {f[0], f[1], f[2]});
  return tensor_tuple(info.Env(), {g[0], g[1], g[2]});
}
MSSAR_BIND_OP("layerNormBackward", layer_norm_backward_entry)

}  // namespace

}  // namespace mssar::binding
