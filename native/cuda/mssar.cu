// MS-SAR on CUDA: fused kernels around the block programs of mssar_blocks.cuh.
//
//   forward   one block per tile (the whole plane when it fits in shared memory, else 32 x 32 or
//             smaller tiles with a margin): x read once (16-byte loads for whole float planes),
//             y and g written once.
//   backward  one block per tile: dy, x, g read once, dx written once, and one partial of dweight
//             and dbias per tile; a second small kernel (a warp per output) sums the partials of
//             each channel in a fixed order (deterministic, no atomics).
//   direct    for cells too large for shared memory (scales above 16): per-element kernels that
//             read the cells from global memory. Correct for every scale, slow.
//
// MSSAR_CUDA_TILE=plane|HxW|direct overrides the tile choice (bench/mssar-cuda.ts compares them).
#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <initializer_list>

#include "../core/dtype_dispatch.h"
#include "../ops/mssar.h"
#include "context.h"
#include "mssar_blocks.cuh"

namespace mssar::cuda {

namespace {

using blocks::BackwardArgs;
using blocks::ForwardArgs;
using blocks::kThreads;
using blocks::Scales;
using blocks::Tiling;

// One thread block (see mssar_blocks.cuh): run() is one phase followed by a barrier.
struct Block {
  template <class F>
  __host__ __device__ __forceinline__ void run(const F& f) {
#ifdef __CUDA_ARCH__
    f(int(threadIdx.x), int(blockDim.x));
    __syncthreads();
#endif
  }

  // red[j] = sum over threads of red[tid * n + j], j < n; red holds blockDim.x * n + 32 * n elements.
  template <class T>
  __host__ __device__ __forceinline__ void reduce(T* red, int n) {
#ifdef __CUDA_ARCH__
    const int tid = int(threadIdx.x), lane = tid & 31, warp = tid >> 5, warps = int(blockDim.x) >> 5;
    T* per_warp = red + blockDim.x * n;
    for (int j = 0; j < n; ++j) {
      T v = red[tid * n + j];
      for (int o = 16; o > 0; o >>= 1) v += __shfl_down_sync(0xffffffffu, v, o);
      if (lane == 0) per_warp[warp * n + j] = v;
    }
    __syncthreads();
    if (tid < n) {
      T v = 0;
      for (int w = 0; w < warps; ++w) v += per_warp[w * n + tid];
      red[tid] = v;
    }
    __syncthreads();
#endif
  }
};

template <class T>
__device__ __forceinline__ T* shared_as() {
  extern __shared__ __align__(16) unsigned char mssar_smem[];
  return reinterpret_cast<T*>(mssar_smem);
}

template <class T>
__global__ void __launch_bounds__(kThreads) forward_tiles_kernel(ForwardArgs<T> a) {
  Block blk;
  T* sm = shared_as<T>();
  const long long n = a.t.tiles();
  for (long long tile = blockIdx.x; tile < n; tile += gridDim.x) blocks::forward_tile(blk, sm, a, tile);
}

template <class T>
__global__ void __launch_bounds__(kThreads) backward_tiles_kernel(BackwardArgs<T> a) {
  Block blk;
  T* sm = shared_as<T>();
  const long long n = a.t.tiles();
  for (long long tile = blockIdx.x; tile < n; tile += gridDim.x) blocks::backward_tile(blk, sm, a, tile);
}

template <class T>
__global__ void forward_direct_kernel(ForwardArgs<T> a, long long n) {
  for (long long i = blockIdx.x * (long long)blockDim.x + threadIdx.x; i < n; i += (long long)gridDim.x * blockDim.x)
    blocks::forward_direct_element(a, i);
}

template <class T>
__global__ void backward_direct_dx_kernel(BackwardArgs<T> a, long long n) {
  for (long long i = blockIdx.x * (long long)blockDim.x + threadIdx.x; i < n; i += (long long)gridDim.x * blockDim.x)
    blocks::backward_direct_dx(a, i);
}

template <class T>
__global__ void __launch_bounds__(kThreads) backward_direct_partials_kernel(BackwardArgs<T> a, long long planes) {
  Block blk;
  T* red = shared_as<T>();
  for (long long p = blockIdx.x; p < planes; p += gridDim.x) blocks::backward_direct_partials(blk, red, a, p);
}

// One warp per output of dweight and dbias: the lanes split the output's (n, tile) partials, then
// add their sums with a fixed shuffle tree.
template <class T>
__global__ void reduce_partials_kernel(T* dweight, T* dbias, const T* partials, Tiling t, int symmetric,
                                       int bias_per_sample, long long n) {
  const int lane = int(threadIdx.x & 31);
  const long long warps = (long long)gridDim.x * (blockDim.x / 32);
  // i is the same for the 32 lanes of a warp, so whole warps enter and leave the loop together.
  for (long long i = (blockIdx.x * (long long)blockDim.x + threadIdx.x) / 32; i < n; i += warps) {
    double sums[9];
    blocks::partial_sums_lane(sums, partials, t, bias_per_sample, i, lane, 32);
#pragma unroll
    for (int j = 0; j < 9; ++j)
      for (int o = 16; o > 0; o >>= 1) sums[j] += __shfl_down_sync(0xffffffffu, sums[j], o);
    if (lane == 0) blocks::write_reduced(dweight, dbias, t, symmetric, bias_per_sample, i, sums);
  }
}

unsigned blocks_for(long long work) {
  const long long cap = 1LL << 24;
  return unsigned(work < 1 ? 1 : (work > cap ? cap : work));
}

int max_shared_optin() {
  static const int bytes = [] {
    int dev = 0, v = 0;
    MSSAR_CUDA_CHECK("mssar", cudaGetDevice(&dev));
    MSSAR_CUDA_CHECK("mssar", cudaDeviceGetAttribute(&v, cudaDevAttrMaxSharedMemoryPerBlockOptin, dev));
    return v;
  }();
  return bytes;
}

// Lets `kernel` use `bytes` of dynamic shared memory (above the default 48 KiB needs an opt-in).
template <class K>
void allow_shared(K kernel, size_t bytes, int& allowed) {
  if (bytes <= 48 * 1024 || int(bytes) <= allowed) return;
  MSSAR_CUDA_CHECK("mssar", cudaFuncSetAttribute(kernel, cudaFuncAttributeMaxDynamicSharedMemorySize, int(bytes)));
  allowed = int(bytes);
}

// The tile choice of MSSAR_CUDA_TILE, read once: 0 = automatic, -1 = plane, -2 = direct, else
// rows * 65536 + columns.
int tile_override() {
  static const int v = [] {
    const char* e = std::getenv("MSSAR_CUDA_TILE");
    if (!e || !*e) return 0;
    if (std::strcmp(e, "plane") == 0) return -1;
    if (std::strcmp(e, "direct") == 0) return -2;
    int h = 0, w = 0;
    if (std::sscanf(e, "%dx%d", &h, &w) == 2 && h > 0 && w > 0 && h < 65536 && w < 65536) return h * 65536 + w;
    return 0;
  }();
  return v;
}

Scales scales_of(const MssarOptions& opt) {
  Scales sc{};
  sc.K = int(opt.scales.size());
  for (int k = 0; k < sc.K; ++k) sc.s[k] = int(opt.scales[size_t(k)]);
  return sc;
}

// Shared memory kept per block: enough for two or three resident blocks per multiprocessor.
constexpr size_t kSharedBudget = 100 * 1024;

// The tiling of a launch, or direct = true when no tile fits (then one "tile" per plane, which
// the direct kernels and the partials use).
Tiling plan(const Tensor& x, const Scales& sc, size_t elem, bool backward, bool& direct) {
  const int N = int(x.size(0)), C = int(x.size(1)), H = int(x.size(2)), W = int(x.size(3));
  const size_t budget = std::min(kSharedBudget, size_t(max_shared_optin()));
  const int forced = tile_override();
  const bool small_plane = (long long)H * W <= 64 * 64;
  if (blocks::margin_of(sc) <= blocks::kMaxTileMargin && forced != -2) {
    int sizes[5][2] = {{H, W}, {64, 64}, {32, 32}, {16, 16}, {8, 8}};
    int first = small_plane || forced == -1 ? 0 : 2;  // whole planes up to 64 x 64, else tiles of 32
    if (forced > 0) {
      sizes[0][0] = forced / 65536, sizes[0][1] = forced % 65536;
      first = 0;
    }
    for (int i = first; i < 5; ++i) {
      if (i == 0 && forced <= 0 && (long long)H * W > (1LL << 16)) continue;
      Tiling t = blocks::make_tiling(N, C, H, W, sc, sizes[i][0], sizes[i][1], backward);
      if (size_t(t.total) * elem <= budget) {
        direct = false;
        return t;
      }
    }
  }
  direct = true;
  Tiling t = blocks::make_tiling(N, C, H, W, sc, 1, 1, backward);
  t.th = H, t.tw = W;
  t.tiles_h = t.tiles_w = H > 0 && W > 0 ? 1 : 0;
  return t;
}

bool aligned16(const void* p) { return reinterpret_cast<uintptr_t>(p) % 16 == 0; }

// Whole float planes of a multiple of four elements on 16-byte boundaries take 16-byte loads.
template <class T>
int use_vec4(const Tiling& t, std::initializer_list<const void*> ptrs) {
  if constexpr (sizeof(T) != 4) {
    return 0;
  } else {
    if (t.th != t.H || t.tw != t.W || (t.H * t.W) % 4 != 0) return 0;
    for (const void* p : ptrs)
      if (p && !aligned16(p)) return 0;
    return 1;
  }
}

template <class T>
void forward_impl(Tensor& y, Tensor& gate, const Tensor& x, const Tensor& weight, const Tensor& bias,
                  const MssarOptions& opt) {
  if (x.numel() == 0) return;
  const Scales sc = scales_of(opt);
  bool direct = false;
  ForwardArgs<T> a{};
  a.t = plan(x, sc, sizeof(T), false, direct);
  a.y = y.data<T>();
  a.gate = gate.data<T>();
  a.x = x.data<T>();
  a.weight = weight.data<T>();
  a.bias = bias.data<T>();
  a.bias_per_sample = mssar_per_sample(bias) ? 1 : 0;
  a.symmetric = opt.symmetric ? 1 : 0;
  if (direct) {
    const long long n = x.numel();
    forward_direct_kernel<T><<<blocks_for((n + 255) / 256), 256, 0, stream()>>>(a, n);
    MSSAR_CUDA_LAUNCHED("mssar");
    return;
  }
  a.vec4 = use_vec4<T>(a.t, {a.x, a.y, a.gate});
  const size_t smem = size_t(a.t.total) * sizeof(T);
  static int allowed = 0;
  allow_shared(forward_tiles_kernel<T>, smem, allowed);
  forward_tiles_kernel<T><<<blocks_for(a.t.tiles()), kThreads, smem, stream()>>>(a);
  MSSAR_CUDA_LAUNCHED("mssar");
}

template <class T>
void backward_impl(Tensor& dx, Tensor& dweight, Tensor& dbias, const Tensor& dy, const Tensor& x, const Tensor& gate,
                   const Tensor& weight, const MssarOptions& opt) {
  const Scales sc = scales_of(opt);
  const int P = 9 * sc.K + 1;
  bool direct = false;
  BackwardArgs<T> a{};
  a.t = plan(x, sc, sizeof(T), true, direct);
  a.dx = dx.defined() ? dx.data<T>() : nullptr;
  a.dy = dy.data<T>();
  a.x = x.data<T>();
  a.gate = gate.data<T>();
  a.weight = weight.data<T>();
  a.symmetric = opt.symmetric ? 1 : 0;
  a.want_dw = dweight.defined() ? 1 : 0;
  a.want_db = dbias.defined() ? 1 : 0;
  const bool want_parts = a.want_dw || a.want_db;
  const long long tiles = a.t.tiles();
  Tensor partials;
  if (want_parts && tiles > 0) {
    partials = Tensor::empty(Shape{tiles, int64_t(P)}, x.dtype(), Device::CUDA);
    a.partials = partials.data<T>();
  }
  if (x.numel() > 0) {
    if (direct) {
      if (a.dx) {
        const long long n = x.numel();
        backward_direct_dx_kernel<T><<<blocks_for((n + 255) / 256), 256, 0, stream()>>>(a, n);
        MSSAR_CUDA_LAUNCHED("mssar backward");
      }
      if (want_parts) {
        const size_t smem = size_t(kThreads * 9 + 32 * 9) * sizeof(T);
        backward_direct_partials_kernel<T><<<blocks_for(tiles), kThreads, smem, stream()>>>(a, tiles);
        MSSAR_CUDA_LAUNCHED("mssar backward");
      }
    } else {
      a.vec4 = use_vec4<T>(a.t, {a.dx, a.dy, a.x, a.gate});
      const size_t smem = size_t(a.t.total) * sizeof(T);
      static int allowed = 0;
      allow_shared(backward_tiles_kernel<T>, smem, allowed);
      backward_tiles_kernel<T><<<blocks_for(tiles), kThreads, smem, stream()>>>(a);
      MSSAR_CUDA_LAUNCHED("mssar backward");
    }
  }
  if (want_parts) {
    const int bias_per_sample = dbias.defined() && dbias.ndim() == 2 ? 1 : 0;
    const long long n = blocks::reduced_outputs(a.t, bias_per_sample);
    if (n > 0) {
      reduce_partials_kernel<T><<<blocks_for((n + 7) / 8), 256, 0, stream()>>>(
          dweight.defined() ? dweight.data<T>() : nullptr, dbias.defined() ? dbias.data<T>() : nullptr,
          a.partials, a.t, a.symmetric, bias_per_sample, n);
      MSSAR_CUDA_LAUNCHED("mssar backward");
    }
  }
}

}  // namespace

void mssar_forward(Tensor& y, Tensor& gate, const Tensor& x, const Tensor& weight, const Tensor& bias,
                   const MssarOptions& opt) {
  dispatch_float(x.dtype(), "mssar", [&](auto tag_) {
    using scalar_t = decltype(tag_);
    forward_impl<scalar_t>(y, gate, x, weight, bias, opt);
  });
}

void mssar_backward(Tensor& dx, Tensor& dweight, Tensor& dbias, const Tensor& dy, const Tensor& x, const Tensor& gate,
                    const Tensor& weight, const MssarOptions& opt) {
  dispatch_float(x.dtype(), "mssar backward", [&](auto tag_) {
    using scalar_t = decltype(tag_);
    backward_impl<scalar_t>(dx, dweight, dbias, dy, x, gate, weight, opt);
  });
}

}  // namespace mssar::cuda

namespace mssar {
MSSAR_REGISTER_KERNEL(mssar_forward, CUDA, cuda::mssar_forward)
MSSAR_REGISTER_KERNEL(mssar_backward, CUDA, cuda::mssar_backward)
}  // namespace mssar
