// sum (and mean, through the scale) on CUDA, on the coalesced ReducePlan (the per-thread programs
// are in reduce_elements.cuh):
//   inner group reduced  one block per output (and per split of a long reduction), threads
//                        striding over the output's elements, a block reduction at the end;
//   inner group kept     32 contiguous outputs per block (coalesced loads), 8 rows of threads
//                        striding over the reduced rows, combined in shared memory.
// Too few outputs to fill the GPU: the reduction is split across blocks, each writes a partial
// sum (double) and a second kernel adds them in order (deterministic, no atomics).
#include <algorithm>

#include "../core/dtype_dispatch.h"
#include "../ops/sum.h"
#include "reduce.cuh"
#include "reduce_elements.cuh"

namespace mssar::cuda {

namespace {

template <class T>
__global__ void sum_rows_kernel(T* y, double* partial, const T* x, ReducePlan p, long long splits, double scale) {
  __shared__ double scratch[33];
  const long long split = blockIdx.y;
  long long jb, je;
  split_range(p.count, split, splits, jb, je);
  for (long long o = blockIdx.x; o < p.outputs; o += gridDim.x) {
    const T* base = x + group_offset(o, p.nkept, p.kept_size, p.kept_stride);
    double acc = sum_rows_partial(base, p, jb, je, threadIdx.x, blockDim.x);
    acc = block_allreduce(acc, SumOp(), 0.0, scratch);
    if (threadIdx.x == 0) {
      if (splits == 1) {
        y[o] = T(scale * acc);
      } else {
        partial[split * p.outputs + o] = acc;
      }
    }
  }
}

constexpr int kColumnRows = 8;

template <class T>
__global__ void sum_columns_kernel(T* y, double* partial, const T* x, ReducePlan p, long long splits, double scale) {
  __shared__ double tile[kColumnRows][33];
  const long long split = blockIdx.z;
  long long rb, re;
  split_range(p.red_count, split, splits, rb, re);
  for (long long oo = blockIdx.y; oo < p.kept_count; oo += gridDim.y) {
    const T* base = x + group_offset(oo, p.nkept, p.kept_size, p.kept_stride);
    for (long long lb = blockIdx.x * 32LL; lb < p.inner; lb += gridDim.x * 32LL) {
      const long long l = lb + threadIdx.x;
      tile[threadIdx.y][threadIdx.x] = sum_columns_partial(base, p, rb, re, l, threadIdx.y, kColumnRows);
      __syncthreads();
      if (threadIdx.y == 0 && l < p.inner) {
        double s = 0;
        for (int k = 0; k < kColumnRows; ++k) s += tile[k][threadIdx.x];
        const long long o = oo * p.inner + l;
        if (splits == 1) {
          y[o] = T(scale * s);
        } else {
          partial[split * p.outputs + o] = s;
        }
      }
      __syncthreads();
    }
  }
}

template <class T>
__global__ void sum_backward_kernel(T* dx, const T* dy, ReducePlan p, double scale) {
  for (long long i = blockIdx.x * (long long)blockDim.x + threadIdx.x; i < p.numel; i += (long long)gridDim.x * blockDim.x) {
    sum_backward_element(dx, dy, p, scale, i);
  }
}

}  // namespace

void sum_forward(Tensor& y, const Tensor& x, const std::vector<int64_t>& dims, double scale) {
  const ReducePlan p = make_reduce_plan(x.shape(), dims);
  dispatch_float(x.dtype(), "sum", [&](auto tag_) {
    using scalar_t = decltype(tag_);
    long long splits;
    dim3 grid, block;
    if (p.inner_reduced) {
      splits = choose_splits(p.outputs, p.count, 8192, 4096, sm_count());
      grid = dim3(unsigned(std::min<long long>(p.outputs, 1 << 20)), unsigned(splits));
      block = dim3(256);
    } else {
      const long long lblocks = ceil_div(p.inner, 32);
      splits = choose_splits(lblocks * p.kept_count, p.red_count, 256, 4096, sm_count());
      grid = dim3(unsigned(std::min<long long>(lblocks, 1 << 16)), unsigned(std::min<long long>(p.kept_count, 65535)),
                  unsigned(splits));
      block = dim3(32, kColumnRows);
    }
    Tensor partial;
    double* ws = nullptr;
    if (splits > 1) {
      partial = Tensor::empty({splits * p.outputs}, DType::Float64, Device::CUDA);
      ws = partial.data<double>();
    }
    if (p.inner_reduced) {
      sum_rows_kernel<<<grid, block, 0, stream()>>>(y.data<scalar_t>(), ws, x.data<scalar_t>(), p, splits, scale);
    } else {
      sum_columns_kernel<<<grid, block, 0, stream()>>>(y.data<scalar_t>(), ws, x.data<scalar_t>(), p, splits, scale);
    }
    MSSAR_CUDA_LAUNCHED("sum");
    if (splits > 1) {
      finish_partials_kernel<<<grid_for(p.outputs), 256, 0, stream()>>>(y.data<scalar_t>(), ws, p.outputs, splits, scale);
      MSSAR_CUDA_LAUNCHED("sum");
    }
  });
}

void sum_backward(Tensor& dx, const Tensor& dy, const std::vector<int64_t>& dims, double scale) {
  const ReducePlan p = make_reduce_plan(dx.shape(), dims);
  dispatch_float(dy.dtype(), "sum backward", [&](auto tag_) {
    using scalar_t = decltype(tag_);
    sum_backward_kernel<<<grid_for(p.numel), 256, 0, stream()>>>(dx.data<scalar_t>(), dy.data<scalar_t>(), p, scale);
  });
  MSSAR_CUDA_LAUNCHED("sum backward");
}

}  // namespace mssar::cuda

namespace mssar {
MSSAR_REGISTER_KERNEL(sum_forward, CUDA, cuda::sum_forward)
MSSAR_REGISTER_KERNEL(sum_backward, CUDA, cuda::sum_backward)
}  // namespace mssar
