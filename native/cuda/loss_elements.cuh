// The per-thread programs of the CUDA loss and layerNorm kernels that need no other thread
// (nll_loss.cu, cross_entropy.cu, mse_loss.cu, layer_norm.cu's parameter gradients). The kernels
// run them one thread per element (or row, or column), and the host emulation test
// (test/native/emulate_rows.cpp) runs them for every element against the CPU kernels.
#pragma once
#include <math.h>
#include <stdint.h>

#include "../core/index_values.h"

#ifdef __CUDACC__
#define MSSAR_LOSS_ELEMENT __device__ __forceinline__
#else
#define MSSAR_LOSS_ELEMENT inline
#endif

namespace mssar::cuda {

template <class T>
MSSAR_LOSS_ELEMENT double class_weight(const T* w, long long k) {
  return w ? double(w[k]) : 1.0;
}

// Row n of nllLoss: its term l_n (to none_out[n] for 'none'; else to terms[n], and w[y_n] to wy[n]).
template <class T>
MSSAR_LOSS_ELEMENT void nll_loss_term(T* none_out, double* terms, double* wy, const T* logp, const void* labels, DType dt,
                                      const T* w, double s, long long K, long long n) {
  const long long y = index_at(labels, dt, n);
  const T* row = logp + n * K;
  double smooth = 0;
  if (s > 0)
    for (long long k = 0; k < K; ++k) smooth += class_weight(w, k) * double(row[k]);
  const double l = -(1 - s) * class_weight(w, y) * double(row[y]) - s / double(K) * smooth;
  if (none_out) {
    none_out[n] = T(l);
  } else {
    terms[n] = l;
    wy[n] = class_weight(w, y);
  }
}

// Element i of nllLoss's dlogp (den: the weights' sum for 'mean', else null).
template <class T>
MSSAR_LOSS_ELEMENT void nll_loss_backward_element(T* d, const T* g, const double* den, const void* labels, DType dt,
                                                  const T* w, double s, long long K, bool per_row, long long i) {
  const long long n = i / K, k = i - n * K;
  const long long y = index_at(labels, dt, n);
  const double gn = double(per_row ? g[n] : g[0]) / (den ? *den : 1.0);
  d[i] = T(-gn * ((k == y ? (1 - s) * class_weight(w, y) : 0.0) + s / double(K) * class_weight(w, k)));
}

// crossEntropy's backward, element i of [n, k]: scale * (softmax - the smoothed one-hot label).
template <class T>
struct CrossEntropyGrad {
  T scale, uniform, hit;
};

template <class T>
MSSAR_LOSS_ELEMENT CrossEntropyGrad<T> cross_entropy_grad(const T* dloss, long long n, long long k, double smoothing) {
  return CrossEntropyGrad<T>{T(double(dloss[0]) / double(n)), T(smoothing / double(k)), T(1 - smoothing)};
}

template <class T>
MSSAR_LOSS_ELEMENT void cross_entropy_backward_element(T* dlogits, const T* log_probs, const void* labels, DType label_dtype,
                                                       const CrossEntropyGrad<T>& c, long long k, long long i) {
  const long long r = i / k;
  const T q = (i - r * k == index_at(labels, label_dtype, r) ? c.hit : T(0)) + c.uniform;
  dlogits[i] = c.scale * (exp(log_probs[i]) - q);
}

template <class T>
MSSAR_LOSS_ELEMENT void mse_loss_none_element(T* loss, const T* a, const T* b, long long i) {
  loss[i] = (a[i] - b[i]) * (a[i] - b[i]);
}

// da, db (either may be null) of mseLoss; g per element for 'none', else g[0].
template <class T>
MSSAR_LOSS_ELEMENT void mse_loss_backward_element(T* da, T* db, const T* g, const T* a, const T* b, T scale, bool per,
                                                  long long i) {
  const T d = scale * (a[i] - b[i]) * (per ? g[i] : g[0]);
  if (da) da[i] = d;
  if (db) db[i] = -d;
}

// Column j of layerNorm's weight and bias gradients (either may be null), walking the rows.
template <class T>
MSSAR_LOSS_ELEMENT void layer_norm_params_column(T* dw, T* db, const T* dy, const T* x, const T* mean, const T* rstd,
                                                 long long rows, long long D, long long j) {
  double sw = 0, sb = 0;
  for (long long r = 0; r < rows; ++r) {
    const double g = double(dy[r * D + j]);
    sw += g * double((x[r * D + j] - mean[r]) * rstd[r]);
    sb += g;
  }
  if (dw) dw[j] = T(sw);
  if (db) db[j] = T(sb);
}

}  // namespace mssar::cuda
