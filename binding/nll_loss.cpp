// nllLossForward(logProbs, labels, weight|null, labelSmoothing, reduction) -> loss
// nllLossBackward(dloss, logProbs, labels, weight|null, labelSmoothing, reduction) -> dlogProbs
#include "../native/ops/nll_loss.h"

#include "args.h"
#include "registry.h"
#include "tensor_wrap.h"

namespace mssar::binding {

namespace {

Napi::Value nll_loss_forward_entry(const Napi::CallbackInfo& info) {
  Args a(info, "nllLossForward", 5);
  const Reduction r = parse_reduction("nllLoss", a.string(4, "reduction"));
  return TensorWrap::wrap(info.Env(), nll_loss_forward(a.tensor(0, "logProbs"), a.tensor(1, "labels"),
                                                       a.optional_tensor(2, "weight"), a.number(3, "labelSmoothing"), r));
}
MSSAR_BIND_OP("nllLossForward", nll_loss_forward_entry)

Napi::Value nll_loss_backward_entry(const Napi::CallbackInfo& info) {
  Args a(info, "nllLossBackward", 6);
  const Reduction r = parse_reduction("nllLoss backward", a.string(5, "reduction"));
  return TensorWrap::wrap(info.Env(),
                          nll_loss_backward(a.tensor(0, "dloss"), a.tensor(1, "logProbs"), a.tensor(2, "labels"),
                                            a.optional_tensor(3, "weight"), a.number(4, "labelSmoothing"), r));
}
MSSAR_BIND_OP("nllLossBackward", nll_loss_backward_entry)

}  // namespace

}  // namespace mssar::binding
