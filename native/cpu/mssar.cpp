// MS-SAR on the CPU, fused, float32 and float64. One OpenMP region per call over the (n, c) planes;
// each thread works one plane at a time inside its own workspace (a few tens of KiB for 56 x 56):
//
//   forward   x -> one box plane per scale (every s x s cell sum that any neuron of the plane
//             uses) -> z row by row (9 cells per scale) -> g = sigmoid(z), y = x * g.
//             Reads x once, writes g and y once.
//   backward  dy, x, g -> e = dy x g (1 - g) and dy g ->
//             per scale: box plane of x, dweight of the nine cells as flat correlations with e;
//                        box plane of e, the adjoint of the context added to dy g (the last scale
//                        writes dx). Reads dy, x, g once, writes dx once; dweight and dbias come
//             from per-plane partials summed over n in a fixed order (deterministic for any
//             number of threads).
//
// Box planes of cells up to 8 pixels are summed separably from a zero-padded copy of the plane
// (2 (s - 1) additions per box, exact to rounding); larger cells come from a float64 summed-area
// table, four entries per box whatever s, so the work per pixel stays O(9 K) for any scale. The
// table is float64 so that a difference of four entries keeps float32 precision on planes of any
// size; a plane whose table is not finite (inf or NaN in it) sums its large cells pixel by pixel,
// so non-finite values spread only as far as the definition spreads them.
//
// Planes are addressed by plane_offset(); the kernels copy each plane's data into the workspace
// on the way in (padded copies, tables, e) and write each output element once, so another layout
// of the planes needs only other loads and stores at those two places.
#include "../ops/mssar.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <exception>
#include <limits>
#include <vector>

#include "../core/dtype_dispatch.h"
#include "../core/parallel.h"
#include "mssar_blocked.h"

// 256-bit vectors: rows of 32 or 56 floats then leave no remainder, and 512-bit operations bring no
// more throughput per element on the processors measured (measured faster on an AVX-512 machine).
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC target("prefer-vector-width=256")
#endif

namespace mssar::cpu {

namespace {

// Cells up to this side are summed directly from a zero-padded copy of the plane (separably: s - 1
// additions along rows, then s - 1 along columns, exact to float32 rounding); larger cells come
// from a float64 summed-area table in O(1) each.
constexpr int64_t kSeparableMaxScale = 8;

// Plane geometry shared by every plane of a call.
struct Geometry {
  int64_t H = 0, W = 0, K = 0;
  // Margin around the plane that every cell of every scale lies within, forward and adjoint:
  // forward cells reach rows h - s - a .. h + 2 s - a - 1, adjoint boxes p + a + 1 - 2 s .. p + a + s.
  int64_t margin = 0;
  int64_t pw = 0, ph = 0;  // zero-padded copy: W + 2 margin columns, H + 2 margin rows
  int64_t tw = 0, th = 0;  // summed-area table: W + 2 margin + 1 columns, H + 2 margin + 1 rows
  std::vector<int64_t> s;
  // Box plane of scale k: (H + 2 s) rows of ld = W + 2 s, plus 2 s zeros (read by the flat
  // correlations of the backward pass); forward keeps the planes of all scales one after another.
  std::vector<int64_t> box_off;
  int64_t box_total = 0, box_max = 0;
  int64_t scratch = 0;     // row sums of the separable scales: (H + 3 s - 1) rows of ld
  int64_t ld_max = 0;
  bool any_table = false;  // some scale is larger than kSeparableMaxScale

  Geometry(const Tensor& x, const MssarOptions& opt) : H(x.size(2)), W(x.size(3)), K(int64_t(opt.scales.size())) {
    for (int64_t sc : opt.scales) {
      s.push_back(sc);
      margin = std::max({margin, 2 * sc - mssar_anchor(sc) - 1, sc + mssar_anchor(sc)});
      box_off.push_back(box_total);
      box_total += box_size(sc);
      box_max = std::max(box_max, box_size(sc));
      ld_max = std::max(ld_max, ld(sc));
      if (sc > kSeparableMaxScale)
        any_table = true;
      else
        scratch = std::max(scratch, (H + 3 * sc - 1) * ld(sc));
    }
    pw = W + 2 * margin;
    ph = H + 2 * margin;
    tw = pw + 1;
    th = ph + 1;
  }
  int64_t ld(int64_t sc) const { return W + 2 * sc; }
  int64_t box_size(int64_t sc) const { return (H + 2 * sc) * ld(sc) + 2 * sc; }
};

inline int64_t plane_offset(int64_t plane, const Geometry& g) { return plane * g.H * g.W; }

template <class S>
struct Workspace {
  std::vector<S> xpad, epad;   // zero-padded copies of x and e
  std::vector<double> tx, te;  // their summed-area tables (large scales only)
  std::vector<S> boxes;        // box planes (all scales forward, one at a time backward)
  std::vector<S> scratch;      // row sums of the separable box planes
  std::vector<S> e, dg, eflat, row;
  template <class V>
  static void at_least(V& v, int64_t n) {
    if (v.size() < size_t(n)) v.resize(size_t(n));
  }
  void fit(const Geometry& g, bool backward) {
    at_least(xpad, g.ph * g.pw);
    if (g.any_table) at_least(tx, g.th * g.tw);
    at_least(boxes, backward ? g.box_max : g.box_total);
    at_least(scratch, g.scratch);
    at_least(row, g.W);
    if (backward) {
      at_least(epad, g.ph * g.pw);
      if (g.any_table) at_least(te, g.th * g.tw);
      at_least(e, g.H * g.W);
      at_least(dg, g.H * g.W);
      at_least(eflat, g.H * g.ld_max);
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
  // n = round(x / ln 2) by the 1.5 * 2^23 trick (|x / ln 2| < 2^22), which vectorizes where floor
  // does not.
  float fx = (x * 1.44269504088896341f + 12582912.0f) - 12582912.0f;
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
  const float r = y * __builtin_bit_cast(float, bits);
  return x0 > 88.0f ? std::numeric_limits<float>::infinity() : (x0 < -87.0f ? 0.0f : r);
}

// sigmoid in [0, 1] for every finite or infinite z; NaN for NaN.
inline float sigmoid(float z) { return 1.0f / (1.0f + exp_f32(-z)); }
inline double sigmoid(double z) { return 1.0 / (1.0 + std::exp(-z)); }

// T(r, c) = sum of src(p, q) over 0 <= p < min(r, H), 0 <= q < min(c, W): the summed-area table of
// the zero-padded plane, for r in [-margin, H + margin] and c in [-margin, W + margin], kept at
// T[(r + margin) * tw + c + margin]. Returns false when an entry is not finite.
template <class S>
bool build_table(double* T, const S* src, const Geometry& g) {
  const int64_t H = g.H, W = g.W, m = g.margin, tw = g.tw;
  std::fill(T, T + (m + 1) * tw, 0.0);
  // Row prefix sums, four rows at a time so that four independent chains of additions overlap.
  auto out = [&](int64_t p) { return T + (p + 1 + m) * tw + m + 1; };
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
    double* row = T + (p + 1 + m) * tw;
    const double* prev = row - tw;
    std::fill(row, row + m + 1, 0.0);
#pragma omp simd reduction(+ : probe)
    for (int64_t q = m + 1; q <= m + W; ++q) {
      const double v = row[q] + prev[q];
      row[q] = v;
      probe += v * 0.0;  // NaN once any entry is inf or NaN
    }
    std::fill(row + m + W + 1, row + tw, row[m + W]);
  }
  const double* last = T + (H + m) * tw;
  for (int64_t r = H + m + 1; r < g.th; ++r) std::copy(last, last + tw, T + r * tw);
  return probe == 0;
}

// The s x s cell sums of one plane (x or e) that a pass needs, as box planes:
//   B(r', c') = sum of the zero-padded plane over rows origin + r' .. + s - 1 and columns
//               origin + c' .. + s - 1, for r' < H + 2 s, c' < ld = W + 2 s; then 2 s zeros.
// The padded copy and the table are made on first use, once per plane.
template <class S>
class BoxSource {
 public:
  BoxSource(const S* plane, S* padded, double* table, S* scratch, const Geometry& g)
      : plane_(plane), padded_(padded), table_(table), scratch_(scratch), g_(g) {}

  void boxes(S* B, int64_t s, int64_t origin) {
    if (s <= kSeparableMaxScale) {
      if (!padded_ready_) pad();
      separable(B, s, origin);
    } else {
      if (!table_ready_) {
        table_finite_ = build_table(table_, plane_, g_);
        table_ready_ = true;
      }
      // A table holding inf or NaN would spread them over the whole plane: sum directly instead.
      if (table_finite_)
        from_table(B, s, origin);
      else
        pixelwise(B, s, origin);
    }
    const int64_t end = (g_.H + 2 * s) * g_.ld(s);
    std::fill(B + end, B + end + 2 * s, S(0));
  }

 private:
  void pad() {
    const int64_t H = g_.H, W = g_.W, m = g_.margin, pw = g_.pw;
    std::fill(padded_, padded_ + m * pw, S(0));
    for (int64_t p = 0; p < H; ++p) {
      S* row = padded_ + (p + m) * pw;
      std::fill(row, row + m, S(0));
      std::copy(plane_ + p * W, plane_ + (p + 1) * W, row + m);
      std::fill(row + m + W, row + pw, S(0));
    }
    std::fill(padded_ + (H + m) * pw, padded_ + g_.ph * pw, S(0));
    padded_ready_ = true;
  }

  // Sums along rows into scratch (H + 3 s - 1 rows), then along columns into B.
  void separable(S* B, int64_t s, int64_t origin) const {
    switch (s) {
      case 1: return separable_n<1>(B, origin);
      case 2: return separable_n<2>(B, origin);
      case 3: return separable_n<3>(B, origin);
      case 4: return separable_n<4>(B, origin);
      case 5: return separable_n<5>(B, origin);
      case 6: return separable_n<6>(B, origin);
      case 7: return separable_n<7>(B, origin);
      default: return separable_n<8>(B, origin);
    }
  }
  static_assert(kSeparableMaxScale == 8, "separable() has one case per separable scale");

  // The cell side as a constant, so that each sum stays in a register: one store per box.
  template <int s>
  void separable_n(S* B, int64_t origin) const {
    const int64_t ld = g_.ld(s), rows = g_.H + 2 * s, pw = g_.pw;
    const S* src = padded_ + (origin + g_.margin) * pw + origin + g_.margin;
    for (int64_t r = 0; r < rows + s - 1; ++r) {
      const S* in = src + r * pw;
      S* o = s == 1 ? B + r * ld : scratch_ + r * ld;
#pragma omp simd
      for (int64_t c = 0; c < ld; ++c) {
        S t = in[c];
        for (int v = 1; v < s; ++v) t += in[c + v];
        o[c] = t;
      }
    }
    if (s == 1) return;
    for (int64_t r = 0; r < rows; ++r) {
      const S* in = scratch_ + r * ld;
      S* o = B + r * ld;
#pragma omp simd
      for (int64_t c = 0; c < ld; ++c) {
        S t = in[c];
        for (int u = 1; u < s; ++u) t += in[u * ld + c];
        o[c] = t;
      }
    }
  }

  // Four table entries per box, the differences taken in float64.
  void from_table(S* B, int64_t s, int64_t origin) const {
    const int64_t ld = g_.ld(s), rows = g_.H + 2 * s;
    for (int64_t r = 0; r < rows; ++r) {
      const double* top = table_ + (origin + r + g_.margin) * g_.tw + origin + g_.margin;
      const double* bottom = top + s * g_.tw;
      S* o = B + r * ld;
#pragma omp simd
      for (int64_t c = 0; c < ld; ++c) o[c] = S((bottom[c + s] - top[c + s]) - (bottom[c] - top[c]));
    }
  }

  // Every box summed pixel by pixel: only for large cells on planes holding inf or NaN.
  void pixelwise(S* B, int64_t s, int64_t origin) const {
    const int64_t ld = g_.ld(s), rows = g_.H + 2 * s;
    for (int64_t r = 0; r < rows; ++r)
      for (int64_t c = 0; c < ld; ++c) {
        double sum = 0;
        for (int64_t p = std::max<int64_t>(origin + r, 0); p < std::min(origin + r + s, g_.H); ++p)
          for (int64_t q = std::max<int64_t>(origin + c, 0); q < std::min(origin + c + s, g_.W); ++q)
            sum += double(plane_[p * g_.W + q]);
        B[r * ld + c] = S(sum);
      }
  }

  const S* plane_;
  S* padded_;
  double* table_;
  S* scratch_;
  const Geometry& g_;
  bool padded_ready_ = false, table_ready_ = false, table_finite_ = false;
};

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
    BoxSource<S> src(xp, ws.xpad.data(), ws.tx.data(), ws.scratch.data(), g);
    for (int64_t k = 0; k < K; ++k)
      src.boxes(ws.boxes.data() + g.box_off[size_t(k)], g.s[size_t(k)], forward_origin(g.s[size_t(k)]));
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

// Sums of n products a[i] * b[i] (b null: of a[i] alone): partial sums in S over blocks short
// enough to keep float32 within about 1e-6, the blocks summed in double.
constexpr int64_t kSumBlock = 512;

template <class S>
double block_sum(const S* a, int64_t n) {
  double out = 0;
  for (int64_t i0 = 0; i0 < n; i0 += kSumBlock) {
    const int64_t i1 = std::min(n, i0 + kSumBlock);
    S acc = 0;
#pragma omp simd reduction(+ : acc)
    for (int64_t i = i0; i < i1; ++i) acc += a[i];
    out += double(acc);
  }
  return out;
}

// out[t] = sum_i a[i] * row[i + t s] for t = 0, 1, 2 and i < n: one row of three cells.
template <class S>
void three_correlations(double out[3], const S* a, const S* row, int64_t s, int64_t n) {
  const S *b0 = row, *b1 = row + s, *b2 = row + 2 * s;
  for (int64_t i0 = 0; i0 < n; i0 += kSumBlock) {
    const int64_t i1 = std::min(n, i0 + kSumBlock);
    S a0 = 0, a1 = 0, a2 = 0;
#pragma omp simd reduction(+ : a0, a1, a2)
    for (int64_t i = i0; i < i1; ++i) {
      const S v = a[i];
      a0 += v * b0[i];
      a1 += v * b1[i];
      a2 += v * b2[i];
    }
    out[0] += double(a0);
    out[1] += double(a1);
    out[2] += double(a2);
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
#pragma omp simd
    for (int64_t i = 0; i < HW; ++i) {
      const S d = dp[i], gt = gp[i];
      dg[i] = d * gt;
      e[i] = d * xp[i] * gt * (S(1) - gt);
    }
    double* pp = part.empty() ? nullptr : part.data() + plane * P;
    if (want_db) pp[9 * K] = block_sum(e, HW);
    BoxSource<S> xsrc(xp, ws.xpad.data(), ws.tx.data(), ws.scratch.data(), g);
    BoxSource<S> esrc(e, ws.epad.data(), ws.te.data(), ws.scratch.data(), g);
    S* B = ws.boxes.data();
    for (int64_t k = 0; k < K; ++k) {
      const int64_t s = g.s[size_t(k)], ld = g.ld(s);
      if (want_dw) {
        // dweight[k, cell (i, j)] = sum_{h,w} e(h, w) B(h + i s, w + j s) / s^2: with e laid out on
        // B's row length (zeros in the extra columns), nine flat correlations.
        xsrc.boxes(B, s, forward_origin(s));
        S* ep = ws.eflat.data();
        for (int64_t h = 0; h < H; ++h) {
          std::copy(e + h * W, e + (h + 1) * W, ep + h * ld);
          std::fill(ep + h * ld + W, ep + (h + 1) * ld, S(0));
        }
        double acc[9] = {0, 0, 0, 0, 0, 0, 0, 0, 0};
        for (int64_t i = 0; i < 3; ++i) three_correlations(acc + 3 * i, ep, B + i * s * ld, s, H * ld);
        const double inv = 1.0 / double(s * s);
        for (int t = 0; t < 9; ++t) pp[k * 9 + t] = acc[t] * inv;
      }
      if (want_dx) {
        // dx(p, q) = dy g + sum over cells of weight / s^2 * (sum of e over the box of neurons whose
        // cell covers (p, q)) = B(p + (1-i) s, q + (1-j) s) from the adjoint origin; the mirrored
        // cells (scaled_cells(..., true)) turn that into the forward's loop.
        esrc.boxes(B, s, adjoint_origin(s));
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
  if (x.layout() != Layout::Plain) return mssar_forward_blocked(y, gate, x, weight, bias, opt);
  dispatch_float(x.dtype(), "mssar", [&](auto tag_) {
    using scalar_t = decltype(tag_);
    forward_impl<scalar_t>(y, gate, x, weight, bias, opt);
  });
}

void mssar_backward(Tensor& dx, Tensor& dweight, Tensor& dbias, const Tensor& dy, const Tensor& x, const Tensor& gate,
                    const Tensor& weight, const MssarOptions& opt) {
  if (x.layout() != Layout::Plain) return mssar_backward_blocked(dx, dweight, dbias, dy, x, gate, weight, opt);
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
