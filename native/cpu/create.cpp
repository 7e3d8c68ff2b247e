// CPU kernels for making tensors: fill, Philox random streams, casts, accumulation.
#include "../ops/create.h"

#include <cstdint>

#include "../core/dtype_dispatch.h"
#include "../core/parallel.h"
#include "../core/philox.h"

namespace mssar::cpu {

constexpr int64_t kGrain = 1 << 15;

void fill(Tensor& out, double value) {
  const int64_t n = physical_numel(out.shape(), out.layout());
  dispatch_all(out.dtype(), "fill", [&](auto tag_) {
    using scalar_t = decltype(tag_);
    scalar_t* p = out.data<scalar_t>();
    const scalar_t v = scalar_t(value);
    parallel_for(n, kGrain, [&](int64_t b, int64_t e) {
      for (int64_t i = b; i < e; ++i) p[i] = v;
    });
  });
}

void rand_uniform(Tensor& out, uint64_t seed, uint64_t offset, double low, double high) {
  const int64_t n = out.numel();
  dispatch_float(out.dtype(), "rand", [&](auto tag_) {
    using scalar_t = decltype(tag_);
    scalar_t* p = out.data<scalar_t>();
    parallel_for(n, 4096, [&](int64_t b, int64_t e) {
      for (int64_t i = b; i < e; ++i)
        p[i] = scalar_t(low + (high - low) * (1.0 - philox_uniform(seed, offset, uint64_t(i))));
    });
  });
}

void rand_normal(Tensor& out, uint64_t seed, uint64_t offset, double mean, double stddev) {
  const int64_t n = out.numel();
  dispatch_float(out.dtype(), "randn", [&](auto tag_) {
    using scalar_t = decltype(tag_);
    scalar_t* p = out.data<scalar_t>();
    parallel_for(n, 4096, [&](int64_t b, int64_t e) {
      for (int64_t i = b; i < e; ++i) p[i] = scalar_t(mean + stddev * philox_normal(seed, offset, uint64_t(i)));
    });
  });
}

void cast(Tensor& out, const Tensor& in) {
  const int64_t n = in.numel();
  dispatch_all(out.dtype(), "cast", [&](auto tag_) {
    using scalar_t = decltype(tag_);
    using out_t = scalar_t;
    out_t* o = out.data<out_t>();
    dispatch_all(in.dtype(), "cast", [&](auto tag_) {
    using scalar_t = decltype(tag_);
      const scalar_t* x = in.data<scalar_t>();
      parallel_for(n, kGrain, [&](int64_t b, int64_t e) {
        for (int64_t i = b; i < e; ++i) o[i] = out_t(x[i]);
      });
    });
  });
}

void accumulate(Tensor& dst, const Tensor& src) {
  const int64_t n = physical_numel(dst.shape(), dst.layout());
  dispatch_float(dst.dtype(), "accumulate", [&](auto tag_) {
    using scalar_t = decltype(tag_);
    scalar_t* d = dst.data<scalar_t>();
    const scalar_t* s = src.data<scalar_t>();
    parallel_for(n, kGrain, [&](int64_t b, int64_t e) {
      for (int64_t i = b; i < e; ++i) d[i] += s[i];
    });
  });
}

}  // namespace mssar::cpu

namespace mssar {
MSSAR_REGISTER_KERNEL(fill, CPU, cpu::fill)
MSSAR_REGISTER_KERNEL(rand_uniform, CPU, cpu::rand_uniform)
MSSAR_REGISTER_KERNEL(rand_normal, CPU, cpu::rand_normal)
MSSAR_REGISTER_KERNEL(cast, CPU, cpu::cast)
MSSAR_REGISTER_KERNEL(accumulate, CPU, cpu::accumulate)
}  // namespace mssar
