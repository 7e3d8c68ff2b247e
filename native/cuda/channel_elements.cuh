// The per-element programs of the older elementwise CUDA kernels, host and device code: add and
// mul with their channel broadcast (broadcast.cuh, add.cu, mul.cu), add_relu, relu and sigmoid
// (add_relu.cu, relu.cu, sigmoid.cu). The kernels run them one thread per element of the physical
// buffer, and the host emulation test (test/native/emulate_channel_ops.cpp) runs them on every
// element against the CPU kernels.
#pragma once
#include <math.h>

#include "../ops/channel_broadcast.h"

#ifdef __CUDACC__
#define MSSAR_CHANNEL_HD __host__ __device__ __forceinline__
#define MSSAR_CHANNEL_BLOCK __device__ __forceinline__
#else
#define MSSAR_CHANNEL_HD inline
#define MSSAR_CHANNEL_BLOCK inline
#endif

namespace mssar::cuda {

// How element i of a finds its b element: mode 0 b of a's shape, 1 [1, C, 1, 1], 2 [N, C, 1, 1].
struct ChannelProgram {
  int mode;
  long long hw, c;
};
inline ChannelProgram channel_program(const ChannelBroadcast& bc) {
  return ChannelProgram{bc.same ? 0 : bc.per_sample ? 2 : 1, bc.same ? 1 : bc.hw, bc.same ? 1 : bc.c};
}

// I is the index type (32-bit when n allows it).
template <class T, class I, class Op>
MSSAR_CHANNEL_HD void channel_broadcast_element(T* y, const T* a, const T* b, I hw, I c, int mode, Op op, I i) {
  I bi = i;
  if (mode == 1) bi = (i / hw) % c;  // [1, C, 1, 1]
  if (mode == 2) bi = i / hw;        // [N, C, 1, 1]
  y[i] = op(a[i], b[bi]);
}

struct AddOp {
  template <class T>
  MSSAR_CHANNEL_HD T operator()(T u, T v) const { return u + v; }
};

struct MulOp {
  template <class T>
  MSSAR_CHANNEL_HD T operator()(T u, T v) const { return u * v; }
};

// mul's backward when b has a's shape; da or db is null when not wanted.
template <class T>
MSSAR_CHANNEL_HD void mul_same_shape_backward_element(T* da, T* db, const T* dy, const T* a, const T* b, long long i) {
  const T g = dy[i];
  if (da) da[i] = g * b[i];
  if (db) db[i] = g * a[i];
}

// mul's backward db for a channel broadcast: db[o] = sum over the planes of output o (plane o for
// [N, C, 1, 1], planes n * C + o for [1, C, 1, 1]) of dy . a, in double. One block per output (o
// from o_first, step o_stride) and split; split `split` of `splits` covers part of those planes'
// elements and, when splits > 1, leaves its sum in partial[split * outputs + o] for
// finish_partials_element. Written for one thread of a `Block` (row_programs.cuh).
template <class T, class Block>
MSSAR_CHANNEL_BLOCK void channel_dot_block(T* db, double* partial, const T* dy, const T* a, long long outputs,
                                           long long c, long long hw, long long planes_per_output, bool per_sample,
                                           long long splits, long long split, long long o_first, long long o_stride,
                                           Block& b) {
  const long long total = planes_per_output * hw;
  const long long jb = total * split / splits, je = total * (split + 1) / splits;
  for (long long o = o_first; o < outputs; o += o_stride) {
    double acc = 0;
    for (long long k = jb / hw; k * hw < je; ++k) {
      const long long plane = per_sample ? o : k * c + o;
      const long long lo = (jb > k * hw ? jb : k * hw) - k * hw;
      const long long hi = (je < (k + 1) * hw ? je : (k + 1) * hw) - k * hw;
      const T* g = dy + plane * hw;
      const T* x = a + plane * hw;
      for (long long i = lo + b.tid(); i < hi; i += b.threads()) acc += double(g[i]) * double(x[i]);
    }
    acc = b.all_sum(acc);
    if (b.tid() == 0) {
      if (splits == 1) {
        db[o] = T(acc);
      } else {
        partial[split * outputs + o] = acc;
      }
    }
  }
}

// Splits per output of channel_dot_block: enough blocks for 4 per multiprocessor when there are
// few outputs, at most one per 8192 elements of an output's planes, 1 to 4096.
inline long long channel_dot_splits(long long outputs, long long total, long long multiprocessors) {
  const long long target = 4 * multiprocessors;
  const long long for_blocks = (target + outputs - 1) / outputs, for_work = (total + 8191) / 8192;
  const long long splits = outputs >= target ? 1 : for_blocks < for_work ? for_blocks : for_work;
  return splits < 1 ? 1 : splits > 4096 ? 4096 : splits;
}

template <class T>
MSSAR_CHANNEL_HD void add_relu_forward_element(T* y, const T* a, const T* b, long long i) {
  const T s = a[i] + b[i];
  y[i] = s > T(0) ? s : T(0);
}

template <class T>
MSSAR_CHANNEL_HD void relu_forward_element(T* y, const T* x, long long i) {
  y[i] = x[i] > T(0) ? x[i] : T(0);
}

template <class T>
MSSAR_CHANNEL_HD void relu_backward_element(T* dx, const T* dy, const T* y, long long i) {
  dx[i] = y[i] > T(0) ? dy[i] : T(0);
}

// exp(-|x|), so that nothing overflows.
MSSAR_CHANNEL_HD float exp_neg_abs(float v) { return expf(-fabsf(v)); }
MSSAR_CHANNEL_HD double exp_neg_abs(double v) { return exp(-fabs(v)); }

template <class T>
MSSAR_CHANNEL_HD void sigmoid_forward_element(T* y, const T* x, long long i) {
  const T v = x[i];
  const T z = exp_neg_abs(v);
  const T r = T(1) / (T(1) + z);
  y[i] = v >= T(0) ? r : z * r;
}

template <class T>
MSSAR_CHANNEL_HD void sigmoid_backward_element(T* dx, const T* dy, const T* y, long long i) {
  dx[i] = dy[i] * y[i] * (T(1) - y[i]);
}

}  // namespace mssar::cuda
