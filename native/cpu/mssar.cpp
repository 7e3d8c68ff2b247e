// MS-SAR on the CPU, fused, float32 and float64. One OpenMP region per call over the (n, c) planes;
// each thread works one plane at a time inside its own workspace (a few tens of KiB for 56 x 56):
//
//   forward   x -> summed-area table T (double) -> one box plane per scale (every s x s cell sum
//             that any neuron of the plane uses, O(1) each from T) -> z row by row (9 cells per
//             scale) -> g = sigmoid(z), y = x * g. Reads x once, writes g and y once.
//   backward  dy, x, g -> e = dy x g (1 - g) and dy g, T of x and T of e ->
//             per scale: box plane of x, dweight of the nine cells as flat correlations with e;
//                        box plane of e, the adjoint of the context added to dy g (the last scale
//                        writes dx). Reads dy, x, g once, writes dx once; dweight and dbias come
//             from per-plane partials summed over n in a fixed order (deterministic for any
//             number of threads).
//
// Work per pixel is O(9 K), whatever the scales. The tables are float64 so that a cell sum, a
// difference of four entries, keeps float32 precision on planes of any size; a plane holding inf or
// NaN (or, in float64, sums that overflow) takes its cell sums directly instead, so non-finite
// values spread only as far as the definition spreads them.
//
// Planes are addressed by plane_offset(); the kernels copy each plane's data into the workspace
// on the way in (tables, e) and write each output element once, so another layout of the planes
// needs only other loads and stores at those two places.
#include "../ops/mssar.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <exception>
#include <limits>
#include <vector>

#include "../core/dtype_dispatch.h"
#include "../core/parallel.h"

namespace mssar::cpu {

namespace {

// Plane geometry shared by every plane of a call.
struct Geometry {
  int64_t H = 0, W = 0, K = 0;
  int64_t pad = 0;     // table margin: every cell of every scale, forward and adjoint, lies inside
  int64_t tw = 0, th = 0;  // table row length and row count: W + 2 pad + 1, H + 2 pad + 1
  std::vector<int64_t> s;
  // Box plane of scale k: (H + 2 s) rows of ld = W + 2 s, plus 2 s zeros (read by the flat
  // correlations of the backward pass); planes of all scales one after another.
  std::vector<int64_t> box_off;
  int64_t box_total = 0, box_max = 0;

  Geometry(const Tensor& x, const MssarOptions& opt) : H(x.size(2)), W(x.size(3)), K(int64_t(opt.scales.size())) {
    for (int64_t sc : opt.scales) {
      s.push_back(sc);
      // Forward cells reach rows h - s - a .. h + 2 s - a - 1; adjoint boxes h + a + 1 - 2 s .. h + a + s.
      pad = std::max(pad, 2 * sc - mssar_anchor(sc) - 1);
      pad = std::max(pad, sc + mssar_anchor(sc));
      box_off.push_back(box_total);
      const int64_t size = box_size(sc);
      box_total += size;
      box_max = std::max(box_max, size);
    }
    tw = W + 2 * pad + 1;
    th = H + 2 * pad + 1;
  }
  int64_t ld(int64_t sc) const { return W + 2 * sc; }
  int64_t box_size(int64_t sc) const { return (H + 2 * sc) * ld(sc) + 2 * sc; }
};

inline int64_t plane_offset(int64_t plane, const Geometry& g) { return plane * g.H * g.W; }

template <class S>
struct Workspace {
  std::vector<double> tx, te;  // summed-area tables of x and of e
  std::vector<S> boxes;        // box planes (all scales forward, one at a time backward)
  std::vector<S> e, dg, epad, row;
  void fit(const Geometry& g, bool backward) {
    const size_t table = size_t(g.th * g.tw), plane = size_t(g.H * g.W);
    if (tx.size() < table) tx.resize(table);
    if (backward && te.size() < table) te.resize(table);
    const size_t nbox = size_t(backward ? g.box_max : g.box_total);
    if (boxes.size() < nbox) boxes.resize(nbox);
    if (row.size() < size_t(g.W)) row.resize(size_t(g.W));
    if (backward) {
      if (e.size() < plane) e.resize(plane);
      if (dg.size() < plane) dg.resize(plane);
      const size_t pad_plane = size_t(g.H * g.ld(*std::max_element(g.s.begin(), g.s.end())));
      if (epad.size() < pad_plane) epad.resize(pad_plane);
    }
  }
};

template <class S>
Workspace<S>& workspace() {
  thread_local Workspace<S> ws;
  return ws;
}

// exp for float that vectorizes under `omp simd` (Cephes' expf: range reduction by ln 2, degree-6
// polynomial, scaling by 2^n through the exponent bits); relative error about 1e-7 on [-87, 88],
// 0 below and inf above (so sigmoid saturates to exactly 0 and 1). NaN stays NaN.
inline float exp_f32(float x0) {
  float x = x0 > 88.0f ? 88.0f : x0;
  x = x < -87.0f ? -87.0f : x;
  float fx = std::floor(x * 1.44269504088896341f + 0.5f);
  x = x - fx * 0.693359375f;
  x = x + fx * 2.12194440e-4f;
  const float x2 = x * x;
  float y = 1.9875691500e-4f;
  y = y * x + 1.3981999507e-3f;
  y = y * x + 8.3334519073e-3f;
  y = y * x + 4.1665795894e-2f;
  y = y * x + 1.6666665459e-1f;
  y = y * x + 5.0000001201e-1f;
  y = y * x2 + x + 1.0f;
  fx = fx == fx ? fx : 0.0f;  // NaN: keep the conversion defined; y is NaN already
  const int32_t bits = (int32_t(fx) + 127) << 23;
  float scale;
  std::memcpy(&scale, &bits, sizeof scale);
  const float r = y * scale;
  return x0 > 88.0f ? std::numeric_limits<float>::infinity() : (x0 < -87.0f ? 0.0f : r);
}

// sigmoid in [0, 1] for every finite or infinite z; NaN for NaN.
inline float sigmoid(float z) { return 1.0f / (1.0f + exp_f32(-z)); }
inline double sigmoid(double z) { return 1.0 / (1.0 + std::exp(-z)); }

// T(r, c) = sum of src(p, q) over 0 <= p < min(r, H), 0 <= q < min(c, W): the summed-area table of
// the zero-padded plane, for r in [-pad, H + pad] and c in [-pad, W + pad], kept at
// T[(r + pad) * tw + c + pad]. Returns false when an entry is not finite.
template <class S>
bool build_table(double* T, const S* src, const Geometry& g) {
  const int64_t H = g.H, W = g.W, pad = g.pad, tw = g.tw;
  std::fill(T, T + (pad + 1) * tw, 0.0);
  // Row prefix sums, four rows at a time so that four independent chains of additions overlap.
  auto out = [&](int64_t p) { return T + (p + 1 + pad) * tw + pad + 1; };
  int64_t p = 0;
  for (; p + 4 <= H; p += 4) {
    const S *s0 = src + p * W, *s1 = s0 + W, *s2 = s1 + W, *s3 = s2 + W;
    double *o0 = out(p), *o1 = out(p + 1), *o2 = out(p + 2), *o3 = out(p + 3);
    double r0 = 0, r1 = 0, r2 = 0, r3 = 0;
    for (int64_t q = 0; q < W; ++q) {
      r0 += double(s0[q]);
      r1 += double(s1[q]);
      r2 += double(s2[q]);
      r3 += double(s3[q]);
      o0[q] = r0;
      o1[q] = r1;
      o2[q] = r2;
      o3[q] = r3;
    }
  }
  for (; p < H; ++p) {
    const S* s0 = src + p * W;
    double* o0 = out(p);
    double r0 = 0;
    for (int64_t q = 0; q < W; ++q) o0[q] = r0 += double(s0[q]);
  }
  // Column sums of the row prefixes; the margins repeat the edge (left: 0, right: column W).
  double probe = 0;
  for (p = 0; p < H; ++p) {
    double* row = T + (p + 1 + pad) * tw;
    const double* prev = row - tw;
    std::fill(row, row + pad + 1, 0.0);
#pragma omp simd reduction(+ : probe)
    for (int64_t q = pad + 1; q <= pad + W; ++q) {
      const double v = row[q] + prev[q];
      row[q] = v;
      probe += v * 0.0;  // NaN once any entry is inf or NaN
    }
    std::fill(row + pad + W + 1, row + tw, row[pad + W]);
  }
  const double* last = T + (H + pad) * tw;
  for (int64_t r = H + pad + 1; r < g.th; ++r) std::copy(last, last + tw, T + r * tw);
  return probe == 0;
}

// B(r', c') = the sum of the zero-padded plane over rows origin + r' .. + s - 1 and columns
// origin + c' .. + s - 1, for r' < H + 2 s, c' < W + 2 s; then 2 s zeros.
template <class S>
void box_plane(S* B, const double* T, const Geometry& g, int64_t s, int64_t origin) {
  const int64_t ld = g.ld(s), rows = g.H + 2 * s;
  for (int64_t r = 0; r < rows; ++r) {
    const double* top = T + (origin + r + g.pad) * g.tw + origin + g.pad;
    const double* bottom = top + s * g.tw;
    S* o = B + r * ld;
#pragma omp simd
    for (int64_t c = 0; c < ld; ++c) o[c] = S((bottom[c + s] - top[c + s]) - (bottom[c] - top[c]));
  }
  std::fill(B + rows * ld, B + rows * ld + 2 * s, S(0));
}

// The same sums taken pixel by pixel: for planes whose table is not finite.
template <class S>
void box_plane_direct(S* B, const S* src, const Geometry& g, int64_t s, int64_t origin) {
  const int64_t ld = g.ld(s), rows = g.H + 2 * s;
  for (int64_t r = 0; r < rows; ++r)
    for (int64_t c = 0; c < ld; ++c) {
      double sum = 0;
      for (int64_t p = std::max<int64_t>(origin + r, 0); p < std::min(origin + r + s, g.H); ++p)
        for (int64_t q = std::max<int64_t>(origin + c, 0); q < std::min(origin + c + s, g.W); ++q)
          sum += double(src[p * g.W + q]);
      B[r * ld + c] = S(sum);
    }
  std::fill(B + rows * ld, B + rows * ld + 2 * s, S(0));
}

template <class S>
void boxes_of(S* B, const double* T, bool finite, const S* src, const Geometry& g, int64_t s, int64_t origin) {
  if (finite)
    box_plane(B, T, g, s, origin);
  else
    box_plane_direct(B, src, g, s, origin);
}

// Forward cells of neuron (h, w) at scale s: B(h + (i+1) s, w + (j+1) s), B from origin -s - a.
inline int64_t forward_origin(int64_t s) { return -s - mssar_anchor(s); }
// Adjoint boxes of pixel (p, q): B(p + (1-i) s, q + (1-j) s), B from origin a + 1 - 2 s.
inline int64_t adjoint_origin(int64_t s) { return mssar_anchor(s) + 1 - 2 * s; }

// out[w] (+)= sum over the 3 x 3 cells of c[i][j] * B(row + i s, w + j s); rows r0, r1, r2 already
// offset by i s. `accumulate` false starts from `base`.
template <class S>
inline void nine_cells(S* out, const S* base, const S* r0, const S* r1, const S* r2, const S* c, int64_t s,
                       int64_t W) {
  const S c0 = c[0], c1 = c[1], c2 = c[2], c3 = c[3], c4 = c[4], c5 = c[5], c6 = c[6], c7 = c[7], c8 = c[8];
  const int64_t s2 = 2 * s;
#pragma omp simd
  for (int64_t w = 0; w < W; ++w)
    out[w] = base[w] + (c0 * r0[w] + c1 * r0[w + s] + c2 * r0[w + s2]) + (c3 * r1[w] + c4 * r1[w + s] + c5 * r1[w + s2]) +
             (c6 * r2[w] + c7 * r2[w + s] + c8 * r2[w + s2]);
}

// cells: [C, K, 9], the cell weights of each channel already divided by s^2.
template <class S>
std::vector<S> scaled_cells(const Tensor& weight, const MssarOptions& opt, int64_t C, bool flipped) {
  const int64_t K = int64_t(opt.scales.size());
  std::vector<S> out(size_t(C * K * 9));
  const S* w = weight.data<S>();
  for (int64_t c = 0; c < C; ++c)
    for (int64_t k = 0; k < K; ++k) {
      double cells[9];
      mssar_cell_weights(w, k, c, C, opt.symmetric, cells);
      const double inv = 1.0 / double(opt.scales[size_t(k)] * opt.scales[size_t(k)]);
      // The adjoint reads the cells mirrored: cell (i, j) of a neuron covers the pixel whose box
      // (1 - i, 1 - j) it is.
      for (int t = 0; t < 9; ++t) out[size_t((c * K + k) * 9 + t)] = S(cells[flipped ? 8 - t : t] * inv);
    }
  return out;
}

// Runs body(plane, workspace) over all planes, one OpenMP region; rethrows the first exception
// (an allocation failure) after the region instead of letting it end the process.
template <class S, class F>
void for_each_plane(int64_t planes, const Geometry& g, bool backward, const F& body) {
  std::exception_ptr error;
  parallel_for(planes, 1, [&](int64_t begin, int64_t end) {
    try {
      Workspace<S>& ws = workspace<S>();
      ws.fit(g, backward);
      for (int64_t p = begin; p < end; ++p) body(p, ws);
    } catch (...) {
#pragma omp critical(mssar_cpu_error)
      if (!error) error = std::current_exception();
    }
  });
  if (error) std::rethrow_exception(error);
}

template <class S>
void forward_impl(Tensor& y, Tensor& gate, const Tensor& x, const Tensor& weight, const Tensor& bias,
                  const MssarOptions& opt) {
  const int64_t N = x.size(0), C = x.size(1);
  const Geometry g(x, opt);
  const int64_t H = g.H, W = g.W, K = g.K;
  const std::vector<S> cells = scaled_cells<S>(weight, opt, C, false);
  const S* xd = x.data<S>();
  const S* bd = bias.data<S>();
  S* yd = y.data<S>();
  S* gd = gate.data<S>();
  for_each_plane<S>(N * C, g, false, [&](int64_t plane, Workspace<S>& ws) {
    const int64_t c = plane % C, off = plane_offset(plane, g);
    const S* xp = xd + off;
    const bool finite = build_table(ws.tx.data(), xp, g);
    for (int64_t k = 0; k < K; ++k)
      boxes_of(ws.boxes.data() + g.box_off[size_t(k)], ws.tx.data(), finite, xp, g, g.s[size_t(k)],
               forward_origin(g.s[size_t(k)]));
    S* z = ws.row.data();
    const S* ck = cells.data() + c * K * 9;
    for (int64_t h = 0; h < H; ++h) {
      std::fill(z, z + W, bd[c]);
      for (int64_t k = 0; k < K; ++k) {
        const int64_t s = g.s[size_t(k)], ld = g.ld(s);
        const S* r0 = ws.boxes.data() + g.box_off[size_t(k)] + h * ld;
        nine_cells(z, z, r0, r0 + s * ld, r0 + 2 * s * ld, ck + k * 9, s, W);
      }
      const S* xr = xp + h * W;
      S* yr = yd + off + h * W;
      S* gr = gd + off + h * W;
#pragma omp simd
      for (int64_t w = 0; w < W; ++w) {
        const S gt = sigmoid(z[w]);
        gr[w] = gt;
        yr[w] = xr[w] * gt;
      }
    }
  });
}

// sum_t out[t] += sum_i a[i] * b[i + off[t]] for the nine offsets, i < L: partial sums in S over
// blocks (short enough to keep float32 exact to about 1e-6), blocks summed in double.
template <class S>
void nine_correlations(double out[9], const S* a, const S* b, const int64_t off[9], int64_t L) {
  constexpr int64_t kBlock = 512;
  const S *b0 = b + off[0], *b1 = b + off[1], *b2 = b + off[2], *b3 = b + off[3], *b4 = b + off[4],
          *b5 = b + off[5], *b6 = b + off[6], *b7 = b + off[7], *b8 = b + off[8];
  for (int64_t i0 = 0; i0 < L; i0 += kBlock) {
    const int64_t i1 = std::min(L, i0 + kBlock);
    S a0 = 0, a1 = 0, a2 = 0, a3 = 0, a4 = 0, a5 = 0, a6 = 0, a7 = 0, a8 = 0;
#pragma omp simd reduction(+ : a0, a1, a2, a3, a4, a5, a6, a7, a8)
    for (int64_t i = i0; i < i1; ++i) {
      const S v = a[i];
      a0 += v * b0[i];
      a1 += v * b1[i];
      a2 += v * b2[i];
      a3 += v * b3[i];
      a4 += v * b4[i];
      a5 += v * b5[i];
      a6 += v * b6[i];
      a7 += v * b7[i];
      a8 += v * b8[i];
    }
    out[0] += a0, out[1] += a1, out[2] += a2, out[3] += a3, out[4] += a4;
    out[5] += a5, out[6] += a6, out[7] += a7, out[8] += a8;
  }
}

template <class S>
void backward_impl(Tensor& dx, Tensor& dweight, Tensor& dbias, const Tensor& dy, const Tensor& x, const Tensor& gate,
                   const Tensor& weight, const MssarOptions& opt) {
  const int64_t N = x.size(0), C = x.size(1);
  const Geometry g(x, opt);
  const int64_t H = g.H, W = g.W, K = g.K, HW = H * W;
  const bool want_dx = dx.defined(), want_dw = dweight.defined(), want_db = dbias.defined();
  const std::vector<S> adj = want_dx ? scaled_cells<S>(weight, opt, C, true) : std::vector<S>();
  const S* dyd = dy.data<S>();
  const S* xd = x.data<S>();
  const S* gd = gate.data<S>();
  S* dxd = want_dx ? dx.data<S>() : nullptr;
  // Per plane: the nine cells' dweight of each scale (before the 1 / s^2), then dbias.
  const int64_t P = 9 * K + 1;
  std::vector<double> part(size_t((want_dw || want_db) ? N * C * P : 0), 0.0);

  for_each_plane<S>(N * C, g, true, [&](int64_t plane, Workspace<S>& ws) {
    const int64_t c = plane % C, off = plane_offset(plane, g);
    const S *dp = dyd + off, *xp = xd + off, *gp = gd + off;
    S* e = ws.e.data();
    S* dg = ws.dg.data();
    double esum = 0;
#pragma omp simd reduction(+ : esum)
    for (int64_t i = 0; i < HW; ++i) {
      const S d = dp[i], gt = gp[i];
      dg[i] = d * gt;
      e[i] = d * xp[i] * gt * (S(1) - gt);
      esum += double(e[i]);
    }
    double* pp = part.empty() ? nullptr : part.data() + plane * P;
    if (want_db) pp[9 * K] = esum;
    const bool x_finite = want_dw ? build_table(ws.tx.data(), xp, g) : true;
    const bool e_finite = want_dx ? build_table(ws.te.data(), e, g) : true;
    S* B = ws.boxes.data();
    for (int64_t k = 0; k < K; ++k) {
      const int64_t s = g.s[size_t(k)], ld = g.ld(s);
      if (want_dw) {
        // dweight[k, cell (i, j)] = sum_{h,w} e(h, w) B(h + i s, w + j s) / s^2: with e laid out on
        // B's row length (zeros in the extra columns), nine flat correlations.
        boxes_of(B, ws.tx.data(), x_finite, xp, g, s, forward_origin(s));
        S* ep = ws.epad.data();
        for (int64_t h = 0; h < H; ++h) {
          std::copy(e + h * W, e + (h + 1) * W, ep + h * ld);
          std::fill(ep + h * ld + W, ep + (h + 1) * ld, S(0));
        }
        int64_t offs[9];
        for (int t = 0; t < 9; ++t) offs[t] = (t / 3) * s * ld + (t % 3) * s;
        double acc[9] = {0, 0, 0, 0, 0, 0, 0, 0, 0};
        nine_correlations(acc, ep, B, offs, H * ld);
        const double inv = 1.0 / double(s * s);
        for (int t = 0; t < 9; ++t) pp[k * 9 + t] = acc[t] * inv;
      }
      if (want_dx) {
        // dx(p, q) = dy g + sum over cells of weight / s^2 * (sum of e over the box of neurons whose
        // cell covers (p, q)) = B(p + (1-i) s, q + (1-j) s) from the adjoint origin; the mirrored
        // cells (scaled_cells(..., true)) turn that into the forward's loop.
        boxes_of(B, ws.te.data(), e_finite, e, g, s, adjoint_origin(s));
        const S* ck = adj.data() + (c * K + k) * 9;
        for (int64_t h = 0; h < H; ++h) {
          const S* r0 = B + h * ld;
          S* out = k == K - 1 ? dxd + off + h * W : dg + h * W;
          nine_cells(out, dg + h * W, r0, r0 + s * ld, r0 + 2 * s * ld, ck, s, W);
        }
      }
    }
  });

  if (part.empty()) return;
  // Sum the planes of each channel over n in order; fold the cells when symmetric.
  S* dwd = want_dw ? dweight.data<S>() : nullptr;
  S* dbd = want_db ? dbias.data<S>() : nullptr;
  parallel_for(C, 16, [&](int64_t c0, int64_t c1) {
    std::vector<double> sum(static_cast<size_t>(P), 0.0);
    for (int64_t c = c0; c < c1; ++c) {
      std::fill(sum.begin(), sum.end(), 0.0);
      for (int64_t n = 0; n < N; ++n) {
        const double* pp = part.data() + (n * C + c) * P;
        for (int64_t t = 0; t < P; ++t) sum[size_t(t)] += pp[t];
      }
      if (dbd) dbd[c] = S(sum[size_t(9 * K)]);
      if (!dwd) continue;
      for (int64_t k = 0; k < K; ++k) {
        const double* cellsum = sum.data() + k * 9;
        if (opt.symmetric) {
          double folded[3];
          mssar_fold_symmetric(cellsum, folded);
          for (int t = 0; t < 3; ++t) dwd[(k * C + c) * 3 + t] = S(folded[t]);
        } else {
          for (int t = 0; t < 9; ++t) dwd[(k * C + c) * 9 + t] = S(cellsum[t]);
        }
      }
    }
  });
}

}  // namespace

void mssar_forward(Tensor& y, Tensor& gate, const Tensor& x, const Tensor& weight, const Tensor& bias,
                   const MssarOptions& opt) {
  dispatch_float(x.dtype(), "mssar", [&](auto tag_) {
    using scalar_t = decltype(tag_);
    forward_impl<scalar_t>(y, gate, x, weight, bias, opt);
  });
}

void mssar_backward(Tensor& dx, Tensor& dweight, Tensor& dbias, const Tensor& dy, const Tensor& x, const Tensor& gate,
                    const Tensor& weight, const MssarOptions& opt) {
  dispatch_float(x.dtype(), "mssar_backward", [&](auto tag_) {
    using scalar_t = decltype(tag_);
    backward_impl<scalar_t>(dx, dweight, dbias, dy, x, gate, weight, opt);
  });
}

}  // namespace mssar::cpu

namespace mssar {
MSSAR_REGISTER_KERNEL(mssar_forward, CPU, cpu::mssar_forward)
MSSAR_REGISTER_KERNEL(mssar_backward, CPU, cpu::mssar_backward)
}  // namespace mssar
