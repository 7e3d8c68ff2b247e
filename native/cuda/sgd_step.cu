// sgd_step on CUDA: one fused elementwise kernel over param, grad and the momentum buffer
// (its per-element program is in sgd_step_elements.cuh).
#include "../core/dtype_dispatch.h"
#include "../ops/sgd_step.h"
#include "context.h"
#include "sgd_step_elements.cuh"

namespace mssar::cuda {

namespace {

template <class T>
__global__ void sgd_step_kernel(T* p, T* m, const T* g, long long n, T lr, T mu, T keep, T wd, bool nesterov,
                                bool first) {
  for (long long i = blockIdx.x * (long long)blockDim.x + threadIdx.x; i < n; i += (long long)gridDim.x * blockDim.x)
    sgd_step_element(p, m, g, lr, mu, keep, wd, nesterov, first, i);
}

}  // namespace

void sgd_step(Tensor& param, Tensor& buf, const Tensor& grad, const SgdOptions& opt) {
  const long long n = physical_numel(param.shape(), param.layout());
  dispatch_float(param.dtype(), "sgdStep", [&](auto tag_) {
    using scalar_t = decltype(tag_);
    sgd_step_kernel<<<grid_for(n), 256, 0, stream()>>>(
        param.data<scalar_t>(), buf.defined() ? buf.data<scalar_t>() : nullptr, grad.data<scalar_t>(), n,
        scalar_t(opt.lr), scalar_t(opt.momentum), scalar_t(1 - opt.dampening), scalar_t(opt.weight_decay),
        opt.nesterov, opt.first);
  });
  MSSAR_CUDA_LAUNCHED("sgdStep");
}

}  // namespace mssar::cuda

namespace mssar {
MSSAR_REGISTER_KERNEL(sgd_step, CUDA, cuda::sgd_step)
}  // namespace mssar
