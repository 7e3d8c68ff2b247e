// The binary elementwise ops on the CPU: the broadcast walked in runs (broadcast_runs.h), each run
// one vectorized loop specialised on which operand repeats.
#include "../ops/binary.h"

#include <cmath>
#include <type_traits>

#include "../core/dtype_dispatch.h"
#include "../ops/broadcast_plan.h"
#include "broadcast_runs.h"

namespace mssar::cpu {

namespace {

template <class T, class O, class F>
void apply(const BroadcastPlan& p, O* y, const T* a, const T* b, F f) {
  for_each_run<2>(p, [&](int64_t i, const int64_t* off, const int64_t* step, int64_t n) {
    O* out = y + i;
    const T* pa = a + off[0];
    const T* pb = b + off[1];
    if (step[0] && step[1]) {
#pragma omp simd
      for (int64_t j = 0; j < n; ++j) out[j] = f(pa[j], pb[j]);
    } else if (step[0]) {
      const T v = pb[0];
#pragma omp simd
      for (int64_t j = 0; j < n; ++j) out[j] = f(pa[j], v);
    } else if (step[1]) {
      const T u = pa[0];
#pragma omp simd
      for (int64_t j = 0; j < n; ++j) out[j] = f(u, pb[j]);
    } else {
      const O r = f(pa[0], pb[0]);
      for (int64_t j = 0; j < n; ++j) out[j] = r;
    }
  });
}

}  // namespace

void binary_forward(Tensor& y, const Tensor& a, const Tensor& b, BinaryOp op) {
  const char* name = binary_op_name(op);
  const BroadcastPlan p = make_broadcast_plan(name, y.shape(), {&a.shape(), &b.shape()});
  dispatch_all(a.dtype(), name, [&](auto tag_) {
    using T = decltype(tag_);
    const T* pa = a.data<T>();
    const T* pb = b.data<T>();
    if (is_comparison(op)) {
      bool* out = y.data<bool>();
      switch (op) {
        case BinaryOp::Eq: return apply(p, out, pa, pb, [](T u, T v) { return u == v; });
        case BinaryOp::Ne: return apply(p, out, pa, pb, [](T u, T v) { return u != v; });
        case BinaryOp::Lt: return apply(p, out, pa, pb, [](T u, T v) { return u < v; });
        case BinaryOp::Le: return apply(p, out, pa, pb, [](T u, T v) { return u <= v; });
        case BinaryOp::Gt: return apply(p, out, pa, pb, [](T u, T v) { return u > v; });
        default: return apply(p, out, pa, pb, [](T u, T v) { return u >= v; });
      }
    }
    if constexpr (std::is_same_v<T, bool>) {
      fail(name, ": bool tensors have no arithmetic");
    } else {
      T* out = y.data<T>();
      switch (op) {
        case BinaryOp::Add: return apply(p, out, pa, pb, [](T u, T v) { return T(u + v); });
        case BinaryOp::Sub: return apply(p, out, pa, pb, [](T u, T v) { return T(u - v); });
        case BinaryOp::Mul: return apply(p, out, pa, pb, [](T u, T v) { return T(u * v); });
        // NaN wins, as in PyTorch.
        case BinaryOp::Maximum: return apply(p, out, pa, pb, [](T u, T v) { return (u > v || u != u) ? u : v; });
        case BinaryOp::Minimum: return apply(p, out, pa, pb, [](T u, T v) { return (u < v || u != u) ? u : v; });
        default: break;
      }
      if constexpr (std::is_floating_point_v<T>) {
        if (op == BinaryOp::Div) return apply(p, out, pa, pb, [](T u, T v) { return u / v; });
        if (op == BinaryOp::Pow) return apply(p, out, pa, pb, [](T u, T v) { return T(std::pow(u, v)); });
      }
      fail(name, ": unsupported dtype ", dtype_name(a.dtype()));
    }
  });
}

}  // namespace mssar::cpu

namespace mssar {
MSSAR_REGISTER_KERNEL(binary_forward, CPU, cpu::binary_forward)
}  // namespace mssar
