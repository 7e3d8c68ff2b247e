// The per-element programs of the CUDA unary, binary and where kernels run on the host against the
// CPU kernels:
//   unary   every op code of unary.cu (native/cuda/unary_elements.cuh), forward and backward,
//           float32 and float64 (neg, abs and clamp also int32 and int64; these three bit for
//           bit), clamp with finite and infinite bounds and inputs on the bounds; the other ops to
//           2e-6 (float32) or 1e-13 (float64) relative (the CPU's exp, log, tanh and erf are
//           vectorized approximations, and the host's rsqrt is 1 / sqrt where the device has its own);
//   binary  every op of binary.cu (native/cuda/broadcast_elements.cuh) over its broadcast plan,
//           every dtype an op takes (comparisons also bool), awkward broadcasts, ties and NaNs
//           (maximum and minimum: NaN wins), bit for bit but pow (to 1e-6 / 1e-14 relative);
//   where   the value program over the broadcast plan of where.cu (the same header), float32,
//           float64, int32 and int64, bit for bit (the offsets alone are also checked by
//           cuda_kernels_emulation).
// 64-bit indices only (no 32-bit variant in these kernels).
#include <cmath>
#include <limits>

#include "../../native/cuda/broadcast_elements.cuh"
#include "../../native/cuda/unary_elements.cuh"
#include "../../native/ops/binary.h"
#include "../../native/ops/where.h"
#include "emulation.h"

namespace mssar::emulation {

namespace {

const UnaryOp kOps[] = {UnaryOp::Neg,  UnaryOp::Abs,  UnaryOp::Exp,  UnaryOp::Log,  UnaryOp::Sqrt,
                        UnaryOp::Rsqrt, UnaryOp::Tanh, UnaryOp::Gelu, UnaryOp::Clamp};

bool positive_domain(UnaryOp op) { return op == UnaryOp::Log || op == UnaryOp::Sqrt || op == UnaryOp::Rsqrt; }

// Inputs in [-3, 3) with zeros (abs's kink) and clamp's bounds where finite, or in [0.1, 3.1) for
// log, sqrt and rsqrt.
template <class T>
Tensor unary_input(UnaryOp op, DType dt, double lo, double hi, std::mt19937& rng) {
  Tensor x = random_tensor({7, 37}, dt, rng);
  for (int64_t i = 0; i < x.numel(); ++i) {
    T& v = x.data<T>()[i];
    if constexpr (std::is_floating_point_v<T>) v = positive_domain(op) ? T(std::fabs(double(v)) * 3 + 0.1) : T(v * 3);
    if (i % 13 == 0 && !positive_domain(op)) v = T(0);
    if (op == UnaryOp::Clamp && i % 7 == 0 && std::isfinite(lo)) v = T(lo);
    if (op == UnaryOp::Clamp && i % 11 == 0 && std::isfinite(hi)) v = T(hi);
  }
  return x;
}

// Ops whose value and gradient involve no rounding: compared bit for bit (the sign of zero too).
bool exact_op(UnaryOp op) { return op == UnaryOp::Neg || op == UnaryOp::Abs || op == UnaryOp::Clamp; }

template <class T>
void check_unary(UnaryOp op, DType dt, double lo, double hi, std::mt19937& rng) {
  const bool exact = !std::is_floating_point_v<T> || exact_op(op);
  const double tol = std::is_same_v<T, float> ? 2e-6 : 1e-13;
  const Tensor x = unary_input<T>(op, dt, lo, hi, rng);
  const std::string name = cat(unary_op_name(op), " ", x.describe(), op == UnaryOp::Clamp ? cat(" ", lo, " to ", hi) : "");
  Tensor y = Tensor::empty(x.shape(), dt, Device::CPU);
  unary_forward_kernels()[Backend::CPU](y, x, op, lo, hi);
  const size_t n = size_t(x.numel());
  Guarded<T> out(n);
  for (size_t i = 0; i < n; ++i) cuda::unary_forward_element(out.data(), x.data<T>(), op, lo, hi, (long long)i);
  size_t bad = exact ? first_bit_difference(out.data(), y.data<T>(), n) : first_difference(out.data(), y.data<T>(), n, tol);
  report(out.guards_intact() && bad == n, cat(name, at_element(bad, n)));
  if (!std::is_floating_point_v<T>) return;  // the backward takes floats only
  const Tensor dy = random_tensor(x.shape(), dt, rng);
  Tensor dx = Tensor::empty(x.shape(), dt, Device::CPU);
  unary_backward_kernels()[Backend::CPU](dx, dy, x, y, op, lo, hi);
  Guarded<T> dout(n);
  for (size_t i = 0; i < n; ++i)
    cuda::unary_backward_element(dout.data(), dy.data<T>(), x.data<T>(), y.data<T>(), op, lo, hi, (long long)i);
  bad = exact ? first_bit_difference(dout.data(), dx.data<T>(), n) : first_difference(dout.data(), dx.data<T>(), n, tol);
  report(dout.guards_intact() && bad == n, cat(name, " backward", at_element(bad, n)));
}

template <class T>
void unary_for(DType dt, std::mt19937& rng) {
  const double inf = std::numeric_limits<double>::infinity();
  for (UnaryOp op : kOps) {
    if (!std::is_floating_point_v<T> && !unary_takes_ints(op)) continue;
    if (op != UnaryOp::Clamp) {
      check_unary<T>(op, dt, -inf, inf, rng);
      continue;
    }
    for (const auto& [lo, hi] : {std::pair{-0.5, 1.25}, std::pair{-inf, 0.0}, std::pair{-1.0, inf}, std::pair{2.0, 2.0}})
      check_unary<T>(op, dt, lo, hi, rng);
  }
}

// ---- binary --------------------------------------------------------------------------------------

const BinaryOp kBinaryOps[] = {BinaryOp::Add, BinaryOp::Sub, BinaryOp::Mul, BinaryOp::Div, BinaryOp::Pow,
                               BinaryOp::Maximum, BinaryOp::Minimum, BinaryOp::Eq, BinaryOp::Ne, BinaryOp::Lt,
                               BinaryOp::Le, BinaryOp::Gt, BinaryOp::Ge};

// Operands with ties (five levels), NaNs (floats) for maximum, minimum and the comparisons, and
// positive bases for pow.
template <class T>
Tensor binary_operand(BinaryOp op, const Shape& s, DType dt, bool base, std::mt19937& rng) {
  Tensor t = random_tensor(s, dt, rng, op == BinaryOp::Pow || op == BinaryOp::Div ? 0 : 5);
  for (int64_t i = 0; i < t.numel(); ++i) {
    if constexpr (std::is_floating_point_v<T>) {
      T& v = t.data<T>()[i];
      if (op == BinaryOp::Pow && base) v = T(std::fabs(double(v)) + 0.1);
      if (op == BinaryOp::Div && !base && v == 0) v = T(0.5);
      if (op != BinaryOp::Pow && op != BinaryOp::Div && i % 9 == 4) v = T(NAN);
    }
  }
  return t;
}

template <class T, class O>
void check_binary(BinaryOp op, const Shape& as, const Shape& bs, DType dt, std::mt19937& rng) {
  const Tensor a = binary_operand<T>(op, as, dt, true, rng), b = binary_operand<T>(op, bs, dt, false, rng);
  const Tensor y = binary_forward(op, a, b);
  const BroadcastPlan p = make_broadcast_plan(binary_op_name(op), y.shape(), {&as, &bs});
  const size_t n = size_t(y.numel());
  Guarded<O> out(n);
  for (size_t i = 0; i < n; ++i) cuda::binary_element(out.data(), a.data<T>(), b.data<T>(), p, op, (long long)i);
  // pow's value depends on the math library (the device's is not the host's); the rest is exact.
  const size_t bad = op == BinaryOp::Pow ? first_difference(out.data(), y.data<O>(), n, std::is_same_v<T, float> ? 1e-6 : 1e-14)
                                         : first_bit_difference(out.data(), y.data<O>(), n);
  report(out.guards_intact() && bad == n,
         cat(binary_op_name(op), " ", a.describe(), " ", b.describe(), at_element(bad, n)));
}

template <class T>
void binary_for(DType dt, std::mt19937& rng) {
  const Shape pairs[][2] = {{{3, 4}, {3, 4}}, {{3, 1}, {1, 4}}, {{2, 1, 5}, {}}, {{5, 1, 2, 1}, {1, 3, 1, 4}}, {{7}, {1}}};
  for (BinaryOp op : kBinaryOps) {
    const bool floats_only = op == BinaryOp::Div || op == BinaryOp::Pow;
    if (floats_only && !std::is_floating_point_v<T>) continue;
    if (std::is_same_v<T, bool> && !is_comparison(op)) continue;
    for (const auto& s : pairs) {
      if (is_comparison(op))
        check_binary<T, bool>(op, s[0], s[1], dt, rng);
      else
        check_binary<T, T>(op, s[0], s[1], dt, rng);
    }
  }
}

// ---- where ---------------------------------------------------------------------------------------

template <class T>
void check_where(const Shape& cs, const Shape& as, const Shape& bs, DType dt, std::mt19937& rng) {
  const Tensor c = random_tensor(cs, DType::Bool, rng), a = random_tensor(as, dt, rng), b = random_tensor(bs, dt, rng);
  const Tensor y = where_forward(c, a, b);
  const BroadcastPlan p = make_broadcast_plan("where", y.shape(), {&cs, &as, &bs});
  const size_t n = size_t(y.numel());
  Guarded<T> out(n);
  for (size_t i = 0; i < n; ++i)
    cuda::where_element(out.data(), c.data<bool>(), a.data<T>(), b.data<T>(), p, (long long)i);
  const size_t bad = first_bit_difference(out.data(), y.data<T>(), n);
  report(out.guards_intact() && bad == n, cat("where ", c.describe(), " ", a.describe(), " ", b.describe(), at_element(bad, n)));
}

void where_cases(std::mt19937& rng) {
  const Shape shapes[][3] = {{{3, 4}, {3, 4}, {3, 4}}, {{3, 1}, {1, 4}, {}},        {{2, 1, 5}, {3, 1}, {1, 1, 1}},
                             {{1}, {4, 2}, {2}},       {{5, 1, 2, 1}, {1, 3, 1, 4}, {2, 1}}, {{7}, {1}, {7}}};
  for (const auto& s : shapes) {
    check_where<float>(s[0], s[1], s[2], DType::Float32, rng);
    check_where<double>(s[0], s[1], s[2], DType::Float64, rng);
    check_where<int32_t>(s[0], s[1], s[2], DType::Int32, rng);
    check_where<int64_t>(s[0], s[1], s[2], DType::Int64, rng);
  }
}

}  // namespace

void elementwise_cases() {
  std::mt19937 rng(41);
  unary_for<float>(DType::Float32, rng);
  unary_for<double>(DType::Float64, rng);
  unary_for<int32_t>(DType::Int32, rng);
  unary_for<int64_t>(DType::Int64, rng);
  binary_for<float>(DType::Float32, rng);
  binary_for<double>(DType::Float64, rng);
  binary_for<int32_t>(DType::Int32, rng);
  binary_for<int64_t>(DType::Int64, rng);
  binary_for<bool>(DType::Bool, rng);
  where_cases(rng);
}

}  // namespace mssar::emulation
