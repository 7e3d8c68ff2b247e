// The per-element programs of the CUDA broadcasting kernels (binary.cu, where.cu): each output
// element reads its operands at their offsets from the broadcast plan (BroadcastPlan, merged dims).
// The kernels run them one thread per output element, and the host emulation test
// (test/native/emulate_elementwise.cpp) runs them on every element against the CPU kernels.
#pragma once
#include <math.h>

#include <type_traits>

#include "../ops/binary.h"
#include "../ops/broadcast_plan.h"

#ifdef __CUDACC__
#define MSSAR_BROADCAST_PROGRAM __device__ __forceinline__
#else
#define MSSAR_BROADCAST_PROGRAM inline
#endif

namespace mssar::cuda {

template <class T, class O>
MSSAR_BROADCAST_PROGRAM O binary_value(BinaryOp op, T u, T v) {
  switch (op) {
    case BinaryOp::Eq: return O(u == v);
    case BinaryOp::Ne: return O(u != v);
    case BinaryOp::Lt: return O(u < v);
    case BinaryOp::Le: return O(u <= v);
    case BinaryOp::Gt: return O(u > v);
    case BinaryOp::Ge: return O(u >= v);
    default: break;
  }
  if constexpr (std::is_same_v<T, bool>) {
    return O(0);
  } else {
    switch (op) {
      case BinaryOp::Add: return O(u + v);
      case BinaryOp::Sub: return O(u - v);
      case BinaryOp::Mul: return O(u * v);
      case BinaryOp::Maximum: return O((u > v || u != u) ? u : v);
      case BinaryOp::Minimum: return O((u < v || u != u) ? u : v);
      case BinaryOp::Div: return O(u / v);
      case BinaryOp::Pow:
        if constexpr (std::is_floating_point_v<T>) return O(pow(u, v));
        return O(0);
      default: return O(0);
    }
  }
}

// y[i] = op(a, b) at output element i (p: the plan of y, a, b).
template <class T, class O>
MSSAR_BROADCAST_PROGRAM void binary_element(O* y, const T* a, const T* b, const BroadcastPlan& p, BinaryOp op, long long i) {
  const long long inner = p.inner();
  int64_t off[2];
  const long long row = i / inner, col = i - row * inner;
  p.row_offsets(row, off, 2);
  const T u = a[off[0] + col * p.stride[0][p.ndim - 1]];
  const T v = b[off[1] + col * p.stride[1][p.ndim - 1]];
  y[i] = binary_value<T, O>(op, u, v);
}

// y[i] = c ? a : b, each operand read at its broadcast offset (p: the plan of y, c, a, b).
template <class T>
MSSAR_BROADCAST_PROGRAM void where_element(T* y, const bool* c, const T* a, const T* b, const BroadcastPlan& p, long long i) {
  const long long inner = p.inner();
  int64_t off[3];
  const long long row = i / inner, col = i - row * inner;
  p.row_offsets(row, off, 3);
  const int last = p.ndim - 1;
  y[i] = c[off[0] + col * p.stride[0][last]] ? a[off[1] + col * p.stride[1][last]] : b[off[2] + col * p.stride[2][last]];
}

}  // namespace mssar::cuda
