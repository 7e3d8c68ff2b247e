#include "cross_entropy.h"

#include <cmath>

#include "../core/index_values.h"
#include "checks.h"
#include "create.h"

namespace mssar {

MSSAR_DEFINE_KERNEL(cross_entropy_forward)
MSSAR_DEFINE_KERNEL(cross_entropy_backward)

namespace {

// Scores [N, K] (logits or log-probabilities), labels int32 or int64 [N] with every value in [0, K), and
// the smoothing. The labels are read on the host (a small blocking copy when they live on CUDA),
// so a bad label is an Error before any kernel runs.
// On CUDA this is the one synchronization inside an op, and it is kept on purpose: the copy waits
// for the work queued before it (the forward pass), so once per step the device runs dry while the
// host queues the next kernels (about one launch latency; in a training loop the loss is usually
// read back anyway). In exchange a bad label is an Error naming it, at the call that got it, as on
// the CPU; a device-side check could only poison the loss with NaN or, as a trap, end the CUDA
// context. The kernels never index with a label outside [0, K) either way.
void check_inputs(const char* op, const char* scores_name, const Tensor& scores, const Tensor& labels,
                  double smoothing) {
  check_float(op, scores_name, scores);
  check_ndim(op, scores_name, scores, 2, "[N, K]");  // 2-d tensors are always plain
  const int64_t n = scores.size(0), k = scores.size(1);
  MSSAR_CHECK(n > 0, op, ": the batch is empty: ", scores_name, " ", scores.describe());
  MSSAR_CHECK(k > 0, op, ": no classes: ", scores_name, " ", scores.describe());
  check_defined(op, "labels", labels);
  MSSAR_CHECK(is_index_dtype(labels.dtype()), op, ": labels must be ", index_dtypes(), ", got ", labels.describe());
  MSSAR_CHECK(labels.ndim() == 1 && labels.size(0) == n, op, ": labels must be [", n, "] for ", scores_name, " ",
              scores.describe(), ", got ", labels.describe());
  MSSAR_CHECK(labels.device() == scores.device(), op, ": labels ", labels.describe(), " and ", scores_name, " ",
              scores.describe(), " are on different devices");
  MSSAR_CHECK(std::isfinite(smoothing) && smoothing >= 0 && smoothing < 1, op,
              ": labelSmoothing must be in [0, 1), got ", smoothing);
  const Tensor host = labels.device() == Device::CPU ? labels : to_device(labels, Device::CPU);
  for (int64_t i = 0; i < n; ++i) {
    const int64_t l = index_at(host.raw(), host.dtype(), i);
    MSSAR_CHECK(l >= 0 && l < k, op, ": label ", l, " at index ", i, " is out of range [0, ", k,
                ") for ", scores_name, " ", scores.describe());
  }
}

}  // namespace

std::pair<Tensor, Tensor> cross_entropy_forward(const Tensor& logits, const Tensor& labels, double smoothing) {
  check_inputs("crossEntropy", "logits", logits, labels, smoothing);
  Backend b = select_backend("crossEntropy", {&logits, &labels});
  Tensor loss = Tensor::empty({}, logits.dtype(), logits.device());
  Tensor log_probs = Tensor::empty_like(logits);
  cross_entropy_forward_kernels()[b](loss, log_probs, logits, labels, smoothing);
  return {loss, log_probs};
}

Tensor cross_entropy_backward(const Tensor& dloss, const Tensor& log_probs, const Tensor& labels, double smoothing) {
  check_inputs("crossEntropy backward", "logProbs", log_probs, labels, smoothing);
  check_like("crossEntropy backward", "logProbs", log_probs, "dloss", dloss);
  MSSAR_CHECK(dloss.numel() == 1 && dloss.ndim() <= 1, "crossEntropy backward: dloss must be 0-d (one element), got ",
              dloss.describe());
  Backend b = select_backend("crossEntropy backward", {&dloss, &log_probs, &labels});
  Tensor dlogits = Tensor::empty_like(log_probs);
  cross_entropy_backward_kernels()[b](dlogits, dloss, log_probs, labels, smoothing);
  return dlogits;
}

}  // namespace mssar
