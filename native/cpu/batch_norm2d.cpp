// batch_norm2d (and batch_norm_relu2d, the same with a ReLU after it) on the CPU: our own OpenMP
// kernels, one parallel region per call, for every layout through its lane view [N, CB, HW, B]
// (core/lane_view.h). A chunk is the HW x B values of one (n, cb): a plane of one channel when
// plain (B = 1: loops run along the plane), HW vectors of B channels when blocked or channels-last
// (loops run across the lanes, one SIMD vector of 8 or 16 channels per pixel).
//
// Training statistics are exact-ish in float32 too: each chunk's lanes are summed twice in double
// (their mean, then the squared deviations from it, the second pass reading the chunk from cache),
// and the chunks of a channel are merged with Chan's formula
//   M2 = sum_p M2_p + HW sum_p (mean_p - mean)^2,
// so no sum of squares minus squared sum ever cancels. The backward sums dy and dy (x - mean) per
// chunk in double the same way. Per-channel coefficients are kept in lane order with zeros for the
// padding lanes of blocked layouts, so padding stays zero in y and dx.
//
// With the ReLU, y = max(bn(x), 0) is written in the same pass, and the backward takes its mask
// from y: g = dy where y > 0, else 0, formed on the fly in both of its passes.
#include <omp.h>

#include <cmath>
#include <vector>

#include "../core/dtype_dispatch.h"
#include "../core/lane_view.h"
#include "../ops/batch_norm2d.h"

namespace mssar::cpu {

namespace {

// Below this many elements the whole op runs on one thread.
constexpr int64_t kSerialBelow = 1 << 15;

template <class T>
const T* data_or_null(const Tensor& t) {
  return t.defined() ? t.data<T>() : nullptr;
}

// The lanes of a chunk: LB when known at compile time (8 or 16), else the view's B.
template <int LB>
inline int64_t lane_count(const LaneView& v) {
  return LB > 0 ? LB : v.B;
}

// Per-lane sums of one chunk of B > 1 lanes, in double: the mean of each lane over HW, then the
// squared deviations from it. The accumulators are local arrays of the compile-time width, so they
// stay in vector registers (through a pointer the compiler keeps them in memory, one lane at a time).
template <class T, int LB>
void chunk_moments(const T* xc, int64_t HW, double* mean, double* m2) {
  double s[LB] = {}, q[LB] = {};
  for (int64_t i = 0; i < HW; ++i) {
    const T* xp = xc + i * LB;
#pragma omp simd
    for (int l = 0; l < LB; ++l) s[l] += double(xp[l]);
  }
  for (int l = 0; l < LB; ++l) s[l] /= double(HW);
  for (int64_t i = 0; i < HW; ++i) {
    const T* xp = xc + i * LB;
#pragma omp simd
    for (int l = 0; l < LB; ++l) {
      const double d = double(xp[l]) - s[l];
      q[l] += d * d;
    }
  }
  for (int l = 0; l < LB; ++l) mean[l] = s[l], m2[l] = q[l];
}

// The same for a run-time number of lanes (channels-last: B = C).
template <class T>
void chunk_moments_dynamic(const T* xc, int64_t HW, int64_t B, double* mean, double* m2) {
  for (int64_t l = 0; l < B; ++l) mean[l] = 0, m2[l] = 0;
  for (int64_t i = 0; i < HW; ++i) {
    const T* xp = xc + i * B;
#pragma omp simd
    for (int64_t l = 0; l < B; ++l) mean[l] += double(xp[l]);
  }
  for (int64_t l = 0; l < B; ++l) mean[l] /= double(HW);
  for (int64_t i = 0; i < HW; ++i) {
    const T* xp = xc + i * B;
#pragma omp simd
    for (int64_t l = 0; l < B; ++l) {
      const double d = double(xp[l]) - mean[l];
      m2[l] += d * d;
    }
  }
}

template <class T, int LB, bool Relu>
void forward_impl(Tensor& y, Tensor& save_mean, Tensor& save_invstd, Tensor& running_mean, Tensor& running_var,
                  const Tensor& x, const Tensor& weight, const Tensor& bias, bool training, double momentum,
                  double eps) {
  const LaneView v = lane_view(x);
  const int64_t B = lane_count<LB>(v), HW = v.HW, Cp = v.CB * B, chunks = v.N * v.CB;
  const double n = double(v.N * HW);
  const T* in = x.data<T>();
  T* out = y.data<T>();
  T* mean_out = save_mean.data<T>();
  T* invstd_out = save_invstd.data<T>();
  T* rm = running_mean.defined() ? running_mean.data<T>() : nullptr;
  T* rv = running_var.defined() ? running_var.data<T>() : nullptr;
  const T* w = data_or_null<T>(weight);
  const T* b = data_or_null<T>(bias);
  // [N][Cp]: each chunk lane's mean and M2 (chunk (n, cb), lane l sits at n Cp + cb B + l).
  std::vector<double> part_mean(training ? size_t(v.N * Cp) : 0), part_m2(training ? size_t(v.N * Cp) : 0);
  // Per channel in lane order (padding lanes zero): y = (x - mean) * scale + shift.
  std::vector<T> mean_c(size_t(Cp), T(0)), scale_c(size_t(Cp), T(0)), shift_c(size_t(Cp), T(0));

#pragma omp parallel if (chunks * HW * B >= kSerialBelow)
  {
    if (training) {
#pragma omp for schedule(static)
      for (int64_t q = 0; q < chunks; ++q) {
        const T* xc = in + q * HW * B;
        double* pm = part_mean.data() + q * B;
        double* pq = part_m2.data() + q * B;
        if constexpr (LB == 1) {
          double s = 0;
#pragma omp simd reduction(+ : s)
          for (int64_t i = 0; i < HW; ++i) s += double(xc[i]);
          const double m = s / double(HW);
          double sq = 0;
#pragma omp simd reduction(+ : sq)
          for (int64_t i = 0; i < HW; ++i) {
            const double d = double(xc[i]) - m;
            sq += d * d;
          }
          pm[0] = m;
          pq[0] = sq;
        } else if constexpr (LB > 1) {
          chunk_moments<T, LB>(xc, HW, pm, pq);
        } else {
          chunk_moments_dynamic<T>(xc, HW, B, pm, pq);
        }
      }
    }
#pragma omp for schedule(static)
    for (int64_t c = 0; c < v.C; ++c) {
      double mean, var;
      if (training) {
        double s = 0;
        for (int64_t k = 0; k < v.N; ++k) s += part_mean[size_t(k * Cp + c)];
        mean = s / double(v.N);
        double m2 = 0;
        for (int64_t k = 0; k < v.N; ++k) {
          const double dm = part_mean[size_t(k * Cp + c)] - mean;
          m2 += part_m2[size_t(k * Cp + c)] + double(HW) * dm * dm;
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
    for (int64_t q = 0; q < chunks; ++q) {
      const int64_t cb = q % v.CB;
      const T* xc = in + q * HW * B;
      T* yc = out + q * HW * B;
      if constexpr (LB == 1) {
        const T m = mean_c[size_t(cb)], sc = scale_c[size_t(cb)], sh = shift_c[size_t(cb)];
#pragma omp simd
        for (int64_t i = 0; i < HW; ++i) {
          const T t = (xc[i] - m) * sc + sh;
          yc[i] = Relu ? (t > T(0) ? t : T(0)) : t;
        }
      } else {
        const T* m = mean_c.data() + cb * B;
        const T* sc = scale_c.data() + cb * B;
        const T* sh = shift_c.data() + cb * B;
        for (int64_t i = 0; i < HW; ++i) {
          const T* xp = xc + i * B;
          T* yp = yc + i * B;
#pragma omp simd
          for (int64_t l = 0; l < B; ++l) {
            const T t = (xp[l] - m[l]) * sc[l] + sh[l];
            yp[l] = Relu ? (t > T(0) ? t : T(0)) : t;
          }
        }
      }
    }
  }
}

// The gradient flowing into the normalization: dy, or dy masked by y > 0 behind a ReLU (both loads
// unconditional, so the select vectorizes).
template <class T, bool Relu>
inline T upstream(const T* g, const T* yv, int64_t i) {
  const T gi = g[i];
  if constexpr (Relu) return yv[i] > T(0) ? gi : T(0);
  return gi;
}

// Per-lane sums of one chunk for the backward: of g and of g (x - mean), in double, g = dy (masked
// by y > 0 behind a ReLU). Local accumulators of the compile-time width, as in chunk_moments.
template <class T, int LB, bool Relu>
void chunk_grad_sums(const T* g, const T* yv, const T* x, const T* m, int64_t HW, double* ps, double* px) {
  double s[LB] = {}, sx[LB] = {}, mm[LB];
  for (int l = 0; l < LB; ++l) mm[l] = double(m[l]);
  for (int64_t i = 0; i < HW; ++i) {
    const int64_t o = i * LB;
    // The masked gradient first, in T: a select and a widening in one loop do not vectorize.
    T gm[LB];
#pragma omp simd
    for (int l = 0; l < LB; ++l) gm[l] = upstream<T, Relu>(g, yv, o + l);
#pragma omp simd
    for (int l = 0; l < LB; ++l) {
      const double gi = double(gm[l]);
      s[l] += gi;
      sx[l] += gi * (double(x[o + l]) - mm[l]);
    }
  }
  for (int l = 0; l < LB; ++l) ps[l] = s[l], px[l] = sx[l];
}

template <class T, int LB, bool Relu>
void backward_impl(Tensor& dx, Tensor& dweight, Tensor& dbias, const Tensor& dy, const Tensor& y, const Tensor& x,
                   const Tensor& weight, const Tensor& save_mean, const Tensor& save_invstd, bool training) {
  const LaneView v = lane_view(x);
  const int64_t B = lane_count<LB>(v), HW = v.HW, Cp = v.CB * B, chunks = v.N * v.CB;
  const double n = double(v.N * HW);
  const T* in = x.data<T>();
  const T* g = dy.data<T>();
  const T* yv = Relu ? y.data<T>() : nullptr;
  const T* mean = save_mean.data<T>();
  const T* invstd = save_invstd.data<T>();
  const T* w = data_or_null<T>(weight);
  // Eval-mode dx needs no sums; everything else does.
  const bool sums = training || dweight.defined() || dbias.defined();
  std::vector<double> part_dy(sums ? size_t(v.N * Cp) : 0), part_dyx(sums ? size_t(v.N * Cp) : 0);
  // Per channel in lane order (padding lanes zero): dx = k * (g - a - (x - mean) * b).
  std::vector<T> k_c(size_t(Cp), T(0)), a_c(size_t(Cp), T(0)), b_c(size_t(Cp), T(0)), m_c(size_t(Cp), T(0));
  for (int64_t c = 0; c < v.C; ++c) m_c[size_t(c)] = mean[c];

#pragma omp parallel if (chunks * HW * B >= kSerialBelow)
  {
    if (sums) {
#pragma omp for schedule(static)
      for (int64_t q = 0; q < chunks; ++q) {
        const int64_t cb = q % v.CB, base = q * HW * B;
        double* ps = part_dy.data() + q * B;
        double* px = part_dyx.data() + q * B;
        if constexpr (LB == 1) {
          const double m = double(m_c[size_t(cb)]);
          double s = 0, sx = 0;
#pragma omp simd reduction(+ : s, sx)
          for (int64_t i = 0; i < HW; ++i) {
            const double gi = double(upstream<T, Relu>(g, yv, base + i));
            s += gi;
            sx += gi * (double(in[base + i]) - m);
          }
          ps[0] = s;
          px[0] = sx;
        } else if constexpr (LB > 1) {
          chunk_grad_sums<T, LB, Relu>(g + base, Relu ? yv + base : nullptr, in + base, m_c.data() + cb * B, HW, ps,
                                       px);
        } else {
          const T* m = m_c.data() + cb * B;
          for (int64_t l = 0; l < B; ++l) ps[l] = 0, px[l] = 0;
          for (int64_t i = 0; i < HW; ++i) {
            const int64_t o = base + i * B;
#pragma omp simd
            for (int64_t l = 0; l < B; ++l) {
              const double gi = double(upstream<T, Relu>(g, yv, o + l));
              ps[l] += gi;
              px[l] += gi * (double(in[o + l]) - double(m[l]));
            }
          }
        }
      }
    }
#pragma omp for schedule(static)
    for (int64_t c = 0; c < v.C; ++c) {
      double s = 0, sx = 0;
      if (sums)
        for (int64_t k = 0; k < v.N; ++k) {
          s += part_dy[size_t(k * Cp + c)];
          sx += part_dyx[size_t(k * Cp + c)];
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
      for (int64_t q = 0; q < chunks; ++q) {
        const int64_t cb = q % v.CB, base = q * HW * B;
        if constexpr (LB == 1) {
          const T k = k_c[size_t(cb)], a = a_c[size_t(cb)], bb = b_c[size_t(cb)], m = m_c[size_t(cb)];
#pragma omp simd
          for (int64_t i = 0; i < HW; ++i)
            out[base + i] = k * (upstream<T, Relu>(g, yv, base + i) - a - (in[base + i] - m) * bb);
        } else {
          const T* k = k_c.data() + cb * B;
          const T* a = a_c.data() + cb * B;
          const T* bb = b_c.data() + cb * B;
          const T* m = m_c.data() + cb * B;
          for (int64_t i = 0; i < HW; ++i) {
            const int64_t o = base + i * B;
#pragma omp simd
            for (int64_t l = 0; l < B; ++l)
              out[o + l] = k[l] * (upstream<T, Relu>(g, yv, o + l) - a[l] - (in[o + l] - m[l]) * bb[l]);
          }
        }
      }
    }
  }
}

// Calls f with the lane width as a compile-time constant where it is a SIMD width (1 for plain, 8,
// 16), 0 (the view's own B) for channels-last.
template <class F>
void dispatch_lanes(const Tensor& x, F&& f) {
  switch (x.layout()) {
    case Layout::Plain: return f(std::integral_constant<int, 1>{});
    case Layout::Blocked8: return f(std::integral_constant<int, 8>{});
    case Layout::Blocked16: return f(std::integral_constant<int, 16>{});
    default: return f(std::integral_constant<int, 0>{});
  }
}

template <bool Relu>
void forward(Tensor& y, Tensor& save_mean, Tensor& save_invstd, Tensor& running_mean, Tensor& running_var,
             const Tensor& x, const Tensor& weight, const Tensor& bias, bool training, double momentum, double eps) {
  dispatch_float(x.dtype(), Relu ? "batchNormRelu2d" : "batchNorm2d", [&](auto tag_) {
    using scalar_t = decltype(tag_);
    dispatch_lanes(x, [&](auto lb) {
      forward_impl<scalar_t, decltype(lb)::value, Relu>(y, save_mean, save_invstd, running_mean, running_var, x,
                                                          weight, bias, training, momentum, eps);
    });
  });
}

template <bool Relu>
void backward(Tensor& dx, Tensor& dweight, Tensor& dbias, const Tensor& dy, const Tensor& y, const Tensor& x,
              const Tensor& weight, const Tensor& save_mean, const Tensor& save_invstd, bool training) {
  dispatch_float(x.dtype(), Relu ? "batchNormRelu2d backward" : "batchNorm2d backward", [&](auto tag_) {
    using scalar_t = decltype(tag_);
    dispatch_lanes(x, [&](auto lb) {
      backward_impl<scalar_t, decltype(lb)::value, Relu>(dx, dweight, dbias, dy, y, x, weight, save_mean,
                                                           save_invstd, training);
    });
  });
}

}  // namespace

void batch_norm2d_forward(Tensor& y, Tensor& save_mean, Tensor& save_invstd, Tensor& running_mean,
                          Tensor& running_var, const Tensor& x, const Tensor& weight, const Tensor& bias,
                          bool training, double momentum, double eps) {
  forward<false>(y, save_mean, save_invstd, running_mean, running_var, x, weight, bias, training, momentum, eps);
}

void batch_norm2d_backward(Tensor& dx, Tensor& dweight, Tensor& dbias, const Tensor& dy, const Tensor& x,
                           const Tensor& weight, const Tensor& save_mean, const Tensor& save_invstd, bool training) {
  backward<false>(dx, dweight, dbias, dy, Tensor(), x, weight, save_mean, save_invstd, training);
}

void batch_norm_relu2d_forward(Tensor& y, Tensor& save_mean, Tensor& save_invstd, Tensor& running_mean,
                               Tensor& running_var, const Tensor& x, const Tensor& weight, const Tensor& bias,
                               bool training, double momentum, double eps) {
  forward<true>(y, save_mean, save_invstd, running_mean, running_var, x, weight, bias, training, momentum, eps);
}

void batch_norm_relu2d_backward(Tensor& dx, Tensor& dweight, Tensor& dbias, const Tensor& dy, const Tensor& y,
                                const Tensor& x, const Tensor& weight, const Tensor& save_mean,
                                const Tensor& save_invstd, bool training) {
  backward<true>(dx, dweight, dbias, dy, y, x, weight, save_mean, save_invstd, training);
}

}  // namespace mssar::cpu

namespace mssar {
MSSAR_REGISTER_KERNEL(batch_norm2d_forward, CPU, cpu::batch_norm2d_forward)
MSSAR_REGISTER_KERNEL(batch_norm2d_backward, CPU, cpu::batch_norm2d_backward)
MSSAR_REGISTER_KERNEL(batch_norm_relu2d_forward, CPU, cpu::batch_norm_relu2d_forward)
MSSAR_REGISTER_KERNEL(batch_norm_relu2d_backward, CPU, cpu::batch_norm_relu2d_backward)
}  // namespace mssar
