// conv2d as matrix products. For each sample, im2col lays the input patches out as a
// [C * KH * KW, Ho * Wo] matrix (one row per kernel tap of one channel); then per group
//   forward   y_g  [Og, L]  = w_g [Og, Kg] * col_g [Kg, L]
//   data      dcol_g [Kg, L] = w_g^T * dy_g, scattered back by col2im
//   weights   dw_g [Og, Kg] += dy_g [Og, L] * col_g^T
// with L = Ho * Wo and Kg = C / G * KH * KW. Samples run in parallel, each thread with its own
// buffers; a 1x1 kernel with stride 1 and no padding uses x itself as the column matrix.
#include "conv2d_gemm.h"

#include <omp.h>

#include <algorithm>
#include <cstring>
#include <vector>

#include "../core/dtype_dispatch.h"
#include "../core/parallel.h"
#include "gemm.h"

namespace mssar::cpu {

namespace {

bool is_pointwise(const Conv2dShape& s) {
  return s.KH == 1 && s.KW == 1 && s.sh == 1 && s.sw == 1 && s.ph == 0 && s.pw == 0;
}

template <class T>
void im2col(const T* x, const Conv2dShape& s, T* col) {
  const int64_t L = s.Ho * s.Wo;
  for (int64_t c = 0; c < s.C; ++c)
    for (int64_t kh = 0; kh < s.KH; ++kh)
      for (int64_t kw = 0; kw < s.KW; ++kw) {
        T* row = col + ((c * s.KH + kh) * s.KW + kw) * L;
        const T* plane = x + c * s.H * s.W;
        for (int64_t i = 0; i < s.Ho; ++i) {
          T* out = row + i * s.Wo;
          const int64_t h = i * s.sh - s.ph + kh * s.dh;
          if (h < 0 || h >= s.H) {
            std::fill(out, out + s.Wo, T(0));
            continue;
          }
          const T* in = plane + h * s.W;
          const int64_t v0 = kw * s.dw - s.pw;
          for (int64_t j = 0; j < s.Wo; ++j) {
            const int64_t v = j * s.sw + v0;
            out[j] = v >= 0 && v < s.W ? in[v] : T(0);
          }
        }
      }
}

// x += the column matrix scattered back to the taps it came from.
template <class T>
void col2im_add(const T* col, const Conv2dShape& s, T* x) {
  const int64_t L = s.Ho * s.Wo;
  for (int64_t c = 0; c < s.C; ++c)
    for (int64_t kh = 0; kh < s.KH; ++kh)
      for (int64_t kw = 0; kw < s.KW; ++kw) {
        const T* row = col + ((c * s.KH + kh) * s.KW + kw) * L;
        T* plane = x + c * s.H * s.W;
        for (int64_t i = 0; i < s.Ho; ++i) {
          const int64_t h = i * s.sh - s.ph + kh * s.dh;
          if (h < 0 || h >= s.H) continue;
          const T* in = row + i * s.Wo;
          T* out = plane + h * s.W;
          const int64_t v0 = kw * s.dw - s.pw;
          for (int64_t j = 0; j < s.Wo; ++j) {
            const int64_t v = j * s.sw + v0;
            if (v >= 0 && v < s.W) out[v] += in[j];
          }
        }
      }
}

// Runs body(n, thread) for every sample: across the threads when there are several samples (the
// matrix products inside then run single-threaded), else in order with threaded products.
template <class F>
void for_each_sample(int64_t N, int threads, const F& body) {
  if (N >= 2 && threads > 1) {
#pragma omp parallel for schedule(static) num_threads(threads)
    for (int64_t n = 0; n < N; ++n) body(n, omp_get_thread_num());
  } else {
    for (int64_t n = 0; n < N; ++n) body(n, 0);
  }
}

int sample_threads(int64_t N) {
  if (omp_in_parallel()) return 1;
  return int(std::max<int64_t>(1, std::min<int64_t>(N, omp_get_max_threads())));
}

}  // namespace

template <class T>
void conv2d_forward_gemm(Tensor& y, const Tensor& x, const Tensor& w, const Tensor& b, const Conv2dShape& s) {
  const int64_t L = s.Ho * s.Wo, Og = s.O / s.G, Kg = s.C / s.G * s.KH * s.KW;
  const T* X = x.data<T>();
  const T* Wt = w.data<T>();
  const T* B = b.defined() ? b.data<T>() : nullptr;
  T* Y = y.data<T>();
  const bool direct = is_pointwise(s);
  for_each_sample(s.N, sample_threads(s.N), [&](int64_t n, int) {
    thread_local std::vector<T> buf;
    const T* xn = X + n * s.C * s.H * s.W;
    const T* col = xn;
    if (!direct) {
      buf.resize(size_t(s.C * s.KH * s.KW * L));
      im2col(xn, s, buf.data());
      col = buf.data();
    }
    T* yn = Y + n * s.O * L;
    for (int64_t g = 0; g < s.G; ++g)
      gemm<T>(false, false, Og, L, Kg, T(1), Wt + g * Og * Kg, Kg, col + g * Kg * L, L, T(0), yn + g * Og * L, L);
    if (B)
      for (int64_t o = 0; o < s.O; ++o) {
        T* row = yn + o * L;
        const T bo = B[o];
#pragma omp simd
        for (int64_t i = 0; i < L; ++i) row[i] += bo;
      }
  });
}

template <class T>
void conv2d_backward_gemm(Tensor& dx, Tensor& dw, Tensor& db, const Tensor& dy, const Tensor& x, const Tensor& w,
                          const Conv2dShape& s) {
  const int64_t L = s.Ho * s.Wo, Og = s.O / s.G, Kg = s.C / s.G * s.KH * s.KW;
  const int64_t x_size = s.C * s.H * s.W, w_size = s.O * Kg;
  const T* X = x.data<T>();
  const T* Wt = w.data<T>();
  const T* DY = dy.data<T>();
  T* DX = dx.defined() ? dx.data<T>() : nullptr;
  T* DW = dw.defined() ? dw.data<T>() : nullptr;
  const bool direct = is_pointwise(s);
  const int threads = sample_threads(s.N);
  // One weight-gradient accumulator per thread, summed in thread order afterwards (deterministic).
  std::vector<T> dw_parts;
  if (DW) dw_parts.assign(size_t(threads * w_size), T(0));
  if (DX || DW) {
    for_each_sample(s.N, threads, [&](int64_t n, int t) {
      thread_local std::vector<T> col_buf, dcol_buf;
      const T* dyn = DY + n * s.O * L;
      if (DW) {
        const T* xn = X + n * x_size;
        const T* col = xn;
        if (!direct) {
          col_buf.resize(size_t(s.C * s.KH * s.KW * L));
          im2col(xn, s, col_buf.data());
          col = col_buf.data();
        }
        T* acc = dw_parts.data() + t * w_size;
        for (int64_t g = 0; g < s.G; ++g)
          gemm<T>(false, true, Og, Kg, L, T(1), dyn + g * Og * L, L, col + g * Kg * L, L, T(1), acc + g * Og * Kg, Kg);
      }
      if (DX) {
        T* dxn = DX + n * x_size;
        T* dcol = dxn;
        if (!direct) {
          dcol_buf.resize(size_t(s.C * s.KH * s.KW * L));
          dcol = dcol_buf.data();
        }
        for (int64_t g = 0; g < s.G; ++g)
          gemm<T>(true, false, Kg, L, Og, T(1), Wt + g * Og * Kg, Kg, dyn + g * Og * L, L, T(0), dcol + g * Kg * L, L);
        if (!direct) {
          std::fill(dxn, dxn + x_size, T(0));
          col2im_add(dcol, s, dxn);
        }
      }
    });
  }
  if (DW) {
    std::copy(dw_parts.begin(), dw_parts.begin() + w_size, DW);
    for (int t = 1; t < threads; ++t) {
      const T* part = dw_parts.data() + t * w_size;
#pragma omp simd
      for (int64_t i = 0; i < w_size; ++i) DW[i] += part[i];
    }
  }
  if (db.defined()) conv2d_bias_grad<T>(db, dy);
}

template <class T>
void conv2d_bias_grad(Tensor& db, const Tensor& dy) {
  const Shape& sh = dy.shape();
  const int64_t N = sh[0], C = sh[1], HW = sh[2] * sh[3];
  const int64_t block = layout_block(dy.layout());
  const int64_t Cp = (C + block - 1) / block * block;
  const T* DY = dy.data<T>();
  T* DB = db.data<T>();
  // Offset of (n, c, hw) and the distance between consecutive hw, per layout.
  auto base = [&](int64_t n, int64_t c) -> int64_t {
    switch (dy.layout()) {
      case Layout::Plain: return (n * C + c) * HW;
      case Layout::ChannelsLast: return n * HW * C + c;
      default: return ((n * (Cp / block) + c / block) * HW) * block + c % block;
    }
  };
  const int64_t step = dy.layout() == Layout::Plain ? 1 : dy.layout() == Layout::ChannelsLast ? C : block;
  parallel_for(C, 4, [&](int64_t c0, int64_t c1) {
    for (int64_t c = c0; c < c1; ++c) {
      double acc = 0;
      for (int64_t n = 0; n < N; ++n) {
        const T* p = DY + base(n, c);
        T part = 0;
        for (int64_t i = 0; i < HW; ++i) part += p[i * step];
        acc += double(part);
      }
      DB[c] = T(acc);
    }
  });
}

template void conv2d_forward_gemm<float>(Tensor&, const Tensor&, const Tensor&, const Tensor&, const Conv2dShape&);
template void conv2d_forward_gemm<double>(Tensor&, const Tensor&, const Tensor&, const Tensor&, const Conv2dShape&);
template void conv2d_backward_gemm<float>(Tensor&, Tensor&, Tensor&, const Tensor&, const Tensor&, const Tensor&,
                                          const Conv2dShape&);
template void conv2d_backward_gemm<double>(Tensor&, Tensor&, Tensor&, const Tensor&, const Tensor&, const Tensor&,
                                           const Conv2dShape&);
template void conv2d_bias_grad<float>(Tensor&, const Tensor&);
template void conv2d_bias_grad<double>(Tensor&, const Tensor&);

}  // namespace mssar::cpu
