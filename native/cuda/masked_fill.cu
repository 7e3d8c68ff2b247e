// maskedFill on CUDA: one thread per element.
#include "../core/dtype_dispatch.h"
#include "../ops/masked_fill.h"
#include "context.h"
#include "index_elements.cuh"

namespace mssar::cuda {

namespace {

template <class T>
__global__ void masked_fill_kernel(T* y, const T* x, const void* mask, DType dt, T value, long long n) {
  for (long long i = blockIdx.x * (long long)blockDim.x + threadIdx.x; i < n; i += (long long)gridDim.x * blockDim.x)
    masked_fill_element(y, x, mask, dt, value, i);
}

}  // namespace

void masked_fill_forward(Tensor& y, const Tensor& x, const Tensor& mask, double value) {
  const long long n = y.numel();
  dispatch_float(x.dtype(), "maskedFill", [&](auto tag_) {
    using T = decltype(tag_);
    masked_fill_kernel<<<grid_for(n), 256, 0, stream()>>>(y.data<T>(), x.data<T>(), mask.raw(), mask.dtype(), T(value), n);
  });
  MSSAR_CUDA_LAUNCHED("maskedFill");
}

}  // namespace mssar::cuda

namespace mssar {
MSSAR_REGISTER_KERNEL(masked_fill_forward, CUDA, cuda::masked_fill_forward)
}  // namespace mssar
