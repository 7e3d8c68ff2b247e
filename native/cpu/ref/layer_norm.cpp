// Reference layer_norm, float64, straight from the definition (native/ops/layer_norm.h).
#include <cmath>

#include "../../ops/layer_norm.h"

namespace mssar::ref {

void layer_norm_forward(Tensor& y, Tensor& mean, Tensor& rstd, const Tensor& x, const Tensor& weight,
                        const Tensor& bias, int64_t D, double eps) {
  const int64_t rows = x.numel() / D;
  const double* X = x.data<double>();
  const double* W = weight.defined() ? weight.data<double>() : nullptr;
  const double* B = bias.defined() ? bias.data<double>() : nullptr;
  double* Y = y.data<double>();
  for (int64_t r = 0; r < rows; ++r) {
    const double* xr = X + r * D;
    double m = 0;
    for (int64_t j = 0; j < D; ++j) m += xr[j];
    m /= double(D);
    double v = 0;
    for (int64_t j = 0; j < D; ++j) v += (xr[j] - m) * (xr[j] - m);
    v /= double(D);
    const double s = 1.0 / std::sqrt(v + eps);
    mean.data<double>()[r] = m;
    rstd.data<double>()[r] = s;
    for (int64_t j = 0; j < D; ++j) Y[r * D + j] = (xr[j] - m) * s * (W ? W[j] : 1.0) + (B ? B[j] : 0.0);
  }
}

void layer_norm_backward(Tensor& dx, Tensor& dweight, Tensor& dbias, const Tensor& dy, const Tensor& x,
                         const Tensor& mean, const Tensor& rstd, const Tensor& weight, int64_t D) {
  const int64_t rows = x.numel() / D;
  const double* X = x.data<double>();
  const double* G = dy.data<double>();
  const double* W = weight.defined() ? weight.data<double>() : nullptr;
  if (dweight.defined()) dweight.zero_();
  if (dbias.defined()) dbias.zero_();
  for (int64_t r = 0; r < rows; ++r) {
    const double m = mean.data<double>()[r], s = rstd.data<double>()[r];
    double mg = 0, mgx = 0;
    for (int64_t j = 0; j < D; ++j) {
      const double xhat = (X[r * D + j] - m) * s, g = G[r * D + j] * (W ? W[j] : 1.0);
      mg += g;
      mgx += g * xhat;
      if (dweight.defined()) dweight.data<double>()[j] += G[r * D + j] * xhat;
      if (dbias.defined()) dbias.data<double>()[j] += G[r * D + j];
    }
    mg /= double(D);
    mgx /= double(D);
    if (dx.defined())
      for (int64_t j = 0; j < D; ++j) {
        const double xhat = (X[r * D + j] - m) * s, g = G[r * D + j] * (W ? W[j] : 1.0);
        dx.data<double>()[r * D + j] = s * (g - mg - xhat * mgx);
      }
  }
}

}  // namespace mssar::ref

namespace mssar {
MSSAR_REGISTER_KERNEL(layer_norm_forward, Reference, ref::layer_norm_forward)
MSSAR_REGISTER_KERNEL(layer_norm_backward, Reference, ref::layer_norm_backward)
}  // namespace mssar
