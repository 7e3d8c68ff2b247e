#include "layer_norm.h"

#include "checks.h"
#include "layout.h"

namespace mssar {

MSSAR_DEFINE_KERNEL(layer_norm_forward)
MSSAR_DEFINE_KERNEL(layer_norm_backward)

namespace {

int64_t check_rows(const char* op, const Tensor& x, int64_t D) {
  check_float(op, "x", x);
  MSSAR_CHECK(D >= 1, op, ": the normalized size must be at least 1, got ", D, " for x ", x.describe());
  int64_t tail = 1;
  bool ok = false;
  for (int64_t d = x.ndim() - 1; d >= 0 && !ok; --d) {
    tail *= x.size(d);
    ok = tail == D;
  }
  MSSAR_CHECK(ok, op, ": x ", x.describe(), " does not end in dims of ", D, " elements in all");
  return x.numel() / D;
}

void check_param(const char* op, const char* name, const Tensor& p, const Tensor& x, int64_t D) {
  if (!p.defined()) return;
  check_like(op, "x", x, name, p);
  MSSAR_CHECK(p.numel() == D, op, ": ", name, " must have ", D, " elements (the normalized size), got ", p.describe());
}

}  // namespace

std::array<Tensor, 3> layer_norm_forward(const Tensor& x_in, const Tensor& weight, const Tensor& bias, int64_t D,
                                         double eps) {
  const char* op = "layerNorm";
  const int64_t rows = check_rows(op, x_in, D);
  check_param(op, "weight", weight, x_in, D);
  check_param(op, "bias", bias, x_in, D);
  MSSAR_CHECK(eps > 0, op, ": eps must be > 0, got ", eps);
  const Tensor x = to_plain(x_in);
  Backend be = select_backend(op, {&x, &weight, &bias});
  std::array<Tensor, 3> out{Tensor::empty(x.shape(), x.dtype(), x.device()), Tensor::empty({rows}, x.dtype(), x.device()),
                            Tensor::empty({rows}, x.dtype(), x.device())};
  if (rows > 0) layer_norm_forward_kernels()[be](out[0], out[1], out[2], x, weight, bias, D, eps);
  return out;
}

std::array<Tensor, 3> layer_norm_backward(const Tensor& dy_in, const Tensor& x_in, const Tensor& mean,
                                          const Tensor& rstd, const Tensor& weight, bool has_bias, int64_t D,
                                          std::array<bool, 3> need) {
  const char* op = "layerNorm backward";
  const int64_t rows = check_rows(op, x_in, D);
  check_like(op, "x", x_in, "dy", dy_in);
  check_same_shape(op, "x", x_in, "dy", dy_in);
  check_like(op, "x", x_in, "mean", mean);
  check_like(op, "x", x_in, "rstd", rstd);
  check_shape(op, "mean", mean, {rows});
  check_shape(op, "rstd", rstd, {rows});
  check_param(op, "weight", weight, x_in, D);
  const Tensor x = to_plain(x_in), dy = to_plain(dy_in);
  Backend be = select_backend(op, {&dy, &x, &mean, &rstd, &weight});
  need[1] = need[1] && weight.defined();
  need[2] = need[2] && has_bias;
  std::array<Tensor, 3> g;
  if (need[0]) g[0] = Tensor::empty(x.shape(), x.dtype(), x.device());
  if (need[1]) g[1] = Tensor::empty(weight.shape(), x.dtype(), x.device());
  if (need[2]) g[2] = Tensor::empty(weight.defined() ? weight.shape() : Shape{D}, x.dtype(), x.device());
  if (rows == 0) {
    for (Tensor& t : g)
      if (t.defined()) t.zero_();
    return g;
  }
  if (need[0] || need[1] || need[2]) layer_norm_backward_kernels()[be](g[0], g[1], g[2], dy, x, mean, rstd, weight, D);
  return g;
}

}  // namespace mssar
