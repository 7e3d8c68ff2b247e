// batch_norm2d on CUDA, NCHW: our own kernels rather than cuDNN's legacy batch-norm calls (deprecated
// in cuDNN 9), so that every backend keeps the same semantics: statistics accumulated in double,
// the unbiased running variance, n = 1 handled, and the (mean, invstd) pair saved for backward.
//
// Per-channel sums run in two stages, all on the one stream and without synchronization:
//   1. channel_partial_sums: a grid of (slices x channels) blocks; each block sums its slice of the
//      channel's N * H * W values in double and reduces them in the block (warp shuffles, then
//      shared memory) into partial[c][slice][2].
//   2. a per-channel kernel adds the slices and finishes the statistics (or the gradient terms).
// A third, elementwise kernel writes y (or dx).
// Forward sums are shifted by the channel's first value (x[0, c, 0, 0]), so the variance
// E[(x - s)^2] - E[x - s]^2 does not cancel catastrophically when |mean| >> std.
// batch_norm_relu2d runs the same kernels with the ReLU applied as y is written, and its backward
// masks dy by y > 0 wherever it reads dy (mask pointer non-null).
#include <algorithm>
#include <cstdint>

#include "../core/dtype_dispatch.h"
#include "../ops/batch_norm2d.h"
#include "context.h"
#include "index_type.h"

namespace mssar::cuda {

namespace {

constexpr int kThreads = 256;

// Sums a and b over the block (blockDim.x == kThreads); thread 0 ends with the totals.
__device__ void block_sum2(double& a, double& b) {
  __shared__ double sa[kThreads / 32], sb[kThreads / 32];
  for (int o = 16; o > 0; o >>= 1) {
    a += __shfl_down_sync(0xffffffffu, a, o);
    b += __shfl_down_sync(0xffffffffu, b, o);
  }
  const int lane = threadIdx.x & 31, warp = threadIdx.x >> 5;
  __syncthreads();  // a previous call's reads of sa, sb are done
  if (lane == 0) {
    sa[warp] = a;
    sb[warp] = b;
  }
  __syncthreads();
  if (warp == 0) {
    a = lane < kThreads / 32 ? sa[lane] : 0.0;
    b = lane < kThreads / 32 ? sb[lane] : 0.0;
    for (int o = 16; o > 0; o >>= 1) {
      a += __shfl_down_sync(0xffffffffu, a, o);
      b += __shfl_down_sync(0xffffffffu, b, o);
    }
  }
}

// kGrad false: sums of d and d^2 with d = x - x[0, c, 0, 0].
// kGrad true:  sums of dy and dy (x - mean_c), dy counted only where mask > 0 when mask is given.
// I: the index type, 32-bit when the tensor allows it (divisions are much cheaper).
template <class T, class I, bool kGrad>
__global__ void channel_partial_sums(double* partial, const T* x, const T* dy, const T* mask, const T* mean, I N, I C,
                                     I HW, int slices) {
  const I count = N * HW;
  for (I c = blockIdx.y; c < C; c += gridDim.y) {
    const double shift = kGrad ? double(mean[c]) : double(x[c * HW]);
    double a = 0, b = 0;
    for (I j = I(blockIdx.x) * blockDim.x + threadIdx.x; j < count; j += I(gridDim.x) * blockDim.x) {
      const I n = j / HW;
      const I i = (n * C + c) * HW + (j - n * HW);
      const double d = double(x[i]) - shift;
      if (kGrad) {
        const double g = mask && !(mask[i] > T(0)) ? 0.0 : double(dy[i]);
        a += g;
        b += g * d;
      } else {
        a += d;
        b += d * d;
      }
    }
    block_sum2(a, b);
    if (threadIdx.x == 0) {
      partial[(size_t(c) * slices + blockIdx.x) * 2] = a;
      partial[(size_t(c) * slices + blockIdx.x) * 2 + 1] = b;
    }
  }
}

template <class T>
__global__ void finish_batch_stats(T* save_mean, T* save_invstd, T* rm, T* rv, const double* partial, const T* x,
                                   long long C, long long HW, int slices, double n, double momentum, double eps) {
  for (long long c = blockIdx.x * (long long)blockDim.x + threadIdx.x; c < C; c += (long long)gridDim.x * blockDim.x) {
    double a = 0, b = 0;
    for (int k = 0; k < slices; ++k) {
      a += partial[(c * slices + k) * 2];
      b += partial[(c * slices + k) * 2 + 1];
    }
    const double shifted_mean = a / n;
    const double var = fmax(b / n - shifted_mean * shifted_mean, 0.0);
    const double mean = double(x[c * HW]) + shifted_mean;
    save_mean[c] = T(mean);
    save_invstd[c] = T(1.0 / sqrt(var + eps));
    if (rm) {
      rm[c] = T((1 - momentum) * double(rm[c]) + momentum * mean);
      rv[c] = T((1 - momentum) * double(rv[c]) + momentum * var * n / (n - 1));
    }
  }
}

template <class T>
__global__ void take_running_stats(T* save_mean, T* save_invstd, const T* rm, const T* rv, long long C, double eps) {
  for (long long c = blockIdx.x * (long long)blockDim.x + threadIdx.x; c < C; c += (long long)gridDim.x * blockDim.x) {
    save_mean[c] = rm[c];
    save_invstd[c] = T(1.0 / sqrt(double(rv[c]) + eps));
  }
}

template <class T, class I>
__global__ void normalize(T* y, const T* x, const T* mean, const T* invstd, const T* w, const T* b, I total, I C,
                          I HW, bool relu) {
  for (I i = I(blockIdx.x) * blockDim.x + threadIdx.x; i < total; i += I(gridDim.x) * blockDim.x) {
    const I c = (i / HW) % C;
    const T scale = w ? invstd[c] * w[c] : invstd[c];
    const T t = (x[i] - mean[c]) * scale + (b ? b[c] : T(0));
    y[i] = relu && !(t > T(0)) ? T(0) : t;
  }
}

// Per channel from the gradient sums: dbias, dweight, and coef[c] = (k, a, b) for
// dx = k (dy - a - (x - mean) b); in eval mode a = b = 0.
template <class T>
__global__ void finish_grad_sums(T* coef, T* dweight, T* dbias, const double* partial, const T* invstd, const T* w,
                                 long long C, int slices, double n, bool training) {
  for (long long c = blockIdx.x * (long long)blockDim.x + threadIdx.x; c < C; c += (long long)gridDim.x * blockDim.x) {
    double s = 0, sx = 0;
    for (int k = 0; k < slices; ++k) {
      s += partial[(c * slices + k) * 2];
      sx += partial[(c * slices + k) * 2 + 1];
    }
    const double is = double(invstd[c]);
    if (dbias) dbias[c] = T(s);
    if (dweight) dweight[c] = T(sx * is);
    coef[c * 3] = T(is * (w ? double(w[c]) : 1.0));
    coef[c * 3 + 1] = training ? T(s / n) : T(0);
    coef[c * 3 + 2] = training ? T(sx * is * is / n) : T(0);
  }
}

template <class T>
__global__ void eval_coef(T* coef, const T* invstd, const T* w, long long C) {
  for (long long c = blockIdx.x * (long long)blockDim.x + threadIdx.x; c < C; c += (long long)gridDim.x * blockDim.x) {
    coef[c * 3] = w ? invstd[c] * w[c] : invstd[c];
    coef[c * 3 + 1] = T(0);
    coef[c * 3 + 2] = T(0);
  }
}

template <class T, class I>
__global__ void input_grad(T* dx, const T* dy, const T* mask, const T* x, const T* mean, const T* coef, I total, I C,
                           I HW) {
  for (I i = I(blockIdx.x) * blockDim.x + threadIdx.x; i < total; i += I(gridDim.x) * blockDim.x) {
    const I c = (i / HW) % C;
    const T g = mask && !(mask[i] > T(0)) ? T(0) : dy[i];
    dx[i] = coef[c * 3] * (g - coef[c * 3 + 1] - (x[i] - mean[c]) * coef[c * 3 + 2]);
  }
}

template <class T>
const T* ptr_or_null(const Tensor& t) {
  return t.defined() ? t.data<T>() : nullptr;
}

// Slices per channel for the partial sums: about 8 values per thread, at most 128 slices.
int slices_for(long long count) {
  return int(std::min<long long>(std::max<long long>(1, (count + kThreads * 8 - 1) / (kThreads * 8)), 128));
}

// Launches the partial sums over every channel into a fresh [C, slices, 2] double buffer.
template <class T, bool kGrad>
Tensor partial_sums(const T* x, const T* dy, const T* mask, const T* mean, long long N, long long C, long long HW,
                    int slices, const char* op) {
  Tensor partial = Tensor::empty({C * slices * 2}, DType::Float64, Device::CUDA);
  const dim3 grid(unsigned(slices), unsigned(std::min<long long>(C, 65535)));
  with_index_type(N * C * HW, [&](auto tag_) {
    using index_t = decltype(tag_);
    channel_partial_sums<T, index_t, kGrad><<<grid, kThreads, 0, stream()>>>(
        partial.data<double>(), x, dy, mask, mean, index_t(N), index_t(C), index_t(HW), slices);
  });
  MSSAR_CUDA_LAUNCHED(op);
  return partial;
}

void forward(Tensor& y, Tensor& save_mean, Tensor& save_invstd, Tensor& running_mean, Tensor& running_var,
             const Tensor& x, const Tensor& weight, const Tensor& bias, bool training, double momentum, double eps,
             bool relu) {
  const long long N = x.size(0), C = x.size(1), HW = x.size(2) * x.size(3);
  const long long total = N * C * HW;
  if (C == 0) return;
  dispatch_float(x.dtype(), "batchNorm2d", [&](auto tag_) {
    using scalar_t = decltype(tag_);
    const scalar_t* in = x.data<scalar_t>();
    scalar_t* rm = running_mean.defined() ? running_mean.data<scalar_t>() : nullptr;
    scalar_t* rv = running_var.defined() ? running_var.data<scalar_t>() : nullptr;
    if (training) {
      const int slices = slices_for(N * HW);
      Tensor partial = partial_sums<scalar_t, false>(in, nullptr, nullptr, nullptr, N, C, HW, slices, "batchNorm2d");
      finish_batch_stats<scalar_t><<<grid_for(C), kThreads, 0, stream()>>>(
          save_mean.data<scalar_t>(), save_invstd.data<scalar_t>(), rm, rv, partial.data<double>(), in, C, HW, slices,
          double(N * HW), momentum, eps);
    } else {
      take_running_stats<scalar_t><<<grid_for(C), kThreads, 0, stream()>>>(
          save_mean.data<scalar_t>(), save_invstd.data<scalar_t>(), rm, rv, C, eps);
    }
    MSSAR_CUDA_LAUNCHED("batchNorm2d");
    if (total == 0) return;
    with_index_type(total, [&](auto itag_) {
      using index_t = decltype(itag_);
      normalize<scalar_t, index_t><<<grid_for(total), kThreads, 0, stream()>>>(
          y.data<scalar_t>(), in, save_mean.data<scalar_t>(), save_invstd.data<scalar_t>(), ptr_or_null<scalar_t>(weight),
          ptr_or_null<scalar_t>(bias), index_t(total), index_t(C), index_t(HW), relu);
    });
    MSSAR_CUDA_LAUNCHED("batchNorm2d");
  });
}

// y: the forward's output behind a ReLU (its mask), or undefined.
void backward(Tensor& dx, Tensor& dweight, Tensor& dbias, const Tensor& dy, const Tensor& y, const Tensor& x,
              const Tensor& weight, const Tensor& save_mean, const Tensor& save_invstd, bool training) {
  const long long N = x.size(0), C = x.size(1), HW = x.size(2) * x.size(3);
  const long long total = N * C * HW;
  if (C == 0) return;
  dispatch_float(x.dtype(), "batchNorm2d backward", [&](auto tag_) {
    using scalar_t = decltype(tag_);
    const scalar_t* in = x.data<scalar_t>();
    const scalar_t* g = dy.data<scalar_t>();
    const scalar_t* mask = ptr_or_null<scalar_t>(y);
    const scalar_t* mean = save_mean.data<scalar_t>();
    const scalar_t* invstd = save_invstd.data<scalar_t>();
    const scalar_t* w = ptr_or_null<scalar_t>(weight);
    scalar_t* dw = dweight.defined() ? dweight.data<scalar_t>() : nullptr;
    scalar_t* db = dbias.defined() ? dbias.data<scalar_t>() : nullptr;
    Tensor coef = Tensor::empty({C * 3}, x.dtype(), Device::CUDA);
    const bool sums = training || dw || db;
    if (sums && total > 0) {
      const int slices = slices_for(N * HW);
      Tensor partial = partial_sums<scalar_t, true>(in, g, mask, mean, N, C, HW, slices, "batchNorm2d backward");
      finish_grad_sums<scalar_t><<<grid_for(C), kThreads, 0, stream()>>>(
          coef.data<scalar_t>(), dw, db, partial.data<double>(), invstd, w, C, slices, double(N * HW), training);
    } else {
      // No values (eval mode with N * H * W = 0): the parameter gradients are zero.
      if (dw) dweight.zero_();
      if (db) dbias.zero_();
      eval_coef<scalar_t><<<grid_for(C), kThreads, 0, stream()>>>(coef.data<scalar_t>(), invstd, w, C);
    }
    MSSAR_CUDA_LAUNCHED("batchNorm2d backward");
    if (!dx.defined() || total == 0) return;
    with_index_type(total, [&](auto itag_) {
      using index_t = decltype(itag_);
      input_grad<scalar_t, index_t><<<grid_for(total), kThreads, 0, stream()>>>(
          dx.data<scalar_t>(), g, mask, in, mean, coef.data<scalar_t>(), index_t(total), index_t(C), index_t(HW));
    });
    MSSAR_CUDA_LAUNCHED("batchNorm2d backward");
  });
}

}  // namespace

void batch_norm2d_forward(Tensor& y, Tensor& save_mean, Tensor& save_invstd, Tensor& running_mean,
                          Tensor& running_var, const Tensor& x, const Tensor& weight, const Tensor& bias,
                          bool training, double momentum, double eps) {
  forward(y, save_mean, save_invstd, running_mean, running_var, x, weight, bias, training, momentum, eps, false);
}

void batch_norm2d_backward(Tensor& dx, Tensor& dweight, Tensor& dbias, const Tensor& dy, const Tensor& x,
                           const Tensor& weight, const Tensor& save_mean, const Tensor& save_invstd, bool training) {
  backward(dx, dweight, dbias, dy, Tensor(), x, weight, save_mean, save_invstd, training);
}

void batch_norm_relu2d_forward(Tensor& y, Tensor& save_mean, Tensor& save_invstd, Tensor& running_mean,
                               Tensor& running_var, const Tensor& x, const Tensor& weight, const Tensor& bias,
                               bool training, double momentum, double eps) {
  forward(y, save_mean, save_invstd, running_mean, running_var, x, weight, bias, training, momentum, eps, true);
}

void batch_norm_relu2d_backward(Tensor& dx, Tensor& dweight, Tensor& dbias, const Tensor& dy, const Tensor& y,
                                const Tensor& x, const Tensor& weight, const Tensor& save_mean,
                                const Tensor& save_invstd, bool training) {
  backward(dx, dweight, dbias, dy, y, x, weight, save_mean, save_invstd, training);
}

}  // namespace mssar::cuda

namespace mssar {
MSSAR_REGISTER_KERNEL(batch_norm2d_forward, CUDA, cuda::batch_norm2d_forward)
MSSAR_REGISTER_KERNEL(batch_norm2d_backward, CUDA, cuda::batch_norm2d_backward)
MSSAR_REGISTER_KERNEL(batch_norm_relu2d_forward, CUDA, cuda::batch_norm_relu2d_forward)
MSSAR_REGISTER_KERNEL(batch_norm_relu2d_backward, CUDA, cuda::batch_norm_relu2d_backward)
}  // namespace mssar
