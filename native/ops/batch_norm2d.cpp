#include "batch_norm2d.h"

#include "checks.h"
#include "layout.h"

namespace mssar {

MSSAR_DEFINE_KERNEL(batch_norm2d_forward)
MSSAR_DEFINE_KERNEL(batch_norm2d_backward)
MSSAR_DEFINE_KERNEL(batch_norm_relu2d_forward)
MSSAR_DEFINE_KERNEL(batch_norm_relu2d_backward)

namespace {
// An optional per-channel tensor: undefined, or [C] of x's dtype.
void check_channel_vector(const char* op, const char* name, const Tensor& t, const Tensor& x) {
  if (!t.defined()) return;
  check_float(op, name, t);
  check_same_dtype(op, "x", x, name, t);
  MSSAR_CHECK(t.ndim() == 1 && t.size(0) == x.size(1), op, ": ", name, " must have shape [", x.size(1),
              "] (the channels of x ", x.describe(), "), got ", t.describe());
}

// x as the backend reads it: any layout on the cpu, plain elsewhere.
Tensor readable(const Tensor& x, Backend b) { return b == Backend::CPU ? x : to_plain(x); }

std::tuple<Tensor, Tensor, Tensor> forward(const char* op, bool relu, const Tensor& x_in, const Tensor& weight,
                                           const Tensor& bias, const Tensor& running_mean, const Tensor& running_var,
                                           bool training, double momentum, double eps) {
  check_float(op, "x", x_in);
  check_ndim(op, "x", x_in, 4, "[N, C, H, W]");
  check_channel_vector(op, "weight", weight, x_in);
  check_channel_vector(op, "bias", bias, x_in);
  check_channel_vector(op, "runningMean", running_mean, x_in);
  check_channel_vector(op, "runningVar", running_var, x_in);
  MSSAR_CHECK(running_mean.defined() == running_var.defined(), op,
              ": runningMean and runningVar must be given together, got ", running_mean.describe(), " and ",
              running_var.describe());
  MSSAR_CHECK(eps > 0, op, ": eps must be > 0, got ", eps);
  MSSAR_CHECK(momentum >= 0 && momentum <= 1, op, ": momentum must be in [0, 1], got ", momentum);
  const int64_t n = x_in.size(0) * x_in.size(2) * x_in.size(3);
  if (training) {
    MSSAR_CHECK(n >= 1, op, ": training needs at least one value per channel, got x ", x_in.describe());
    MSSAR_CHECK(!running_mean.defined() || n >= 2, op,
                ": the running variance cannot be updated from 1 value per channel (its unbiased estimate "
                "divides by n - 1 = 0), got x ",
                x_in.describe());
  } else {
    MSSAR_CHECK(running_mean.defined(), op, ": eval mode (training false) needs runningMean and runningVar, for x ",
                x_in.describe());
  }
  Backend b = select_backend(op, {&x_in, &weight, &bias, &running_mean, &running_var});
  const Tensor x = readable(x_in, b);
  Tensor y = Tensor::empty_like(x);
  Tensor save_mean = Tensor::empty({x.size(1)}, x.dtype(), x.device());
  Tensor save_invstd = Tensor::empty({x.size(1)}, x.dtype(), x.device());
  Tensor rm = running_mean, rv = running_var;
  auto& kernels = relu ? batch_norm_relu2d_forward_kernels() : batch_norm2d_forward_kernels();
  kernels[b](y, save_mean, save_invstd, rm, rv, x, weight, bias, training, momentum, eps);
  return {y, save_mean, save_invstd};
}

std::tuple<Tensor, Tensor, Tensor> backward(const char* op, bool relu, const Tensor& dy_in, const Tensor& y_in,
                                            const Tensor& x_in, const Tensor& weight, const Tensor& save_mean,
                                            const Tensor& save_invstd, bool training, const std::vector<bool>& needs) {
  check_float(op, "x", x_in);
  check_ndim(op, "x", x_in, 4, "[N, C, H, W]");
  check_like(op, "x", x_in, "dy", dy_in);
  check_same_shape(op, "x", x_in, "dy", dy_in);
  if (relu) {
    check_like(op, "x", x_in, "y", y_in);
    check_same_shape(op, "x", x_in, "y", y_in);
  }
  check_channel_vector(op, "weight", weight, x_in);
  check_defined(op, "saveMean", save_mean);
  check_defined(op, "saveInvstd", save_invstd);
  check_channel_vector(op, "saveMean", save_mean, x_in);
  check_channel_vector(op, "saveInvstd", save_invstd, x_in);
  MSSAR_CHECK(needs.size() == 3, op, ": needs must have 3 flags [dx, dweight, dbias], got ", needs.size());
  Backend b = select_backend(op, {&dy_in, &y_in, &x_in, &weight, &save_mean, &save_invstd});
  // dy and y follow x's layout, whatever layout they came in.
  const Tensor x = readable(x_in, b);
  const Tensor dy = to_layout(dy_in, x.layout());
  const Tensor y = relu ? to_layout(y_in, x.layout()) : Tensor();
  Tensor dx, dweight, dbias;
  if (needs[0]) dx = Tensor::empty_like(x);
  if (needs[1]) dweight = Tensor::empty({x.size(1)}, x.dtype(), x.device());
  if (needs[2]) dbias = Tensor::empty({x.size(1)}, x.dtype(), x.device());
  if (!(needs[0] || needs[1] || needs[2])) return {dx, dweight, dbias};
  if (relu) {
    batch_norm_relu2d_backward_kernels()[b](dx, dweight, dbias, dy, y, x, weight, save_mean, save_invstd, training);
  } else {
    batch_norm2d_backward_kernels()[b](dx, dweight, dbias, dy, x, weight, save_mean, save_invstd, training);
  }
  return {dx, dweight, dbias};
}

}  // namespace

std::tuple<Tensor, Tensor, Tensor> batch_norm2d_forward(const Tensor& x, const Tensor& weight, const Tensor& bias,
                                                        const Tensor& running_mean, const Tensor& running_var,
                                                        bool training, double momentum, double eps) {
  return forward("batchNorm2d", false, x, weight, bias, running_mean, running_var, training, momentum, eps);
}

std::tuple<Tensor, Tensor, Tensor> batch_norm2d_backward(const Tensor& dy, const Tensor& x, const Tensor& weight,
                                                         const Tensor& save_mean, const Tensor& save_invstd,
                                                         bool training, const std::vector<bool>& needs) {
  return backward("batchNorm2d backward", false, dy, Tensor(), x, weight, save_mean, save_invstd, training, needs);
}

std::tuple<Tensor, Tensor, Tensor> batch_norm_relu2d_forward(const Tensor& x, const Tensor& weight, const Tensor& bias,
                                                             const Tensor& running_mean, const Tensor& running_var,
                                                             bool training, double momentum, double eps) {
  return forward("batchNormRelu2d", true, x, weight, bias, running_mean, running_var, training, momentum, eps);
}

std::tuple<Tensor, Tensor, Tensor> batch_norm_relu2d_backward(const Tensor& dy, const Tensor& y, const Tensor& x,
                                                              const Tensor& weight, const Tensor& save_mean,
                                                              const Tensor& save_invstd, bool training,
                                                              const std::vector<bool>& needs) {
  return backward("batchNormRelu2d backward", true, dy, y, x, weight, save_mean, save_invstd, training, needs);
}

}  // namespace mssar
