// The block programs of the MS-SAR CUDA kernels (native/cuda/mssar.cu), written once for the GPU
// and for a host emulation that runs them thread by thread (test/native/mssar_cuda_emulation.cpp),
// so that the index arithmetic is checked against the reference on machines without a GPU.
//
// A program is a sequence of phases, blk.run(fn): every thread runs fn(tid, nthreads), then the
// block synchronizes. Nothing a thread keeps in a local variable outlives its phase; what later
// phases need goes to shared memory. blk.reduce(red, n) sums red[tid * n + j] over the threads into
// red[j]. On the GPU, Block (mssar.cu) is one thread block; in the emulation, a loop.
//
// Tile programs: a block takes one tile of one (n, c) plane (the whole plane when it fits) and
// loads the tile with a margin that covers every cell and every adjoint box of its pixels, zero
// outside the image:
//
//   forward   x region -> per scale: row sums of s pixels, column sums of s rows = box plane B
//             (every s x s cell sum of the tile's neurons) -> z += 9 cells -> y = x g, gate g.
//   backward  dy, x, g region -> e = dy x g (1 - g) region, x and dy g of the tile -> per scale:
//             B of e from the adjoint origin (the sum of e over the neurons whose cell covers a
//             pixel), which gives dx += mirrored cells and the tile's dweight of the nine cells as
//             sum over its pixels of x times the mirrored boxes (block reduction, one partial per
//             tile). Partials are summed over the tiles and n of each channel by partial_sums_lane
//             and write_reduced, in a fixed order (deterministic).
//
// Direct programs (cells too large for a tile in shared memory): one thread per output element,
// cell sums read straight from global memory; slow, but any scale up to kMssarMaxScale works.
#pragma once
#include <math.h>
#include <stdint.h>

#ifdef __CUDACC__
#define MSSAR_HD __host__ __device__ __forceinline__
#else
#define MSSAR_HD inline
#endif

namespace mssar::cuda::blocks {

constexpr int kMaxScales = 16;  // kMssarMaxScales
constexpr int kThreads = 256;   // threads per block: a multiple of 32, a power of two
constexpr int kMaxTileMargin = 24;  // tiles for cells up to 16 pixels; larger cells go direct

MSSAR_HD int imin(int a, int b) { return a < b ? a : b; }
MSSAR_HD int imax(int a, int b) { return a > b ? a : b; }
MSSAR_HD int anchor(int s) { return (s - 1) / 2; }
MSSAR_HD float exp_of(float v) { return expf(v); }
MSSAR_HD double exp_of(double v) { return exp(v); }
// In [0, 1] for every z (exp overflows to inf, giving 0); NaN for NaN.
template <class T>
MSSAR_HD T sigmoid(T z) {
  return T(1) / (T(1) + exp_of(-z));
}

// Calls fn(r, c) for the cells r * cols + c = tid, tid + nt, ... below rows * cols: the usual
// block-strided loop, with the row and column stepped instead of divided out at every element.
template <class F>
MSSAR_HD void for_2d(int tid, int nt, int rows, int cols, const F& fn) {
  if (cols <= 0) return;
  int r = tid / cols, c = tid - r * cols;
  const int dr = nt / cols, dc = nt - dr * cols;
  while (r < rows) {
    fn(r, c);
    r += dr;
    c += dc;
    if (c >= cols) c -= cols, ++r;
  }
}

struct Scales {
  int K;
  int s[kMaxScales];
};

// Everything a launch needs to know about the planes, the tiles and the shared memory.
struct Tiling {
  int N, C, H, W;
  int th, tw;            // tile size; tiles on the bottom and right edges are clipped
  int tiles_h, tiles_w;  // tiles per plane along each axis
  int margin;            // rows and columns loaded around a tile
  Scales sc;
  // Shared memory, in elements: offsets of each buffer and the total.
  int off_x, off_e, off_acc, off_rows, off_box, off_coef, off_red, total;
  MSSAR_HD long long tiles() const { return (long long)N * C * tiles_h * tiles_w; }
  MSSAR_HD int tiles_per_plane() const { return tiles_h * tiles_w; }
};

// The margin around a pixel that holds every forward cell (rows h - s - a .. h + 2 s - a - 1) and
// every adjoint box (p + a + 1 - 2 s .. p + a + s) of every scale.
MSSAR_HD int margin_of(const Scales& sc) {
  int m = 0;
  for (int k = 0; k < sc.K; ++k) m = imax(m, imax(2 * sc.s[k] - anchor(sc.s[k]) - 1, sc.s[k] + anchor(sc.s[k])));
  return m;
}

// Lays out the shared memory of tiles of th x tw. Forward: the x region. Backward: x on the tile,
// the e region and the reduction buffer.
MSSAR_HD Tiling make_tiling(int N, int C, int H, int W, const Scales& sc, int th, int tw, bool backward) {
  Tiling t;
  t.N = N, t.C = C, t.H = H, t.W = W;
  t.sc = sc;
  t.th = imax(1, imin(th, H));
  t.tw = imax(1, imin(tw, W));
  t.tiles_h = H > 0 ? (H + t.th - 1) / t.th : 0;
  t.tiles_w = W > 0 ? (W + t.tw - 1) / t.tw : 0;
  t.margin = margin_of(sc);
  int rows = 0, box = 0;
  for (int k = 0; k < sc.K; ++k) {
    const int s = sc.s[k], ld = t.tw + 2 * s;
    rows = imax(rows, (t.th + 3 * s - 1) * ld);
    box = imax(box, (t.th + 2 * s) * ld);
  }
  const int region = (t.th + 2 * t.margin) * (t.tw + 2 * t.margin);
  int at = 0;
  t.off_x = at, at += backward ? t.th * t.tw : region;  // backward needs x on the tile only
  t.off_e = at, at += backward ? region : 0;
  t.off_acc = at, at += t.th * t.tw;
  t.off_rows = at, at += rows;
  t.off_box = at, at += box;
  t.off_coef = at, at += 9 * sc.K;
  t.off_red = at, at += backward ? kThreads * 9 + (kThreads / 32) * 9 : 0;
  t.total = at;
  return t;
}

// One tile: which plane, which channel, where, how large.
struct TileAt {
  long long plane;
  int c, h0, w0, th, tw;
};

MSSAR_HD TileAt tile_at(const Tiling& t, long long tile) {
  const long long per_plane = t.tiles_per_plane();
  TileAt a;
  a.plane = tile / per_plane;
  const int k = int(tile - a.plane * per_plane);
  a.c = int(a.plane % t.C);
  a.h0 = (k / t.tiles_w) * t.th;
  a.w0 = (k % t.tiles_w) * t.tw;
  a.th = imin(t.th, t.H - a.h0);
  a.tw = imin(t.tw, t.W - a.w0);
  return a;
}

// The nine cell weights of scale k, channel c (row-major (i+1, j+1)), divided by s^2; mirrored
// (cell 8 - t) for the adjoint. weight: [K, C, 3, 3], or [K, C, 3] = (m, e, c) when symmetric.
template <class T>
MSSAR_HD T cell_coef(const T* weight, int symmetric, int C, int k, int c, int cell, int s, bool mirrored) {
  const int t = mirrored ? 8 - cell : cell;
  T w;
  if (symmetric) {
    const T* p = weight + ((long long)k * C + c) * 3;
    w = t == 4 ? p[0] : (t % 2 == 1 ? p[1] : p[2]);  // centre m, edges e (odd cells), corners c
  } else {
    w = weight[((long long)k * C + c) * 9 + t];
  }
  return w / T(s * s);
}

// Four consecutive elements from 16-byte aligned global memory (float only; the launcher allows
// it when the planes are 16-byte aligned).
template <class T>
struct Load4 {
  MSSAR_HD static void load(const T* p, T out[4]) {
    out[0] = p[0], out[1] = p[1], out[2] = p[2], out[3] = p[3];
  }
  MSSAR_HD static void store(T* p, const T v[4]) { p[0] = v[0], p[1] = v[1], p[2] = v[2], p[3] = v[3]; }
};
#ifdef __CUDACC__
template <>
struct Load4<float> {
  __device__ __forceinline__ static void load(const float* p, float out[4]) {
    const float4 v = *reinterpret_cast<const float4*>(p);
    out[0] = v.x, out[1] = v.y, out[2] = v.z, out[3] = v.w;
  }
  __device__ __forceinline__ static void store(float* p, const float v[4]) {
    *reinterpret_cast<float4*>(p) = make_float4(v[0], v[1], v[2], v[3]);
  }
};
#endif

// Box plane of scale s from a region (rows and columns relative to the tile's corner shifted by
// -margin): B(r, c) = sum over u, v < s of region(origin + r + u + margin, origin + c + v + margin),
// r < th + 2 s, c < tw + 2 s, rows ld apart. For s = 1 that is the region itself (no phase); else
// two phases: row sums into `rows`, column sums into B.
template <class T, class Block>
MSSAR_HD const T* box_plane(Block& blk, T* B, T* rows, const T* region, int rw, int margin, int th, int tw, int s,
                            int origin, int& ld) {
  const T* src = region + (origin + margin) * rw + origin + margin;
  if (s == 1) {
    ld = rw;
    return src;
  }
  ld = tw + 2 * s;
  const int cols = ld, nrows = th + 3 * s - 1, nbox = th + 2 * s;
  blk.run([&](int tid, int nt) {
    for_2d(tid, nt, nrows, cols, [&](int r, int c) {
      const T* in = src + r * rw + c;
      T sum = in[0];
      for (int v = 1; v < s; ++v) sum += in[v];
      rows[r * cols + c] = sum;
    });
  });
  blk.run([&](int tid, int nt) {
    for (int i = tid; i < nbox * cols; i += nt) {
      T sum = rows[i];
      for (int u = 1; u < s; ++u) sum += rows[i + u * cols];
      B[i] = sum;
    }
  });
  return B;
}

// acc[h * tw + w] += sum over the 3 x 3 cells of coef[ii * 3 + jj] * B(h + ii s, w + jj s).
template <class T, class Block>
MSSAR_HD void add_nine_cells(Block& blk, T* acc, const T* B, int ld, const T* coef, int th, int tw, int s) {
  blk.run([&](int tid, int nt) {
    for_2d(tid, nt, th, tw, [&](int h, int w) {
      const T* b0 = B + h * ld + w;
      const T* b1 = b0 + s * ld;
      const T* b2 = b1 + s * ld;
      acc[h * tw + w] += (coef[0] * b0[0] + coef[1] * b0[s] + coef[2] * b0[2 * s]) +
                         (coef[3] * b1[0] + coef[4] * b1[s] + coef[5] * b1[2 * s]) +
                         (coef[6] * b2[0] + coef[7] * b2[s] + coef[8] * b2[2 * s]);
    });
  });
}

template <class T>
struct ForwardArgs {
  T* y;
  T* gate;
  const T* x;
  const T* weight;
  const T* bias;        // [C], or [N, C] when bias_per_sample
  int bias_per_sample;
  int symmetric;
  int vec4;  // whole-plane tiles, float, 16-byte aligned planes of a multiple of 4 elements
  Tiling t;
};

template <class T, class Block>
MSSAR_HD void forward_tile(Block& blk, T* sm, const ForwardArgs<T>& a, long long tile) {
  const Tiling& t = a.t;
  const TileAt at = tile_at(t, tile);
  const int m = t.margin, rw = at.tw + 2 * m, rh = at.th + 2 * m, H = t.H, W = t.W, K = t.sc.K;
  const long long base = at.plane * H * W;
  T* xs = sm + t.off_x;
  T* z = sm + t.off_acc;
  T* coef = sm + t.off_coef;
  const T* xp = a.x + base;
  const bool vec = a.vec4 != 0;
  blk.run([&](int tid, int nt) {
    // The region, zero outside the image; with vec, the margins here and the image below.
    for_2d(tid, nt, rh, rw, [&](int r, int q) {
      const int p = at.h0 - m + r, w = at.w0 - m + q;
      const bool inside = p >= 0 && p < H && w >= 0 && w < W;
      if (!inside)
        xs[r * rw + q] = T(0);
      else if (!vec)
        xs[r * rw + q] = xp[(long long)p * W + w];
    });
    if (vec) {
      for (int j = tid; j < H * W / 4; j += nt) {
        T v[4];
        Load4<T>::load(xp + 4 * j, v);
        int p = 4 * j / W, w = 4 * j - p * W;
        for (int u = 0; u < 4; ++u, ++w) {
          if (w == W) w = 0, ++p;
          xs[(p + m) * rw + w + m] = v[u];
        }
      }
    }
    for (int i = tid; i < 9 * K; i += nt)
      coef[i] = cell_coef(a.weight, a.symmetric, t.C, i / 9, at.c, i % 9, t.sc.s[i / 9], false);
    const T b = a.bias_per_sample ? a.bias[at.plane] : a.bias[at.c];
    for (int i = tid; i < at.th * at.tw; i += nt) z[i] = b;
  });
  for (int k = 0; k < K; ++k) {
    const int s = t.sc.s[k];
    int ld = 0;
    const T* B = box_plane(blk, sm + t.off_box, sm + t.off_rows, xs, rw, m, at.th, at.tw, s, -s - anchor(s), ld);
    add_nine_cells(blk, z, B, ld, coef + 9 * k, at.th, at.tw, s);
  }
  blk.run([&](int tid, int nt) {
    if (vec) {
      // The tile is the plane: z is in the plane's own order.
      for (int j = tid; j < H * W / 4; j += nt) {
        T g[4], y[4];
        int p = 4 * j / W, w = 4 * j - p * W;
        for (int u = 0; u < 4; ++u, ++w) {
          if (w == W) w = 0, ++p;
          g[u] = sigmoid(z[4 * j + u]);
          y[u] = xs[(p + m) * rw + w + m] * g[u];
        }
        Load4<T>::store(a.gate + base + 4 * j, g);
        Load4<T>::store(a.y + base + 4 * j, y);
      }
      return;
    }
    for_2d(tid, nt, at.th, at.tw, [&](int h, int w) {
      const T g = sigmoid(z[h * at.tw + w]);
      const long long out = base + (long long)(at.h0 + h) * W + at.w0 + w;
      a.gate[out] = g;
      a.y[out] = xs[(h + m) * rw + w + m] * g;
    });
  });
}

template <class T>
struct BackwardArgs {
  T* dx;            // null when not wanted
  T* partials;      // [tiles, 9 K + 1]: dweight of the nine cells of each scale, then dbias; null when neither is wanted
  const T* dy;
  const T* x;
  const T* gate;
  const T* weight;
  int symmetric;
  int want_dw, want_db;
  int vec4;
  Tiling t;
};

template <class T, class Block>
MSSAR_HD void backward_tile(Block& blk, T* sm, const BackwardArgs<T>& a, long long tile) {
  const Tiling& t = a.t;
  const TileAt at = tile_at(t, tile);
  const int m = t.margin, rw = at.tw + 2 * m, rh = at.th + 2 * m, H = t.H, W = t.W, K = t.sc.K;
  const int P = 9 * K + 1;
  const long long base = at.plane * H * W;
  T* xt = sm + t.off_x;  // x on the tile
  T* es = sm + t.off_e;
  T* dg = sm + t.off_acc;  // dy g, then dx
  T* coef = sm + t.off_coef;
  T* red = sm + t.off_red;
  const bool vec = a.vec4 != 0, want_dx = a.dx != nullptr;
  T* part = a.partials ? a.partials + tile * P : nullptr;
  // The region's e (zero outside the image), x and dy g of the tile, and this thread's share of
  // sum e over the tile.
  blk.run([&](int tid, int nt) {
    T esum = 0;
    for_2d(tid, nt, rh, rw, [&](int r, int q) {
      const int p = at.h0 - m + r, w = at.w0 - m + q, i = r * rw + q;
      const bool inside = p >= 0 && p < H && w >= 0 && w < W;
      if (!inside) {
        es[i] = T(0);
      } else if (!vec) {
        const long long idx = base + (long long)p * W + w;
        const T d = a.dy[idx], xv = a.x[idx], g = a.gate[idx];
        const T e = d * xv * g * (T(1) - g);
        es[i] = e;
        const int h = r - m, ww = q - m;
        if (h >= 0 && h < at.th && ww >= 0 && ww < at.tw) {
          xt[h * at.tw + ww] = xv;
          dg[h * at.tw + ww] = d * g;
          esum += e;
        }
      }
    });
    if (vec) {
      for (int j = tid; j < H * W / 4; j += nt) {
        T d[4], xv[4], g[4];
        Load4<T>::load(a.dy + base + 4 * j, d);
        Load4<T>::load(a.x + base + 4 * j, xv);
        Load4<T>::load(a.gate + base + 4 * j, g);
        int p = 4 * j / W, w = 4 * j - p * W;
        for (int u = 0; u < 4; ++u, ++w) {
          if (w == W) w = 0, ++p;
          const T e = d[u] * xv[u] * g[u] * (T(1) - g[u]);
          es[(p + m) * rw + w + m] = e;
          xt[4 * j + u] = xv[u];
          dg[4 * j + u] = d[u] * g[u];
          esum += e;
        }
      }
    }
    for (int i = tid; i < 9 * K; i += nt)
      coef[i] = cell_coef(a.weight, a.symmetric, t.C, i / 9, at.c, i % 9, t.sc.s[i / 9], true);
    red[tid] = esum;
  });
  if (a.want_db) {
    blk.reduce(red, 1);
    blk.run([&](int tid, int nt) {
      if (tid == 0) part[9 * K] = red[0];
    });
  }
  for (int k = 0; k < K; ++k) {
    const int s = t.sc.s[k];
    // B(p + ii s, q + jj s) from the adjoint origin: the sum of e over the neurons whose cell
    // (1 - ii, 1 - jj) covers pixel (p, q) (mirrored cell (ii, jj)).
    int ld = 0;
    const T* B = box_plane(blk, sm + t.off_box, sm + t.off_rows, es, rw, m, at.th, at.tw, s, anchor(s) + 1 - 2 * s, ld);
    if (a.want_dw) {
      // dweight[k, (i, j)] = sum_{h,w} e(h, w) M(h + i s, w + j s) = sum over pixels of x times the
      // mirrored box, / s^2 (the same pairs of e and x, grouped by pixel).
      blk.run([&](int tid, int nt) {
        T acc[9] = {0, 0, 0, 0, 0, 0, 0, 0, 0};
        for_2d(tid, nt, at.th, at.tw, [&](int h, int w) {
          const T xv = xt[h * at.tw + w];
          const T* b = B + h * ld + w;
          for (int ii = 0; ii < 3; ++ii)
            for (int jj = 0; jj < 3; ++jj) acc[ii * 3 + jj] += xv * b[ii * s * ld + jj * s];
        });
        for (int j = 0; j < 9; ++j) red[tid * 9 + j] = acc[j];
      });
      blk.reduce(red, 9);
      blk.run([&](int tid, int nt) {
        if (tid < 9) part[9 * k + tid] = red[8 - tid] / T(s * s);
      });
    }
    // dx(p, q) += weight / s^2 times the mirrored boxes (coef holds the mirrored cells).
    if (want_dx) add_nine_cells(blk, dg, B, ld, coef + 9 * k, at.th, at.tw, s);
  }
  if (!want_dx) return;
  blk.run([&](int tid, int nt) {
    if (vec) {
      for (int j = tid; j < H * W / 4; j += nt) Load4<T>::store(a.dx + base + 4 * j, dg + 4 * j);
      return;
    }
    for_2d(tid, nt, at.th, at.tw,
           [&](int h, int w) { a.dx[base + (long long)(at.h0 + h) * W + at.w0 + w] = dg[h * at.tw + w]; });
  });
}

// ---- Direct programs, for cells too large for shared memory --------------------------------------

// The sum of x~ over rows r0 .. r0 + s - 1 and columns c0 .. c0 + s - 1 of one plane.
template <class T>
MSSAR_HD T box_sum(const T* plane, int H, int W, int r0, int c0, int s) {
  T sum = 0;
  for (int p = imax(r0, 0); p < imin(r0 + s, H); ++p)
    for (int q = imax(c0, 0); q < imin(c0 + s, W); ++q) sum += plane[(long long)p * W + q];
  return sum;
}

// y and gate of one element (index into [N, C, H, W]).
template <class T>
MSSAR_HD void forward_direct_element(const ForwardArgs<T>& a, long long idx) {
  const Tiling& t = a.t;
  const long long hw = (long long)t.H * t.W, plane = idx / hw;
  const int c = int(plane % t.C), h = int((idx - plane * hw) / t.W), w = int(idx - plane * hw - (long long)h * t.W);
  const T* xp = a.x + plane * hw;
  T z = a.bias_per_sample ? a.bias[plane] : a.bias[c];
  for (int k = 0; k < t.sc.K; ++k) {
    const int s = t.sc.s[k], o = anchor(s);
    for (int cell = 0; cell < 9; ++cell) {
      const int i = cell / 3 - 1, j = cell % 3 - 1;
      z += cell_coef(a.weight, a.symmetric, t.C, k, c, cell, s, false) * box_sum(xp, t.H, t.W, h + i * s - o, w + j * s - o, s);
    }
  }
  const T g = sigmoid(z);
  a.gate[idx] = g;
  a.y[idx] = xp[(long long)h * t.W + w] * g;
}

template <class T>
MSSAR_HD T e_at(const BackwardArgs<T>& a, long long idx) {
  const T g = a.gate[idx];
  return a.dy[idx] * a.x[idx] * g * (T(1) - g);
}

// dx of one element: dy g + the adjoint boxes of e, e computed from dy, x and g as it is read.
template <class T>
MSSAR_HD void backward_direct_dx(const BackwardArgs<T>& a, long long idx) {
  const Tiling& t = a.t;
  const long long hw = (long long)t.H * t.W, plane = idx / hw;
  const int c = int(plane % t.C), p = int((idx - plane * hw) / t.W), q = int(idx - plane * hw - (long long)p * t.W);
  T out = a.dy[idx] * a.gate[idx];
  for (int k = 0; k < t.sc.K; ++k) {
    const int s = t.sc.s[k], o = anchor(s);
    for (int cell = 0; cell < 9; ++cell) {
      const int i = cell / 3 - 1, j = cell % 3 - 1;
      // Neurons (h, w) whose cell (i, j) covers (p, q): h in p - i s + o - s + 1 .. p - i s + o.
      const int h0 = p - i * s + o - s + 1, w0 = q - j * s + o - s + 1;
      T sum = 0;
      for (int h = imax(h0, 0); h < imin(h0 + s, t.H); ++h)
        for (int w = imax(w0, 0); w < imin(w0 + s, t.W); ++w) sum += e_at(a, plane * hw + (long long)h * t.W + w);
      out += cell_coef(a.weight, a.symmetric, t.C, k, c, cell, s, false) * sum;
    }
  }
  a.dx[idx] = out;
}

// The partials of one plane (the tiling of direct launches has one tile per plane): the block
// sums e * M over the plane for each scale's nine cells, then e.
template <class T, class Block>
MSSAR_HD void backward_direct_partials(Block& blk, T* red, const BackwardArgs<T>& a, long long plane) {
  const Tiling& t = a.t;
  const int K = t.sc.K, P = 9 * K + 1, H = t.H, W = t.W;
  const long long hw = (long long)H * W, base = plane * hw;
  const T* xp = a.x + base;
  T* part = a.partials + plane * P;
  for (int k = 0; k < K && a.want_dw; ++k) {
    const int s = t.sc.s[k], o = anchor(s);
    blk.run([&](int tid, int nt) {
      T acc[9] = {0, 0, 0, 0, 0, 0, 0, 0, 0};
      for (long long i = tid; i < hw; i += nt) {
        const int h = int(i / W), w = int(i - (long long)h * W);
        const T e = e_at(a, base + i);
        for (int cell = 0; cell < 9; ++cell)
          acc[cell] += e * box_sum(xp, H, W, h + (cell / 3 - 1) * s - o, w + (cell % 3 - 1) * s - o, s);
      }
      for (int j = 0; j < 9; ++j) red[tid * 9 + j] = acc[j];
    });
    blk.reduce(red, 9);
    blk.run([&](int tid, int nt) {
      if (tid < 9) part[9 * k + tid] = red[tid] / T(s * s);
    });
  }
  if (!a.want_db) return;
  blk.run([&](int tid, int nt) {
    T acc = 0;
    for (long long i = tid; i < hw; i += nt) acc += e_at(a, base + i);
    red[tid] = acc;
  });
  blk.reduce(red, 1);
  blk.run([&](int tid, int nt) {
    if (tid == 0) part[9 * K] = red[0];
  });
}

// ---- Reduction of the partials -------------------------------------------------------------------

// The number of outputs of the reduction: K C cells' gradients, then dbias, C of them or N C for a
// per-sample bias.
MSSAR_HD long long reduced_outputs(const Tiling& t, int bias_per_sample) {
  return (long long)t.sc.K * t.C + (bias_per_sample ? (long long)t.N * t.C : t.C);
}

// Output i of reduced_outputs: for i < K C, the nine cell gradients of (k, c) = (i / C, i % C),
// summed over n and the tiles of each plane; the rest are dbias, of channel c summed over n, or with
// a per-sample bias of plane n C + c alone. `lanes` threads share one output (a warp on the GPU):
// lane `lane` sums every lanes-th (n, tile) partial, in order, into sums (nine cells, or sums[0] for
// dbias), in double; the lanes' sums are then added in a fixed order (deterministic) and written by
// write_reduced.
template <class T>
MSSAR_HD void partial_sums_lane(double sums[9], const T* partials, const Tiling& t, int bias_per_sample, long long i,
                                int lane, int lanes) {
  const int K = t.sc.K, C = t.C, P = 9 * K + 1, tpp = t.tiles_per_plane();
  for (int j = 0; j < 9; ++j) sums[j] = 0;
  const bool bias = i >= (long long)K * C;
  const long long bi = bias ? i - (long long)K * C : 0;  // the channel, or the plane when per sample
  const int c = bias ? int(bi % C) : int(i % C);
  const int first = bias ? 9 * K : 9 * int(i / C);
  const long long n0 = bias && bias_per_sample ? bi / C : 0;
  const long long items = (bias && bias_per_sample ? 1 : (long long)t.N) * tpp;
  for (long long item = lane; item < items; item += lanes) {
    const long long n = n0 + item / tpp, tt = item % tpp;
    const T* p = partials + ((n * C + c) * tpp + tt) * P + first;
    if (bias) {
      sums[0] += double(p[0]);
    } else {
      for (int j = 0; j < 9; ++j) sums[j] += double(p[j]);  // a constant count: unrolled, in registers
    }
  }
}

// Writes output i (see partial_sums_lane) from its totals: dweight's nine cells (folded into
// (m, e, c) when symmetric), or dbias. Outputs not wanted (null pointer) are skipped.
template <class T>
MSSAR_HD void write_reduced(T* dweight, T* dbias, const Tiling& t, int symmetric, int bias_per_sample, long long i,
                            const double sums[9]) {
  const int K = t.sc.K, C = t.C;
  if (i < (long long)K * C) {
    if (!dweight) return;
    if (symmetric) {
      T* out = dweight + i * 3;  // i = k C + c: row (k, c) of [K, C, 3]
      out[0] = T(sums[4]);
      out[1] = T(sums[1] + sums[3] + sums[5] + sums[7]);
      out[2] = T(sums[0] + sums[2] + sums[6] + sums[8]);
    } else {
      for (int j = 0; j < 9; ++j) dweight[i * 9 + j] = T(sums[j]);
    }
  } else if (i < reduced_outputs(t, bias_per_sample)) {
    if (dbias) dbias[i - (long long)K * C] = T(sums[0]);
  }
}

}  // namespace mssar::cuda::blocks
