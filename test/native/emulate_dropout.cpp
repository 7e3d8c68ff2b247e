// The per-thread programs of the CUDA dropout kernels (native/cuda/dropout_elements.cuh) run on the
// host against the CPU kernels, float32 and float64, bit for bit: the forward over every Philox
// block (the mask, 0 or 1 / (1 - p), and y = x mask; the CPU draws the same numbers, ops/dropout.h),
// the backward over every element. Sizes that are and are not a multiple of four (a block's
// elements) and longer than the CPU's batch of blocks, offsets 0 and not, p = 0, 0.1, 0.5, 0.9 and p
// on either side of one element's uniform (kept when the uniform is above p, dropped at p).
#include "../../native/cuda/dropout_elements.cuh"
#include "../../native/ops/dropout.h"
#include "emulation.h"

namespace mssar::emulation {

namespace {

// must_keep_1: whether element 1 must be kept (1) or dropped (0); -1 when p is not on its edge.
template <class T>
void check_dropout(int64_t n, double p, uint64_t seed, uint64_t offset, int must_keep_1, DType dt, std::mt19937& rng) {
  const Tensor x = random_tensor({n}, dt, rng);
  Tensor y = Tensor::empty({n}, dt, Device::CPU), mask = Tensor::empty({n}, dt, Device::CPU);
  dropout_forward_kernels()[Backend::CPU](y, mask, x, p, seed, offset);
  const size_t count = size_t(n);
  Guarded<T> ey(count), em(count);
  const long long blocks = (long long)philox_blocks(uint64_t(n));
  // The arguments as dropout.cu's launcher passes them.
  for (long long blk = 0; blk < blocks; ++blk)
    cuda::dropout_forward_block(ey.data(), em.data(), x.data<T>(), (long long)n, p, T(1 / (1 - p)), seed, offset, blk);
  const std::string name = cat("dropout ", dtype_name(dt), " n ", n, " p ", p, " seed ", seed, " offset ", offset);
  size_t bad = first_bit_difference(em.data(), mask.data<T>(), count);
  report(em.guards_intact() && bad == count, cat(name, ": mask", at_element(bad, count)));
  bad = first_bit_difference(ey.data(), y.data<T>(), count);
  report(ey.guards_intact() && bad == count, cat(name, ": y", at_element(bad, count)));
  if (must_keep_1 >= 0) report((em.data()[1] != T(0)) == (must_keep_1 == 1), cat(name, ": element 1 on the edge"));

  const Tensor dy = random_tensor({n}, dt, rng);
  Tensor dx = Tensor::empty({n}, dt, Device::CPU);
  dropout_backward_kernels()[Backend::CPU](dx, dy, mask);
  Guarded<T> edx(count);
  for (size_t i = 0; i < count; ++i)
    cuda::dropout_backward_element(edx.data(), dy.data<T>(), mask.data<T>(), (long long)i);
  bad = first_bit_difference(edx.data(), dx.data<T>(), count);
  report(edx.guards_intact() && bad == count, cat(name, " backward", at_element(bad, count)));
}

template <class T>
void dropout_for(DType dt, std::mt19937& rng) {
  const uint64_t seed = 0x5eed1234abcdULL;
  for (int64_t n : {int64_t(1), int64_t(3), int64_t(4), int64_t(5), int64_t(1031)})
    for (uint64_t offset : {uint64_t(0), uint64_t(12345)})
      for (double p : {0.0, 0.1, 0.5, 0.9}) check_dropout<T>(n, p, seed, offset, -1, dt, rng);
  // Element 1's uniform is (w + 1) 2^-32: p = w 2^-32, just below it, keeps it; p equal to it drops it.
  const uint32_t w = philox4(seed, 7, 0).v[1];
  check_dropout<T>(37, double(w) / 4294967296.0, seed, 7, 1, dt, rng);
  check_dropout<T>(37, (double(w) + 1) / 4294967296.0, seed, 7, 0, dt, rng);
}

}  // namespace

void dropout_cases() {
  std::mt19937 rng(53);
  dropout_for<float>(DType::Float32, rng);
  dropout_for<double>(DType::Float64, rng);
}

}  // namespace mssar::emulation
