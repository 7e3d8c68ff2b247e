// Walks a broadcast (BroadcastPlan) in runs along its innermost merged dim, in parallel: each run
// is `n` outputs from output index `i`, with each operand's first offset and its step (0: one value
// repeated, 1: contiguous). The callers' inner loops specialise on the steps so that they vectorize.
#pragma once
#include <algorithm>

#include "../core/parallel.h"
#include "../ops/broadcast_plan.h"

namespace mssar::cpu {

template <int NOPS, class F>
void for_each_run(const BroadcastPlan& p, F&& run) {
  constexpr int64_t kGrain = 1 << 15;
  const int64_t inner = p.inner();
  int64_t step[NOPS];
  for (int k = 0; k < NOPS; ++k) step[k] = p.stride[k][p.ndim - 1];
  parallel_for(p.numel, kGrain, [&](int64_t lo, int64_t hi) {
    int64_t off[NOPS];
    for (int64_t i = lo; i < hi;) {
      const int64_t row = i / inner, col = i - row * inner;
      const int64_t n = std::min(inner - col, hi - i);
      p.row_offsets(row, off, NOPS);
      for (int k = 0; k < NOPS; ++k) off[k] += col * step[k];
      run(i, off, step, n);
      i += n;
    }
  });
}

}  // namespace mssar::cpu
