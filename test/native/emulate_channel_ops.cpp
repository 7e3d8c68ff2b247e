// The per-element programs of the older elementwise CUDA kernels (native/cuda/channel_elements.cuh)
// run on the host against the CPU kernels, float32 and float64:
//   add, mul    the forward over the channel broadcast (b of a's shape, [1, C, 1, 1], [N, C, 1, 1],
//               C = 1, H W = 1) with both index types the launcher picks, and mul's backward: dy b
//               over the same broadcast, and da and db when b has a's shape; bit for bit;
//   mul's db    for a channel broadcast: the block program channel_dot_block, every thread of each
//               256-thread block emulated (block_emulator.h), split as mul.cu splits it for an H100's
//               132 multiprocessors, then as 7 splits on one block column (split ends inside planes,
//               empty splits), the partial sums finished by finish_partials_element; to 1e-6
//               (float32) or 1e-12 (float64) relative (the CPU adds the products in another order);
//   add_relu    forward, with sums of exactly 0; bit for bit;
//   relu        forward and backward, with zeros of both signs; bit for bit;
//   sigmoid     forward and backward over [-20, 20] with 0; to 2e-6 (float32) or 1e-13 (float64)
//               relative (the CPU's exp is a vectorized approximation).
#include <map>
#include <memory>

#include "../../native/cuda/channel_elements.cuh"
#include "../../native/cuda/reduce_elements.cuh"
#include "../../native/ops/add.h"
#include "../../native/ops/add_relu.h"
#include "../../native/ops/mul.h"
#include "../../native/ops/relu.h"
#include "../../native/ops/sigmoid.h"
#include "block_emulator.h"
#include "emulation.h"

namespace mssar::emulation {

namespace {

// y = op(a, b) by the channel broadcast program with index type I, as broadcast.cuh launches it.
template <class T, class I, class Op>
void emulate_channel(Guarded<T>& out, const Tensor& a, const Tensor& b, Op op) {
  const cuda::ChannelProgram pr = cuda::channel_program(check_channel_broadcast("emulation", a, b));
  for (size_t i = 0; i < out.n; ++i)
    cuda::channel_broadcast_element<T, I>(out.data(), a.data<T>(), b.data<T>(), I(pr.hw), I(pr.c), pr.mode, op, I(i));
}

template <class T, class I>
void check_add_mul(const Shape& as, const Shape& bs, DType dt, std::mt19937& rng) {
  const Tensor a = random_tensor(as, dt, rng), b = random_tensor(bs, dt, rng);
  const std::string name = cat(a.describe(), " ", b.describe(), sizeof(I) == 4 ? " (32-bit index)" : " (64-bit index)");
  const size_t n = size_t(a.numel());
  const Tensor sum = add_forward(a, b), product = mul_forward(a, b);
  Guarded<T> es(n), ep(n);
  emulate_channel<T, I>(es, a, b, cuda::AddOp());
  emulate_channel<T, I>(ep, a, b, cuda::MulOp());
  size_t bad = first_bit_difference(es.data(), sum.data<T>(), n);
  report(es.guards_intact() && bad == n, cat("add ", name, at_element(bad, n)));
  bad = first_bit_difference(ep.data(), product.data<T>(), n);
  report(ep.guards_intact() && bad == n, cat("mul ", name, at_element(bad, n)));

  // mul's backward: da = dy b over the broadcast; db elementwise when b has a's shape.
  const Tensor dy = random_tensor(as, dt, rng);
  const bool same = as == bs;
  const auto [da, db] = mul_backward(dy, a, b, true, same);
  Guarded<T> eda(n), edb(n);
  if (same) {
    for (size_t i = 0; i < n; ++i)
      cuda::mul_same_shape_backward_element(eda.data(), edb.data(), dy.data<T>(), a.data<T>(), b.data<T>(),
                                            (long long)i);
    bad = first_bit_difference(edb.data(), db.data<T>(), n);
    report(edb.guards_intact() && bad == n, cat("mul backward db ", name, at_element(bad, n)));
  } else {
    emulate_channel<T, I>(eda, dy, b, cuda::MulOp());
  }
  bad = first_bit_difference(eda.data(), da.data<T>(), n);
  report(eda.guards_intact() && bad == n, cat("mul backward da ", name, at_element(bad, n)));
}

constexpr long long kDotThreads = 256;  // mul.cu's launch of channel_dot_kernel

// mul's db for a channel broadcast by channel_dot_block: `splits` splits over `columns` block
// columns, then the partials added as finish_partials_kernel adds them.
template <class T>
void emulate_channel_dot(T* db, const Tensor& dy, const Tensor& a, const ChannelBroadcast& bc, long long splits,
                         long long columns) {
  static BlockEmulator block(kDotThreads);
  const long long outputs = bc.per_sample ? bc.n * bc.c : bc.c, planes = bc.per_sample ? 1 : bc.n;
  std::vector<double> partial(size_t(splits * outputs), NAN);
  for (long long split = 0; split < splits; ++split)
    for (long long column = 0; column < columns; ++column)
      block.run([&](HostBlock& b) {
        cuda::channel_dot_block(db, partial.data(), dy.data<T>(), a.data<T>(), outputs, bc.c, bc.hw, planes,
                                bc.per_sample, splits, split, column, columns, b);
      });
  if (splits > 1)
    for (long long o = 0; o < outputs; ++o) cuda::finish_partials_element(db, partial.data(), outputs, splits, 1.0, o);
}

template <class T>
void check_channel_dot(const Shape& as, const Shape& bs, DType dt, std::mt19937& rng) {
  const Tensor a = random_tensor(as, dt, rng), b = random_tensor(bs, dt, rng), dy = random_tensor(as, dt, rng);
  const ChannelBroadcast bc = check_channel_broadcast("emulation", a, b);
  const Tensor db = mul_backward(dy, a, b, false, true).second;
  const long long outputs = bc.per_sample ? bc.n * bc.c : bc.c, planes = bc.per_sample ? 1 : bc.n;
  const size_t n = size_t(db.numel());
  const double tol = std::is_same_v<T, float> ? 1e-6 : 1e-12;
  const long long launcher_splits = cuda::channel_dot_splits(outputs, planes * bc.hw, 132);
  for (const auto& [splits, columns] : {std::pair{launcher_splits, outputs}, std::pair{7LL, 1LL}}) {
    Guarded<T> edb(n);
    emulate_channel_dot(edb.data(), dy, a, bc, splits, columns);
    const size_t bad = first_difference(edb.data(), db.data<T>(), n, tol);
    report(edb.guards_intact() && bad == n, cat("mul backward db ", a.describe(), " ", b.describe(), ", ", splits,
                                                " splits over ", columns, " block columns", at_element(bad, n)));
  }
}

// Values with exact zeros of both signs, and (for pairs) b = -a in places.
template <class T>
std::pair<Tensor, Tensor> with_zeros(const Shape& s, DType dt, std::mt19937& rng) {
  Tensor a = random_tensor(s, dt, rng), b = random_tensor(s, dt, rng);
  for (int64_t i = 0; i < a.numel(); ++i) {
    if (i % 5 == 0) a.data<T>()[i] = T(0);
    if (i % 7 == 0) a.data<T>()[i] = T(-0.0);
    if (i % 3 == 0) b.data<T>()[i] = -a.data<T>()[i];
  }
  return {a, b};
}

template <class T>
void check_relus(const Shape& s, DType dt, std::mt19937& rng) {
  const std::pair<Tensor, Tensor> ab = with_zeros<T>(s, dt, rng);
  const Tensor &a = ab.first, &b = ab.second;
  const size_t n = size_t(a.numel());
  const Tensor y = add_relu_forward(a, b);
  Guarded<T> ey(n);
  for (size_t i = 0; i < n; ++i) cuda::add_relu_forward_element(ey.data(), a.data<T>(), b.data<T>(), (long long)i);
  size_t bad = first_bit_difference(ey.data(), y.data<T>(), n);
  report(ey.guards_intact() && bad == n, cat("addRelu ", a.describe(), at_element(bad, n)));

  const Tensor r = relu_forward(a);
  Guarded<T> er(n);
  for (size_t i = 0; i < n; ++i) cuda::relu_forward_element(er.data(), a.data<T>(), (long long)i);
  bad = first_bit_difference(er.data(), r.data<T>(), n);
  report(er.guards_intact() && bad == n, cat("relu ", a.describe(), at_element(bad, n)));
  const Tensor dr = relu_backward(b, r);
  Guarded<T> edr(n);
  for (size_t i = 0; i < n; ++i) cuda::relu_backward_element(edr.data(), b.data<T>(), r.data<T>(), (long long)i);
  bad = first_bit_difference(edr.data(), dr.data<T>(), n);
  report(edr.guards_intact() && bad == n, cat("relu backward ", a.describe(), at_element(bad, n)));
}

template <class T>
void check_sigmoid(const Shape& s, DType dt, std::mt19937& rng) {
  Tensor x = random_tensor(s, dt, rng);
  for (int64_t i = 0; i < x.numel(); ++i) x.data<T>()[i] = i % 11 == 0 ? T(0) : T(x.data<T>()[i] * 20);
  const size_t n = size_t(x.numel());
  const double tol = std::is_same_v<T, float> ? 2e-6 : 1e-13;
  const Tensor y = sigmoid_forward(x);
  Guarded<T> ey(n);
  for (size_t i = 0; i < n; ++i) cuda::sigmoid_forward_element(ey.data(), x.data<T>(), (long long)i);
  size_t bad = first_difference(ey.data(), y.data<T>(), n, tol);
  report(ey.guards_intact() && bad == n, cat("sigmoid ", x.describe(), at_element(bad, n)));
  const Tensor dy = random_tensor(s, dt, rng);
  const Tensor dx = sigmoid_backward(dy, y);
  Guarded<T> edx(n);
  for (size_t i = 0; i < n; ++i) cuda::sigmoid_backward_element(edx.data(), dy.data<T>(), y.data<T>(), (long long)i);
  bad = first_difference(edx.data(), dx.data<T>(), n, tol);
  report(edx.guards_intact() && bad == n, cat("sigmoid backward ", x.describe(), at_element(bad, n)));
}

template <class T>
void channel_ops_for(DType dt, std::mt19937& rng) {
  const Shape pairs[][2] = {{{2, 3, 4, 5}, {2, 3, 4, 5}}, {{2, 3, 4, 5}, {1, 3, 1, 1}}, {{2, 3, 4, 5}, {2, 3, 1, 1}},
                            {{3, 1, 5, 2}, {1, 1, 1, 1}}, {{3, 7, 1, 1}, {1, 7, 1, 1}}, {{3, 7, 1, 1}, {3, 7, 1, 1}},
                            {{5, 9}, {5, 9}}};
  for (const auto& s : pairs) {
    check_add_mul<T, unsigned>(s[0], s[1], dt, rng);
    check_add_mul<T, long long>(s[0], s[1], dt, rng);
  }
  // Broadcasts whose dot products mul.cu splits (more than 8192 elements per output) and not.
  const Shape dots[][2] = {{{2, 3, 4, 5}, {1, 3, 1, 1}}, {{2, 3, 4, 5}, {2, 3, 1, 1}}, {{4, 3, 50, 50}, {1, 3, 1, 1}},
                           {{1, 2, 100, 100}, {1, 2, 1, 1}}, {{3, 1, 1, 3}, {3, 1, 1, 1}}};
  for (const auto& s : dots) check_channel_dot<T>(s[0], s[1], dt, rng);
  for (const Shape& s : {Shape{2, 3, 5, 7}, Shape{1}, Shape{1031}}) {
    check_relus<T>(s, dt, rng);
    check_sigmoid<T>(s, dt, rng);
  }
}

}  // namespace

void channel_op_cases() {
  std::mt19937 rng(59);
  channel_ops_for<float>(DType::Float32, rng);
  channel_ops_for<double>(DType::Float64, rng);
}

}  // namespace mssar::emulation
