#include "mse_loss.h"

#include <limits>

#include "checks.h"
#include "layout.h"

namespace mssar {

MSSAR_DEFINE_KERNEL(mse_loss_forward)
MSSAR_DEFINE_KERNEL(mse_loss_backward)

namespace {

void check(const char* op, const Tensor& a, const Tensor& b) {
  check_float(op, "input", a);
  check_like(op, "input", a, "target", b);
  check_same_shape(op, "input", a, "target", b);
}

}  // namespace

Tensor mse_loss_forward(const Tensor& a_in, const Tensor& b_in, Reduction reduction) {
  const char* op = "mseLoss";
  check(op, a_in, b_in);
  const Tensor a = to_plain(a_in), b = to_plain(b_in);
  Backend be = select_backend(op, {&a, &b});
  Tensor loss = reduction == Reduction::None ? Tensor::empty(a.shape(), a.dtype(), a.device())
                                             : Tensor::empty({}, a.dtype(), a.device());
  if (a.numel() > 0) {
    mse_loss_forward_kernels()[be](loss, a, b, reduction);
  } else if (reduction != Reduction::None) {
    Tensor host = Tensor::empty({}, a.dtype(), Device::CPU);
    const double v = reduction == Reduction::Mean ? std::numeric_limits<double>::quiet_NaN() : 0.0;
    if (a.dtype() == DType::Float32) *host.data<float>() = float(v);
    else *host.data<double>() = v;
    loss.copy_from(host);
  }
  return loss;
}

std::array<Tensor, 2> mse_loss_backward(const Tensor& dloss, const Tensor& a_in, const Tensor& b_in,
                                        Reduction reduction, std::array<bool, 2> need) {
  const char* op = "mseLoss backward";
  check(op, a_in, b_in);
  check_like(op, "input", a_in, "dloss", dloss);
  check_shape(op, "dloss", dloss, reduction == Reduction::None ? a_in.shape() : Shape{});
  const Tensor a = to_plain(a_in), b = to_plain(b_in), g = to_plain(dloss);
  Backend be = select_backend(op, {&g, &a, &b});
  std::array<Tensor, 2> out;
  if (need[0]) out[0] = Tensor::empty(a.shape(), a.dtype(), a.device());
  if (need[1]) out[1] = Tensor::empty(a.shape(), a.dtype(), a.device());
  if (a.numel() > 0 && (need[0] || need[1])) mse_loss_backward_kernels()[be](out[0], out[1], g, a, b, reduction);
  return out;
}

}  // namespace mssar
