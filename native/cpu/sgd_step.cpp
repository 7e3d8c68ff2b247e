// sgd_step on the CPU: one vectorized pass over param, grad and the momentum buffer (physical
// buffers, so any layout), in the parameter's precision.
#include "../ops/sgd_step.h"

#include "../core/dtype_dispatch.h"
#include "../core/parallel.h"

namespace mssar::cpu {

void sgd_step(Tensor& param, Tensor& buf, const Tensor& grad, const SgdOptions& opt) {
  const int64_t n = physical_numel(param.shape(), param.layout());
  dispatch_float(param.dtype(), "sgdStep", [&](auto tag_) {
    using scalar_t = decltype(tag_);
    scalar_t* p = param.data<scalar_t>();
    const scalar_t* g = grad.data<scalar_t>();
    scalar_t* m = buf.defined() ? buf.data<scalar_t>() : nullptr;
    const scalar_t lr = scalar_t(opt.lr), mu = scalar_t(opt.momentum), wd = scalar_t(opt.weight_decay);
    const scalar_t keep = scalar_t(1 - opt.dampening);
    const bool nesterov = opt.nesterov, first = opt.first;
    parallel_for(n, 1 << 15, [&](int64_t b, int64_t e) {
      if (!m) {
#pragma omp simd
        for (int64_t i = b; i < e; ++i) p[i] -= lr * (g[i] + wd * p[i]);
      } else if (first) {
#pragma omp simd
        for (int64_t i = b; i < e; ++i) {
          const scalar_t d = g[i] + wd * p[i];
          m[i] = d;
          p[i] -= lr * (nesterov ? d + mu * d : d);
        }
      } else {
#pragma omp simd
        for (int64_t i = b; i < e; ++i) {
          const scalar_t d = g[i] + wd * p[i];
          const scalar_t v = mu * m[i] + keep * d;
          m[i] = v;
          p[i] -= lr * (nesterov ? d + mu * v : v);
        }
      }
    });
  });
}

}  // namespace mssar::cpu

namespace mssar {
MSSAR_REGISTER_KERNEL(sgd_step, CPU, cpu::sgd_step)
}  // namespace mssar
