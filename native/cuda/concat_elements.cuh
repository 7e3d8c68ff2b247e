// The per-thread program and launch geometry of the CUDA concat kernel (concat.cu), host and device
// code: the kernel runs concat_thread once per thread, and the host emulation test
// (test/native/emulate_concat.cpp) runs it for every thread of the same grid against the CPU kernel.
#pragma once

#ifdef __CUDACC__
#define MSSAR_CONCAT_HD __host__ __device__ __forceinline__
#else
#define MSSAR_CONCAT_HD inline
#endif

namespace mssar::cuda::concat {

// Inputs per launch (blockIdx.y picks one) and threads per block.
constexpr int kBatch = 16;
constexpr int kThreads = 256;

template <class T>
struct Pieces {
  T* ptr[kBatch];
  long long run[kBatch];
  long long offset[kBatch];
};

// Blocks along x (runs) and z (rows) for `count` pieces whose longest run is `longest`: about 2^16
// blocks in all at most; each covers kThreads elements of a run per row step.
struct Grid {
  long long x, z;
};
inline Grid grid_for_pieces(long long longest, long long outer, int count) {
  const long long z = outer < 65535 ? outer : 65535;
  const long long by_run = (longest + kThreads - 1) / kThreads;
  const long long by_total = (1LL << 16) / (z * count) + 1;
  const long long x = by_run < by_total ? by_run : by_total;
  return Grid{x > 1 ? x : 1, z};
}

// Thread `first` (blockIdx.x * blockDim.x + threadIdx.x, of `stride` along x) of block row `z0` (of
// `zs`) on piece i: rows z0, z0 + zs, ... of y. gather: y[o * row + offset + j] = piece[o * run + j];
// otherwise the reverse.
template <class T, bool kGather>
MSSAR_CONCAT_HD void concat_thread(T* y, const Pieces<T>& pieces, long long outer, long long row, int i, long long z0,
                                   long long zs, long long first, long long stride) {
  const long long run = pieces.run[i];
  T* piece = pieces.ptr[i];
  for (long long o = z0; o < outer; o += zs) {
    T* yrow = y + o * row + pieces.offset[i];
    T* prow = piece + o * run;
    for (long long j = first; j < run; j += stride) {
      if (kGather) {
        yrow[j] = prow[j];
      } else {
        prow[j] = yrow[j];
      }
    }
  }
}

}  // namespace mssar::cuda::concat
