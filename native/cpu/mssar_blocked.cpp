// MS-SAR on the CPU for nChw16c and nChw8c: the algorithm of mssar.cpp (box planes of cell sums,
// nine cells per scale, the adjoint as the same loop on mirrored cells) with every value a vector
// of the L = 16 or 8 channels of one block. A chunk (n, cb) is an H x W plane of such vectors, so
// every loop runs across the lanes at full SIMD width whatever the width of the map (an 8 x 8 map
// vectorizes as well as a 32 x 32 one), and nothing is reordered on the way in or out.
//
//   forward   x -> padded copy -> one box plane per scale -> z (nine vector FMAs per pixel and
//             scale, four pixels at a time sharing the weights held in registers) ->
//             g = sigmoid(z), y = x g. Reads x once, writes g and y once.
//   backward  e = dy x g (1 - g) into a padded plane, dg = dy g; per scale: the box plane of e
//             from the adjoint origin, then one pass that adds the adjoint (the nine cells
//             mirrored) to dg, the last scale writing dx, and takes dweight from the same boxes:
//             dweight of cell (i, j) = sum over pixels of x times the adjoint box of the mirrored
//             cell (no box plane of x is needed). dbias is the sum of e. Float runs are summed in
//             double; per-chunk partials are summed over n in a fixed order, so the result does
//             not depend on the number of threads.
//
// Cells up to 8 pixels are summed separably from the padded copy in S (exact to rounding), larger
// ones, as in the plain kernel, from a float64 summed-area table of the chunk (four reads a box
// whatever s: 2 to 6 times faster than summing them separably at s = 16 and 32); a chunk whose table
// is not finite sums them separably in double instead, so that an inf or NaN spreads only as far as
// the definition spreads it.
// Padding lanes (C not a multiple of L) have zero weights and bias, and their gate is set to 0,
// so the padding of y, gate and dx stays zero.
#include "mssar_blocked.h"

#include <algorithm>
#include <array>
#include <cstring>
#include <exception>
#include <limits>
#include <memory>
#include <new>
#include <type_traits>
#include <vector>

#include "../core/aligned_vector.h"
#include "../core/lane_view.h"
#include "../core/parallel.h"
#include "mssar_geometry.h"
#include "vec_math.h"

namespace mssar::cpu {

namespace {

// L values of S as one vector (GCC/Clang vector extension): the compiler keeps it in one or two
// SIMD registers and emits vector instructions for its arithmetic whatever it makes of the loops.
template <class S, int L>
struct VecOf {
  typedef S type __attribute__((vector_size(sizeof(S) * L)));
};

template <class V, class S>
inline V vload(const S* p) {
  V v;
  std::memcpy(&v, p, sizeof(V));
  return v;
}

template <class V, class S>
inline void vstore(S* p, const V& v) {
  std::memcpy(p, &v, sizeof(V));
}

// Chunk geometry shared by every chunk of a call; sizes in pixels (vectors of L values).
struct Geometry {
  int64_t H = 0, W = 0, K = 0;
  int64_t margin = 0, pw = 0, ph = 0;  // mssar_margin: every cell of every scale lies within it
  std::vector<int64_t> s;
  // How box plane k is made: from the padded plane (cells of one pixel: the plane itself), from the
  // plane of half the side (parent[k] = that plane's index, or -1 for the padded plane itself), or
  // separably from the padded plane (parent[k] = -2).
  std::vector<int64_t> parent, order;
  bool large = false;  // a separable scale above kMssarSeparableMaxScale (summed in double)

  Geometry(const Tensor& x, const MssarOptions& opt) : H(x.size(2)), W(x.size(3)), K(int64_t(opt.scales.size())) {
    s = opt.scales;
    margin = mssar_margin(opt.scales);
    pw = W + 2 * margin;
    ph = H + 2 * margin;
    // Smaller sides first, so that a plane of half the side is there when a side's turn comes.
    for (int64_t k = 0; k < K; ++k) order.push_back(k);
    std::stable_sort(order.begin(), order.end(), [&](int64_t a, int64_t b) { return s[size_t(a)] < s[size_t(b)]; });
    parent.assign(size_t(K), -2);
    for (size_t idx = 0; idx < order.size(); ++idx) {
      const int64_t k = order[idx], sc = s[size_t(k)];
      if (sc == 1) {
        parent[size_t(k)] = -1;
        continue;
      }
      if (sc % 2 == 0) {
        if (sc / 2 == 1) {
          parent[size_t(k)] = -1;
          continue;
        }
        for (size_t j = 0; j < idx; ++j)
          if (s[size_t(order[j])] == sc / 2) parent[size_t(k)] = order[j];
        if (parent[size_t(k)] != -2) continue;
      }
      if (sc > kMssarSeparableMaxScale) large = true;
    }
  }
  int64_t plane() const { return ph * pw; }
};

// A box plane as the cell loops read it: B(r', c') at p + (r' * stride + c') * L.
template <class S>
struct BoxPlane {
  const S* p = nullptr;
  int64_t stride = 0;
  const S* row(int64_t r) const { return p + r * stride; }
};

template <class S>
struct Workspace {
  AlignedVector<S> xpad, epad, boxes, scratch, zrow, dg;
  std::vector<BoxPlane<S>> planes;  // the forward's view of each scale's box plane
  std::vector<const S*> made;        // where each scale's box plane is (make_planes)
  AlignedVector<double> scratch_d;  // row sums of the large scales, where the table is not finite
  AlignedVector<double> table;      // summed-area table of the padded chunk (large scales)
  // The geometry the padded planes were zeroed for: their margins stay zero from chunk to chunk
  // (only the middle is written), so they are cleared once per geometry, not once per chunk.
  std::array<int64_t, 4> xpad_for{}, epad_for{};
  template <class V>
  static void at_least(V& v, int64_t n) {
    if (v.size() < size_t(n)) v.resize(size_t(n));
  }
  static void zeroed(AlignedVector<S>& v, std::array<int64_t, 4>& key, const Geometry& g, int64_t L) {
    const std::array<int64_t, 4> want{g.H, g.W, g.margin, L};
    at_least(v, g.ph * g.pw * L);
    if (key == want) return;
    std::fill(v.begin(), v.begin() + g.ph * g.pw * L, S(0));
    key = want;
  }
  void fit(const Geometry& g, int64_t L, bool backward) {
    if (!backward) zeroed(xpad, xpad_for, g, L);
    at_least(boxes, g.K * g.plane() * L);
    at_least(scratch, g.plane() * L);
    if (g.large) {
      at_least(scratch_d, g.plane() * L);
      at_least(table, (g.ph + 1) * (g.pw + 1) * L);
    }
    at_least(zrow, g.W * L);
    at_least(planes, g.K);
    at_least(made, g.K);
    if (backward) {
      zeroed(epad, epad_for, g, L);
      at_least(dg, g.H * g.W * L);
    }
  }
};

template <class S>
Workspace<S>& workspace() {
  thread_local Workspace<S> ws;
  return ws;
}

// The chunk (H x W pixels of L values) into the middle of a padded ph x pw plane whose margins
// are zero already (Workspace::fit).
template <class S, int L>
void pad_chunk(S* padded, const S* chunk, const Geometry& g) {
  const int64_t m = g.margin, row = g.pw * L;
  for (int64_t p = 0; p < g.H; ++p)
    std::copy(chunk + p * g.W * L, chunk + (p + 1) * g.W * L, padded + (p + m) * row + m * L);
}

// Box planes in the padded plane's coordinates: A_s(P, Q) = sum of the padded plane over rows
// P .. P + s - 1 and columns Q .. Q + s - 1, for P <= ph - s, Q <= pw - s, rows pw pixels apart
// (so every origin the forward and the adjoint use reads the same plane). Flattened over (Q, lane),
// a pixel's neighbour to the right is L values on.

// A_s from the plane of half the side: the sum of four of its boxes, one pass (when the sides
// double, as in the default 1, 2, 4: three additions per box instead of 2 (s - 1) in two passes).
template <class S, int L>
void boxes_from_half(S* A, const S* half, const Geometry& g, int64_t s) {
  const int64_t h = s / 2, row = g.pw * L, n = (g.pw - s + 1) * L, hL = h * L, hrow = h * row;
  for (int64_t P = 0; P <= g.ph - s; ++P) {
    const S* in = half + P * row;
    S* o = A + P * row;
#pragma omp simd
    for (int64_t i = 0; i < n; ++i) o[i] = (in[i] + in[i + hL]) + (in[i + hrow] + in[i + hrow + hL]);
  }
}

// A_s separably: sums along rows into scratch, then along columns. The side as a constant, so
// that each sum stays in a register.
template <class S, int L, int s>
void separable_boxes(S* A, const S* padded, S* scratch, const Geometry& g) {
  const int64_t row = g.pw * L, n = (g.pw - s + 1) * L;
  for (int64_t P = 0; P < g.ph; ++P) {
    const S* in = padded + P * row;
    S* o = scratch + P * row;
#pragma omp simd
    for (int64_t i = 0; i < n; ++i) {
      S t = in[i];
      for (int v = 1; v < s; ++v) t += in[i + v * L];
      o[i] = t;
    }
  }
  for (int64_t P = 0; P <= g.ph - s; ++P) {
    const S* in = scratch + P * row;
    S* o = A + P * row;
#pragma omp simd
    for (int64_t i = 0; i < n; ++i) {
      S t = in[i];
      for (int u = 1; u < s; ++u) t += in[i + u * row];
      o[i] = t;
    }
  }
}

// The same for a side known at run time (larger than kMssarSeparableMaxScale), summed in double:
// the path of a chunk whose summed-area table is not finite.
template <class S, int L>
void large_boxes(S* A, const S* padded, double* scratch, const Geometry& g, int64_t s) {
  const int64_t row = g.pw * L, n = (g.pw - s + 1) * L;
  for (int64_t P = 0; P < g.ph; ++P) {
    const S* in = padded + P * row;
    double* o = scratch + P * row;
#pragma omp simd
    for (int64_t i = 0; i < n; ++i) {
      double t = 0;
      for (int64_t v = 0; v < s; ++v) t += double(in[i + v * L]);
      o[i] = t;
    }
  }
  for (int64_t P = 0; P <= g.ph - s; ++P) {
    const double* in = scratch + P * row;
    S* o = A + P * row;
#pragma omp simd
    for (int64_t i = 0; i < n; ++i) {
      double t = 0;
      for (int64_t u = 0; u < s; ++u) t += in[i + u * row];
      o[i] = S(t);
    }
  }
}

// T(P, Q) = the sum of the padded chunk over rows < P and columns < Q, lane by lane, (ph + 1) x
// (pw + 1) vectors in double. Returns false when an entry is not finite.
template <class S, int L>
bool summed_area_table(double* T, const S* padded, const Geometry& g) {
  const int64_t row = g.pw * L, trow = (g.pw + 1) * L;
  std::fill(T, T + trow, 0.0);
  double probe = 0;
  for (int64_t P = 0; P < g.ph; ++P) {
    const S* in = padded + P * row;
    const double* up = T + P * trow;
    double* out = T + (P + 1) * trow;
    double run[L] = {};
    for (int64_t l = 0; l < L; ++l) out[l] = 0;
    for (int64_t Q = 0; Q < g.pw; ++Q)
#pragma omp simd
      for (int64_t l = 0; l < L; ++l) {
        run[l] += double(in[Q * L + l]);
        out[(Q + 1) * L + l] = up[(Q + 1) * L + l] + run[l];
      }
#pragma omp simd reduction(+ : probe)
    for (int64_t i = 0; i < trow; ++i) probe += out[i] * 0.0;  // NaN once an entry is inf or NaN
  }
  return probe == 0;
}

// A_s from the table: four entries a box.
template <class S, int L>
void boxes_from_table(S* A, const double* T, const Geometry& g, int64_t s) {
  const int64_t row = g.pw * L, trow = (g.pw + 1) * L, n = (g.pw - s + 1) * L;
  for (int64_t P = 0; P <= g.ph - s; ++P) {
    const double* top = T + P * trow;
    const double* bottom = top + s * trow;
    S* o = A + P * row;
#pragma omp simd
    for (int64_t i = 0; i < n; ++i) o[i] = S((bottom[i + s * L] - top[i + s * L]) - (bottom[i] - top[i]));
  }
}

// Makes the box plane of every scale from the padded plane (into the workspace's boxes, K planes of
// ph x pw pixels) and returns where plane k starts; a side of 1 is the padded plane itself.
template <class S, int L>
void make_planes(const S** planes, const S* padded, Workspace<S>& ws, const Geometry& g) {
  int table = -1;  // -1 not built yet, 0 not finite, 1 ready
  for (int64_t k : g.order) {
    const int64_t s = g.s[size_t(k)], parent = g.parent[size_t(k)];
    if (s == 1) {
      planes[k] = padded;
      continue;
    }
    S* A = ws.boxes.data() + k * g.plane() * L;
    if (parent != -2) {
      boxes_from_half<S, L>(A, parent == -1 ? padded : planes[parent], g, s);
    } else {
      S* scratch = ws.scratch.data();
      switch (s) {
        case 3: separable_boxes<S, L, 3>(A, padded, scratch, g); break;
        case 5: separable_boxes<S, L, 5>(A, padded, scratch, g); break;
        case 6: separable_boxes<S, L, 6>(A, padded, scratch, g); break;
        case 7: separable_boxes<S, L, 7>(A, padded, scratch, g); break;
        default:
          if (s <= kMssarSeparableMaxScale) {
            // Even sides without their half (2 always has it, 4 and 8 may not): two passes.
            if (s == 4) separable_boxes<S, L, 4>(A, padded, scratch, g);
            else separable_boxes<S, L, 8>(A, padded, scratch, g);
          } else {
            if (table < 0) table = summed_area_table<S, L>(ws.table.data(), padded, g) ? 1 : 0;
            if (table == 1) boxes_from_table<S, L>(A, ws.table.data(), g, s);
            else large_boxes<S, L>(A, padded, ws.scratch_d.data(), g, s);
          }
          break;
      }
    }
    planes[k] = A;
  }
}
static_assert(kMssarSeparableMaxScale == 8, "make_planes() has one case per separable side");

// Box plane k seen from `origin`: B(r', c') = A_s(origin + margin + r', origin + margin + c').
template <class S, int L>
BoxPlane<S> view(const S* A, const Geometry& g, int64_t origin) {
  return {A + ((origin + g.margin) * g.pw + origin + g.margin) * L, g.pw * L};
}

// Forward cells of neuron (h, w) at scale s: B(h + (i+1) s, w + (j+1) s), B seen from
// mssar_forward_origin(s); adjoint boxes of pixel (p, q): B(p + (1-i) s, q + (1-j) s), B from
// mssar_adjoint_origin(s).

// One row of the context: z[w] = bias + sum over scales k and their nine cells t = (i, j) of
// c[k][t] * B_k(h + i s_k, w + j s_k), every term a vector of L lanes. Four pixels at a time, their
// sums in registers across all scales; the weights are read from L1 once per tile.
template <class S, int L>
void context_row(S* zout, const S* bias, const BoxPlane<S>* planes, const int64_t* scales, int64_t K, const S* cells,
                 int64_t h, int64_t W) {
  using V = typename VecOf<S, L>::type;
  const V b = vload<V>(bias);
  int64_t w = 0;
  // Eight pixels at a time: each weight vector loaded once per eight multiply-adds (the loop is
  // bound by its loads more than by its arithmetic).
  for (; w + 8 <= W; w += 8) {
    const int64_t o = w * L;
    V z[8];
    for (V& zz : z) zz = b;
    for (int64_t k = 0; k < K; ++k) {
      const int64_t s = scales[k], sL = s * L;
      const S* c = cells + k * 9 * L;
      for (int i = 0; i < 3; ++i) {
        const S* r = planes[k].row(h + i * s) + o;
        for (int j = 0; j < 3; ++j) {
          const V cw = vload<V>(c + (i * 3 + j) * L);
          const S* p = r + j * sL;
          for (int t = 0; t < 8; ++t) z[t] += cw * vload<V>(p + t * L);
        }
      }
    }
    for (int t = 0; t < 8; ++t) vstore(zout + o + t * L, z[t]);
  }
  for (; w + 4 <= W; w += 4) {
    const int64_t o = w * L;
    V z0 = b, z1 = b, z2 = b, z3 = b;
    for (int64_t k = 0; k < K; ++k) {
      const int64_t s = scales[k], sL = s * L;
      const S* c = cells + k * 9 * L;
      for (int i = 0; i < 3; ++i) {
        const S* r = planes[k].row(h + i * s) + o;
        for (int j = 0; j < 3; ++j) {
          const V cw = vload<V>(c + (i * 3 + j) * L);
          const S* p = r + j * sL;
          z0 += cw * vload<V>(p);
          z1 += cw * vload<V>(p + L);
          z2 += cw * vload<V>(p + 2 * L);
          z3 += cw * vload<V>(p + 3 * L);
        }
      }
    }
    vstore(zout + o, z0);
    vstore(zout + o + L, z1);
    vstore(zout + o + 2 * L, z2);
    vstore(zout + o + 3 * L, z3);
  }
  for (; w < W; ++w) {
    const int64_t o = w * L;
    V zv = b;
    for (int64_t k = 0; k < K; ++k) {
      const int64_t s = scales[k];
      const S* c = cells + k * 9 * L;
      for (int i = 0; i < 3; ++i)
        for (int j = 0; j < 3; ++j)
          zv += vload<V>(c + (i * 3 + j) * L) * vload<V>(planes[k].row(h + i * s) + o + j * s * L);
    }
    vstore(zout + o, zv);
  }
}

// One row of the backward at one scale, pixels [w0, w1): with B the box plane of e from the
// adjoint origin (rows r[i] = B(p + i s)) and cf the mirrored cells,
//   DX: out[q] = base[q] + sum_t cf[t] B(p + i s, q + j s)   (the adjoint of the context)
//   DW: acc[8 - t] += x(p, q) B(p + i s, q + j s)            (dweight: the same boxes, read once)
// since dweight of cell (i, j) = sum over pixels of x times the sum of e over the neurons whose
// cell (i, j) covers the pixel, which is the adjoint box of the mirrored cell. Two pixels at a time.
template <class S, int L, bool DX, bool DW>
void adjoint_row(S* out, const S* base, const S* const r[3], const S* cf, const S* xr,
                 typename VecOf<S, L>::type* acc_io, int64_t s, int64_t w0, int64_t w1) {
  using V = typename VecOf<S, L>::type;
  V acc[9];
  if constexpr (DW)
    for (int t = 0; t < 9; ++t) acc[t] = acc_io[t];
  const int64_t sL = s * L;
  int64_t w = w0;
  for (; w + 2 <= w1; w += 2) {
    const int64_t o = w * L;
    V z0{}, z1{}, x0{}, x1{};
    if constexpr (DX) z0 = vload<V>(base + o), z1 = vload<V>(base + o + L);
    if constexpr (DW) x0 = vload<V>(xr + o), x1 = vload<V>(xr + o + L);
    for (int i = 0; i < 3; ++i)
      for (int j = 0; j < 3; ++j) {
        const int t = i * 3 + j;
        const S* p = r[i] + o + j * sL;
        const V b0 = vload<V>(p), b1 = vload<V>(p + L);
        if constexpr (DX) {
          const V cw = vload<V>(cf + t * L);
          z0 += cw * b0;
          z1 += cw * b1;
        }
        if constexpr (DW) {
          // Two multiply-adds in a row (x0 b0 + x1 b1 would cost a multiply and an add more).
          acc[8 - t] += x0 * b0;
          acc[8 - t] += x1 * b1;
        }
      }
    if constexpr (DX) {
      vstore(out + o, z0);
      vstore(out + o + L, z1);
    }
  }
  for (; w < w1; ++w) {
    const int64_t o = w * L;
    V z0{}, x0{};
    if constexpr (DX) z0 = vload<V>(base + o);
    if constexpr (DW) x0 = vload<V>(xr + o);
    for (int i = 0; i < 3; ++i)
      for (int j = 0; j < 3; ++j) {
        const int t = i * 3 + j;
        const V b0 = vload<V>(r[i] + o + j * sL);
        if constexpr (DX) z0 += vload<V>(cf + t * L) * b0;
        if constexpr (DW) acc[8 - t] += x0 * b0;
      }
    if constexpr (DX) vstore(out + o, z0);
  }
  if constexpr (DW)
    for (int t = 0; t < 9; ++t) acc_io[t] = acc[t];
}

// Per block: the cell weights of every scale divided by s^2, [CB][K][9][L] (mirrored for the
// adjoint), zero in padding lanes.
template <class S, int L>
AlignedVector<S> block_cells(const Tensor& weight, const MssarOptions& opt, int64_t C, int64_t CB, bool flipped) {
  const int64_t K = int64_t(opt.scales.size());
  AlignedVector<S> out(size_t(CB * K * 9 * L), S(0));
  const S* w = weight.data<S>();
  for (int64_t c = 0; c < C; ++c)
    for (int64_t k = 0; k < K; ++k) {
      double cells[9];
      mssar_scaled_cell_weights(w, k, c, C, opt, flipped, cells);
      for (int t = 0; t < 9; ++t) out[size_t((((c / L) * K + k) * 9 + t) * L + c % L)] = S(cells[t]);
    }
  return out;
}

// Runs body(chunk, workspace) over all chunks, one OpenMP region; rethrows the first exception (an
// allocation failure) after the region instead of letting it end the process.
template <class S, class F>
void for_each_chunk(int64_t chunks, const Geometry& g, int64_t L, bool backward, const F& body) {
  std::exception_ptr error;
  parallel_for(chunks, 1, [&](int64_t begin, int64_t end) {
    try {
      Workspace<S>& ws = workspace<S>();
      ws.fit(g, L, backward);
      for (int64_t q = begin; q < end; ++q) body(q, ws);
    } catch (...) {
#pragma omp critical(mssar_blocked_error)
      if (!error) error = std::current_exception();
    }
  });
  if (error) std::rethrow_exception(error);
}

template <class S, int L>
void forward_impl(Tensor& y, Tensor& gate, const Tensor& x, const Tensor& weight, const Tensor& bias,
                  const MssarOptions& opt, const Tensor& residual) {
  const LaneView v = lane_view(x);
  const Geometry g(x, opt);
  const int64_t H = g.H, W = g.W, K = g.K, chunk = H * W * L;
  const AlignedVector<S> cells = block_cells<S, L>(weight, opt, v.C, v.CB, false);
  // The bias in lanes: one block row per channel block, for each image when it is [N, C].
  const bool per_sample = mssar_per_sample(bias);
  const int64_t bias_rows = per_sample ? v.N : 1;
  AlignedVector<S> bias_l(size_t(bias_rows * v.CB * L), S(0)), valid(size_t(v.CB * L), S(0));
  for (int64_t c = 0; c < v.C; ++c) valid[size_t(c)] = S(1);
  for (int64_t n = 0; n < bias_rows; ++n)
    for (int64_t c = 0; c < v.C; ++c) bias_l[size_t(n * v.CB * L + c)] = bias.data<S>()[n * v.C + c];
  const S* xd = x.data<S>();
  const S* rd = residual.defined() ? residual.data<S>() : nullptr;
  S* yd = y.data<S>();
  S* gd = gate.data<S>();
  for_each_chunk<S>(v.N * v.CB, g, L, false, [&](int64_t q, Workspace<S>& ws) {
    const int64_t cb = q % v.CB;
    const S* xc = xd + q * chunk;
    pad_chunk<S, L>(ws.xpad.data(), xc, g);
    make_planes<S, L>(ws.made.data(), ws.xpad.data(), ws, g);
    BoxPlane<S>* planes = ws.planes.data();
    for (int64_t k = 0; k < K; ++k) planes[k] = view<S, L>(ws.made[size_t(k)], g, mssar_forward_origin(g.s[size_t(k)]));
    const S* bv = bias_l.data() + (per_sample ? q : cb) * L;
    const S* mask = valid.data() + cb * L;
    S* z = ws.zrow.data();
    for (int64_t h = 0; h < H; ++h) {
      context_row<S, L>(z, bv, planes, g.s.data(), K, cells.data() + cb * K * 9 * L, h, W);
      const S* xr = xc + h * W * L;
      S* yr = yd + q * chunk + h * W * L;
      S* gr = gd + q * chunk + h * W * L;
      if (rd) {
        // The end of a residual block in the same pass: relu(x g + r).
        const S* rr = rd + q * chunk + h * W * L;
        for (int64_t w = 0; w < W; ++w) {
          const int64_t o = w * L;
#pragma omp simd
          for (int l = 0; l < L; ++l) {
            const S gt = sigmoid_simd(z[o + l]) * mask[l];
            const S t = xr[o + l] * gt + rr[o + l];
            const bool on = t > S(0);
            yr[o + l] = on ? t : S(0);
            // The ReLU's mask in the gate's sign bit (-0 for a gate of 0): the backward then
            // reads the gate, not the output.
            gr[o + l] = on ? gt : -gt;
          }
        }
        continue;
      }
      for (int64_t w = 0; w < W; ++w) {
        const int64_t o = w * L;
#pragma omp simd
        for (int l = 0; l < L; ++l) {
          const S gt = sigmoid_simd(z[o + l]) * mask[l];
          gr[o + l] = gt;
          yr[o + l] = xr[o + l] * gt;
        }
      }
    }
  });
}

// One row of the backward's first pass: dg = d g and e = d x g (1 - g) (into the padded plane's
// row er), e summed into db (L sums, in float over runs of at most kMssarSumBlock pixels, then in
// double). Relu: behind the ReLU of relu(x g + r), d is dy where the output is positive, written to
// rrow (the residual's gradient), the mask being the saved gate's sign bit (set where the output is
// 0; the gate is its absolute value): one stream fewer than reading the output.
template <class S, int L, bool Relu>
void first_pass_row(S* er, S* dg, S* rrow, const S* dp, const S* gp, const S* xp, int64_t W, double* db) {
  using V = typename VecOf<S, L>::type;
  // The gate's bits: same width as S, so that a cast between V and IV reinterprets them.
  using I = std::conditional_t<sizeof(S) == 4, int32_t, int64_t>;
  using IV = typename VecOf<I, L>::type;
  const IV kSign = IV{} + std::numeric_limits<I>::min();
  for (int64_t w0 = 0; w0 < W; w0 += kMssarSumBlock) {
    const int64_t w1 = std::min(W, w0 + kMssarSumBlock);
    V sum = V{};
    for (int64_t w = w0; w < w1; ++w) {
      const int64_t i = w * L;
      V gt, d;
      if constexpr (Relu) {
        const IV gi = (IV)vload<V>(gp + i);
        const IV sign = gi & kSign;
        gt = (V)(gi ^ sign);
        d = (V)((IV)vload<V>(dp + i) & (sign == IV{}));
        vstore(rrow + i, d);
      } else {
        gt = vload<V>(gp + i);
        d = vload<V>(dp + i);
      }
      vstore(dg + i, d * gt);
      const V e = d * vload<V>(xp + i) * gt * (S(1) - gt);
      vstore(er + i, e);
      sum += e;
    }
    for (int l = 0; l < L; ++l) db[l] += double(sum[l]);
  }
}

template <class S, int L>
void backward_impl(Tensor& dx, Tensor& dweight, Tensor& dbias, const Tensor& dy, const Tensor& x, const Tensor& gate,
                   const Tensor& weight, const MssarOptions& opt, bool behind_relu, Tensor* dres) {
  using V = typename VecOf<S, L>::type;
  const LaneView v = lane_view(x);
  const Geometry g(x, opt);
  const int64_t H = g.H, W = g.W, K = g.K, HW = H * W, chunk = HW * L;
  const bool want_dx = dx.defined(), want_dw = dweight.defined(), want_db = dbias.defined();
  const AlignedVector<S> adj = want_dx ? block_cells<S, L>(weight, opt, v.C, v.CB, true) : AlignedVector<S>();
  const S* dyd = dy.data<S>();
  const S* xd = x.data<S>();
  const S* gd = gate.data<S>();
  S* drd = dres && dres->defined() ? dres->data<S>() : nullptr;
  S* dxd = want_dx ? dx.data<S>() : nullptr;
  // Per chunk and lane: the nine cells' dweight of each scale, then dbias.
  const int64_t P = 9 * K + 1;
  // Each chunk writes all its entries when dweight and dbias are both wanted (training), so they are
  // not cleared first; otherwise the entries it leaves are read as zeros by the sums below.
  const size_t part_size = size_t((want_dw || want_db) ? v.N * v.CB * P * L : 0);
  std::unique_ptr<double[]> part;
  if (part_size) part.reset(want_dw && want_db ? new double[part_size] : new double[part_size]());

  const bool dx_dw = want_dx && want_dw;
  for_each_chunk<S>(v.N * v.CB, g, L, true, [&](int64_t q, Workspace<S>& ws) {
    const int64_t cb = q % v.CB;
    const S *dp = dyd + q * chunk, *xp = xd + q * chunk, *gp = gd + q * chunk;
    // e = dy x g (1 - g) straight into the middle of the padded plane the box sums read; dg = dy g;
    // dbias summed on the way.
    S* ep = ws.epad.data();
    S* dg = ws.dg.data();
    double* pp = part ? part.get() + q * P * L : nullptr;
    double db[L] = {};
    for (int64_t h = 0; h < H; ++h) {
      const int64_t o = h * W * L;
      S* er = ep + ((h + g.margin) * g.pw + g.margin) * L;
      if (behind_relu) {
        // Without a residual gradient wanted, the masked dy goes to a row of the workspace.
        S* rrow = drd ? drd + q * chunk + o : ws.zrow.data();
        first_pass_row<S, L, true>(er, dg + o, rrow, dp + o, gp + o, xp + o, W, db);
      } else {
        first_pass_row<S, L, false>(er, dg + o, nullptr, dp + o, gp + o, xp + o, W, db);
      }
    }
    if (want_db) std::copy(db, db + L, pp + 9 * K * L);
    make_planes<S, L>(ws.made.data(), ep, ws, g);
    for (int64_t k = 0; k < K; ++k) {
      const int64_t s = g.s[size_t(k)];
      const BoxPlane<S> be = view<S, L>(ws.made[size_t(k)], g, mssar_adjoint_origin(s));
      const S* cf = want_dx ? adj.data() + (cb * K + k) * 9 * L : nullptr;
      double accd[9][L] = {};
      V acc[9];
      for (V& a : acc) a = V{};
      int64_t run = 0;
      for (int64_t h = 0; h < H; ++h) {
        const S* const rows[3] = {be.row(h), be.row(h + s), be.row(h + 2 * s)};
        S* out = k == K - 1 && want_dx ? dxd + q * chunk + h * W * L : dg + h * W * L;
        const S* base = dg + h * W * L;
        const S* xr = xp + h * W * L;
        // Runs of at most kMssarSumBlock pixels in float before dweight's sums move to double.
        for (int64_t w0 = 0; w0 < W; w0 += kMssarSumBlock) {
          const int64_t w1 = std::min(W, w0 + kMssarSumBlock);
          if (dx_dw) {
            adjoint_row<S, L, true, true>(out, base, rows, cf, xr, acc, s, w0, w1);
          } else if (want_dx) {
            adjoint_row<S, L, true, false>(out, base, rows, cf, xr, acc, s, w0, w1);
          } else {
            adjoint_row<S, L, false, true>(out, base, rows, cf, xr, acc, s, w0, w1);
          }
          run += w1 - w0;
          if (want_dw && (run + std::min(W, kMssarSumBlock) > kMssarSumBlock || (h == H - 1 && w1 == W))) {
            for (int t = 0; t < 9; ++t) {
              for (int l = 0; l < L; ++l) accd[t][l] += double(acc[t][l]);
              acc[t] = V{};
            }
            run = 0;
          }
        }
      }
      if (want_dw) {
        const double inv = 1.0 / double(s * s);
        for (int t = 0; t < 9; ++t)
          for (int l = 0; l < L; ++l) pp[(k * 9 + t) * L + l] = accd[t][l] * inv;
      }
    }
  });

  if (!part) return;
  // Sum the chunks of each channel over n in order; fold the cells when symmetric.
  S* dwd = want_dw ? dweight.data<S>() : nullptr;
  // A per-sample dbias [N, C] is each chunk's own lane sums, in place of their sum over n.
  const bool per_sample = want_db && dbias.ndim() == 2;
  S* dbd = want_db && !per_sample ? dbias.data<S>() : nullptr;
  if (per_sample) {
    S* dbn = dbias.data<S>();
    for (int64_t n = 0; n < v.N; ++n)
      for (int64_t c = 0; c < v.C; ++c)
        dbn[n * v.C + c] = S(part[size_t(((n * v.CB + c / L) * P + 9 * K) * L + c % L)]);
  }
  parallel_for(v.C, 16, [&](int64_t c0, int64_t c1) {
    std::vector<double> sum(static_cast<size_t>(P), 0.0);
    for (int64_t c = c0; c < c1; ++c) {
      const int64_t cb = c / L, l = c % L;
      std::fill(sum.begin(), sum.end(), 0.0);
      for (int64_t n = 0; n < v.N; ++n) {
        const double* pp = part.get() + (n * v.CB + cb) * P * L;
        for (int64_t t = 0; t < P; ++t) sum[size_t(t)] += pp[t * L + l];
      }
      if (dbd) dbd[c] = S(sum[size_t(9 * K)]);
      if (dwd) mssar_store_weight_grad(sum.data(), c, v.C, opt, dwd);
    }
  });
}

// Calls f(scalar, lanes) with the dtype and the block width as types.
template <class F>
void dispatch_blocked(const Tensor& x, const char* op, F&& f) {
  const bool b16 = x.layout() == Layout::Blocked16;
  MSSAR_CHECK(b16 || x.layout() == Layout::Blocked8, op, ": the blocked kernel takes nChw16c or nChw8c, got ",
              x.describe());
  switch (x.dtype()) {
    case DType::Float32:
      return b16 ? f(float{}, std::integral_constant<int, 16>{}) : f(float{}, std::integral_constant<int, 8>{});
    case DType::Float64:
      return b16 ? f(double{}, std::integral_constant<int, 16>{}) : f(double{}, std::integral_constant<int, 8>{});
    default: fail(op, ": unsupported dtype ", dtype_name(x.dtype()), " (expected float32 or float64)");
  }
}

}  // namespace

void mssar_forward_blocked(Tensor& y, Tensor& gate, const Tensor& x, const Tensor& weight, const Tensor& bias,
                           const MssarOptions& opt, const Tensor& residual) {
  dispatch_blocked(x, "mssar", [&](auto tag_, auto lanes) {
    forward_impl<decltype(tag_), decltype(lanes)::value>(y, gate, x, weight, bias, opt, residual);
  });
}

void mssar_backward_blocked(Tensor& dx, Tensor& dweight, Tensor& dbias, const Tensor& dy, const Tensor& x,
                            const Tensor& gate, const Tensor& weight, const MssarOptions& opt, bool behind_relu,
                            Tensor* dres) {
  dispatch_blocked(x, "mssar backward", [&](auto tag_, auto lanes) {
    backward_impl<decltype(tag_), decltype(lanes)::value>(dx, dweight, dbias, dy, x, gate, weight, opt, behind_relu,
                                                           dres);
  });
}

}  // namespace mssar::cpu
