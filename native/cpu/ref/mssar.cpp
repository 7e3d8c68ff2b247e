// Reference MS-SAR, float64, cell by cell from the definition (docs/mssar.md). Slow on purpose:
// every cell mean is summed pixel by pixel, and the adjoint of the context is scattered from each
// neuron's cells exactly as the definition states it.
#include <cmath>
#include <vector>

#include "../../ops/mssar.h"

namespace mssar::ref {

namespace {

struct Plane {
  const double* data;
  int64_t H, W;
  // x~: the plane, zero outside it.
  double at(int64_t p, int64_t q) const { return p >= 0 && p < H && q >= 0 && q < W ? data[p * W + q] : 0.0; }
};

// M_s(p, q): the mean of the s x s cell with top-left corner (p - a_s, q - a_s); outside counts as 0.
double cell_mean(const Plane& x, int64_t p, int64_t q, int64_t s) {
  const int64_t a = mssar_anchor(s);
  double sum = 0;
  for (int64_t u = 0; u < s; ++u)
    for (int64_t v = 0; v < s; ++v) sum += x.at(p - a + u, q - a + v);
  return sum / double(s * s);
}

double sigmoid(double z) { return 1.0 / (1.0 + std::exp(-z)); }

}  // namespace

void mssar_forward(Tensor& y, Tensor& gate, const Tensor& x, const Tensor& weight, const Tensor& bias,
                   const MssarOptions& opt) {
  const int64_t N = x.size(0), C = x.size(1), H = x.size(2), W = x.size(3), K = int64_t(opt.scales.size());
  const double* xd = x.data<double>();
  const double* wd = weight.data<double>();
  const double* bd = bias.data<double>();
  const bool per_sample = mssar_per_sample(bias);
  double* yd = y.data<double>();
  double* gd = gate.data<double>();
  for (int64_t n = 0; n < N; ++n)
    for (int64_t c = 0; c < C; ++c) {
      const int64_t base = (n * C + c) * H * W;
      const Plane plane{xd + base, H, W};
      for (int64_t h = 0; h < H; ++h)
        for (int64_t w = 0; w < W; ++w) {
          double z = per_sample ? bd[n * C + c] : bd[c];
          for (int64_t k = 0; k < K; ++k) {
            const int64_t s = opt.scales[size_t(k)];
            double cells[9];
            mssar_cell_weights(wd, k, c, C, opt.symmetric, cells);
            for (int64_t i = -1; i <= 1; ++i)
              for (int64_t j = -1; j <= 1; ++j)
                z += cells[(i + 1) * 3 + (j + 1)] * cell_mean(plane, h + i * s, w + j * s, s);
          }
          const double g = sigmoid(z);
          gd[base + h * W + w] = g;
          yd[base + h * W + w] = xd[base + h * W + w] * g;
        }
    }
}

void mssar_backward(Tensor& dx, Tensor& dweight, Tensor& dbias, const Tensor& dy, const Tensor& x, const Tensor& gate,
                    const Tensor& weight, const MssarOptions& opt) {
  const int64_t N = x.size(0), C = x.size(1), H = x.size(2), W = x.size(3), K = int64_t(opt.scales.size());
  const double* dyd = dy.data<double>();
  const double* xd = x.data<double>();
  const double* gd = gate.data<double>();
  const double* wd = weight.data<double>();
  // dL/dweight of every cell, [K, C, 9], folded into (m, e, c) at the end when symmetric.
  // dL/dbias per (n, c) plane, summed over n at the end unless the bias was [N, C].
  std::vector<double> dcells(size_t(K * C * 9), 0.0), db(size_t(N * C), 0.0);
  std::vector<double> e(size_t(H * W)), dxp(size_t(H * W));
  for (int64_t n = 0; n < N; ++n)
    for (int64_t c = 0; c < C; ++c) {
      const int64_t base = (n * C + c) * H * W;
      const Plane plane{xd + base, H, W};
      // e = dL/dz = d * x * g * (1 - g); the direct part of dL/dx is d * g.
      for (int64_t i = 0; i < H * W; ++i) {
        const double d = dyd[base + i], g = gd[base + i];
        e[size_t(i)] = d * xd[base + i] * g * (1 - g);
        dxp[size_t(i)] = d * g;
        db[size_t(n * C + c)] += e[size_t(i)];
      }
      for (int64_t k = 0; k < K; ++k) {
        const int64_t s = opt.scales[size_t(k)], a = mssar_anchor(s);
        double cells[9];
        mssar_cell_weights(wd, k, c, C, opt.symmetric, cells);
        for (int64_t h = 0; h < H; ++h)
          for (int64_t w = 0; w < W; ++w) {
            const double eh = e[size_t(h * W + w)];
            for (int64_t i = -1; i <= 1; ++i)
              for (int64_t j = -1; j <= 1; ++j) {
                const int64_t cell = (i + 1) * 3 + (j + 1);
                dcells[size_t((k * C + c) * 9 + cell)] += eh * cell_mean(plane, h + i * s, w + j * s, s);
                // The cell anchored at (h + i s, w + j s) spreads weight / s^2 of e(h, w) to each
                // in-image pixel it covers.
                const int64_t p0 = h + i * s - a, q0 = w + j * s - a;
                for (int64_t p = p0; p < p0 + s; ++p)
                  for (int64_t q = q0; q < q0 + s; ++q)
                    if (p >= 0 && p < H && q >= 0 && q < W) dxp[size_t(p * W + q)] += cells[cell] / double(s * s) * eh;
              }
          }
      }
      if (dx.defined())
        for (int64_t i = 0; i < H * W; ++i) dx.data<double>()[base + i] = dxp[size_t(i)];
    }
  if (dbias.defined() && dbias.ndim() == 2) {
    for (int64_t i = 0; i < N * C; ++i) dbias.data<double>()[i] = db[size_t(i)];
  } else if (dbias.defined()) {
    for (int64_t c = 0; c < C; ++c) {
      double sum = 0;
      for (int64_t n = 0; n < N; ++n) sum += db[size_t(n * C + c)];
      dbias.data<double>()[c] = sum;
    }
  }
  if (dweight.defined()) {
    double* dw = dweight.data<double>();
    for (int64_t kc = 0; kc < K * C; ++kc) {
      if (opt.symmetric)
        mssar_fold_symmetric(&dcells[size_t(kc * 9)], dw + kc * 3);
      else
        for (int i = 0; i < 9; ++i) dw[kc * 9 + i] = dcells[size_t(kc * 9 + i)];
    }
  }
}

}  // namespace mssar::ref

namespace mssar {
MSSAR_REGISTER_KERNEL(mssar_forward, Reference, ref::mssar_forward)
MSSAR_REGISTER_KERNEL(mssar_backward, Reference, ref::mssar_backward)
}  // namespace mssar
