// dropout on the CPU: elementwise over the physical buffer (any layout). Each Philox block gives
// the uniforms of four consecutive elements, so a block is computed once, not four times.
#include "../ops/dropout.h"

#include "../core/dtype_dispatch.h"
#include "../core/parallel.h"

namespace mssar::cpu {

void dropout_forward(Tensor& y, Tensor& mask, const Tensor& x, double p, uint64_t seed, uint64_t offset) {
  const int64_t n = physical_numel(x.shape(), x.layout());
  const int64_t blocks = int64_t(philox_blocks(uint64_t(n)));
  dispatch_float(x.dtype(), "dropout", [&](auto tag_) {
    using scalar_t = decltype(tag_);
    const scalar_t* in = x.data<scalar_t>();
    scalar_t* out = y.data<scalar_t>();
    scalar_t* m = mask.data<scalar_t>();
    const scalar_t scale = scalar_t(1 / (1 - p));
    // Whole blocks first (no bounds test per element), then the last partial one.
    const int64_t whole = n / 4;
    parallel_for(whole, 1 << 10, [&](int64_t b, int64_t e) {
      for (int64_t blk = b; blk < e; ++blk) {
        const Philox4 r = philox4(seed, offset, uint64_t(blk));
        for (int64_t j = 0; j < 4; ++j) {
          // Same rule as dropout_keep(seed, offset, i, p), with the block's words reused.
          const scalar_t f = uniform_open0(r.v[j]) > p ? scale : scalar_t(0);
          m[blk * 4 + j] = f;
          out[blk * 4 + j] = in[blk * 4 + j] * f;
        }
      }
    });
    if (whole < blocks) {
      const Philox4 r = philox4(seed, offset, uint64_t(whole));
      for (int64_t i = whole * 4; i < n; ++i) {
        const scalar_t f = uniform_open0(r.v[i - whole * 4]) > p ? scale : scalar_t(0);
        m[i] = f;
        out[i] = in[i] * f;
      }
    }
  });
}

void dropout_backward(Tensor& dx, const Tensor& dy, const Tensor& mask) {
  const int64_t n = physical_numel(dy.shape(), dy.layout());
  dispatch_float(dy.dtype(), "dropout_backward", [&](auto tag_) {
    using scalar_t = decltype(tag_);
    const scalar_t* g = dy.data<scalar_t>();
    const scalar_t* m = mask.data<scalar_t>();
    scalar_t* d = dx.data<scalar_t>();
    parallel_for(n, 1 << 15, [&](int64_t b, int64_t e) {
#pragma omp simd
      for (int64_t i = b; i < e; ++i) d[i] = g[i] * m[i];
    });
  });
}

}  // namespace mssar::cpu

namespace mssar {
MSSAR_REGISTER_KERNEL(dropout_forward, CPU, cpu::dropout_forward)
MSSAR_REGISTER_KERNEL(dropout_backward, CPU, cpu::dropout_backward)
}  // namespace mssar
