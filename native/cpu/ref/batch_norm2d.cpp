// Reference batch_norm2d, float64, straight from the definitions in ops/batch_norm2d.h.
#include "../../ops/batch_norm2d.h"

#include <cmath>
#include <vector>

namespace mssar::ref {

namespace {
struct Dims {
  int64_t N, C, HW;
  int64_t at(int64_t n, int64_t c, int64_t i) const { return (n * C + c) * HW + i; }
};
Dims dims(const Tensor& x) { return Dims{x.size(0), x.size(1), x.size(2) * x.size(3)}; }
}  // namespace

void batch_norm2d_forward(Tensor& y, Tensor& save_mean, Tensor& save_invstd, Tensor& running_mean,
                          Tensor& running_var, const Tensor& x, const Tensor& weight, const Tensor& bias,
                          bool training, double momentum, double eps) {
  const Dims d = dims(x);
  const double* in = x.data<double>();
  double* out = y.data<double>();
  const double n = double(d.N * d.HW);
  for (int64_t c = 0; c < d.C; ++c) {
    double mean, var;
    if (training) {
      double sum = 0;
      for (int64_t k = 0; k < d.N; ++k)
        for (int64_t i = 0; i < d.HW; ++i) sum += in[d.at(k, c, i)];
      mean = sum / n;
      double sq = 0;
      for (int64_t k = 0; k < d.N; ++k)
        for (int64_t i = 0; i < d.HW; ++i) sq += (in[d.at(k, c, i)] - mean) * (in[d.at(k, c, i)] - mean);
      var = sq / n;
      if (running_mean.defined()) {
        double& rm = running_mean.data<double>()[c];
        double& rv = running_var.data<double>()[c];
        rm = (1 - momentum) * rm + momentum * mean;
        rv = (1 - momentum) * rv + momentum * var * n / (n - 1);
      }
    } else {
      mean = running_mean.data<double>()[c];
      var = running_var.data<double>()[c];
    }
    const double invstd = 1 / std::sqrt(var + eps);
    const double w = weight.defined() ? weight.data<double>()[c] : 1;
    const double b = bias.defined() ? bias.data<double>()[c] : 0;
    save_mean.data<double>()[c] = mean;
    save_invstd.data<double>()[c] = invstd;
    for (int64_t k = 0; k < d.N; ++k)
      for (int64_t i = 0; i < d.HW; ++i) out[d.at(k, c, i)] = (in[d.at(k, c, i)] - mean) * invstd * w + b;
  }
}

// With xhat = (x - mean) invstd and g = dy w:
//   dbias = sum dy, dweight = sum dy xhat,
//   training: dx = invstd (g - mean(g) - xhat mean(g xhat)) (mean and var depend on x),
//   eval:     dx = invstd g.
void batch_norm2d_backward(Tensor& dx, Tensor& dweight, Tensor& dbias, const Tensor& dy, const Tensor& x,
                           const Tensor& weight, const Tensor& save_mean, const Tensor& save_invstd, bool training) {
  const Dims d = dims(x);
  const double* in = x.data<double>();
  const double* g = dy.data<double>();
  const double n = double(d.N * d.HW);
  for (int64_t c = 0; c < d.C; ++c) {
    const double mean = save_mean.data<double>()[c], invstd = save_invstd.data<double>()[c];
    const double w = weight.defined() ? weight.data<double>()[c] : 1;
    double sum_dy = 0, sum_dy_xhat = 0;
    for (int64_t k = 0; k < d.N; ++k)
      for (int64_t i = 0; i < d.HW; ++i) {
        const int64_t j = d.at(k, c, i);
        sum_dy += g[j];
        sum_dy_xhat += g[j] * (in[j] - mean) * invstd;
      }
    if (dbias.defined()) dbias.data<double>()[c] = sum_dy;
    if (dweight.defined()) dweight.data<double>()[c] = sum_dy_xhat;
    if (!dx.defined()) continue;
    for (int64_t k = 0; k < d.N; ++k)
      for (int64_t i = 0; i < d.HW; ++i) {
        const int64_t j = d.at(k, c, i);
        const double xhat = (in[j] - mean) * invstd;
        dx.data<double>()[j] = training ? invstd * w * (g[j] - sum_dy / n - xhat * sum_dy_xhat / n)
                                        : invstd * w * g[j];
      }
  }
}

// batch_norm_relu2d: the batch norm above, then y = max(y, 0).
void batch_norm_relu2d_forward(Tensor& y, Tensor& save_mean, Tensor& save_invstd, Tensor& running_mean,
                               Tensor& running_var, const Tensor& x, const Tensor& weight, const Tensor& bias,
                               bool training, double momentum, double eps) {
  batch_norm2d_forward(y, save_mean, save_invstd, running_mean, running_var, x, weight, bias, training, momentum, eps);
  double* out = y.data<double>();
  for (int64_t i = 0; i < y.numel(); ++i) out[i] = out[i] > 0 ? out[i] : 0;
}

// The ReLU's gradient dy [y > 0], then the batch norm's backward of it.
void batch_norm_relu2d_backward(Tensor& dx, Tensor& dweight, Tensor& dbias, const Tensor& dy, const Tensor& y,
                                const Tensor& x, const Tensor& weight, const Tensor& save_mean,
                                const Tensor& save_invstd, bool training) {
  Tensor g = Tensor::empty_like(dy);
  const double* gy = dy.data<double>();
  const double* out = y.data<double>();
  double* gm = g.data<double>();
  for (int64_t i = 0; i < g.numel(); ++i) gm[i] = out[i] > 0 ? gy[i] : 0;
  batch_norm2d_backward(dx, dweight, dbias, g, x, weight, save_mean, save_invstd, training);
}

}  // namespace mssar::ref

namespace mssar {
MSSAR_REGISTER_KERNEL(batch_norm2d_forward, Reference, ref::batch_norm2d_forward)
MSSAR_REGISTER_KERNEL(batch_norm2d_backward, Reference, ref::batch_norm2d_backward)
MSSAR_REGISTER_KERNEL(batch_norm_relu2d_forward, Reference, ref::batch_norm_relu2d_forward)
MSSAR_REGISTER_KERNEL(batch_norm_relu2d_backward, Reference, ref::batch_norm_relu2d_backward)
}  // namespace mssar
