// The programs of the CUDA kernels whose threads cooperate on one row (one block per row, or one
// block for a whole reduction): softmax, logSoftmax, layerNorm, crossEntropy, and the totals of
// nllLoss, crossEntropy and mseLoss. Each is written for one thread of a block `Block` that gives
// tid(), threads() and the block reductions all_sum and all_max; on the device that is DeviceBlock
// (reduce.cuh: block_allreduce), and the host emulation test runs every thread of a block against
// a host block (test/native/block_emulator.h). All threads of a block must call the same
// reductions in the same order.
#pragma once
#include <math.h>
#include <stdint.h>

#include "../core/index_values.h"
#include "device_math.h"
#include "loss_elements.cuh"
#include "reduce_elements.cuh"

#ifdef __CUDACC__
#define MSSAR_ROW_PROGRAM __device__ __forceinline__
#else
#define MSSAR_ROW_PROGRAM inline
#endif

namespace mssar::cuda {

// Threads per block for rows of k elements: a multiple of 32, at most 256.
inline unsigned row_block(long long k) {
  long long t = (k + 31) / 32 * 32;
  return unsigned(t < 32 ? 32 : t > 256 ? 256 : t);
}

// ---- softmax and logSoftmax ----------------------------------------------------------------------

// A row's maximum (rounded to T, as the exponentials subtract it) and sum of exp(x - max), to every
// thread of the block.
template <class T>
struct RowMaxSumExp {
  T max;
  double sum_exp;
};

template <class T, class Block>
MSSAR_ROW_PROGRAM RowMaxSumExp<T> row_max_sum_exp(const T* x, long long k, Block& b) {
  double m = -INFINITY;
  for (long long j = b.tid(); j < k; j += b.threads()) m = max_keep_nan(m, double(x[j]));
  const T mt = T(b.all_max(m));
  double s = 0;
  for (long long j = b.tid(); j < k; j += b.threads()) s += double(exp(x[j] - mt));
  return RowMaxSumExp<T>{mt, b.all_sum(s)};
}

// Row r of softmax: y = exp(x - max) / sum exp(x - max).
template <class T, class Block>
MSSAR_ROW_PROGRAM void softmax_forward_row(T* yr, const T* xr, long long k, Block& b) {
  const RowMaxSumExp<T> e = row_max_sum_exp(xr, k, b);
  const T inv = T(1.0 / e.sum_exp);
  for (long long j = b.tid(); j < k; j += b.threads()) yr[j] = exp(xr[j] - e.max) * inv;
}

// dx = y * (dy - sum dy * y).
template <class T, class Block>
MSSAR_ROW_PROGRAM void softmax_backward_row(T* d, const T* g, const T* yr, long long k, Block& b) {
  double dot = 0;
  for (long long j = b.tid(); j < k; j += b.threads()) dot += double(g[j]) * double(yr[j]);
  const T t = T(b.all_sum(dot));
  for (long long j = b.tid(); j < k; j += b.threads()) d[j] = yr[j] * (g[j] - t);
}

struct RowLse {
  double max, log_sum;
};

// Writes y[0..k) = (x - m) - log_sum for one row, in that order (x - m is exact for equal huge
// logits, where x - (m + log_sum) gives 0), and returns m and log_sum (to every thread of the
// block). Also returns sum_k (x_k - m) in *row_sum when asked (every thread must pass the same choice).
template <class T, class Block>
MSSAR_ROW_PROGRAM RowLse log_softmax_row(T* y, const T* x, long long k, Block& b, double* row_sum) {
  const RowMaxSumExp<T> e = row_max_sum_exp(x, k, b);
  const double ls = log(e.sum_exp), md = double(e.max);
  for (long long j = b.tid(); j < k; j += b.threads()) y[j] = T((double(x[j]) - md) - ls);
  if (row_sum) {
    double sx = 0;
    for (long long j = b.tid(); j < k; j += b.threads()) sx += double(x[j]) - md;
    *row_sum = b.all_sum(sx);
  }
  return RowLse{md, ls};
}

// dx = dy - exp(y) * sum dy.
template <class T, class Block>
MSSAR_ROW_PROGRAM void log_softmax_backward_row(T* d, const T* g, const T* yr, long long k, Block& b) {
  double total = 0;
  for (long long j = b.tid(); j < k; j += b.threads()) total += double(g[j]);
  const T t = T(b.all_sum(total));
  for (long long j = b.tid(); j < k; j += b.threads()) d[j] = g[j] - exp(yr[j]) * t;
}

// ---- crossEntropy --------------------------------------------------------------------------------

// Row r: its log-probabilities, and (thread 0) its loss in *row_loss. A label outside [0, k)
// (checked out by the op) gives NaN rather than a read outside the row.
template <class T, class Block>
MSSAR_ROW_PROGRAM void cross_entropy_row(double* row_loss, T* log_probs, const T* x, long long label, long long k,
                                         double smoothing, Block& b) {
  double all_x = 0;
  const RowLse l = log_softmax_row(log_probs, x, k, b, &all_x);
  if (b.tid() == 0) {
    const double picked = label >= 0 && label < k ? (double(x[label]) - l.max) - l.log_sum : MSSAR_DEVICE_NAN;
    const double all = all_x - double(k) * l.log_sum;
    *row_loss = -((1 - smoothing) * picked + smoothing / double(k) * all);
  }
}

// One block: loss = the mean of the n row losses.
template <class T, class Block>
MSSAR_ROW_PROGRAM void cross_entropy_batch_mean(T* loss, const double* row_loss, long long n, Block& b) {
  double s = 0;
  for (long long r = b.tid(); r < n; r += b.threads()) s += row_loss[r];
  s = b.all_sum(s);
  if (b.tid() == 0) loss[0] = T(s / double(n));
}

// ---- layerNorm -----------------------------------------------------------------------------------

// Row r: y, and (thread 0) its mean and 1 / std in *mean_r, *rstd_r. w and bias may be null.
template <class T, class Block>
MSSAR_ROW_PROGRAM void layer_norm_forward_row(T* yr, T* mean_r, T* rstd_r, const T* xr, const T* w, const T* bias,
                                              long long D, double eps, Block& b) {
  double m = 0;
  for (long long j = b.tid(); j < D; j += b.threads()) m += double(xr[j]);
  m = b.all_sum(m) / double(D);
  double v = 0;
  for (long long j = b.tid(); j < D; j += b.threads()) v += (double(xr[j]) - m) * (double(xr[j]) - m);
  v = b.all_sum(v) / double(D);
  const double s = rsqrt(v + eps);
  if (b.tid() == 0) {
    *mean_r = T(m);
    *rstd_r = T(s);
  }
  const T mt = T(m), st = T(s);
  for (long long j = b.tid(); j < D; j += b.threads()) yr[j] = (xr[j] - mt) * st * (w ? w[j] : T(1)) + (bias ? bias[j] : T(0));
}

// Row r of dx from the row's mean m and 1 / std s.
template <class T, class Block>
MSSAR_ROW_PROGRAM void layer_norm_backward_dx_row(T* dxr, const T* gr, const T* xr, T m, T s, const T* w, long long D,
                                                  Block& b) {
  double mg = 0, mgx = 0;
  for (long long j = b.tid(); j < D; j += b.threads()) {
    const double g = double(gr[j]) * (w ? double(w[j]) : 1.0);
    mg += g;
    mgx += g * double((xr[j] - m) * s);
  }
  const T a = T(b.all_sum(mg) / double(D));
  const T c = T(b.all_sum(mgx) / double(D));
  for (long long j = b.tid(); j < D; j += b.threads()) dxr[j] = s * (gr[j] * (w ? w[j] : T(1)) - a - (xr[j] - m) * s * c);
}

// ---- the one-block totals of nllLoss and mseLoss -------------------------------------------------

// loss = sum of the terms, over the sum of the picked weights for 'mean'.
template <class T, class Block>
MSSAR_ROW_PROGRAM void nll_loss_total(T* loss, const double* terms, const double* wy, long long N, bool mean, Block& b) {
  double t = 0, d = 0;
  for (long long n = b.tid(); n < N; n += b.threads()) {
    t += terms[n];
    d += wy[n];
  }
  t = b.all_sum(t);
  d = b.all_sum(d);
  if (b.tid() == 0) *loss = T(mean ? t / d : t);
}

// *den = the sum of the labels' weights (the divisor of 'mean').
template <class T, class Block>
MSSAR_ROW_PROGRAM void nll_loss_denominator(double* den, const void* labels, DType dt, const T* w, long long N, Block& b) {
  double d = 0;
  for (long long n = b.tid(); n < N; n += b.threads()) d += class_weight(w, index_at(labels, dt, n));
  d = b.all_sum(d);
  if (b.tid() == 0) *den = d;
}

// loss = the sum (or mean) of (a - b)^2.
template <class T, class Block>
MSSAR_ROW_PROGRAM void mse_loss_total(T* loss, const T* a, const T* bb, long long n, bool mean, Block& b) {
  double s = 0;
  for (long long i = b.tid(); i < n; i += b.threads()) s += double(a[i] - bb[i]) * double(a[i] - bb[i]);
  s = b.all_sum(s);
  if (b.tid() == 0) *loss = T(mean ? s / double(n) : s);
}

}  // namespace mssar::cuda
