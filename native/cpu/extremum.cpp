// max and min with their positions on the CPU, on the coalesced plan of sum (ReducePlan):
//   inner group reduced  per output: a vectorized pass for the extremum (and whether a NaN is
//                        there), then a scan for its first position;
//   inner group kept     per chunk of contiguous outputs: the reduced rows folded in, vectorized
//                        over the chunk, keeping value and row of the best so far.
#include "../ops/extremum.h"

#include <algorithm>

#include "../core/dtype_dispatch.h"
#include "../core/parallel.h"

namespace mssar::cpu {

namespace {

constexpr int64_t kGrain = 1 << 15;
constexpr int64_t kColumnChunk = 256;

template <bool MIN, class T>
inline bool better(T v, T best) {
  // NaN beats every number, and the first NaN stays.
  return (MIN ? v < best : v > best) || (v != v && best == best);
}

template <bool MIN, class T>
void rows(T* val, int64_t* idx, const T* x, const ReducePlan& p) {
  const int64_t inner = p.inner;
  parallel_for(p.outputs, std::max<int64_t>(1, kGrain / p.count), [&](int64_t b, int64_t e) {
    for (int64_t o = b; o < e; ++o) {
      const int64_t base = group_offset(o, p.nkept, p.kept_size, p.kept_stride);
      T best = x[base];
      bool nan = false;
      for (int64_t r = 0; r < p.red_count && !nan; ++r) {
        const T* row = x + base + group_offset(r, p.nred, p.red_size, p.red_stride);
        T m = best;
        bool n_here = false;
        if constexpr (MIN) {
#pragma omp simd reduction(min : m) reduction(|| : n_here)
          for (int64_t l = 0; l < inner; ++l) {
            n_here = n_here || row[l] != row[l];
            m = row[l] < m ? row[l] : m;
          }
        } else {
#pragma omp simd reduction(max : m) reduction(|| : n_here)
          for (int64_t l = 0; l < inner; ++l) {
            n_here = n_here || row[l] != row[l];
            m = row[l] > m ? row[l] : m;
          }
        }
        best = m;
        nan = n_here;
      }
      int64_t pos = 0;
      bool found = false;
      for (int64_t r = 0; r < p.red_count && !found; ++r) {
        const T* row = x + base + group_offset(r, p.nred, p.red_size, p.red_stride);
        for (int64_t l = 0; l < inner; ++l) {
          if (nan ? row[l] != row[l] : row[l] == best) {
            pos = r * inner + l;
            best = row[l];
            found = true;
            break;
          }
        }
      }
      val[o] = best;
      idx[o] = pos;
    }
  });
}

template <bool MIN, class T>
void columns(T* val, int64_t* idx, const T* x, const ReducePlan& p) {
  const int64_t inner = p.inner;
  const int64_t lchunks = (inner + kColumnChunk - 1) / kColumnChunk;
  const int64_t work = p.red_count * std::min(inner, kColumnChunk);
  parallel_for(p.kept_count * lchunks, std::max<int64_t>(1, kGrain / work), [&](int64_t b, int64_t e) {
    for (int64_t u = b; u < e; ++u) {
      const int64_t k = u / lchunks, lb = (u - k * lchunks) * kColumnChunk, w = std::min(inner, lb + kColumnChunk) - lb;
      const T* base = x + group_offset(k, p.nkept, p.kept_size, p.kept_stride) + lb;
      T* bv = val + k * inner + lb;
      int64_t* bi = idx + k * inner + lb;
      for (int64_t l = 0; l < w; ++l) bv[l] = base[l], bi[l] = 0;
      for (int64_t r = 1; r < p.red_count; ++r) {
        const T* row = base + group_offset(r, p.nred, p.red_size, p.red_stride);
#pragma omp simd
        for (int64_t l = 0; l < w; ++l) {
          const bool take = better<MIN>(row[l], bv[l]);
          bv[l] = take ? row[l] : bv[l];
          bi[l] = take ? r : bi[l];
        }
      }
    }
  });
}

}  // namespace

void extremum_forward(Tensor& values, Tensor& indices, const Tensor& x, const std::vector<int64_t>& dims, bool is_min) {
  const ReducePlan p = make_reduce_plan(x.shape(), dims);
  dispatch_numeric(x.dtype(), is_min ? "min" : "max", [&](auto tag_) {
    using T = decltype(tag_);
    T* v = values.data<T>();
    int64_t* i = indices.data<int64_t>();
    const T* in = x.data<T>();
    if (p.inner_reduced) {
      is_min ? rows<true>(v, i, in, p) : rows<false>(v, i, in, p);
    } else {
      is_min ? columns<true>(v, i, in, p) : columns<false>(v, i, in, p);
    }
  });
}

void extremum_backward(Tensor& dx, const Tensor& dy, const Tensor& indices, const std::vector<int64_t>& dims) {
  const ReducePlan p = make_reduce_plan(dx.shape(), dims);
  const int64_t* idx = indices.data<int64_t>();
  dispatch_float(dx.dtype(), "max backward", [&](auto tag_) {
    using T = decltype(tag_);
    T* d = dx.data<T>();
    const T* g = dy.data<T>();
    parallel_for(p.outputs, kGrain, [&](int64_t b, int64_t e) {
      for (int64_t o = b; o < e; ++o) {
        const int64_t pos = idx[o];
        int64_t off;
        if (p.inner_reduced) {
          const int64_t r = pos / p.inner;
          off = group_offset(o, p.nkept, p.kept_size, p.kept_stride) + group_offset(r, p.nred, p.red_size, p.red_stride) +
                (pos - r * p.inner);
        } else {
          const int64_t k = o / p.inner;
          off = group_offset(k, p.nkept, p.kept_size, p.kept_stride) + (o - k * p.inner) +
                group_offset(pos, p.nred, p.red_size, p.red_stride);
        }
        d[off] = g[o];
      }
    });
  });
}

}  // namespace mssar::cpu

namespace mssar {
MSSAR_REGISTER_KERNEL(extremum_forward, CPU, cpu::extremum_forward)
MSSAR_REGISTER_KERNEL(extremum_backward, CPU, cpu::extremum_backward)
}  // namespace mssar
