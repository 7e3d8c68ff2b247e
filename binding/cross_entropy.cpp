// crossEntropyForward(logits, labels, labelSmoothing) -> [loss, logProbs];
// crossEntropyBackward(dloss, logProbs, labels, labelSmoothing) -> dlogits
#include "../native/ops/cross_entropy.h"

#include "args.h"
#include "registry.h"
#include "tensor_wrap.h"

namespace mssar::binding {

namespace {

Napi::Value cross_entropy_forward_entry(const Napi::CallbackInfo& info) {
  Args a(info, "crossEntropyForward", 3);
  auto [loss, log_probs] =
      cross_entropy_forward(a.tensor(0, "logits"), a.tensor(1, "labels"), a.number(2, "labelSmoothing"));
  return tensor_tuple(info.Env(), {loss, log_probs});
}
MSSAR_BIND_OP("crossEntropyForward", cross_entropy_forward_entry)

Napi::Value cross_entropy_backward_entry(const Napi::CallbackInfo& info) {
  Args a(info, "crossEntropyBackward", 4);
  return TensorWrap::wrap(info.Env(), cross_entropy_backward(a.tensor(0, "dloss"), a.tensor(1, "logProbs"),
                                                             a.tensor(2, "labels"), a.number(3, "labelSmoothing")));
}
MSSAR_BIND_OP("crossEntropyBackward", cross_entropy_backward_entry)

}  // namespace

}  // namespace mssar::binding
