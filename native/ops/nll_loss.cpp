#include "nll_loss.h"

#include <limits>

#include "checks.h"
#include "index_checks.h"

namespace mssar {

MSSAR_DEFINE_KERNEL(nll_loss_forward)
MSSAR_DEFINE_KERNEL(nll_loss_backward)

Reduction parse_reduction(const char* op, const std::string& name) {
  if (name == "none") return Reduction::None;
  if (name == "mean") return Reduction::Mean;
  if (name == "sum") return Reduction::Sum;
  fail(op, ": reduction must be 'none', 'mean' or 'sum', got '", name, "'");
}

namespace {

void check(const char* op, const Tensor& logp, const Tensor& labels, const Tensor& weight, double smoothing) {
  check_float(op, "logProbs", logp);
  check_ndim(op, "logProbs", logp, 2, "[N, K]");
  check_defined(op, "labels", labels);
  MSSAR_CHECK(labels.ndim() == 1 && labels.size(0) == logp.size(0), op, ": labels must be [", logp.size(0),
              "] (one per row of logProbs ", logp.describe(), "), got ", labels.describe());
  MSSAR_CHECK(smoothing >= 0 && smoothing < 1, op, ": labelSmoothing must be in [0, 1), got ", smoothing);
  if (weight.defined()) {
    check_like(op, "logProbs", logp, "weight", weight);
    MSSAR_CHECK(weight.ndim() == 1 && weight.size(0) == logp.size(1), op, ": weight must be [", logp.size(1),
                "] (one per class of logProbs ", logp.describe(), "), got ", weight.describe());
  }
  check_index_values(op, "labels", labels, logp.size(1), cat("classes of logProbs ", logp.describe()));
}

}  // namespace

Tensor nll_loss_forward(const Tensor& logp, const Tensor& labels, const Tensor& weight, double smoothing,
                        Reduction reduction) {
  const char* op = "nllLoss";
  check(op, logp, labels, weight, smoothing);
  Backend be = select_backend(op, {&logp, &labels, &weight});
  Tensor loss = reduction == Reduction::None ? Tensor::empty({logp.size(0)}, logp.dtype(), logp.device())
                                             : Tensor::empty({}, logp.dtype(), logp.device());
  if (logp.numel() > 0) {
    nll_loss_forward_kernels()[be](loss, logp, labels, weight, smoothing, reduction);
  } else if (loss.numel() > 0) {
    // No samples: a sum of nothing is 0, a mean of nothing is NaN (as PyTorch gives).
    Tensor host = Tensor::empty({}, logp.dtype(), Device::CPU);
    const double v = reduction == Reduction::Mean ? std::numeric_limits<double>::quiet_NaN() : 0.0;
    if (logp.dtype() == DType::Float32) *host.data<float>() = float(v);
    else *host.data<double>() = v;
    loss.copy_from(host);
  }
  return loss;
}

Tensor nll_loss_backward(const Tensor& dloss, const Tensor& logp, const Tensor& labels, const Tensor& weight,
                         double smoothing, Reduction reduction) {
  const char* op = "nllLoss backward";
  check(op, logp, labels, weight, smoothing);
  check_like(op, "logProbs", logp, "dloss", dloss);
  check_shape(op, "dloss", dloss, reduction == Reduction::None ? Shape{logp.size(0)} : Shape{});
  Backend be = select_backend(op, {&dloss, &logp, &labels, &weight});
  Tensor d = Tensor::empty(logp.shape(), logp.dtype(), logp.device());
  if (d.numel() > 0) nll_loss_backward_kernels()[be](d, dloss, labels, weight, smoothing, reduction);
  return d;
}

}  // namespace mssar
