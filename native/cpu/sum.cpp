// sum (and mean, through the scale) on the CPU. The reduction is first coalesced (ReducePlan), then
// walked one of two ways:
//   inner group reduced  each output sums runs of contiguous elements (pairwise, in double);
//   inner group kept     each task accumulates a chunk of contiguous outputs across the reduced
//                        rows, vectorized over the chunk, in blocks of rows (double accumulators).
// Many outputs: one OpenMP task per group of outputs. Few outputs and long reductions: the
// reduction is cut into fixed chunks whose partial sums are added in order (no atomics, and the
// same result for the same thread count).
#include "../ops/sum.h"

#include <algorithm>
#include <vector>

#include "../core/dtype_dispatch.h"
#include "../core/parallel.h"
#include "reduce_util.h"

namespace mssar::cpu {

namespace {

constexpr int64_t kGrain = 1 << 15;
constexpr int64_t kColumnChunk = 256;  // contiguous outputs one task accumulates together
constexpr int64_t kBlockRows = 1024;   // rows summed into a block before it joins the total

constexpr int64_t kRowTile = 64;  // outputs one task accumulates together (inner group reduced)

// Inner group reduced: acc[o - ob] = the sum, for outputs o in [ob, ob + kRowTile), of their
// reduced elements j in [jb, je), where j = run * inner + i walks the runs of the inner group.
// Runs are the outer loop, so that a tile's runs of one reduced index (neighbours in memory when
// the kept group sits next to the inner one, as channels do in NCHW) are read one after another.
template <class T>
void row_tile(const ReducePlan& p, const T* x, int64_t ob, int64_t oe, int64_t jb, int64_t je, double* acc) {
  const int64_t w = oe - ob;
  int64_t kept[kRowTile];
  double block[kRowTile];
  for (int64_t o = 0; o < w; ++o) {
    kept[o] = group_offset(ob + o, p.nkept, p.kept_size, p.kept_stride);
    acc[o] = 0;
    block[o] = 0;
  }
  int64_t run = jb / p.inner, i = jb - run * p.inner, runs_in_block = 0;
  for (int64_t j = jb; j < je; ++run, i = 0) {
    const int64_t n = std::min(p.inner - i, je - j);
    const T* base = x + group_offset(run, p.nred, p.red_size, p.red_stride) + i;
    for (int64_t o = 0; o < w; ++o) block[o] += pairwise_sum(base + kept[o], n);
    j += n;
    if (++runs_in_block == kBlockRows) {
      for (int64_t o = 0; o < w; ++o) acc[o] += block[o], block[o] = 0;
      runs_in_block = 0;
    }
  }
  for (int64_t o = 0; o < w; ++o) acc[o] += block[o];
}

template <class T>
void sum_rows(T* y, const T* x, const ReducePlan& p, double scale) {
  const int64_t outputs = p.outputs, count = p.count;
  const int64_t nt = num_threads();
  if (outputs >= 4 * nt || count <= kGrain) {
    parallel_for(outputs, std::max<int64_t>(1, kGrain / count), [&](int64_t b, int64_t e) {
      double acc[kRowTile];
      for (int64_t ob = b; ob < e; ob += kRowTile) {
        const int64_t oe = std::min(e, ob + kRowTile);
        row_tile(p, x, ob, oe, 0, count, acc);
        for (int64_t o = ob; o < oe; ++o) y[o] = T(scale * acc[o - ob]);
      }
    });
    return;
  }
  // Few outputs, long reductions: fixed chunks of the reduction, partial sums added in order.
  const int64_t chunks = std::min(nt, (count + kGrain - 1) / kGrain);
  std::vector<double> partial(size_t(chunks * outputs));
  parallel_for(chunks, 0, [&](int64_t cb, int64_t ce) {
    for (int64_t c = cb; c < ce; ++c) {
      const int64_t jb = count * c / chunks, je = count * (c + 1) / chunks;
      for (int64_t ob = 0; ob < outputs; ob += kRowTile)
        row_tile(p, x, ob, std::min(outputs, ob + kRowTile), jb, je, &partial[size_t(c * outputs + ob)]);
    }
  });
  for (int64_t o = 0; o < outputs; ++o) {
    double s = 0;
    for (int64_t c = 0; c < chunks; ++c) s += partial[size_t(c * outputs + o)];
    y[o] = T(scale * s);
  }
}

// Inner group kept: acc[0..le-lb) = sums over reduced rows [rb, re) of x at kept index oo and
// inner positions [lb, le).
template <class T>
void column_partial(const ReducePlan& p, const T* x, int64_t oo, int64_t lb, int64_t le, int64_t rb, int64_t re,
                    double* acc) {
  const int64_t w = le - lb;
  const T* base = x + group_offset(oo, p.nkept, p.kept_size, p.kept_stride) + lb;
  double block[kColumnChunk];
  for (int64_t l = 0; l < w; ++l) acc[l] = 0;
  for (int64_t r0 = rb; r0 < re; r0 += kBlockRows) {
    const int64_t r1 = std::min(re, r0 + kBlockRows);
    for (int64_t l = 0; l < w; ++l) block[l] = 0;
    for (int64_t r = r0; r < r1; ++r) {
      const T* row = base + group_offset(r, p.nred, p.red_size, p.red_stride);
#pragma omp simd
      for (int64_t l = 0; l < w; ++l) block[l] += double(row[l]);
    }
    for (int64_t l = 0; l < w; ++l) acc[l] += block[l];
  }
}

template <class T>
void sum_columns(T* y, const T* x, const ReducePlan& p, double scale) {
  const int64_t inner = p.inner, rows = p.red_count, outputs = p.outputs;
  const int64_t lchunks = (inner + kColumnChunk - 1) / kColumnChunk;
  const int64_t units = p.kept_count * lchunks;
  const int64_t nt = num_threads();
  auto unit_range = [&](int64_t u, int64_t& oo, int64_t& lb, int64_t& le) {
    oo = u / lchunks;
    lb = (u - oo * lchunks) * kColumnChunk;
    le = std::min(inner, lb + kColumnChunk);
  };
  if (units >= 4 * nt || p.numel <= kGrain) {
    const int64_t work = rows * std::min(inner, kColumnChunk);
    parallel_for(units, std::max<int64_t>(1, kGrain / work), [&](int64_t b, int64_t e) {
      double acc[kColumnChunk];
      for (int64_t u = b; u < e; ++u) {
        int64_t oo, lb, le;
        unit_range(u, oo, lb, le);
        column_partial(p, x, oo, lb, le, 0, rows, acc);
        T* out = y + oo * inner + lb;
        for (int64_t l = 0; l < le - lb; ++l) out[l] = T(scale * acc[l]);
      }
    });
    return;
  }
  const int64_t chunks = std::max<int64_t>(1, std::min({nt, rows, (p.numel + kGrain - 1) / kGrain}));
  std::vector<double> partial(size_t(chunks * outputs));
  parallel_for(chunks, 0, [&](int64_t cb, int64_t ce) {
    for (int64_t c = cb; c < ce; ++c) {
      const int64_t rb = rows * c / chunks, re = rows * (c + 1) / chunks;
      for (int64_t u = 0; u < units; ++u) {
        int64_t oo, lb, le;
        unit_range(u, oo, lb, le);
        column_partial(p, x, oo, lb, le, rb, re, &partial[size_t(c * outputs + oo * inner + lb)]);
      }
    }
  });
  for (int64_t o = 0; o < outputs; ++o) {
    double s = 0;
    for (int64_t c = 0; c < chunks; ++c) s += partial[size_t(c * outputs + o)];
    y[o] = T(scale * s);
  }
}

}  // namespace

void sum_forward(Tensor& y, const Tensor& x, const std::vector<int64_t>& dims, double scale) {
  const ReducePlan p = make_reduce_plan(x.shape(), dims);
  dispatch_float(x.dtype(), "sum", [&](auto tag_) {
    using scalar_t = decltype(tag_);
    if (p.inner_reduced) {
      sum_rows(y.data<scalar_t>(), x.data<scalar_t>(), p, scale);
    } else {
      sum_columns(y.data<scalar_t>(), x.data<scalar_t>(), p, scale);
    }
  });
}

void sum_backward(Tensor& dx, const Tensor& dy, const std::vector<int64_t>& dims, double scale) {
  const ReducePlan p = make_reduce_plan(dx.shape(), dims);
  const int64_t inner = p.inner;
  dispatch_float(dy.dtype(), "sum backward", [&](auto tag_) {
    using scalar_t = decltype(tag_);
    const scalar_t* g = dy.data<scalar_t>();
    scalar_t* d = dx.data<scalar_t>();
    const scalar_t s = scalar_t(scale);
    // Over the input in contiguous pieces; each piece walks the rows (inner groups) it touches.
    parallel_for(p.numel, kGrain, [&](int64_t b, int64_t e) {
      for (int64_t row = b / inner; row * inner < e; ++row) {
        const int64_t lb = std::max(b, row * inner) - row * inner, le = std::min(e, (row + 1) * inner) - row * inner;
        scalar_t* out = d + row * inner;
        const int64_t o = output_index(p, row, 0);
        if (p.inner_reduced) {
          const scalar_t v = s * g[o];
#pragma omp simd
          for (int64_t l = lb; l < le; ++l) out[l] = v;
        } else {
          const scalar_t* src = g + o;
#pragma omp simd
          for (int64_t l = lb; l < le; ++l) out[l] = s * src[l];
        }
      }
    });
  });
}

}  // namespace mssar::cpu

namespace mssar {
MSSAR_REGISTER_KERNEL(sum_forward, CPU, cpu::sum_forward)
MSSAR_REGISTER_KERNEL(sum_backward, CPU, cpu::sum_backward)
}  // namespace mssar
