// where on the CPU: the three-operand broadcast walked in runs (broadcast_runs.h).
#include "../ops/where.h"

#include "../core/dtype_dispatch.h"
#include "../ops/broadcast_plan.h"
#include "broadcast_runs.h"

namespace mssar::cpu {

void where_forward(Tensor& y, const Tensor& cond, const Tensor& a, const Tensor& b) {
  const BroadcastPlan p = make_broadcast_plan("where", y.shape(), {&cond.shape(), &a.shape(), &b.shape()});
  const bool* c = cond.data<bool>();
  dispatch_all(a.dtype(), "where", [&](auto tag_) {
    using T = decltype(tag_);
    const T* pa = a.data<T>();
    const T* pb = b.data<T>();
    T* out = y.data<T>();
    for_each_run<3>(p, [&](int64_t i, const int64_t* off, const int64_t* step, int64_t n) {
      const bool* pc = c + off[0];
      const T* xa = pa + off[1];
      const T* xb = pb + off[2];
      const int64_t sc = step[0], sa = step[1], sb = step[2];
#pragma omp simd
      for (int64_t j = 0; j < n; ++j) out[i + j] = pc[j * sc] ? xa[j * sa] : xb[j * sb];
    });
  });
}

}  // namespace mssar::cpu

namespace mssar {
MSSAR_REGISTER_KERNEL(where_forward, CPU, cpu::where_forward)
}  // namespace mssar
