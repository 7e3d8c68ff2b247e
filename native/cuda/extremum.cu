// max and min with positions on CUDA: one thread per output walking its reduced elements in
// row-major order (the plan of sum, ReducePlan); the backward scatters dy to each extremum.
#include "../core/dtype_dispatch.h"
#include "../ops/extremum.h"
#include "context.h"

namespace mssar::cuda {

namespace {

// Input offset of reduced position `pos` of output `o`.
__device__ long long source_offset(const ReducePlan& p, long long o, long long pos) {
  if (p.inner_reduced) {
    const long long r = pos / p.inner;
    return group_offset(o, p.nkept, p.kept_size, p.kept_stride) + group_offset(r, p.nred, p.red_size, p.red_stride) +
           (pos - r * p.inner);
  }
  const long long k = o / p.inner;
  return group_offset(k, p.nkept, p.kept_size, p.kept_stride) + (o - k * p.inner) +
         group_offset(pos, p.nred, p.red_size, p.red_stride);
}

template <class T>
__global__ void extremum_forward_kernel(T* values, int64_t* indices, const T* x, ReducePlan p, bool is_min) {
  for (long long o = blockIdx.x * (long long)blockDim.x + threadIdx.x; o < p.outputs; o += (long long)gridDim.x * blockDim.x) {
    T best = x[source_offset(p, o, 0)];
    long long at = 0;
    for (long long pos = 1; pos < p.count; ++pos) {
      const T v = x[source_offset(p, o, pos)];
      const bool take = (is_min ? v < best : v > best) || (v != v && best == best);
      if (take) best = v, at = pos;
    }
    values[o] = best;
    indices[o] = at;
  }
}

template <class T>
__global__ void extremum_backward_kernel(T* dx, const T* dy, const int64_t* indices, ReducePlan p) {
  for (long long o = blockIdx.x * (long long)blockDim.x + threadIdx.x; o < p.outputs; o += (long long)gridDim.x * blockDim.x)
    if (indices[o] >= 0 && indices[o] < p.count) dx[source_offset(p, o, indices[o])] = dy[o];
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
