// The per-thread programs of the CUDA reductions run on the host against the CPU kernels
// (native/cuda/reduce_elements.cuh):
//   sum       forward, both walks of sum.cu (inner group reduced: 256 threads per output;
//             inner group kept: 32 columns x 8 rows of threads), each thread's partial sum from
//             the shared program, then combined as the kernel does: block_allreduce's shuffle tree
//             within each warp and across the warps (block_emulator.h), or the column tile added row
//             by row; split reductions write partial sums that finish_partials_element adds. The
//             splits come from choose_splits for an H100 (132 multiprocessors) and are also forced
//             to 3. Compared with the CPU kernel to 1e-6 (float32) or 1e-12 (float64) relative,
//             scale 1 (sum) and 1 / count (mean); the backward per element, to 1e-7 / 1e-15;
//   max, min  values bit for bit and positions exactly, on inputs with many ties, with NaNs and
//             with -0 and +0 (the first extremum wins, the first NaN stays), float32, float64,
//             int32 and int64;
//             the backward scatter bit for bit.
// Not emulated: the shuffles and shared memory themselves (their order is), the grid-stride loops
// over outputs (each output's program does not depend on which block runs it). 64-bit indices only
// (these kernels have no 32-bit variant).
#include "../../native/cuda/reduce_elements.cuh"
#include "../../native/ops/extremum.h"
#include "../../native/ops/sum.h"
#include "block_emulator.h"
#include "emulation.h"

namespace mssar::emulation {

namespace {

// ---- sum -----------------------------------------------------------------------------------------

constexpr long long kRowThreads = 256, kColumnRows = 8;  // sum.cu's block shapes
constexpr long long kH100Sms = 132;

// sum.cu's forward for one plan, with `splits` splits: y (outputs elements) written.
template <class T>
void emulate_sum(T* y, const T* x, const ReducePlan& p, long long splits, double scale) {
  std::vector<double> partial(size_t(splits * p.outputs));
  auto write = [&](long long split, long long o, double acc) {
    if (splits == 1)
      y[o] = T(scale * acc);
    else
      partial[size_t(split * p.outputs + o)] = acc;
  };
  for (long long split = 0; split < splits; ++split) {
    if (p.inner_reduced) {
      long long jb, je;
      cuda::split_range(p.count, split, splits, jb, je);
      for (long long o = 0; o < p.outputs; ++o) {
        const T* base = x + group_offset(o, p.nkept, p.kept_size, p.kept_stride);
        std::vector<double> part(kRowThreads);
        for (long long t = 0; t < kRowThreads; ++t) part[size_t(t)] = cuda::sum_rows_partial(base, p, jb, je, t, kRowThreads);
        write(split, o, block_allreduce(part, false));
      }
    } else {
      long long rb, re;
      cuda::split_range(p.red_count, split, splits, rb, re);
      for (long long oo = 0; oo < p.kept_count; ++oo) {
        const T* base = x + group_offset(oo, p.nkept, p.kept_size, p.kept_stride);
        for (long long l = 0; l < p.inner; ++l) {
          double s = 0;
          for (long long ty = 0; ty < kColumnRows; ++ty) s += cuda::sum_columns_partial(base, p, rb, re, l, ty, kColumnRows);
          write(split, oo * p.inner + l, s);
        }
      }
    }
  }
  if (splits > 1)
    for (long long o = 0; o < p.outputs; ++o) cuda::finish_partials_element(y, partial.data(), p.outputs, splits, scale, o);
}

// The splits sum.cu's launcher picks on a GPU with `sms` multiprocessors.
long long launcher_splits(const ReducePlan& p, long long sms) {
  if (p.inner_reduced) return cuda::choose_splits(p.outputs, p.count, 8192, 4096, sms);
  return cuda::choose_splits((p.inner + 31) / 32 * p.kept_count, p.red_count, 256, 4096, sms);
}

template <class T>
void check_sum(const Tensor& x, const std::vector<int64_t>& dims, std::mt19937& rng) {
  const ReducePlan p = make_reduce_plan(x.shape(), dims);
  const Shape out_shape = reduced_shape(x.shape(), dims, false);
  const double tol = std::is_same_v<T, float> ? 1e-6 : 1e-12;
  for (double scale : {1.0, 1.0 / double(p.count)}) {
    Tensor want = Tensor::empty(out_shape, x.dtype(), Device::CPU);
    sum_forward_kernels()[Backend::CPU](want, x, dims, scale);
    for (long long splits : {launcher_splits(p, kH100Sms), 3LL}) {
      const size_t n = size_t(p.outputs);
      Guarded<T> out(n);
      emulate_sum(out.data(), x.data<T>(), p, splits, scale);
      const size_t bad = first_difference(out.data(), want.data<T>(), n, tol);
      report(out.guards_intact() && bad == n, cat("sum ", x.describe(), " dims ", shape_str(dims), " scale ", scale,
                                                  " splits ", splits, at_element(bad, n)));
    }
    const Tensor dy = random_tensor(out_shape, x.dtype(), rng);
    Tensor dx = Tensor::empty(x.shape(), x.dtype(), Device::CPU);
    sum_backward_kernels()[Backend::CPU](dx, dy, dims, scale);
    const size_t n = size_t(x.numel());
    Guarded<T> out(n);
    for (size_t i = 0; i < n; ++i) cuda::sum_backward_element(out.data(), dy.data<T>(), p, scale, (long long)i);
    const size_t bad = first_difference(out.data(), dx.data<T>(), n, std::is_same_v<T, float> ? 1e-7 : 1e-15);
    report(out.guards_intact() && bad == n,
           cat("sum backward ", x.describe(), " dims ", shape_str(dims), " scale ", scale, at_element(bad, n)));
  }
}

struct ReduceCase {
  Shape shape;
  std::vector<int64_t> dims;
};

// Both walks (inner group reduced or kept), alternating groups, size-1 dims, and lengths that make
// the launcher split the reduction.
const ReduceCase kReduceCases[] = {
    {{2, 3, 4}, {2}},       {{2, 3, 4}, {1}},      {{2, 3, 4}, {0, 2}},     {{2, 3, 4}, {0, 1, 2}},
    {{2, 3, 4}, {0}},       {{5, 1, 7, 3}, {1, 2}}, {{5, 1, 7, 3}, {0, 3}}, {{2, 3, 4, 5}, {0, 2}},
    {{1}, {0}},             {{3, 1}, {1}},          {{2, 9000}, {1}},       {{3000, 5}, {0}},
    {{4, 700, 3}, {1}},     {{33, 70}, {0}}};

// ---- max and min ---------------------------------------------------------------------------------

// x with -0.0 in place of every other 0 (floats): ties between the two zeros.
Tensor with_signed_zeros(Tensor x) {
  for (int64_t i = 0; i < x.numel(); i += 2) {
    if (x.dtype() == DType::Float32 && x.data<float>()[i] == 0) x.data<float>()[i] = -0.0f;
    if (x.dtype() == DType::Float64 && x.data<double>()[i] == 0) x.data<double>()[i] = -0.0;
  }
  return x;
}

// x with a few NaNs (floats) at fixed positions of the reduced elements.
Tensor with_nans(Tensor x) {
  const int64_t n = x.numel();
  for (int64_t i = 3; i < n; i += 11) {
    if (x.dtype() == DType::Float32) x.data<float>()[i] = NAN;
    if (x.dtype() == DType::Float64) x.data<double>()[i] = NAN;
  }
  return x;
}

template <class T>
void check_extremum(const Tensor& x, const std::vector<int64_t>& dims, bool is_min, const std::string& kind) {
  const ReducePlan p = make_reduce_plan(x.shape(), dims);
  const Shape out_shape = reduced_shape(x.shape(), dims, false);
  Tensor want_v = Tensor::empty(out_shape, x.dtype(), Device::CPU), want_i = Tensor::empty(out_shape, DType::Int64, Device::CPU);
  extremum_forward_kernels()[Backend::CPU](want_v, want_i, x, dims, is_min);
  const size_t n = size_t(p.outputs);
  Guarded<T> values(n);
  Guarded<int64_t> indices(n);
  for (size_t o = 0; o < n; ++o) cuda::extremum_forward_element(values.data(), indices.data(), x.data<T>(), p, is_min, (long long)o);
  const size_t bad_v = first_bit_difference(values.data(), want_v.data<T>(), n);
  const size_t bad_i = first_bit_difference(indices.data(), want_i.data<int64_t>(), n);
  const std::string name = cat(is_min ? "min " : "max ", x.describe(), " dims ", shape_str(dims), " ", kind);
  report(values.guards_intact() && indices.guards_intact() && bad_v == n && bad_i == n,
         cat(name, bad_v < n ? cat(": value", at_element(bad_v, n)) : "",
             bad_i < n ? cat(": position of element ", bad_i, " ", indices.data()[bad_i], ", the cpu kernel's ",
                             want_i.data<int64_t>()[bad_i])
                       : ""));
  if (!std::is_floating_point_v<T>) return;
  std::mt19937 rng(5);
  const Tensor dy = random_tensor(out_shape, x.dtype(), rng);
  Tensor dx = Tensor::zeros(x.shape(), x.dtype(), Device::CPU);
  extremum_backward_kernels()[Backend::CPU](dx, dy, want_i, dims);
  const size_t nx = size_t(x.numel());
  Guarded<T> out(nx, T(0));  // the op zeroes dx before the kernel scatters into it
  for (size_t o = 0; o < n; ++o) cuda::extremum_backward_element(out.data(), dy.data<T>(), want_i.data<int64_t>(), p, (long long)o);
  const size_t bad = first_bit_difference(out.data(), dx.data<T>(), nx);
  report(out.guards_intact() && bad == nx, cat(name, " backward", at_element(bad, nx)));
}

template <class T>
void extremum_for(const Tensor& x, const std::vector<int64_t>& dims, const std::string& kind) {
  check_extremum<T>(x, dims, false, kind);
  check_extremum<T>(x, dims, true, kind);
}

void extremum_case(const ReduceCase& c, DType dt, std::mt19937& rng) {
  // Three levels: every output has ties; the uniform draw: few ties; NaNs: the first NaN must win.
  const Tensor inputs[] = {random_tensor(c.shape, dt, rng, 3), random_tensor(c.shape, dt, rng),
                           with_nans(random_tensor(c.shape, dt, rng, 3)), with_signed_zeros(random_tensor(c.shape, dt, rng, 3))};
  const char* kinds[] = {"ties", "uniform", "ties and NaNs", "ties with -0 and +0"};
  for (int k = 0; k < 4; ++k) {
    if (k >= 2 && (dt == DType::Int32 || dt == DType::Int64)) continue;
    switch (dt) {
      case DType::Float32: extremum_for<float>(inputs[k], c.dims, kinds[k]); break;
      case DType::Float64: extremum_for<double>(inputs[k], c.dims, kinds[k]); break;
      case DType::Int32: extremum_for<int32_t>(inputs[k], c.dims, kinds[k]); break;
      case DType::Int64: extremum_for<int64_t>(inputs[k], c.dims, kinds[k]); break;
      default: break;
    }
  }
}

}  // namespace

void reduction_cases() {
  std::mt19937 rng(23);
  for (const ReduceCase& c : kReduceCases) {
    check_sum<float>(random_tensor(c.shape, DType::Float32, rng), c.dims, rng);
    check_sum<double>(random_tensor(c.shape, DType::Float64, rng), c.dims, rng);
    for (DType dt : {DType::Float32, DType::Float64, DType::Int32, DType::Int64}) extremum_case(c, dt, rng);
  }
}

}  // namespace mssar::emulation
