// max and min with positions on CUDA: one thread per output walking its reduced elements in
// row-major order (the plan of sum, ReducePlan; the programs are in reduce_elements.cuh); the
// backward scatters dy to each extremum.
#include "../core/dtype_dispatch.h"
#include "../ops/extremum.h"
#include "context.h"
#include "reduce_elements.cuh"

namespace mssar::cuda {

namespace {

template <class T>
__global__ void extremum_forward_kernel(T* values, int64_t* indices, const T* x, ReducePlan p, bool is_min) {
  for (long long o = blockIdx.x * (long long)blockDim.x + threadIdx.x; o < p.outputs; o += (long long)gridDim.x * blockDim.x)
    extremum_forward_element(values, indices, x, p, is_min, o);
}

template <class T>
__global__ void extremum_backward_kernel(T* dx, const T* dy, const int64_t* indices, ReducePlan p) {
  for (long long o = blockIdx.x * (long long)blockDim.x + threadIdx.x; o < p.outputs; o += (long long)gridDim.x * blockDim.x)
    extremum_backward_element(dx, dy, indices, p, o);
}

}  // namespace

void extremum_forward(Tensor& values, Tensor& indices, const Tensor& x, const std::vector<int64_t>& dims, bool is_min) {
  const ReducePlan p = make_reduce_plan(x.shape(), dims);
  dispatch_numeric(x.dtype(), is_min ? "min" : "max", [&](auto tag_) {
    using T = decltype(tag_);
    extremum_forward_kernel<T><<<grid_for(p.outputs), 256, 0, stream()>>>(values.data<T>(), indices.data<int64_t>(),
                                                                          x.data<T>(), p, is_min);
  });
  MSSAR_CUDA_LAUNCHED(is_min ? "min" : "max");
}

void extremum_backward(Tensor& dx, const Tensor& dy, const Tensor& indices, const std::vector<int64_t>& dims) {
  const ReducePlan p = make_reduce_plan(dx.shape(), dims);
  dispatch_float(dx.dtype(), "max backward", [&](auto tag_) {
    using T = decltype(tag_);
    extremum_backward_kernel<T><<<grid_for(p.outputs), 256, 0, stream()>>>(dx.data<T>(), dy.data<T>(),
                                                                           indices.data<int64_t>(), p);
  });
  MSSAR_CUDA_LAUNCHED("max backward");
}

}  // namespace mssar::cuda

namespace mssar {
MSSAR_REGISTER_KERNEL(extremum_forward, CUDA, cuda::extremum_forward)
MSSAR_REGISTER_KERNEL(extremum_backward, CUDA, cuda::extremum_backward)
}  // namespace mssar
