// batch_norm2d on the CPU, NCHW: our own OpenMP kernels, one parallel region per call.
//
// Training statistics are exact-ish in float32 too: each (n, c) plane is summed twice in double
// (its mean, then the squared deviations from it, the second pass reading the plane from cache),
// and the planes of a channel are merged with Chan's formula
//   M2 = sum_p M2_p + HW sum_p (mean_p - mean)^2,
// so no sum of squares minus squared sum ever cancels. The backward sums dy and dy (x - mean) per
// plane in double the same way.
#include "../ops/batch_norm2d.h"

#include <omp.h>

#include <cmath>
#include <vector>

#include "../core/dtype_dispatch.h"

namespace mssar::cpu {

namespace {

// Below this many elements the whole op runs on one thread.
constexpr int64_t kSerialBelow = 1 << 15;

struct Dims {
  int64_t N, C, HW;
};
Dims dims(const Tensor& x) { return Dims{x.size(0), x.size(1), x.size(2) * x.size(3)}; }

template <class T>
const T* data_or_null(const Tensor& t) {
  return t.defined() ? t.data<T>() : nullptr;
}

template <class T>
void forward(Tensor& y, Tensor& save_mean, Tensor& save_invstd, Tensor& running_mean, Tensor& running_var,
             const Tensor& x, const Tensor& weight, const Tensor& bias, bool training, double momentum, double eps) {
  const Dims d = dims(x);
  const int64_t planes = d.N * d.C, HW = d.HW;
  const double n = double(d.N * d.HW);
  const T* in = x.data<T>();
  T* out = y.data<T>();
  T* mean_out = save_mean.data<T>();
  T* invstd_out = save_invstd.data<T>();
  T* rm = running_mean.defined() ? running_mean.data<T>() : nullptr;
  T* rv = running_var.defined() ? running_var.data<T>() : nullptr;
  const T* w = data_or_null<T>(weight);
  const T* b = data_or_null<T>(bias);
  std::vector<double> plane_mean(training ? size_t(planes) : 0), plane_m2(training ? size_t(planes) : 0);
  // Per channel: the mean used, and y = (x - mean) * scale + shift.
  std::vector<T> mean_c(size_t(d.C)), scale_c(size_t(d.C)), shift_c(size_t(d.C));

#pragma omp parallel if (planes * HW >= kSerialBelow)
  {
    if (training) {
#pragma omp for schedule(static)
      for (int64_t p = 0; p < planes; ++p) {
        const T* xp = in + p * HW;
        double s = 0;
#pragma omp simd reduction(+ : s)
        for (int64_t i = 0; i < HW; ++i) s += double(xp[i]);
        const double m = s / double(HW);
        double q = 0;
#pragma omp simd reduction(+ : q)
        for (int64_t i = 0; i < HW; ++i) {
          const double dv = double(xp[i]) - m;
          q += dv * dv;
        }
        plane_mean[size_t(p)] = m;
        plane_m2[size_t(p)] = q;
      }
    }
#pragma omp for schedule(static)
    for (int64_t c = 0; c < d.C; ++c) {
      double mean, var;
      if (training) {
        double s = 0;
        for (int64_t k = 0; k < d.N; ++k) s += plane_mean[size_t(k * d.C + c)];
        mean = s / double(d.N);
        double m2 = 0;
        for (int64_t k = 0; k < d.N; ++k) {
          const double dm = plane_mean[size_t(k * d.C + c)] - mean;
          m2 += plane_m2[size_t(k * d.C + c)] + double(HW) * dm * dm;
        }
        var = m2 / n;
        if (rm) {
          rm[c] = T((1 - momentum) * double(rm[c]) + momentum * mean);
          rv[c] = T((1 - momentum) * double(rv[c]) + momentum * var * n / (n - 1));
        }
      } else {
        mean = double(rm[c]);
        var = double(rv[c]);
      }
      const double invstd = 1 / std::sqrt(var + eps);
      mean_out[c] = T(mean);
      invstd_out[c] = T(invstd);
      mean_c[size_t(c)] = T(mean);
      scale_c[size_t(c)] = T(invstd * (w ? double(w[c]) : 1.0));
      shift_c[size_t(c)] = b ? b[c] : T(0);
    }
#pragma omp for schedule(static)
    for (int64_t p = 0; p < planes; ++p) {
      const int64_t c = p % d.C;
      const T m = mean_c[size_t(c)], sc = scale_c[size_t(c)], sh = shift_c[size_t(c)];
      const T* xp = in + p * HW;
      T* yp = out + p * HW;
#pragma omp simd
      for (int64_t i = 0; i < HW; ++i) yp[i] = (xp[i] - m) * sc + sh;
    }
  }
}

template <class T>
void backward(Tensor& dx, Tensor& dweight, Tensor& dbias, const Tensor& dy, const Tensor& x, const Tensor& weight,
              const Tensor& save_mean, const Tensor& save_invstd, bool training) {
  const Dims d = dims(x);
  const int64_t planes = d.N * d.C, HW = d.HW;
  const double n = double(d.N * d.HW);
  const T* in = x.data<T>();
  const T* g = dy.data<T>();
  const T* mean = save_mean.data<T>();
  const T* invstd = save_invstd.data<T>();
  const T* w = data_or_null<T>(weight);
  // Eval-mode dx needs no sums; everything else does.
  const bool sums = training || dweight.defined() || dbias.defined();
  std::vector<double> plane_dy(sums ? size_t(planes) : 0), plane_dyx(sums ? size_t(planes) : 0);
  // Per channel: dx = k * (dy - a - (x - mean) * b).
  std::vector<T> k_c(size_t(d.C)), a_c(size_t(d.C)), b_c(size_t(d.C));

#pragma omp parallel if (planes * HW >= kSerialBelow)
  {
    if (sums) {
#pragma omp for schedule(static)
      for (int64_t p = 0; p < planes; ++p) {
        const int64_t c = p % d.C;
        const double m = double(mean[c]);
        const T* xp = in + p * HW;
        const T* gp = g + p * HW;
        double s = 0, sx = 0;
#pragma omp simd reduction(+ : s, sx)
        for (int64_t i = 0; i < HW; ++i) {
          s += double(gp[i]);
          sx += double(gp[i]) * (double(xp[i]) - m);
        }
        plane_dy[size_t(p)] = s;
        plane_dyx[size_t(p)] = sx;
      }
    }
#pragma omp for schedule(static)
    for (int64_t c = 0; c < d.C; ++c) {
      double s = 0, sx = 0;
      if (sums)
        for (int64_t k = 0; k < d.N; ++k) {
          s += plane_dy[size_t(k * d.C + c)];
          sx += plane_dyx[size_t(k * d.C + c)];
        }
      const double is = double(invstd[c]);
      if (dbias.defined()) dbias.data<T>()[c] = T(s);
      if (dweight.defined()) dweight.data<T>()[c] = T(sx * is);
      k_c[size_t(c)] = T(is * (w ? double(w[c]) : 1.0));
      a_c[size_t(c)] = training ? T(s / n) : T(0);
      b_c[size_t(c)] = training ? T(sx * is * is / n) : T(0);
    }
    if (dx.defined()) {
      T* out = dx.data<T>();
#pragma omp for schedule(static)
      for (int64_t p = 0; p < planes; ++p) {
        const int64_t c = p % d.C;
        const T k = k_c[size_t(c)], a = a_c[size_t(c)], bb = b_c[size_t(c)], m = mean[c];
        const T* xp = in + p * HW;
        const T* gp = g + p * HW;
        T* op = out + p * HW;
        if (training) {
#pragma omp simd
          for (int64_t i = 0; i < HW; ++i) op[i] = k * (gp[i] - a - (xp[i] - m) * bb);
        } else {
#pragma omp simd
          for (int64_t i = 0; i < HW; ++i) op[i] = k * gp[i];
        }
      }
    }
  }
}

}  // namespace

void batch_norm2d_forward(Tensor& y, Tensor& save_mean, Tensor& save_invstd, Tensor& running_mean,
                          Tensor& running_var, const Tensor& x, const Tensor& weight, const Tensor& bias,
                          bool training, double momentum, double eps) {
  dispatch_float(x.dtype(), "batch_norm2d", [&](auto tag_) {
    using scalar_t = decltype(tag_);
    forward<scalar_t>(y, save_mean, save_invstd, running_mean, running_var, x, weight, bias, training, momentum, eps);
  });
}

void batch_norm2d_backward(Tensor& dx, Tensor& dweight, Tensor& dbias, const Tensor& dy, const Tensor& x,
                           const Tensor& weight, const Tensor& save_mean, const Tensor& save_invstd, bool training) {
  dispatch_float(x.dtype(), "batch_norm2d_backward", [&](auto tag_) {
    using scalar_t = decltype(tag_);
    backward<scalar_t>(dx, dweight, dbias, dy, x, weight, save_mean, save_invstd, training);
  });
}

}  // namespace mssar::cpu

namespace mssar {
MSSAR_REGISTER_KERNEL(batch_norm2d_forward, CPU, cpu::batch_norm2d_forward)
MSSAR_REGISTER_KERNEL(batch_norm2d_backward, CPU, cpu::batch_norm2d_backward)
}  // namespace mssar
