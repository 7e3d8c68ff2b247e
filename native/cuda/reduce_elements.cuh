// The per-thread programs of the CUDA reductions (sum.cu, extremum.cu, reduce.cuh), host and device
// code, on the plan of sum (ReducePlan, ops/sum.h). The kernels run them, and the host emulation
// test (test/native/emulate_reductions.cpp) runs them for every thread of every block, combining a
// block's partial sums in the order the kernels' shuffles and shared memory do.
#pragma once
#include <algorithm>

#include "../ops/sum.h"

#ifdef __CUDACC__
#define MSSAR_REDUCE_ELEMENT_HD __host__ __device__ __forceinline__
#else
#define MSSAR_REDUCE_ELEMENT_HD inline
#endif

namespace mssar::cuda {

// ---- sum ----------------------------------------------------------------------------------------

// The reduced positions [begin, end) of split `split` of `splits`.
MSSAR_REDUCE_ELEMENT_HD void split_range(long long count, long long split, long long splits, long long& begin,
                                         long long& end) {
  begin = count * split / splits, end = count * (split + 1) / splits;
}

// Inner group reduced: what thread `t` of `threads` adds of output o's positions [jb, je)
// (`base`: x at the output's first element).
template <class T>
MSSAR_REDUCE_ELEMENT_HD double sum_rows_partial(const T* base, const ReducePlan& p, long long jb, long long je,
                                                long long t, long long threads) {
  double acc = 0;
  if (p.nred == 0) {
    for (long long j = jb + t; j < je; j += threads) acc += double(base[j]);
  } else {
    for (long long j = jb + t; j < je; j += threads) {
      const long long run = j / p.inner;
      acc += double(base[group_offset(run, p.nred, p.red_size, p.red_stride) + (j - run * p.inner)]);
    }
  }
  return acc;
}

// Inner group kept: what the thread of row `ty` of `rows` adds of column l's reduced rows [rb, re)
// (`base`: x at the column block's kept group).
template <class T>
MSSAR_REDUCE_ELEMENT_HD double sum_columns_partial(const T* base, const ReducePlan& p, long long rb, long long re,
                                                   long long l, long long ty, long long rows) {
  double acc = 0;
  if (l < p.inner) {
    for (long long r = rb + ty; r < re; r += rows) acc += double(base[group_offset(r, p.nred, p.red_size, p.red_stride) + l]);
  }
  return acc;
}

// y[o] = scale * the sum of the splits' partial sums, added in split order.
template <class T>
MSSAR_REDUCE_ELEMENT_HD void finish_partials_element(T* y, const double* partial, long long outputs, long long splits,
                                                     double scale, long long o) {
  double s = 0;
  for (long long k = 0; k < splits; ++k) s += partial[k * outputs + o];
  y[o] = T(scale * s);
}

template <class T>
MSSAR_REDUCE_ELEMENT_HD void sum_backward_element(T* dx, const T* dy, const ReducePlan& p, double scale, long long i) {
  const long long row = i / p.inner;
  dx[i] = T(scale * double(dy[output_index(p, row, i - row * p.inner)]));
}

// Splits of a reduction of `blocks` blocks of `work` elements each, so that about four blocks per
// multiprocessor (`sms` of them) run, each summing at least `min_work` elements.
inline long long choose_splits(long long blocks, long long work, long long min_work, long long max_splits, long long sms) {
  const long long target = 4LL * sms;
  if (blocks >= target) return 1;
  const long long s = std::min((target + blocks - 1) / blocks, (work + min_work - 1) / min_work);
  return std::max(1LL, std::min(s, max_splits));
}

// ---- max and min --------------------------------------------------------------------------------

// The larger of a and b, or a when a is NaN (block maxima keep NaN: a NaN input gives NaN).
template <class A>
MSSAR_REDUCE_ELEMENT_HD A max_keep_nan(A a, A b) {
  return (a > b || a != a) ? a : b;
}

// Input offset of reduced position `pos` of output `o`.
MSSAR_REDUCE_ELEMENT_HD long long extremum_source(const ReducePlan& p, long long o, long long pos) {
  if (p.inner_reduced) {
    const long long r = pos / p.inner;
    return group_offset(o, p.nkept, p.kept_size, p.kept_stride) + group_offset(r, p.nred, p.red_size, p.red_stride) +
           (pos - r * p.inner);
  }
  const long long k = o / p.inner;
  return group_offset(k, p.nkept, p.kept_size, p.kept_stride) + (o - k * p.inner) +
         group_offset(pos, p.nred, p.red_size, p.red_stride);
}

// Output o: its reduced elements in row-major order; the first extremum wins, a NaN beats every
// number and the first NaN stays.
template <class T>
MSSAR_REDUCE_ELEMENT_HD void extremum_forward_element(T* values, int64_t* indices, const T* x, const ReducePlan& p,
                                                      bool is_min, long long o) {
  T best = x[extremum_source(p, o, 0)];
  long long at = 0;
  for (long long pos = 1; pos < p.count; ++pos) {
    const T v = x[extremum_source(p, o, pos)];
    const bool take = (is_min ? v < best : v > best) || (v != v && best == best);
    if (take) best = v, at = pos;
  }
  values[o] = best;
  indices[o] = at;
}

// dx (zeroed) gets dy[o] at output o's extremum; a position out of range is skipped.
template <class T>
MSSAR_REDUCE_ELEMENT_HD void extremum_backward_element(T* dx, const T* dy, const int64_t* indices, const ReducePlan& p,
                                                       long long o) {
  if (indices[o] >= 0 && indices[o] < p.count) dx[extremum_source(p, o, indices[o])] = dy[o];
}

}  // namespace mssar::cuda
