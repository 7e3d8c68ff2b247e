// The unary elementwise ops on CUDA: one thread per element, forward and backward (the programs:
// unary_elements.cuh).
#include "../core/dtype_dispatch.h"
#include "../ops/unary.h"
#include "context.h"
#include "unary_elements.cuh"

namespace mssar::cuda {

namespace {

template <class T>
__global__ void unary_forward_kernel(T* y, const T* x, long long n, UnaryOp op, double lo, double hi) {
  for (long long i = blockIdx.x * (long long)blockDim.x + threadIdx.x; i < n; i += (long long)gridDim.x * blockDim.x)
    unary_forward_element(y, x, op, lo, hi, i);
}

template <class T>
__global__ void unary_backward_kernel(T* dx, const T* dy, const T* x, const T* y, long long n, UnaryOp op, double lo,
                                      double hi) {
  for (long long i = blockIdx.x * (long long)blockDim.x + threadIdx.x; i < n; i += (long long)gridDim.x * blockDim.x)
    unary_backward_element(dx, dy, x, y, op, lo, hi, i);
}

}  // namespace

void unary_forward(Tensor& y, const Tensor& x, UnaryOp op, double lo, double hi) {
  const long long n = x.numel();
  dispatch_numeric(x.dtype(), unary_op_name(op), [&](auto tag_) {
    using T = decltype(tag_);
    unary_forward_kernel<T><<<grid_for(n), 256, 0, stream()>>>(y.data<T>(), x.data<T>(), n, op, lo, hi);
  });
  MSSAR_CUDA_LAUNCHED(unary_op_name(op));
}

void unary_backward(Tensor& dx, const Tensor& dy, const Tensor& x, const Tensor& y, UnaryOp op, double lo, double hi) {
  const long long n = x.numel();
  dispatch_float(x.dtype(), unary_op_name(op), [&](auto tag_) {
    using T = decltype(tag_);
    unary_backward_kernel<T><<<grid_for(n), 256, 0, stream()>>>(dx.data<T>(), dy.data<T>(), x.data<T>(), y.data<T>(), n,
                                                                 op, lo, hi);
  });
  MSSAR_CUDA_LAUNCHED(unary_op_name(op));
}

}  // namespace mssar::cuda

namespace mssar {
MSSAR_REGISTER_KERNEL(unary_forward, CUDA, cuda::unary_forward)
MSSAR_REGISTER_KERNEL(unary_backward, CUDA, cuda::unary_backward)
}  // namespace mssar
