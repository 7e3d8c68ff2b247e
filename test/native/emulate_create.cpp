// The per-element programs of the CUDA kernels that make tensors run on the host against the CPU
// kernels (native/cuda/create_elements.cuh):
//   fill        every dtype, bit for bit;
//   rand, randn the Philox streams at several seeds and offsets, odd lengths (the last block of
//               four partly used): uniform bit for bit; normal to 1e-15 relative (its log, sqrt,
//               sin and cos are the device's own on a GPU);
//   cast        every pair of dtypes, bit for bit, on values that every target holds or truncates
//               (fractions, negatives, zeros of both signs; NaN into bool is true). Out-of-range
//               and NaN floats into integers are left out: C++ leaves them undefined and the CPU
//               and the GPU give different integers;
//   accumulate  float32 and float64, bit for bit.
// 64-bit indices only (no 32-bit variant in these kernels).
#include "../../native/cuda/create_elements.cuh"
#include "../../native/ops/create.h"
#include "emulation.h"

namespace mssar::emulation {

namespace {

const DType kDtypes[] = {DType::Float32, DType::Float64, DType::Int32, DType::Int64, DType::Bool};

template <class F>
void with_type(DType dt, F&& f) {
  switch (dt) {
    case DType::Float32: return f(float{});
    case DType::Float64: return f(double{});
    case DType::Int32: return f(int32_t{});
    case DType::Int64: return f(int64_t{});
    case DType::Bool: return f(bool{});
  }
}

void fill_cases() {
  for (DType dt : kDtypes)
    for (double value : {0.0, -2.0, 3.0, 1e9})
      with_type(dt, [&](auto tag) {
        using T = decltype(tag);
        Tensor want = Tensor::empty({3, 7}, dt, Device::CPU);
        fill_kernels()[Backend::CPU](want, value);
        const size_t n = size_t(want.numel());
        Guarded<T> out(n);
        for (size_t i = 0; i < n; ++i) cuda::fill_element(out.data(), T(value), (long long)i);
        const size_t bad = first_bit_difference(out.data(), want.data<T>(), n);
        report(out.guards_intact() && bad == n, cat("fill ", want.describe(), " with ", value, at_element(bad, n)));
      });
}

template <class T>
void check_random(DType dt, uint64_t seed, uint64_t offset, long long n) {
  Tensor want = Tensor::empty({n}, dt, Device::CPU);
  rand_uniform_kernels()[Backend::CPU](want, seed, offset, -2.0, 3.0);
  Guarded<T> out{static_cast<size_t>(n)};
  for (long long i = 0; i < n; ++i) cuda::uniform_element(out.data(), seed, offset, -2.0, 3.0, i);
  size_t bad = first_bit_difference(out.data(), want.data<T>(), size_t(n));
  report(out.guards_intact() && bad == size_t(n), cat("rand ", want.describe(), " seed ", seed, " offset ", offset,
                                                      at_element(bad, size_t(n))));
  rand_normal_kernels()[Backend::CPU](want, seed, offset, 0.5, 2.0);
  Guarded<T> normal{static_cast<size_t>(n)};
  for (long long i = 0; i < n; ++i) cuda::normal_element(normal.data(), seed, offset, 0.5, 2.0, i);
  bad = first_difference(normal.data(), want.data<T>(), size_t(n), 1e-15);
  report(normal.guards_intact() && bad == size_t(n), cat("randn ", want.describe(), " seed ", seed, " offset ", offset,
                                                         at_element(bad, size_t(n))));
}

void random_cases() {
  for (uint64_t seed : {0ULL, 42ULL, 0xdeadbeefcafeULL})
    for (uint64_t offset : {0ULL, 3ULL, 1000ULL})
      for (long long n : {1LL, 7LL, 1001LL}) {
        check_random<float>(DType::Float32, seed, offset, n);
        check_random<double>(DType::Float64, seed, offset, n);
      }
}

// Values every dtype holds (floats truncate toward zero into integers): fractions, negatives,
// -0 and +0; NaN only when casting into bool.
Tensor cast_source(DType from, DType to) {
  const double values[] = {0.0, -0.0, 1.0, -1.0, 2.75, -2.75, 0.5, -0.5, 100.0, -1e6, 123456.0, 7.0, NAN};
  const size_t n = to == DType::Bool ? 13 : 12;
  Tensor t = Tensor::empty({int64_t(n)}, from, Device::CPU);
  with_type(from, [&](auto tag) {
    using T = decltype(tag);
    for (size_t i = 0; i < n; ++i) t.data<T>()[i] = T(values[i]);
  });
  return t;
}

void cast_cases() {
  for (DType from : kDtypes)
    for (DType to : kDtypes) {
      const Tensor in = cast_source(from, to);
      Tensor want = Tensor::empty(in.shape(), to, Device::CPU);
      cast_kernels()[Backend::CPU](want, in);
      const size_t n = size_t(in.numel());
      with_type(to, [&](auto out_tag) {
        using O = decltype(out_tag);
        with_type(from, [&](auto in_tag) {
          using I = decltype(in_tag);
          Guarded<O> out(n);
          for (size_t i = 0; i < n; ++i) cuda::cast_element(out.data(), in.data<I>(), (long long)i);
          const size_t bad = first_bit_difference(out.data(), want.data<O>(), n);
          report(out.guards_intact() && bad == n,
                 cat("cast ", dtype_name(from), " to ", dtype_name(to), at_element(bad, n)));
        });
      });
    }
}

template <class T>
void check_accumulate(DType dt, std::mt19937& rng) {
  const Tensor dst = random_tensor({5, 9}, dt, rng), src = random_tensor({5, 9}, dt, rng);
  const size_t n = size_t(dst.numel());
  Guarded<T> out(n);
  for (size_t i = 0; i < n; ++i) out.data()[i] = dst.data<T>()[i];
  accumulate_kernels()[Backend::CPU](const_cast<Tensor&>(dst), src);
  for (size_t i = 0; i < n; ++i) cuda::accumulate_element(out.data(), src.data<T>(), (long long)i);
  const size_t bad = first_bit_difference(out.data(), dst.data<T>(), n);
  report(out.guards_intact() && bad == n, cat("accumulate ", dst.describe(), at_element(bad, n)));
}

}  // namespace

void create_cases() {
  std::mt19937 rng(53);
  fill_cases();
  random_cases();
  cast_cases();
  check_accumulate<float>(DType::Float32, rng);
  check_accumulate<double>(DType::Float64, rng);
}

}  // namespace mssar::emulation
