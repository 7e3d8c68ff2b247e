// mseLossForward(input, target, reduction) -> loss
// mseLossBackward(dloss, input, target, reduction, needs) -> [dinput|null, dtarget|null]
#include "../native/ops/mse_loss.h"

#include "args.h"
#include "registry.h"
#include "tensor_wrap.h"

namespace mssar::binding {

namespace {

Napi::Value mse_loss_forward_entry(const Napi::CallbackInfo& info) {
  Args a(info, "mseLossForward", 3);
  const Reduction r = parse_reduction("mseLoss", a.string(2, "reduction"));
  return TensorWrap::wrap(info.Env(), mse_loss_forward(a.tensor(0, "input"), a.tensor(1, "target"), r));
}
MSSAR_BIND_OP("mseLossForward", mse_loss_forward_entry)

Napi::Value mse_loss_backward_entry(const Napi::CallbackInfo& info) {
  Args a(info, "mseLossBackward", 5);
  const Reduction r = parse_reduction("mseLoss backward", a.string(3, "reduction"));
  std::vector<bool> f = a.flags(4, "needs", 2);
  auto g = mse_loss_backward(a.tensor(0, "dloss"), a.tensor(1, "input"), a.tensor(2, "target"), r, {f[0], f[1]});
  return tensor_tuple(info.Env(), {g[0], g[1]});
}
MSSAR_BIND_OP("mseLossBackward", mse_loss_backward_entry)

}  // namespace

}  // namespace mssar::binding
