// CUDA kernels for making tensors: fill, the Philox streams (same numbers as the CPU), casts,
// accumulation (the programs: create_elements.cuh).
#include "../core/dtype_dispatch.h"
#include "../ops/create.h"
#include "context.h"
#include "create_elements.cuh"

namespace mssar::cuda {

namespace {

template <class T>
__global__ void fill_kernel(T* out, long long n, T value) {
  for (long long i = blockIdx.x * (long long)blockDim.x + threadIdx.x; i < n; i += (long long)gridDim.x * blockDim.x)
    fill_element(out, value, i);
}

template <class T>
__global__ void uniform_kernel(T* out, long long n, unsigned long long seed, unsigned long long offset, double low,
                               double high) {
  for (long long i = blockIdx.x * (long long)blockDim.x + threadIdx.x; i < n; i += (long long)gridDim.x * blockDim.x)
    uniform_element(out, seed, offset, low, high, i);
}

template <class T>
__global__ void normal_kernel(T* out, long long n, unsigned long long seed, unsigned long long offset, double mean,
                              double stddev) {
  for (long long i = blockIdx.x * (long long)blockDim.x + threadIdx.x; i < n; i += (long long)gridDim.x * blockDim.x)
    normal_element(out, seed, offset, mean, stddev, i);
}

template <class O, class I>
__global__ void cast_kernel(O* out, const I* in, long long n) {
  for (long long i = blockIdx.x * (long long)blockDim.x + threadIdx.x; i < n; i += (long long)gridDim.x * blockDim.x)
    cast_element(out, in, i);
}

template <class T>
__global__ void accumulate_kernel(T* dst, const T* src, long long n) {
  for (long long i = blockIdx.x * (long long)blockDim.x + threadIdx.x; i < n; i += (long long)gridDim.x * blockDim.x)
    accumulate_element(dst, src, i);
}

}  // namespace

void fill(Tensor& out, double value) {
  const long long n = physical_numel(out.shape(), out.layout());
  if (n == 0) return;
  dispatch_all(out.dtype(), "fill", [&](auto tag_) {
    using scalar_t = decltype(tag_);
    fill_kernel<scalar_t><<<grid_for(n), 256, 0, stream()>>>(out.data<scalar_t>(), n, scalar_t(value));
  });
  MSSAR_CUDA_LAUNCHED("fill");
}

void rand_uniform(Tensor& out, uint64_t seed, uint64_t offset, double low, double high) {
  const long long n = out.numel();
  if (n == 0) return;
  dispatch_float(out.dtype(), "rand", [&](auto tag_) {
    using scalar_t = decltype(tag_);
    uniform_kernel<scalar_t><<<grid_for(n), 256, 0, stream()>>>(out.data<scalar_t>(), n, seed, offset, low, high);
  });
  MSSAR_CUDA_LAUNCHED("rand");
}

void rand_normal(Tensor& out, uint64_t seed, uint64_t offset, double mean, double stddev) {
  const long long n = out.numel();
  if (n == 0) return;
  dispatch_float(out.dtype(), "randn", [&](auto tag_) {
    using scalar_t = decltype(tag_);
    normal_kernel<scalar_t><<<grid_for(n), 256, 0, stream()>>>(out.data<scalar_t>(), n, seed, offset, mean, stddev);
  });
  MSSAR_CUDA_LAUNCHED("randn");
}

void cast(Tensor& out, const Tensor& in) {
  const long long n = in.numel();
  if (n == 0) return;
  dispatch_all(out.dtype(), "cast", [&](auto tag_) {
    using scalar_t = decltype(tag_);
    using out_t = scalar_t;
    dispatch_all(in.dtype(), "cast", [&](auto tag_) {
    using scalar_t = decltype(tag_);
      cast_kernel<out_t, scalar_t><<<grid_for(n), 256, 0, stream()>>>(out.data<out_t>(), in.data<scalar_t>(), n);
    });
  });
  MSSAR_CUDA_LAUNCHED("cast");
}

void accumulate(Tensor& dst, const Tensor& src) {
  const long long n = physical_numel(dst.shape(), dst.layout());
  if (n == 0) return;
  dispatch_float(dst.dtype(), "accumulate", [&](auto tag_) {
    using scalar_t = decltype(tag_);
    accumulate_kernel<scalar_t><<<grid_for(n), 256, 0, stream()>>>(dst.data<scalar_t>(), src.data<scalar_t>(), n);
  });
  MSSAR_CUDA_LAUNCHED("accumulate");
}

}  // namespace mssar::cuda

namespace mssar {
MSSAR_REGISTER_KERNEL(fill, CUDA, cuda::fill)
MSSAR_REGISTER_KERNEL(rand_uniform, CUDA, cuda::rand_uniform)
MSSAR_REGISTER_KERNEL(rand_normal, CUDA, cuda::rand_normal)
MSSAR_REGISTER_KERNEL(cast, CUDA, cuda::cast)
MSSAR_REGISTER_KERNEL(accumulate, CUDA, cuda::accumulate)
}  // namespace mssar
