// The per-element programs of the copying CUDA kernels run on the host against the CPU kernels:
//   strided copies  native/cuda/strided_elements.cuh (strided.cuh: permute.cu, expand.cu, slice.cu
//                   and slice's backward scatter), on the maps the ops build (captured from the CPU
//                   kernel's call), every element size (bool, int32, int64, float32, float64),
//                   size-1 dims, broadcast and stepped slices, bit for bit; empty results must not
//                   reach the kernels;
//   gather, indexSelect  native/cuda/index_elements.cuh, forward bit for bit, int32 and int64
//                   indices with repeats; the backward's atomicAdd is a plain add in element order,
//                   compared with the CPU backward to 1e-6 (float32) or 1e-13 (float64) relative;
//   maskedFill      the same header, bool, int32 and int64 masks, bit for bit.
// These kernels index with 64-bit integers only (no 32-bit variant to cover).
#include "../../native/cuda/index_elements.cuh"
#include "../../native/cuda/strided_elements.cuh"
#include "../../native/ops/expand.h"
#include "../../native/ops/gather.h"
#include "../../native/ops/index_select.h"
#include "../../native/ops/masked_fill.h"
#include "../../native/ops/permute.h"
#include "../../native/ops/slice.h"
#include "emulation.h"

namespace mssar::emulation {

namespace {

// ---- the plan an op hands its CPU kernel ---------------------------------------------------------

// Swaps a CPU kernel for one that records the plan it is called with and then runs the original.
template <class Plan, class... Tensors>
struct Capture {
  using Fn = void(Tensors..., const Plan&);
  static inline Fn* original = nullptr;
  static inline Plan plan{};
  static inline int calls = 0;
  static void record(Tensors... t, const Plan& p) {
    plan = p;
    ++calls;
    original(t..., p);
  }
  // Runs `op` with the table's CPU kernel recording; returns its result.
  template <class Table, class Op>
  static Tensor run(Table& table, Op&& op) {
    original = table[Backend::CPU];
    calls = 0;
    table.set(Backend::CPU, &record);
    try {
      Tensor out = op();
      table.set(Backend::CPU, original);
      return out;
    } catch (...) {
      table.set(Backend::CPU, original);
      throw;
    }
  }
};

using StridedCapture = Capture<StridedMap, Tensor&, const Tensor&>;
using IndexCapture = Capture<IndexGeometry, Tensor&, const Tensor&, const Tensor&>;

// ---- strided copies ------------------------------------------------------------------------------

// Runs the strided program for every element of `want` (gather: out = want's shape, in = x;
// scatter: out = dy, in = a zeroed dx of want's shape) and compares bit for bit.
template <class E, bool Scatter>
void check_strided_as(const std::string& name, const Tensor& want, const Tensor& src, const StridedMap& m) {
  const size_t n = size_t(want.numel());
  Guarded<E> out(n, Scatter ? E(0) : sentinel<E>());
  if (Scatter) {
    std::vector<E> dy(static_cast<const E*>(src.raw()), static_cast<const E*>(src.raw()) + src.numel());
    for (long long i = 0; i < src.numel(); ++i) cuda::strided_copy_element<E, true>(dy.data(), out.data(), m, i);
  } else {
    E* in = static_cast<E*>(src.raw());
    for (size_t i = 0; i < n; ++i) cuda::strided_copy_element<E, false>(out.data(), in, m, (long long)i);
  }
  const size_t bad = first_bit_difference(out.data(), static_cast<const E*>(want.raw()), n);
  report(out.guards_intact() && bad == n, cat(name, at_element(bad, n)));
}

template <bool Scatter>
void check_strided(const std::string& name, const Tensor& want, const Tensor& src) {
  if (StridedCapture::calls != 1) {
    report(false, cat(name, ": the op called its kernel ", StridedCapture::calls, " times"));
    return;
  }
  const StridedMap& m = StridedCapture::plan;
  switch (dtype_size(want.dtype())) {
    case 1: return check_strided_as<uint8_t, Scatter>(name, want, src, m);
    case 4: return check_strided_as<uint32_t, Scatter>(name, want, src, m);
    case 8: return check_strided_as<uint64_t, Scatter>(name, want, src, m);
    default: report(false, cat(name, ": no element type of size ", dtype_size(want.dtype())));
  }
}

// An op whose result is empty must not launch a kernel (a grid of zero blocks is a CUDA error).
template <class Table, class Op>
void check_not_launched(const std::string& name, Table& table, Op&& op) {
  const Tensor y = StridedCapture::run(table, op);
  report(y.numel() == 0 && StridedCapture::calls == 0, cat(name, " (empty): the kernel ran ", StridedCapture::calls,
                                                           " times"));
}

const DType kAllDtypes[] = {DType::Bool, DType::Int32, DType::Int64, DType::Float32, DType::Float64};

void permute_cases(std::mt19937& rng) {
  const std::pair<Shape, std::vector<int64_t>> cases[] = {
      {{2, 3, 4}, {2, 0, 1}}, {{1, 5, 1, 3}, {3, 1, 0, 2}}, {{7}, {0}},  {{4, 1}, {1, 0}},
      {{2, 3, 1, 2, 3, 2}, {5, 4, 3, 2, 1, 0}}, {{3, 1, 2, 1, 2, 1, 2, 3}, {7, 0, 6, 1, 5, 2, 4, 3}}};
  for (const auto& [shape, perm] : cases)
    for (DType dt : kAllDtypes) {
      const Tensor x = random_tensor(shape, dt, rng);
      const Tensor y = StridedCapture::run(permute_forward_kernels(), [&] { return permute_forward(x, perm); });
      check_strided<false>(cat("permute ", x.describe(), " perm ", shape_str(perm)), y, x);
    }
  check_not_launched("permute [0,3]", permute_forward_kernels(), [&] {
    return permute_forward(random_tensor({0, 3}, DType::Float32, rng), {1, 0});
  });
}

void expand_cases(std::mt19937& rng) {
  const std::pair<Shape, Shape> cases[] = {{{3, 1}, {2, 3, 4}}, {{1}, {5}},         {{1, 4, 1}, {3, 4, 2}},
                                           {{2, 1, 3}, {2, 6, 3}}, {{}, {2, 3}},    {{5, 1, 1}, {1, 5, 1, 1}},
                                           {{1, 1}, {1, 1}}};
  for (const auto& [from, to] : cases)
    for (DType dt : kAllDtypes) {
      const Tensor x = random_tensor(from, dt, rng);
      const Tensor y = StridedCapture::run(expand_forward_kernels(), [&] { return expand_forward(x, to); });
      check_strided<false>(cat("expand ", x.describe(), " to ", shape_str(to)), y, x);
    }
  check_not_launched("expand [1,0] to [2,0]", expand_forward_kernels(), [&] {
    return expand_forward(random_tensor({1, 0}, DType::Float32, rng), {2, 0});
  });
}

struct SliceCase {
  Shape shape;
  int64_t dim, start, end, step;
};

void slice_cases(std::mt19937& rng) {
  const SliceCase cases[] = {{{5, 6}, 1, 1, 6, 2},   {{5, 6}, 0, 0, 5, 3},    {{4, 3, 5}, 2, 4, 5, 1},
                             {{4, 3, 5}, 1, 0, 3, 5}, {{7}, 0, 2, 7, 2},       {{2, 9, 1, 3}, 1, 1, 8, 3},
                             {{1, 1, 1}, 2, 0, 1, 1}, {{3, 4, 2, 2, 3}, 4, 1, 3, 1}};
  for (const SliceCase& c : cases) {
    for (DType dt : kAllDtypes) {
      const Tensor x = random_tensor(c.shape, dt, rng);
      const std::string what = cat(" ", x.describe(), " dim ", c.dim, " ", c.start, ":", c.end, ":", c.step);
      const Tensor y =
          StridedCapture::run(slice_forward_kernels(), [&] { return slice_forward(x, c.dim, c.start, c.end, c.step); });
      check_strided<false>(cat("slice", what), y, x);
      if (dt != DType::Float32 && dt != DType::Float64) continue;
      const Tensor dy = random_tensor(y.shape(), dt, rng);
      const Tensor dx = StridedCapture::run(slice_backward_kernels(), [&] {
        return slice_backward(dy, c.shape, c.dim, c.start, c.end, c.step);
      });
      check_strided<true>(cat("slice backward", what), dx, dy);
    }
  }
  check_not_launched("slice [4,3] dim 1 2:2", slice_forward_kernels(), [&] {
    return slice_forward(random_tensor({4, 3}, DType::Float32, rng), 1, 2, 2, 1);
  });
}

// ---- gather and indexSelect ----------------------------------------------------------------------

Tensor random_index(const Shape& shape, DType dt, int64_t limit, std::mt19937& rng) {
  Tensor t = Tensor::empty(shape, dt, Device::CPU);
  std::uniform_int_distribution<int64_t> u(0, limit - 1);
  for (int64_t i = 0; i < t.numel(); ++i) {
    if (dt == DType::Int32) t.data<int32_t>()[i] = int32_t(u(rng));
    if (dt == DType::Int64) t.data<int64_t>()[i] = u(rng);
  }
  return t;
}

template <bool Gather, class T>
void check_index_op(const std::string& name, const Tensor& x, int64_t dim, const Tensor& index, std::mt19937& rng) {
  auto& fwd = [] () -> auto& {
    if constexpr (Gather) return gather_forward_kernels(); else return index_select_forward_kernels();
  }();
  auto& bwd = [] () -> auto& {
    if constexpr (Gather) return gather_backward_kernels(); else return index_select_backward_kernels();
  }();
  const Tensor y = IndexCapture::run(fwd, [&] {
    return Gather ? gather_forward(x, dim, index) : index_select_forward(x, dim, index);
  });
  const IndexGeometry g = IndexCapture::plan;
  const size_t n = size_t(y.numel());
  {
    Guarded<T> out(n);
    for (size_t i = 0; i < n; ++i)
      cuda::index_forward_element<Gather>(out.data(), x.data<T>(), index.raw(), index.dtype(), g, (long long)i);
    const size_t bad = first_bit_difference(out.data(), y.data<T>(), n);
    report(IndexCapture::calls == 1 && out.guards_intact() && bad == n, cat(name, at_element(bad, n)));
  }
  const Tensor dy = random_tensor(y.shape(), x.dtype(), rng);
  const Tensor dx = IndexCapture::run(bwd, [&] {
    return Gather ? gather_backward(dy, x.shape(), dim, index) : index_select_backward(dy, x.shape(), dim, index);
  });
  const size_t nx = size_t(x.numel());
  Guarded<T> out(nx, T(0));  // the op zeroes dx before the kernel adds into it
  for (size_t i = 0; i < n; ++i)
    cuda::index_backward_element<Gather>(out.data(), dy.data<T>(), index.raw(), index.dtype(), IndexCapture::plan,
                                         (long long)i);
  const size_t bad = first_difference(out.data(), dx.data<T>(), nx, std::is_same_v<T, float> ? 1e-6 : 1e-13);
  report(IndexCapture::calls == 1 && out.guards_intact() && bad == nx, cat(name, " backward", at_element(bad, nx)));
}

template <bool Gather>
void index_case(const Shape& xs, int64_t dim, const Shape& is, std::mt19937& rng) {
  for (DType dt : {DType::Float32, DType::Float64})
    for (DType it : {DType::Int32, DType::Int64}) {
      const Tensor x = random_tensor(xs, dt, rng);
      const Tensor index = random_index(is, it, xs[size_t(dim)], rng);
      const std::string name =
          cat(Gather ? "gather " : "indexSelect ", x.describe(), " dim ", dim, " index ", index.describe());
      if (dt == DType::Float32)
        check_index_op<Gather, float>(name, x, dim, index, rng);
      else
        check_index_op<Gather, double>(name, x, dim, index, rng);
    }
}

void index_cases(std::mt19937& rng) {
  // Index lengths above the dim's size repeat indices, so the backward adds several dy into one dx.
  index_case<false>({5, 3}, 0, {9}, rng);
  index_case<false>({4, 6, 3}, 1, {2}, rng);
  index_case<false>({2, 3, 7}, 2, {20}, rng);
  index_case<false>({1, 1, 4}, 1, {3}, rng);
  index_case<false>({6}, 0, {1}, rng);
  index_case<true>({5, 3}, 0, {8, 3}, rng);
  index_case<true>({4, 6, 3}, 1, {3, 9, 2}, rng);
  index_case<true>({2, 3, 7}, 2, {2, 2, 15}, rng);
  index_case<true>({3, 1, 5}, 0, {6, 1, 1}, rng);
  index_case<true>({6}, 0, {11}, rng);
  // An empty index: the ops must not launch.
  const Tensor x = random_tensor({4, 3}, DType::Float32, rng);
  const Tensor y = IndexCapture::run(index_select_forward_kernels(), [&] {
    return index_select_forward(x, 0, Tensor::empty({0}, DType::Int64, Device::CPU));
  });
  report(y.numel() == 0 && IndexCapture::calls == 0, "indexSelect with an empty index launched its kernel");
}

// ---- maskedFill ----------------------------------------------------------------------------------

template <class T>
void check_masked_fill(const Shape& shape, DType mask_dt, double value, std::mt19937& rng) {
  const DType dt = std::is_same_v<T, float> ? DType::Float32 : DType::Float64;
  const Tensor x = random_tensor(shape, dt, rng);
  const Tensor mask = random_tensor(shape, mask_dt, rng, mask_dt == DType::Bool ? 0 : 3);
  const Tensor want = masked_fill_forward(x, mask, value);
  const size_t n = size_t(x.numel());
  Guarded<T> out(n);
  for (size_t i = 0; i < n; ++i)
    cuda::masked_fill_element(out.data(), x.data<T>(), mask.raw(), mask_dt, T(value), (long long)i);
  const size_t bad = first_bit_difference(out.data(), want.data<T>(), n);
  report(out.guards_intact() && bad == n,
         cat("maskedFill ", x.describe(), " mask ", mask.describe(), " value ", value, at_element(bad, n)));
}

void masked_fill_cases(std::mt19937& rng) {
  const Shape shapes[] = {{7}, {3, 5}, {2, 1, 4, 3}, {1}};
  for (const Shape& s : shapes)
    for (DType m : {DType::Bool, DType::Int32, DType::Int64}) {
      check_masked_fill<float>(s, m, -1e30, rng);
      check_masked_fill<double>(s, m, 0.25, rng);
    }
}

}  // namespace

void copy_cases() {
  std::mt19937 rng(11);
  permute_cases(rng);
  expand_cases(rng);
  slice_cases(rng);
  index_cases(rng);
  masked_fill_cases(rng);
}

}  // namespace mssar::emulation
