// OpenMP helpers: one parallel region per call, and none at all for work too small to split.
#pragma once
#include <omp.h>

#include <algorithm>
#include <cstdint>

namespace mssar {

// Calls f(begin, end) over [0, n) in contiguous chunks, one per thread; runs inline when n <= grain.
template <class F>
void parallel_for(int64_t n, int64_t grain, const F& f) {
  if (n <= 0) return;
  if (n <= grain || omp_get_max_threads() == 1 || omp_in_parallel()) {
    f(int64_t(0), n);
    return;
  }
#pragma omp parallel
  {
    const int64_t nt = omp_get_num_threads(), t = omp_get_thread_num();
    const int64_t chunk = (n + nt - 1) / nt;
    const int64_t b = std::min(n, t * chunk), e = std::min(n, b + chunk);
    if (b < e) f(b, e);
  }
}

int num_threads();
// 1 ..= max_num_threads(), or an Error naming setNumThreads.
void set_num_threads(int64_t n);
int max_num_threads();

}  // namespace mssar
