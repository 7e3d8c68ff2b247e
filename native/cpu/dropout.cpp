// dropout on the CPU: elementwise over the physical buffer (any layout). The Philox blocks are
// computed kBatch at a time, round by round across the batch, so that the rounds vectorize (the
// same arithmetic as philox4 in core/philox.h, which the tests hold it to through the reference);
// each block gives the uniforms of four consecutive elements.
#include "../ops/dropout.h"

#include <cmath>

#include "../core/dtype_dispatch.h"
#include "../core/parallel.h"

namespace mssar::cpu {

namespace {

constexpr int64_t kBatch = 16;

// words[4 j + w] = philox4(seed, offset, first + j).v[w] for j < kBatch: the words in the order of
// the elements they decide.
void philox_batch(uint32_t* words, uint64_t seed, uint64_t offset, uint64_t first) {
  uint32_t c0[kBatch], c1[kBatch], c2[kBatch], c3[kBatch];
  for (int64_t j = 0; j < kBatch; ++j) {
    const uint64_t c = offset + first + uint64_t(j);
    c0[j] = uint32_t(c);
    c1[j] = uint32_t(c >> 32);
    c2[j] = 0;
    c3[j] = 0;
  }
  uint32_t k0 = uint32_t(seed), k1 = uint32_t(seed >> 32);
  for (int r = 0; r < 10; ++r) {
#pragma omp simd
    for (int64_t j = 0; j < kBatch; ++j) {
      const uint64_t p0 = uint64_t(0xD2511F53u) * c0[j];
      const uint64_t p1 = uint64_t(0xCD9E8D57u) * c2[j];
      const uint32_t n0 = uint32_t(p1 >> 32) ^ c1[j] ^ k0;
      const uint32_t n2 = uint32_t(p0 >> 32) ^ c3[j] ^ k1;
      c0[j] = n0;
      c1[j] = uint32_t(p1);
      c2[j] = n2;
      c3[j] = uint32_t(p0);
    }
    k0 += 0x9E3779B9u;
    k1 += 0xBB67AE85u;
  }
  for (int64_t j = 0; j < kBatch; ++j) {
    words[4 * j] = c0[j];
    words[4 * j + 1] = c1[j];
    words[4 * j + 2] = c2[j];
    words[4 * j + 3] = c3[j];
  }
}

}  // namespace

void dropout_forward(Tensor& y, Tensor& mask, const Tensor& x, double p, uint64_t seed, uint64_t offset) {
  const int64_t n = physical_numel(x.shape(), x.layout());
  const int64_t batches = (int64_t(philox_blocks(uint64_t(n))) + kBatch - 1) / kBatch;
  dispatch_float(x.dtype(), "dropout", [&](auto tag_) {
    using scalar_t = decltype(tag_);
    const scalar_t* in = x.data<scalar_t>();
    scalar_t* out = y.data<scalar_t>();
    scalar_t* m = mask.data<scalar_t>();
    const scalar_t scale = scalar_t(1 / (1 - p));
    // dropout_keep's test (w + 1) 2^-32 > p, with both sides exact in double, is w + 1 > p 2^32,
    // which for an integer w is w >= floor(p 2^32): one 32-bit integer comparison (p < 1, so the
    // threshold fits in 32 bits).
    const uint32_t threshold = uint32_t(std::floor(p * 4294967296.0));
    parallel_for(batches, 64, [&](int64_t b, int64_t e) {
      uint32_t words[4 * kBatch];
      const scalar_t keep_scale = scale;  // locals, so the select below stays a vector blend
      const uint32_t keep_from = threshold;
      for (int64_t batch = b; batch < e; ++batch) {
        philox_batch(words, seed, offset, uint64_t(batch * kBatch));
        const int64_t i0 = batch * kBatch * 4;
        const int64_t count = n - i0 < kBatch * 4 ? n - i0 : kBatch * 4;
        scalar_t* mb = m + i0;
        scalar_t* ob = out + i0;
        const scalar_t* xb = in + i0;
        // Element i0 + k takes word k. Selects, not branches: a random keep/drop branch would be
        // mispredicted half the time.
#pragma omp simd
        for (int64_t k = 0; k < count; ++k) {
          const scalar_t f = words[k] >= keep_from ? keep_scale : scalar_t(0);
          mb[k] = f;
          ob[k] = xb[k] * f;
        }
      }
    });
  });
}

void dropout_backward(Tensor& dx, const Tensor& dy, const Tensor& mask) {
  const int64_t n = physical_numel(dy.shape(), dy.layout());
  dispatch_float(dy.dtype(), "dropout backward", [&](auto tag_) {
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
