// mul on CUDA. Backward of a channel broadcast: da is an elementwise launch; db is a dot product
// dy . a per b element (one block each, split across blocks when there are too few of them, with
// the partial sums added in order by a second kernel). The per-element and block programs are in
// channel_elements.cuh.
#include <algorithm>

#include "../core/dtype_dispatch.h"
#include "../ops/mul.h"
#include "broadcast.cuh"
#include "reduce.cuh"

namespace mssar::cuda {

namespace {

template <class T>
__global__ void same_shape_backward_kernel(T* da, T* db, const T* dy, const T* a, const T* b, long long n) {
  for (long long i = blockIdx.x * (long long)blockDim.x + threadIdx.x; i < n; i += (long long)gridDim.x * blockDim.x) {
    mul_same_shape_backward_element(da, db, dy, a, b, i);
  }
}

template <class T>
__global__ void channel_dot_kernel(T* db, double* partial, const T* dy, const T* a, long long outputs, long long c,
                                   long long hw, long long planes_per_output, bool per_sample, long long splits) {
  __shared__ double scratch[33];
  DeviceBlock b{scratch};
  channel_dot_block(db, partial, dy, a, outputs, c, hw, planes_per_output, per_sample, splits, (long long)blockIdx.y,
                    (long long)blockIdx.x, (long long)gridDim.x, b);
}

}  // namespace

void mul_forward(Tensor& y, const Tensor& a, const Tensor& b) {
  const ChannelBroadcast bc = check_channel_broadcast("mul", a, b);
  dispatch_float(a.dtype(), "mul", [&](auto tag_) {
    using scalar_t = decltype(tag_);
    launch_channel_broadcast(y.data<scalar_t>(), a.data<scalar_t>(), b.data<scalar_t>(),
                             physical_numel(a.shape(), a.layout()), bc, MulOp());
  });
  MSSAR_CUDA_LAUNCHED("mul");
}

void mul_backward(Tensor& da, Tensor& db, const Tensor& dy, const Tensor& a, const Tensor& b) {
  const ChannelBroadcast bc = check_channel_broadcast("mul backward", a, b);
  const long long n = physical_numel(a.shape(), a.layout());
  dispatch_float(a.dtype(), "mul backward", [&](auto tag_) {
    using scalar_t = decltype(tag_);
    scalar_t* gx = da.defined() ? da.data<scalar_t>() : nullptr;
    scalar_t* gs = db.defined() ? db.data<scalar_t>() : nullptr;
    if (bc.same) {
      same_shape_backward_kernel<<<grid_for(n), 256, 0, stream()>>>(gx, gs, dy.data<scalar_t>(), a.data<scalar_t>(),
                                                                    b.data<scalar_t>(), n);
      MSSAR_CUDA_LAUNCHED("mul backward");
      return;
    }
    if (gx) {
      launch_channel_broadcast(gx, dy.data<scalar_t>(), b.data<scalar_t>(), n, bc, MulOp());
      MSSAR_CUDA_LAUNCHED("mul backward");
    }
    if (!gs) return;
    const long long outputs = bc.per_sample ? bc.n * bc.c : bc.c;
    const long long planes = bc.per_sample ? 1 : bc.n;
    const long long total = planes * bc.hw;
    const long long splits = channel_dot_splits(outputs, total, sm_count());
    Tensor partial;
    double* ws = nullptr;
    if (splits > 1) {
      partial = Tensor::empty({splits * outputs}, DType::Float64, Device::CUDA);
      ws = partial.data<double>();
    }
    dim3 grid(unsigned(std::min<long long>(outputs, 1 << 20)), unsigned(splits));
    channel_dot_kernel<<<grid, 256, 0, stream()>>>(gs, ws, dy.data<scalar_t>(), a.data<scalar_t>(), outputs, bc.c,
                                                   bc.hw, planes, bc.per_sample, splits);
    MSSAR_CUDA_LAUNCHED("mul backward");
    if (splits > 1) {
      finish_partials_kernel<<<grid_for(outputs), 256, 0, stream()>>>(gs, ws, outputs, splits, 1.0);
      MSSAR_CUDA_LAUNCHED("mul backward");
    }
  });
}

}  // namespace mssar::cuda

namespace mssar {
MSSAR_REGISTER_KERNEL(mul_forward, CUDA, cuda::mul_forward)
MSSAR_REGISTER_KERNEL(mul_backward, CUDA, cuda::mul_backward)
}  // namespace mssar
