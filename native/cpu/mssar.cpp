// MS-SAR on the CPU, fused, float32 and float64. One OpenMP region per call over the (n, c) planes;
// each thread works one plane at a time inside its own workspace (a few tens of KiB for 56 x 56).
//
// Every per-plane buffer has the layout of the zero-padded plane: rows pw = W + m apart (one
// margin of zeros between two rows serves as the right margin of one and the left of the next), the
// image at (m, m), m the margin that every cell and adjoint box reaches. A cell of neuron (h, w),
// or an adjoint box of pixel (p, q), is then a fixed offset from the pixel's own index, so each
// step is one flat loop over the plane (about H pw elements), not one short loop per row:
//
//   forward   x -> padded copy -> per scale: box plane A (every s x s cell sum, anchored at its
//             top-left corner), z += 9 cells at fixed offsets (the first scale starting from the
//             bias, the last one row by row straight into) g = sigmoid(z), y = x g.
//             Reads x once, writes g and y once.
//   backward  dy, x, g -> padded e = dy x g (1 - g), dy g, x -> per scale: one box plane of e
//             (the adjoint boxes: the sum of e over the neurons whose cell covers a pixel), which
//             gives both the adjoint of the context, added to dy g, and dweight of the nine cells,
//             as flat correlations of those boxes with x (one pass per scale loads each box once
//             for both). Reads dy, x, g once (dbias summed on the way), writes dx once;
//             dweight and dbias come from per-plane partials summed over n in a fixed order
//             (deterministic for any number of threads). Workspaces are 64-byte aligned.
//
// Box planes of cells up to 8 pixels are summed separably (s - 1 additions along rows, s - 1 along
// columns, exact to rounding); larger cells come from a float64 summed-area table, four entries per
// box whatever s, so the work per pixel stays O(9 K) for any scale. The table is float64 so that a
// difference of four entries keeps float32 precision on planes of any size; a plane whose table is
// not finite (inf or NaN in it) sums its large cells pixel by pixel, so that non-finite values
// spread only as far as the definition spreads them.
//
// Planes are addressed by plane_offset(); each plane is copied into the workspace on the way in and
// each output element written once on the way out, so another layout of the planes needs only
// other loads and stores at those two places.
#include "../ops/mssar.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <exception>
#include <limits>
#include <vector>

#include "../core/aligned_vector.h"
#include "../core/dtype_dispatch.h"
#include "../core/parallel.h"
#include "mssar_blocked.h"
#include "mssar_geometry.h"
#include "vec_math.h"

// 256-bit vectors: 512-bit operations bring no more throughput per element on the processors
// measured, and 256-bit ones were measured faster on an AVX-512 machine.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC target("prefer-vector-width=256")
#endif

namespace mssar::cpu {

namespace {

// Plane geometry shared by every plane of a call; all buffers in the padded layout.
struct Geometry {
  int64_t H = 0, W = 0, K = 0;
  int64_t m = 0;  // mssar_margin: every cell of every scale lies within it
  int64_t pw = 0, ph = 0;  // padded row length and row count
  int64_t first = 0;       // index of pixel (0, 0) in a padded plane: m pw + m
  int64_t span = 0;        // (H - 1) pw + W: the indices from pixel (0, 0) to pixel (H - 1, W - 1)
  int64_t slack = 0;       // zeros after each padded buffer, for the reads of flat loops at the end
  int64_t rows_max = 0;    // rows of the largest box plane (H + 2 s) and row-sum buffer (H + 3 s - 1)
  std::vector<int64_t> s;
  bool any_table = false;

  Geometry(const Tensor& x, const MssarOptions& opt) : H(x.size(2)), W(x.size(3)), K(int64_t(opt.scales.size())) {
    m = mssar_margin(opt.scales);
    for (int64_t sc : opt.scales) {
      s.push_back(sc);
      rows_max = std::max(rows_max, H + 3 * sc);
      any_table = any_table || sc > kMssarSeparableMaxScale;
    }
    // Separable box planes are flat sums, so a read past the end of a row lands in the next row's
    // left margin, zeros as well: one margin of m columns between rows serves both sides. Boxes from
    // the summed-area table are two-dimensional and need both margins.
    pw = W + (any_table ? 2 * m : m);
    ph = H + 2 * m;
    first = m * pw + m;
    span = H > 0 && W > 0 ? (H - 1) * pw + W : 0;
    slack = pw + 2 * kMssarSeparableMaxScale + 8;
  }
  int64_t padded() const { return ph * pw + slack; }
  int64_t boxes() const { return rows_max * pw + slack; }
};

inline int64_t plane_offset(int64_t plane, const Geometry& g) { return plane * g.H * g.W; }


template <class S>
struct Workspace {
  AlignedVector<S> pad;       // the zero-padded plane: x (forward) or e (backward)
  AlignedVector<S> rows;      // row sums of a separable box plane
  AlignedVector<S> box;       // a box plane
  AlignedVector<S> acc;       // z (forward) or dy g, then dx (backward), padded row length
  AlignedVector<S> xflat;     // x on the padded row length, zeros between rows (backward)
  AlignedVector<double> table;  // summed-area table of the padded plane (large cells only)
  // Sized for g, with every margin zero (only interiors are written afterwards).
  void fit(const Geometry& g, bool backward) {
    reset(pad, g.padded());
    reset(rows, g.boxes());
    reset(box, g.boxes());
    reset(acc, g.H * g.pw + g.slack);
    if (backward) reset(xflat, g.H * g.pw + g.slack);
    if (g.any_table) reset(table, (g.ph + 1) * (g.pw + 1));
  }
  template <class V>
  static void reset(V& v, int64_t n) {
    if (v.size() < size_t(n)) v.resize(size_t(n));
    std::fill(v.begin(), v.begin() + n, typename V::value_type(0));
  }
};

template <class S>
Workspace<S>& workspace() {
  thread_local Workspace<S> ws;
  return ws;
}



// out[ii * 3 + jj] += sum_i a[i] * b[i + ii s ld + jj s] for i < n: the nine cells in one pass, nine
// independent accumulators (one chain of additions each would leave the loop waiting on latency).
template <class S>
void nine_correlations(double out[9], const S* a, const S* b, int64_t s, int64_t ld, int64_t n) {
  const S *b0 = b, *b1 = b + s, *b2 = b + 2 * s;
  const S *b3 = b0 + s * ld, *b4 = b1 + s * ld, *b5 = b2 + s * ld;
  const S *b6 = b3 + s * ld, *b7 = b4 + s * ld, *b8 = b5 + s * ld;
  for (int64_t i0 = 0; i0 < n; i0 += kMssarSumBlock) {
    const int64_t i1 = std::min(n, i0 + kMssarSumBlock);
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
    out[0] += double(a0), out[1] += double(a1), out[2] += double(a2);
    out[3] += double(a3), out[4] += double(a4), out[5] += double(a5);
    out[6] += double(a6), out[7] += double(a7), out[8] += double(a8);
  }
}

// nine_cells(out, out, A, c, ...) and nine_correlations(corr, x, A, ...) in one pass, each of the
// nine boxes loaded once for both.
template <class S>
void nine_cells_and_correlations(S* out, double corr[9], const S* x, const S* A, const S* c, int64_t s, int64_t ld,
                                 int64_t n) {
  const S c0 = c[0], c1 = c[1], c2 = c[2], c3 = c[3], c4 = c[4], c5 = c[5], c6 = c[6], c7 = c[7], c8 = c[8];
  const S *b0 = A, *b1 = A + s, *b2 = A + 2 * s;
  const S *b3 = b0 + s * ld, *b4 = b1 + s * ld, *b5 = b2 + s * ld;
  const S *b6 = b3 + s * ld, *b7 = b4 + s * ld, *b8 = b5 + s * ld;
  for (int64_t i0 = 0; i0 < n; i0 += kMssarSumBlock) {
    const int64_t i1 = std::min(n, i0 + kMssarSumBlock);
    S a0 = 0, a1 = 0, a2 = 0, a3 = 0, a4 = 0, a5 = 0, a6 = 0, a7 = 0, a8 = 0;
#pragma omp simd reduction(+ : a0, a1, a2, a3, a4, a5, a6, a7, a8)
    for (int64_t i = i0; i < i1; ++i) {
      const S v = x[i];
      const S v0 = b0[i], v1 = b1[i], v2 = b2[i], v3 = b3[i], v4 = b4[i], v5 = b5[i], v6 = b6[i], v7 = b7[i],
              v8 = b8[i];
      a0 += v * v0;
      a1 += v * v1;
      a2 += v * v2;
      a3 += v * v3;
      a4 += v * v4;
      a5 += v * v5;
      a6 += v * v6;
      a7 += v * v7;
      a8 += v * v8;
      out[i] = out[i] + (c0 * v0 + c1 * v1 + c2 * v2) + (c3 * v3 + c4 * v4 + c5 * v5) + (c6 * v6 + c7 * v7 + c8 * v8);
    }
    corr[0] += double(a0), corr[1] += double(a1), corr[2] += double(a2);
    corr[3] += double(a3), corr[4] += double(a4), corr[5] += double(a5);
    corr[6] += double(a6), corr[7] += double(a7), corr[8] += double(a8);
  }
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
      mssar_scaled_cell_weights(w, k, c, C, opt, flipped, cells);
      for (int t = 0; t < 9; ++t) out[size_t((c * K + k) * 9 + t)] = S(cells[t]);
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

// Box planes of one padded plane P (x or e): rows R0 = m + origin .. R0 + H + 2 s - 1 of
//   A(R, Q) = sum over u, v < s of P(R + u, Q + v),
// stored from row R0 on (A[(R - R0) pw + Q]). The returned pointer is at the box of the pixel
// (0, 0)'s cell (-1, -1) (or mirrored cell (1, 1)): cell (ii, jj) of the pixel at flat index i is
// at [i + ii s pw + jj s].
template <class S>
class BoxPlanes {
 public:
  BoxPlanes(const S* padded, Workspace<S>& ws, const Geometry& g) : pad_(padded), ws_(ws), g_(g) {}

  const S* boxes(int64_t s, int64_t origin) {
    const int64_t R0 = g_.m + origin;
    if (s == 1) return pad_ + R0 * g_.pw + g_.m + origin;
    S* A = ws_.box.data();
    if (s <= kMssarSeparableMaxScale) {
      separable(A, s, R0);
    } else {
      if (!table_ready_) {
        table_finite_ = build_table();
        table_ready_ = true;
      }
      // A table holding inf or NaN would spread them over the whole plane: sum directly instead.
      if (table_finite_)
        from_table(A, s, R0);
      else
        pixelwise(A, s, R0);
    }
    return A + g_.m + origin;
  }

 private:
  void separable(S* A, int64_t s, int64_t R0) const {
    switch (s) {
      case 2: return separable_n<2>(A, R0);
      case 3: return separable_n<3>(A, R0);
      case 4: return separable_n<4>(A, R0);
      case 5: return separable_n<5>(A, R0);
      case 6: return separable_n<6>(A, R0);
      case 7: return separable_n<7>(A, R0);
      default: return separable_n<8>(A, R0);
    }
  }
  static_assert(kMssarSeparableMaxScale == 8, "separable() has one case per separable scale");

  // The cell side as a constant, so that each sum stays in a register: one store per box.
  template <int s>
  void separable_n(S* A, int64_t R0) const {
    const int64_t pw = g_.pw, nrows = (g_.H + 3 * s - 1) * pw, nbox = (g_.H + 2 * s) * pw;
    const S* in = pad_ + R0 * pw;
    S* rows = ws_.rows.data();
#pragma omp simd
    for (int64_t i = 0; i < nrows; ++i) {
      S t = in[i];
      for (int v = 1; v < s; ++v) t += in[i + v];
      rows[i] = t;
    }
#pragma omp simd
    for (int64_t i = 0; i < nbox; ++i) {
      S t = rows[i];
      for (int u = 1; u < s; ++u) t += rows[i + u * pw];
      A[i] = t;
    }
  }

  // T(R, Q) = sum of P over rows < R and columns < Q, (ph + 1) x (pw + 1), in float64. Returns
  // false when an entry is not finite.
  bool build_table() {
    const int64_t pw = g_.pw, ph = g_.ph, tw = pw + 1;
    double* T = ws_.table.data();
    double probe = 0;
    for (int64_t R = 0; R < ph; ++R) {
      const S* in = pad_ + R * pw;
      const double* up = T + R * tw;
      double* out = T + (R + 1) * tw;
      double run = 0;
      out[0] = 0;
      for (int64_t Q = 0; Q < pw; ++Q) {
        run += double(in[Q]);
        out[Q + 1] = up[Q + 1] + run;
      }
#pragma omp simd reduction(+ : probe)
      for (int64_t Q = 0; Q <= pw; ++Q) probe += out[Q] * 0.0;  // NaN once an entry is inf or NaN
    }
    return probe == 0;
  }

  // Boxes that would leave the row (Q > pw - s) are never read by a pixel: 0.
  void from_table(S* A, int64_t s, int64_t R0) const {
    const int64_t pw = g_.pw, tw = pw + 1;
    const double* T = ws_.table.data();
    for (int64_t r = 0; r < g_.H + 2 * s; ++r) {
      const double* top = T + (R0 + r) * tw;
      const double* bottom = top + s * tw;
      S* o = A + r * pw;
#pragma omp simd
      for (int64_t Q = 0; Q <= pw - s; ++Q) o[Q] = S((bottom[Q + s] - top[Q + s]) - (bottom[Q] - top[Q]));
      std::fill(o + pw - s + 1, o + pw, S(0));
    }
  }

  void pixelwise(S* A, int64_t s, int64_t R0) const {
    const int64_t pw = g_.pw;
    for (int64_t r = 0; r < g_.H + 2 * s; ++r)
      for (int64_t Q = 0; Q < pw; ++Q) {
        double sum = 0;
        for (int64_t R = R0 + r; R < std::min(R0 + r + s, g_.ph); ++R)
          for (int64_t q = Q; q < std::min(Q + s, pw); ++q) sum += double(pad_[R * pw + q]);
        A[r * pw + Q] = Q <= pw - s ? S(sum) : S(0);
      }
  }

  const S* pad_;
  Workspace<S>& ws_;
  const Geometry& g_;
  bool table_ready_ = false, table_finite_ = false;
};

// out[i] = base(i) + sum over the 3 x 3 cells of c[ii * 3 + jj] * A[i + ii s ld + jj s], i < n; base
// is a pointer (base[i]) or a constant.
inline float base_at(const float* b, int64_t i) { return b[i]; }
inline double base_at(const double* b, int64_t i) { return b[i]; }
inline float base_at(float b, int64_t) { return b; }
inline double base_at(double b, int64_t) { return b; }

// The same value handed to store(i, value) instead of written to out: the last scale's sums go
// straight into the outputs, without another pass over the plane.
template <class S, class B, class F>
inline void nine_cells_each(B base, const S* A, const S* c, int64_t s, int64_t ld, int64_t n, const F& store) {
  const S c0 = c[0], c1 = c[1], c2 = c[2], c3 = c[3], c4 = c[4], c5 = c[5], c6 = c[6], c7 = c[7], c8 = c[8];
  const S *a0 = A, *a1 = A + s, *a2 = A + 2 * s;
  const S *a3 = a0 + s * ld, *a4 = a1 + s * ld, *a5 = a2 + s * ld;
  const S *a6 = a3 + s * ld, *a7 = a4 + s * ld, *a8 = a5 + s * ld;
#pragma omp simd
  for (int64_t i = 0; i < n; ++i)
    store(i, base_at(base, i) + (c0 * a0[i] + c1 * a1[i] + c2 * a2[i]) + (c3 * a3[i] + c4 * a4[i] + c5 * a5[i]) +
                 (c6 * a6[i] + c7 * a7[i] + c8 * a8[i]));
}

template <class S, class B>
void nine_cells(S* out, B base, const S* A, const S* c, int64_t s, int64_t ld, int64_t n) {
  nine_cells_each(base, A, c, s, ld, n, [out](int64_t i, S v) { out[i] = v; });
}

template <class S>
void forward_impl(Tensor& y, Tensor& gate, const Tensor& x, const Tensor& weight, const Tensor& bias,
                  const MssarOptions& opt) {
  const int64_t N = x.size(0), C = x.size(1);
  const Geometry g(x, opt);
  const int64_t H = g.H, W = g.W, K = g.K, pw = g.pw;
  const std::vector<S> cells = scaled_cells<S>(weight, opt, C, false);
  const S* xd = x.data<S>();
  const S* bd = bias.data<S>();
  S* yd = y.data<S>();
  S* gd = gate.data<S>();
  for_each_plane<S>(N * C, g, false, [&](int64_t plane, Workspace<S>& ws) {
    const int64_t c = plane % C, off = plane_offset(plane, g);
    const S* xp = xd + off;
    S* pad = ws.pad.data();
    for (int64_t h = 0; h < H; ++h) {
      const S* in = xp + h * W;
      S* o = pad + g.first + h * pw;
#pragma omp simd
      for (int64_t w = 0; w < W; ++w) o[w] = in[w];
    }
    BoxPlanes<S> boxes(pad, ws, g);
    // z over the padded plane for every scale but the last; the first starts from the bias (no
    // pass to fill z with it).
    S* z = ws.acc.data();
    for (int64_t k = 0; k + 1 < K; ++k) {
      const int64_t s = g.s[size_t(k)];
      const S* A = boxes.boxes(s, mssar_forward_origin(s));
      const S* ck = cells.data() + (c * K + k) * 9;
      if (k == 0)
        nine_cells(z, bd[c], A, ck, s, pw, g.span);
      else
        nine_cells(z, static_cast<const S*>(z), A, ck, s, pw, g.span);
    }
    // The last scale row by row, its z going straight into the sigmoid and the outputs.
    const int64_t s = g.s[size_t(K - 1)];
    const S* A = boxes.boxes(s, mssar_forward_origin(s));
    const S* ck = cells.data() + (c * K + K - 1) * 9;
    for (int64_t h = 0; h < H; ++h) {
      const S* xr = xp + h * W;
      S* yr = yd + off + h * W;
      S* gr = gd + off + h * W;
      const auto out = [xr, yr, gr](int64_t w, S zv) {
        const S gt = sigmoid_simd(zv);
        gr[w] = gt;
        yr[w] = xr[w] * gt;
      };
      if (K == 1)
        nine_cells_each(bd[c], A + h * pw, ck, s, pw, W, out);
      else
        nine_cells_each(static_cast<const S*>(z + h * pw), A + h * pw, ck, s, pw, W, out);
    }
  });
}

template <class S>
void backward_impl(Tensor& dx, Tensor& dweight, Tensor& dbias, const Tensor& dy, const Tensor& x, const Tensor& gate,
                   const Tensor& weight, const MssarOptions& opt) {
  const int64_t N = x.size(0), C = x.size(1);
  const Geometry g(x, opt);
  const int64_t H = g.H, W = g.W, K = g.K, pw = g.pw;
  const bool want_dx = dx.defined(), want_dw = dweight.defined(), want_db = dbias.defined();
  const std::vector<S> adj = want_dx ? scaled_cells<S>(weight, opt, C, true) : std::vector<S>();
  const S* dyd = dy.data<S>();
  const S* xd = x.data<S>();
  const S* gd = gate.data<S>();
  S* dxd = want_dx ? dx.data<S>() : nullptr;
  // Per plane: the nine cells' dweight of each scale, then dbias.
  const int64_t P = 9 * K + 1;
  std::vector<double> part(size_t((want_dw || want_db) ? N * C * P : 0), 0.0);

  for_each_plane<S>(N * C, g, true, [&](int64_t plane, Workspace<S>& ws) {
    const int64_t c = plane % C, off = plane_offset(plane, g);
    const S *dp = dyd + off, *xp = xd + off, *gp = gd + off;
    S* epad = ws.pad.data();
    S* dg = ws.acc.data();
    S* xf = ws.xflat.data();
    // dbias: the sum of e, taken on the way (partial sums in S over at most kMssarSumBlock values).
    double esum = 0;
    for (int64_t h = 0; h < H; ++h) {
      const S *dr = dp + h * W, *xr = xp + h * W, *gr = gp + h * W;
      S* er = epad + g.first + h * pw;
      S* dgr = dg + h * pw;
      S* xfr = xf + h * pw;
      for (int64_t w0 = 0; w0 < W; w0 += kMssarSumBlock) {
        const int64_t w1 = std::min(W, w0 + kMssarSumBlock);
        S rsum = 0;
#pragma omp simd reduction(+ : rsum)
        for (int64_t w = w0; w < w1; ++w) {
          const S d = dr[w], gt = gr[w], xv = xr[w];
          const S e = d * xv * gt * (S(1) - gt);
          er[w] = e;
          rsum += e;
          dgr[w] = d * gt;
          xfr[w] = xv;
        }
        esum += double(rsum);
      }
    }
    double* pp = part.empty() ? nullptr : part.data() + plane * P;
    if (want_db) pp[9 * K] = esum;
    BoxPlanes<S> boxes(epad, ws, g);
    for (int64_t k = 0; k < K; ++k) {
      const int64_t s = g.s[size_t(k)];
      // One box plane of e serves dx and dweight: mirrored cell (ii, jj) of pixel (p, q) holds the
      // sum of e over the neurons whose cell (1 - ii, 1 - jj) covers the pixel.
      const S* A = boxes.boxes(s, mssar_adjoint_origin(s));
      const S* ck = want_dx ? adj.data() + (c * K + k) * 9 : nullptr;
      if (want_dw && want_dx) {
        double acc[9] = {0, 0, 0, 0, 0, 0, 0, 0, 0};
        nine_cells_and_correlations(dg, acc, xf, A, ck, s, pw, g.span);
        const double inv = 1.0 / double(s * s);
        for (int t = 0; t < 9; ++t) pp[k * 9 + t] = acc[8 - t] * inv;
        continue;
      }
      if (want_dw) {
        // dweight[k, (i, j)] = sum_{h,w} e(h, w) M(h + i s, w + j s) = sum_{p,q} x(p, q) times the
        // mirrored box, / s^2: the same pairs of e and x, grouped by pixel.
        double acc[9] = {0, 0, 0, 0, 0, 0, 0, 0, 0};
        nine_correlations(acc, xf, A, s, pw, g.span);
        const double inv = 1.0 / double(s * s);
        for (int t = 0; t < 9; ++t) pp[k * 9 + t] = acc[8 - t] * inv;
      }
      // dx = dy g + sum over cells of weight / s^2 * the mirrored box (scaled_cells(..., true)).
      if (want_dx) nine_cells(dg, static_cast<const S*>(dg), A, ck, s, pw, g.span);
    }
    if (!want_dx) return;
    for (int64_t h = 0; h < H; ++h) {
      const S* in = dg + h * pw;
      S* o = dxd + off + h * W;
#pragma omp simd
      for (int64_t w = 0; w < W; ++w) o[w] = in[w];
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
      if (dwd) mssar_store_weight_grad(sum.data(), c, C, opt, dwd);
    }
  });
}

}  // namespace

void mssar_forward(Tensor& y, Tensor& gate, const Tensor& x, const Tensor& weight, const Tensor& bias,
                   const MssarOptions& opt) {
  if (x.layout() != Layout::Plain) return mssar_forward_blocked(y, gate, x, weight, bias, opt);
  dispatch_float(x.dtype(), "mssar", [&](auto tag_) {
    using scalar_t = decltype(tag_);
    forward_impl<scalar_t>(y, gate, x, weight, bias, opt);
  });
}

void mssar_backward(Tensor& dx, Tensor& dweight, Tensor& dbias, const Tensor& dy, const Tensor& x, const Tensor& gate,
                    const Tensor& weight, const MssarOptions& opt) {
  if (x.layout() != Layout::Plain) return mssar_backward_blocked(dx, dweight, dbias, dy, x, gate, weight, opt);
  dispatch_float(x.dtype(), "mssar backward", [&](auto tag_) {
    using scalar_t = decltype(tag_);
    backward_impl<scalar_t>(dx, dweight, dbias, dy, x, gate, weight, opt);
  });
}

}  // namespace mssar::cpu

namespace mssar {
MSSAR_REGISTER_KERNEL(mssar_forward, CPU, cpu::mssar_forward)
MSSAR_REGISTER_KERNEL(mssar_backward, CPU, cpu::mssar_backward)
}  // namespace mssar
