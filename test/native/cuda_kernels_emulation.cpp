// Runs the per-element programs of CUDA kernels on the host, every element in turn, with both index
// types the launchers pick (32-bit and 64-bit), and compares what they write with the CPU kernels:
//   reorder     native/ops/layout_index.h (native/cuda/layout.cu): every pair of layouts, every
//               dtype, odd channel counts (blocked padding written as zeros), bit for bit;
//   avg_pool2d  forward and backward, max_pool2d forward (values and indices)
//               (native/cuda/pool2d_elements.cuh): padding, strides, ceil mode, count_include_pad;
//   broadcast   the operand offsets of the binary and where kernels (native/cuda/binary.cu,
//               where.cu: BroadcastPlan::row_offsets plus the column times the inner stride)
//               against NumPy's rule, for every output element of awkward shape pairs;
//   softmax     softmax and log_softmax forward and backward along dim 1 of [outer, K, inner],
//               inner > 1 (native/cuda/softmax_lines.cuh), within float rounding of the CPU kernels.
// Output buffers start as NaN (or a sentinel for int32) and sit between guard zones (emulation.h):
// an element a program fails to write, or a write outside the buffer, is reported. Exit status 0 when every
// case passes; the last line says "N cases, F failures".
#include <cmath>
#include <cstdio>
#include <cstring>
#include <random>
#include <string>
#include <vector>

#include "../../native/core/dispatch.h"
#include "../../native/cpu/ref/broadcast_index.h"
#include "../../native/cuda/pool2d_elements.cuh"
#include "../../native/cuda/softmax_lines.cuh"
#include "../../native/ops/avg_pool2d.h"
#include "../../native/ops/broadcast_plan.h"
#include "../../native/ops/layout.h"
#include "../../native/ops/layout_index.h"
#include "../../native/ops/max_pool2d.h"
#include "../../native/ops/pool2d.h"
#include "../../native/ops/log_softmax.h"
#include "../../native/ops/softmax.h"
#include "emulation.h"

namespace {

using namespace mssar;
using namespace mssar::emulation;
namespace pool = mssar::cuda::pool;

Tensor random_plain(const Shape& shape, DType dtype, std::mt19937& rng) {
  Tensor t = Tensor::empty(shape, dtype, Device::CPU);
  std::uniform_real_distribution<double> u(-1, 1);
  std::uniform_int_distribution<int32_t> ui(-1000, 1000);
  for (int64_t i = 0; i < t.numel(); ++i) {
    if (dtype == DType::Float32) t.data<float>()[i] = float(u(rng));
    if (dtype == DType::Float64) t.data<double>()[i] = u(rng);
    if (dtype == DType::Int32) t.data<int32_t>()[i] = ui(rng);
  }
  return t;
}

Tensor cpu_reorder(const Tensor& x, Layout layout) {
  Tensor y = Tensor::empty(x.shape(), x.dtype(), Device::CPU, layout);
  reorder_kernels()[Backend::CPU](y, x);
  return y;
}

// ---- reorder ------------------------------------------------------------------------------------

template <class T, class I>
void check_reorder(const Shape& shape, Layout from, Layout to, DType dtype, std::mt19937& rng) {
  const Tensor in = cpu_reorder(random_plain(shape, dtype, rng), from);
  const Tensor want = cpu_reorder(in, to);
  const size_t n = size_t(physical_numel(shape, to));
  Guarded<T> out(n);
  const LayoutIndex<I> li_to = layout_index<I>(shape, to), li_from = layout_index<I>(shape, from);
  for (size_t i = 0; i < n; ++i) reorder_element(out.data(), in.data<T>(), li_to, li_from, I(i));
  bool ok = out.guards_intact();
  size_t bad = n;
  for (size_t i = 0; i < n && ok; ++i)
    if (!same_bits(out.data()[i], want.data<T>()[i])) ok = false, bad = i;
  report(ok, cat("reorder ", shape_str(shape), " ", dtype_name(dtype), " ", layout_name(from), " -> ",
                 layout_name(to), " (", sizeof(I) * 8, "-bit index)", bad < n ? cat(": element ", bad) : ""));
}

void reorder_cases(std::mt19937& rng) {
  const Layout layouts[] = {Layout::Plain, Layout::ChannelsLast, Layout::Blocked16, Layout::Blocked8};
  const Shape shapes[] = {{1, 1, 1, 1}, {2, 3, 5, 7}, {1, 17, 3, 2}, {3, 16, 1, 1}, {2, 9, 4, 4}, {1, 40, 2, 3}};
  for (const Shape& s : shapes)
    for (Layout from : layouts)
      for (Layout to : layouts) {
        check_reorder<float, uint32_t>(s, from, to, DType::Float32, rng);
        check_reorder<double, int64_t>(s, from, to, DType::Float64, rng);
        check_reorder<int32_t, uint32_t>(s, from, to, DType::Int32, rng);
      }
}

// ---- pooling ------------------------------------------------------------------------------------

template <class T>
bool close(const T* got, const T* want, size_t n, double tol, size_t& bad) {
  for (size_t i = 0; i < n; ++i) {
    const double g = double(got[i]), w = double(want[i]);
    if (!(std::fabs(g - w) <= tol * (1 + std::fabs(w)))) {
      bad = i;
      return false;
    }
  }
  return true;
}

std::string params_str(const Shape& shape, const Pool2dParams& p) {
  return cat(shape_str(shape), " k ", p.kh, "x", p.kw, " s ", p.sh, "x", p.sw, " p ", p.ph, "x", p.pw,
             p.ceil_mode ? " ceil" : "", p.count_include_pad ? "" : " exclude-pad");
}

template <class T, class I>
void check_pooling(const Shape& shape, const Pool2dParams& p, DType dtype, std::mt19937& rng) {
  const double tol = dtype == DType::Float32 ? 1e-5 : 1e-12;
  const std::string name = cat(params_str(shape, p), " ", dtype_name(dtype), " (", sizeof(I) * 8, "-bit index)");
  const Shape out_shape = pool2d_output_shape("pool", shape, "x", "", p);
  const Tensor x = random_plain(shape, dtype, rng), dy = random_plain(out_shape, dtype, rng);
  const I H = I(shape[2]), W = I(shape[3]), OH = I(out_shape[2]), OW = I(out_shape[3]);
  const size_t n_in = size_t(numel(shape)), n_out = size_t(numel(out_shape));
  const pool::Window win = pool::window_of(p);
  size_t bad = 0;

  {  // avg_pool2d forward
    Tensor want = Tensor::empty(out_shape, dtype, Device::CPU);
    avg_pool2d_forward_kernels()[Backend::CPU](want, x, p);
    Guarded<T> y(n_out);
    for (size_t o = 0; o < n_out; ++o) pool::avg_forward_element(y.data(), x.data<T>(), I(o), H, W, OH, OW, win);
    const bool ok = y.guards_intact() && close(y.data(), want.data<T>(), n_out, tol, bad);
    report(ok, cat("avg_pool2d forward ", name, ok ? "" : cat(": element ", bad)));
  }
  {  // avg_pool2d backward
    Tensor want = Tensor::empty(shape, dtype, Device::CPU);
    avg_pool2d_backward_kernels()[Backend::CPU](want, dy, p);
    Guarded<T> dx(n_in);
    for (size_t i = 0; i < n_in; ++i) pool::avg_backward_element(dx.data(), dy.data<T>(), I(i), H, W, OH, OW, win);
    const bool ok = dx.guards_intact() && close(dx.data(), want.data<T>(), n_in, tol, bad);
    report(ok, cat("avg_pool2d backward ", name, ok ? "" : cat(": element ", bad)));
  }
  {  // max_pool2d forward
    Tensor want = Tensor::empty(out_shape, dtype, Device::CPU), want_idx = Tensor::empty(out_shape, DType::Int32, Device::CPU);
    max_pool2d_forward_kernels()[Backend::CPU](want, want_idx, x, p);
    Guarded<T> y(n_out);
    Guarded<int32_t> idx(n_out);
    for (size_t o = 0; o < n_out; ++o)
      pool::max_forward_element(y.data(), idx.data(), x.data<T>(), I(o), H, W, OH, OW, win);
    bool ok = y.guards_intact() && idx.guards_intact() && close(y.data(), want.data<T>(), n_out, 0.0, bad);
    for (size_t o = 0; o < n_out && ok; ++o)
      if (idx.data()[o] != want_idx.data<int32_t>()[o]) ok = false, bad = o;
    report(ok, cat("max_pool2d forward ", name, ok ? "" : cat(": element ", bad)));
  }
}

Pool2dParams params(int64_t kh, int64_t kw, int64_t sh, int64_t sw, int64_t ph, int64_t pw, bool ceil,
                    bool include_pad) {
  Pool2dParams p;
  p.kh = kh, p.kw = kw, p.sh = sh, p.sw = sw, p.ph = ph, p.pw = pw;
  p.ceil_mode = ceil, p.count_include_pad = include_pad;
  return p;
}

void pooling_cases(std::mt19937& rng) {
  struct PoolCase {
    Shape shape;
    Pool2dParams p;
  };
  const PoolCase list[] = {
      {{1, 1, 1, 1}, params(1, 1, 1, 1, 0, 0, false, true)},
      {{2, 3, 8, 8}, params(2, 2, 2, 2, 0, 0, false, true)},
      {{2, 3, 7, 9}, params(3, 3, 2, 2, 1, 1, false, true)},
      {{2, 3, 7, 9}, params(3, 3, 2, 2, 1, 1, false, false)},
      {{1, 2, 7, 9}, params(3, 3, 2, 2, 1, 1, true, true)},
      {{1, 2, 7, 9}, params(3, 3, 2, 2, 1, 1, true, false)},
      {{1, 2, 10, 5}, params(3, 2, 3, 1, 0, 1, true, false)},
      {{3, 1, 5, 11}, params(2, 4, 3, 5, 1, 2, false, true)},
      {{1, 1, 6, 6}, params(1, 1, 3, 3, 0, 0, false, true)},  // stride > kernel: untouched cells
      {{2, 2, 13, 13}, params(5, 3, 2, 4, 2, 1, true, false)},
      {{1, 4, 4, 4}, params(4, 4, 1, 1, 0, 0, false, true)},
  };
  for (const PoolCase& c : list) {
    check_pooling<float, uint32_t>(c.shape, c.p, DType::Float32, rng);
    check_pooling<float, int64_t>(c.shape, c.p, DType::Float32, rng);
    check_pooling<double, uint32_t>(c.shape, c.p, DType::Float64, rng);
  }
}

}  // namespace

namespace {

// The emulated lines against the CPU kernels: not bit for bit (the CPU's float exp is its own
// polynomial and its sums run in another order), within a few roundings of T.
template <class T>
void check_softmax(const Shape& shape, DType dtype, std::mt19937& rng) {
  const int64_t outer = shape[0], k = shape[1], inner = shape[2];
  const size_t n = size_t(outer * k * inner);
  const double tol = dtype == DType::Float32 ? 2e-6 : 1e-13;
  const Tensor x = random_plain(shape, dtype, rng), dy = random_plain(shape, dtype, rng);
  const std::string name = cat(shape_str(shape), " ", dtype_name(dtype));
  using Forward = void (*)(T*, const T*, long long, long long);
  using Backward = void (*)(T*, const T*, const T*, long long, long long);
  struct Op {
    const char* name;
    Forward line_forward;
    Backward line_backward;
    Tensor (*forward)(const Tensor&);
    Tensor (*backward)(const Tensor&, const Tensor&);
  };
  const Op ops[] = {
      {"softmax", cuda::softmax_line::Softmax::forward<T>, cuda::softmax_line::Softmax::backward<T>, softmax_forward,
       softmax_backward},
      {"log_softmax", cuda::softmax_line::LogSoftmax::forward<T>, cuda::softmax_line::LogSoftmax::backward<T>,
       log_softmax_forward, log_softmax_backward},
  };
  for (const Op& op : ops) {
    const Tensor want_y = op.forward(x);
    const Tensor want_dx = op.backward(dy, want_y);
    Guarded<T> y(n), dx(n);
    for (long long t = 0; t < outer * inner; ++t) {
      const long long at = cuda::softmax_line::line_offset(t, k, inner);
      op.line_forward(y.data() + at, x.data<T>() + at, k, inner);
      op.line_backward(dx.data() + at, dy.data<T>() + at, want_y.data<T>() + at, k, inner);
    }
    size_t bad = n;
    auto close = [&](const T* got, const T* want) {
      for (size_t i = 0; i < n; ++i)
        if (!(std::fabs(double(got[i]) - double(want[i])) <= tol * (1 + std::fabs(double(want[i]))))) return bad = i, false;
      return true;
    };
    const bool fwd_ok = close(y.data(), want_y.data<T>()) && y.guards_intact();
    report(fwd_ok, cat(op.name, " forward ", name, fwd_ok ? "" : cat(": element ", bad)));
    const bool bwd_ok = close(dx.data(), want_dx.data<T>()) && dx.guards_intact();
    report(bwd_ok, cat(op.name, " backward ", name, bwd_ok ? "" : cat(": element ", bad)));
  }
}

void softmax_cases(std::mt19937& rng) {
  const std::vector<Shape> shapes = {{2, 5, 67}, {1, 130, 3}, {3, 1, 4}, {4, 7, 200}, {1, 2, 2}};
  for (const Shape& s : shapes) {
    check_softmax<float>(s, DType::Float32, rng);
    check_softmax<double>(s, DType::Float64, rng);
  }
}

}  // namespace

void broadcast_cases() {
  const std::vector<std::vector<Shape>> sets = {
      {{2, 3}, {3}}, {{4, 1, 3}, {2, 1}}, {{}, {2, 3}}, {{3, 1, 5}, {1, 4, 1}}, {{2, 3, 4, 5}, {1, 3, 1, 1}},
      {{1}, {1}}, {{5, 1}, {1, 5}}, {{2, 1, 3, 1, 2}, {4, 3, 5, 2}}, {{3, 1}, {1, 4}, {3, 4}}, {{}, {5}, {}},
      {{7, 1, 1, 6}, {7, 1, 6}, {1}}};
  for (const auto& shapes : sets) {
    const Shape* a = &shapes[0];
    const Shape* b = &shapes[1];
    const Shape* c = shapes.size() > 2 ? &shapes[2] : nullptr;
    const Shape out = c ? broadcast_shape("emulation", {a, b, c}) : broadcast_shape("emulation", {a, b});
    const BroadcastPlan p = c ? make_broadcast_plan("emulation", out, {a, b, c}) : make_broadcast_plan("emulation", out, {a, b});
    const int nops = int(shapes.size());
    int bad = 0;
    for (int64_t i = 0; i < p.numel; ++i) {
      int64_t off[3];
      const int64_t row = i / p.inner(), col = i - row * p.inner();
      p.row_offsets(row, off, nops);
      for (int k = 0; k < nops; ++k) {
        const int64_t got = off[k] + col * p.stride[k][p.ndim - 1];
        if (got != ref::broadcast_source_index(out, shapes[size_t(k)], i)) ++bad;
      }
    }
    report(p.numel == numel(out) && bad == 0, cat("broadcast to ", shape_str(out), ": ", bad, " wrong offsets"));
  }
}

int main() {
  std::mt19937 rng(20261126);
  reorder_cases(rng);
  pooling_cases(rng);
  broadcast_cases();
  softmax_cases(rng);
  std::printf("%d cases, %d failures\n", tally().cases, tally().failures);
  return tally().failures == 0 ? 0 : 1;
}
