// mssar: multi-scale spatially-asymmetric recalibration (docs/mssar.md).
//   M_s(p, q) = mean of the zero-padded s x s cell whose top-left corner is (p - a_s, q - a_s),
//               a_s = floor((s - 1) / 2)
//   z(n, c, h, w) = bias[c] + sum_k sum_{i,j in -1..1} weight[k, c, i+1, j+1] * M_{s_k}(h + i s_k, w + j s_k)
//   g = sigmoid(z), y = x * g
// symmetric: weight [K, C, 3] = (m, e, c) stands for the 3 x 3 cells [[c, e, c], [e, m, e], [c, e, c]].
// bias is [C] or [N, C] (one per image and channel: bias[n, c] in place of bias[c]); dbias has the
// bias's shape, [N, C] being the sum of e = dL/dz over each plane alone.
#pragma once
#include <cstdint>
#include <vector>

#include "../core/dispatch.h"

namespace mssar {

// The largest cell side accepted: cells of 64 pixels already span a 192-pixel neighbourhood.
constexpr int64_t kMssarMaxScale = 64;
// The most scales one op takes (the CUDA kernels carry them in their launch parameters).
constexpr int64_t kMssarMaxScales = 16;

struct MssarOptions {
  std::vector<int64_t> scales;  // s_1 .. s_K, K <= kMssarMaxScales, each in [1, kMssarMaxScale]
  bool symmetric = false;
};

// How far a cell's top-left corner sits above and left of the point it is anchored at.
inline int64_t mssar_anchor(int64_t s) { return (s - 1) / 2; }

// The nine cell weights of scale k and channel c, row-major (i+1, j+1), from weight [K, C, 3, 3] or,
// when symmetric, [K, C, 3] = (m, e, c).
template <class T, class Acc>
inline void mssar_cell_weights(const T* weight, int64_t k, int64_t c, int64_t C, bool symmetric, Acc out[9]) {
  if (!symmetric) {
    const T* w = weight + (k * C + c) * 9;
    for (int i = 0; i < 9; ++i) out[i] = Acc(w[i]);
    return;
  }
  const T* w = weight + (k * C + c) * 3;
  const Acc m = Acc(w[0]), e = Acc(w[1]), cr = Acc(w[2]);
  const Acc full[9] = {cr, e, cr, e, m, e, cr, e, cr};
  for (int i = 0; i < 9; ++i) out[i] = full[i];
}

// Folds the gradient of the nine cells of one (k, c) into the shared weights' (m, e, c) when
// symmetric: each shared weight gets the sum over the cells that use it.
template <class Acc>
inline void mssar_fold_symmetric(const Acc cells[9], Acc out[3]) {
  out[0] = cells[4];
  out[1] = cells[1] + cells[3] + cells[5] + cells[7];
  out[2] = cells[0] + cells[2] + cells[6] + cells[8];
}

// The nine cell weights of scale k and channel c divided by s_k^2 (a cell's mean is its sum over
// s_k^2), the form the kernels apply to box sums. flipped: mirrored, for the adjoint, which reads
// cell (i, j) of a neuron as the box (1 - i, 1 - j) of the pixel it covers.
template <class T>
inline void mssar_scaled_cell_weights(const T* weight, int64_t k, int64_t c, int64_t C, const MssarOptions& opt,
                                      bool flipped, double out[9]) {
  double cells[9];
  mssar_cell_weights(weight, k, c, C, opt.symmetric, cells);
  const int64_t s = opt.scales[size_t(k)];
  const double inv = 1.0 / double(s * s);
  for (int t = 0; t < 9; ++t) out[t] = cells[flipped ? 8 - t : t] * inv;
}

// Writes channel c's weight gradient of every scale, [K, C, 9] or folded into [K, C, 3] when
// symmetric, from the sums of its nine cells per scale (cellsums: K x 9, scale-major).
template <class S>
inline void mssar_store_weight_grad(const double* cellsums, int64_t c, int64_t C, const MssarOptions& opt, S* dweight) {
  const int64_t K = int64_t(opt.scales.size());
  for (int64_t k = 0; k < K; ++k) {
    const double* cells = cellsums + k * 9;
    if (opt.symmetric) {
      double folded[3];
      mssar_fold_symmetric(cells, folded);
      for (int t = 0; t < 3; ++t) dweight[(k * C + c) * 3 + t] = S(folded[t]);
    } else {
      for (int t = 0; t < 9; ++t) dweight[(k * C + c) * 9 + t] = S(cells[t]);
    }
  }
}

// Kernels: outputs first, then saved tensors, then inputs, then options. All tensors plain, except
// on the cpu, where x, dy, gate, y and dx may all be nChw16c or all nChw8c (weight and bias plain).
// The bias's shape, [C] or [N, C], tells the forward which it is; dbias's shape the backward.
MSSAR_DECLARE_KERNEL(mssar_forward, void(Tensor& y, Tensor& gate, const Tensor& x, const Tensor& weight,
                                         const Tensor& bias, const MssarOptions& opt))
// dx, dweight, dbias: the ones not wanted are undefined tensors, and the kernel skips their work.
// dweight and dbias are written (=), not accumulated.
MSSAR_DECLARE_KERNEL(mssar_backward, void(Tensor& dx, Tensor& dweight, Tensor& dbias, const Tensor& dy, const Tensor& x,
                                          const Tensor& gate, const Tensor& weight, const MssarOptions& opt))

struct MssarForward {
  Tensor y, gate;
};
struct MssarGrads {
  Tensor dx, dweight, dbias;  // undefined where not needed
};

// The checked op. x [N, C, H, W]: on the cpu nChw16c and nChw8c are kept (y, gate and dx in x's
// layout), other layouts are reordered to plain (outputs plain); cuda takes plain tensors.
MssarForward mssar_forward(const Tensor& x, const Tensor& weight, const Tensor& bias, const MssarOptions& opt);
// needs: which of dx, dweight, dbias to compute; per_sample_bias: the bias was [N, C] (dbias then is).
MssarGrads mssar_backward(const Tensor& dy, const Tensor& x, const Tensor& gate, const Tensor& weight,
                          const MssarOptions& opt, const bool needs[3], bool per_sample_bias = false);

// Throws unless opt.scales is a non-empty list of at most kMssarMaxScales integers in
// [1, kMssarMaxScale].
void mssar_check_options(const char* op, const MssarOptions& opt);
// Throws unless weight is [K, C, 3, 3] ([K, C, 3] when symmetric) and bias (when given) [C] or
// [N, C], plain, of x's dtype.
void mssar_check_params(const char* op, const Tensor& x, const Tensor& weight, const Tensor* bias,
                        const MssarOptions& opt);
// x as the kernels take it: nChw16c and nChw8c kept on the cpu (the blocked kernels), any other
// layout made plain.
Tensor mssar_readable(const Tensor& x);
// The shape of dbias: [N, C] for a per-sample bias, else [C].
Shape mssar_bias_shape(const Tensor& x, bool per_sample_bias);
// Whether a bias the checks accepted is the per-sample [N, C] one.
inline bool mssar_per_sample(const Tensor& bias) { return bias.ndim() == 2; }

}  // namespace mssar
