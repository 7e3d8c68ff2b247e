// Runs the block programs of the MS-SAR CUDA kernels (native/cuda/mssar_blocks.cuh) on the host,
// one thread after another within each phase, and compares what they write with the float64
// reference (native/cpu/ref/mssar.cpp). This checks the kernels' index arithmetic, tiling, margins,
// 16-byte paths, block reductions and partial sums on machines without a GPU; the GPU parity
// tests (test/ops.test.ts) check the real thing where there is one.
//
// Every buffer, shared memory included, sits between guard zones of NaN: a read outside its
// buffer turns the result into NaN (a mismatch), a write outside it breaks the guard (reported).
// Exit status 0 when every case passes.
#include <cmath>
#include <cstdio>
#include <random>
#include <string>
#include <vector>

#include "../../native/core/dispatch.h"
#include "../../native/cuda/mssar_blocks.cuh"
#include "../../native/ops/mssar.h"

namespace {

using namespace mssar;
namespace blk = mssar::cuda::blocks;

// The block of mssar_blocks.cuh, emulated: a phase is a loop over the threads.
struct EmulatedBlock {
  int threads = blk::kThreads;
  template <class F>
  void run(const F& f) {
    for (int t = 0; t < threads; ++t) f(t, threads);
  }
  template <class T>
  void reduce(T* red, int n) {
    std::vector<T> sum(size_t(n), T(0));
    for (int t = 0; t < threads; ++t)
      for (int j = 0; j < n; ++j) sum[size_t(j)] += red[t * n + j];
    for (int j = 0; j < n; ++j) red[j] = sum[size_t(j)];
  }
};

constexpr size_t kGuard = 4096;

// A buffer with NaN guard zones on both sides.
template <class T>
struct Guarded {
  std::vector<T> all;
  size_t n;
  explicit Guarded(size_t size, T fill = T(NAN)) : all(size + 2 * kGuard, T(NAN)), n(size) {
    for (size_t i = 0; i < n; ++i) all[kGuard + i] = fill;
  }
  T* data() { return all.data() + kGuard; }
  T& operator[](size_t i) { return all[kGuard + i]; }
  bool guards_intact() const {
    for (size_t i = 0; i < kGuard; ++i)
      if (!std::isnan(all[i]) || !std::isnan(all[kGuard + n + i])) return false;
    return true;
  }
};

template <class T>
Guarded<T> from(const std::vector<double>& v) {
  Guarded<T> g(v.size());
  for (size_t i = 0; i < v.size(); ++i) g[i] = T(v[i]);
  return g;
}

Tensor tensor_of(const std::vector<double>& v, const Shape& shape) {
  Tensor t = Tensor::empty(shape, DType::Float64, Device::CPU);
  for (size_t i = 0; i < v.size(); ++i) t.data<double>()[i] = v[i];
  return t;
}

std::vector<double> values_of(const Tensor& t) {
  return std::vector<double>(t.data<double>(), t.data<double>() + t.numel());
}

struct Case {
  int N, C, H, W;
  std::vector<int> scales;
  bool symmetric;
  std::string mode;  // "plane", "direct" or "RxC" tiles
  bool use_float;
  bool vec4;
  bool per_sample_bias = false;  // bias [N, C] instead of [C]
};

int failures = 0;

template <class T>
void compare(const Case& c, const char* what, const std::vector<double>& want, Guarded<T>& got, double atol,
             double rtol) {
  double worst = 0;
  size_t at = 0;
  for (size_t i = 0; i < want.size(); ++i) {
    const double err = std::fabs(double(got[i]) - want[i]), bound = atol + rtol * std::fabs(want[i]);
    const double ratio = std::isnan(err) ? INFINITY : err / bound;
    if (ratio > worst) worst = ratio, at = i;
  }
  const bool ok = worst <= 1 && got.guards_intact();
  if (!ok) {
    ++failures;
    std::printf("FAIL [%d,%d,%d,%d] %s%s %s %s: %s element %zu: %.9g vs reference %.9g%s\n", c.N, c.C, c.H, c.W,
                c.symmetric ? "symmetric" : "asymmetric", c.per_sample_bias ? " per-sample bias" : "", c.mode.c_str(), c.use_float ? "float" : "double", what, at,
                double(got[at]), want.empty() ? 0.0 : want[at], got.guards_intact() ? "" : " (guard overwritten)");
  }
}

template <class T>
blk::Tiling tiling_for(const Case& c, const blk::Scales& sc, bool backward, bool& direct) {
  direct = c.mode == "direct";
  if (direct) {
    blk::Tiling t = blk::make_tiling(c.N, c.C, c.H, c.W, sc, 1, 1, backward);
    t.th = c.H, t.tw = c.W, t.tiles_h = t.tiles_w = 1;
    return t;
  }
  int th = c.H, tw = c.W;
  if (c.mode != "plane") std::sscanf(c.mode.c_str(), "%dx%d", &th, &tw);
  return blk::make_tiling(c.N, c.C, c.H, c.W, sc, th, tw, backward);
}

template <class T>
void run_case(const Case& c, std::mt19937& rng) {
  const int K = int(c.scales.size());
  const size_t numel = size_t(c.N) * c.C * c.H * c.W;
  const Shape xshape{c.N, c.C, c.H, c.W};
  const Shape wshape = c.symmetric ? Shape{K, c.C, 3} : Shape{K, c.C, 3, 3};
  std::uniform_real_distribution<double> u(-1, 1);
  auto draw = [&](size_t n) {
    std::vector<double> v(n);
    for (double& e : v) e = u(rng);
    return v;
  };
  const Shape bshape = c.per_sample_bias ? Shape{c.N, c.C} : Shape{c.C};
  const std::vector<double> x = draw(numel), w = draw(size_t(mssar::numel(wshape))), b = draw(size_t(mssar::numel(bshape))),
                            dy = draw(numel);

  // The reference.
  MssarOptions opt;
  for (int s : c.scales) opt.scales.push_back(s);
  opt.symmetric = c.symmetric;
  std::vector<double> ref_y, ref_g, ref_dx, ref_dw, ref_db;
  {
    ReferenceMode guard;
    const Tensor xt = tensor_of(x, xshape), wt = tensor_of(w, wshape), bt = tensor_of(b, bshape);
    MssarForward f = mssar_forward(xt, wt, bt, opt);
    const bool needs[3] = {true, true, true};
    MssarGrads g = mssar_backward(tensor_of(dy, xshape), xt, f.gate, wt, opt, needs, c.per_sample_bias);
    ref_y = values_of(f.y), ref_g = values_of(f.gate), ref_dx = values_of(g.dx), ref_dw = values_of(g.dweight),
    ref_db = values_of(g.dbias);
  }
  // float32 is held to the definition's tolerance; float64 to rounding.
  const double atol = c.use_float ? 1e-5 : 1e-12, rtol = c.use_float ? 1e-4 : 1e-10;

  blk::Scales sc{};
  sc.K = K;
  for (int k = 0; k < K; ++k) sc.s[k] = c.scales[size_t(k)];
  Guarded<T> xg = from<T>(x), wg = from<T>(w), bg = from<T>(b), dyg = from<T>(dy), gate_ref = from<T>(ref_g);
  EmulatedBlock block;

  // Forward.
  {
    bool direct = false;
    blk::ForwardArgs<T> a{};
    a.t = tiling_for<T>(c, sc, false, direct);
    Guarded<T> y(numel), gate(numel);
    a.y = y.data(), a.gate = gate.data(), a.x = xg.data(), a.weight = wg.data(), a.bias = bg.data();
    a.bias_per_sample = c.per_sample_bias;
    a.symmetric = c.symmetric;
    a.vec4 = c.vec4;
    if (direct) {
      for (size_t i = 0; i < numel; ++i) blk::forward_direct_element(a, (long long)i);
    } else {
      Guarded<T> smem(size_t(a.t.total));
      for (long long tile = 0; tile < a.t.tiles(); ++tile) {
        for (size_t i = 0; i < smem.n; ++i) smem[i] = T(NAN);  // nothing carries over between tiles
        blk::forward_tile(block, smem.data(), a, tile);
      }
      if (!smem.guards_intact()) compare(c, "shared memory (forward)", {}, smem, 0, 0);
    }
    compare(c, "y", ref_y, y, atol, rtol);
    compare(c, "gate", ref_g, gate, atol, rtol);
  }

  // Backward, from the reference gate, for each set of wanted gradients.
  for (int wanted : {1, 2, 4, 7}) {  // dx, dweight, dbias alone, then all three
    const bool want_dx = wanted & 1, want_dw = wanted & 2, want_db = wanted & 4;
    bool direct = false;
    blk::BackwardArgs<T> a{};
    a.t = tiling_for<T>(c, sc, true, direct);
    const int P = 9 * K + 1;
    Guarded<T> dx(numel), partials(size_t(a.t.tiles() * P)), dweight(size_t(mssar::numel(wshape))),
        dbias(size_t(mssar::numel(bshape)));
    a.dx = want_dx ? dx.data() : nullptr;
    a.partials = want_dw || want_db ? partials.data() : nullptr;
    a.dy = dyg.data(), a.x = xg.data(), a.gate = gate_ref.data(), a.weight = wg.data();
    a.symmetric = c.symmetric;
    a.want_dw = want_dw, a.want_db = want_db;
    a.vec4 = c.vec4;
    if (direct) {
      if (want_dx)
        for (size_t i = 0; i < numel; ++i) blk::backward_direct_dx(a, (long long)i);
      if (a.partials) {
        Guarded<T> red(size_t(blk::kThreads * 9 + 32 * 9));
        for (long long p = 0; p < a.t.tiles(); ++p) blk::backward_direct_partials(block, red.data(), a, p);
      }
    } else {
      Guarded<T> smem(size_t(a.t.total));
      for (long long tile = 0; tile < a.t.tiles(); ++tile) {
        for (size_t i = 0; i < smem.n; ++i) smem[i] = T(NAN);
        blk::backward_tile(block, smem.data(), a, tile);
      }
      if (!smem.guards_intact()) compare(c, "shared memory (backward)", {}, smem, 0, 0);
    }
    if (a.partials)
      for (long long i = 0; i < blk::reduced_outputs(a.t, c.per_sample_bias); ++i) {
        // The warp of reduce_partials_kernel, lane by lane (its shuffle tree adds in another order).
        double total[9] = {0, 0, 0, 0, 0, 0, 0, 0, 0}, lane_sums[9];
        for (int lane = 0; lane < 32; ++lane) {
          blk::partial_sums_lane(lane_sums, a.partials, a.t, c.per_sample_bias, i, lane, 32);
          for (int j = 0; j < 9; ++j) total[j] += lane_sums[j];
        }
        blk::write_reduced(want_dw ? dweight.data() : nullptr, want_db ? dbias.data() : nullptr, a.t, c.symmetric,
                           c.per_sample_bias, i, total);
      }
    if (want_dx) compare(c, "dx", ref_dx, dx, atol, rtol);
    if (want_dw) compare(c, "dweight", ref_dw, dweight, atol, rtol);
    if (want_db) compare(c, "dbias", ref_db, dbias, atol, rtol);
  }
}

}  // namespace

int main() {
  std::mt19937 rng(20261125);
  std::vector<Case> cases = {
      {1, 1, 1, 1, {1, 2, 4}, false, "plane", false, false},
      {2, 3, 5, 7, {1, 2, 4}, false, "plane", false, false},
      {2, 3, 5, 7, {1, 2, 4}, true, "plane", false, false},
      {2, 3, 5, 7, {1, 2, 4}, false, "2x3", false, false},
      {1, 2, 13, 11, {3, 5}, true, "4x4", false, false},
      {3, 2, 6, 5, {1}, false, "3x2", true, false},
      {2, 2, 8, 8, {1, 2, 4}, false, "plane", true, true},
      {2, 2, 56, 56, {1, 2, 4}, false, "plane", true, true},
      {1, 2, 56, 56, {1, 2, 4}, true, "32x32", true, false},
      {2, 1, 37, 33, {1, 2, 4}, false, "16x16", true, false},
      {1, 3, 20, 17, {16}, false, "8x8", false, false},
      {1, 1, 3, 4, {6, 20}, false, "direct", false, false},
      {2, 1, 7, 6, {2}, true, "direct", true, false},
      {1, 2, 4, 3, {2}, false, "plane", false, false},
  };
  // A per-sample bias [N, C]: whole planes, tiles (float64 and float32), the 16-byte path, direct.
  for (size_t i : {size_t(1), size_t(3), size_t(5), size_t(6), size_t(12)}) {
    Case c = cases[i];
    c.per_sample_bias = true;
    cases.push_back(c);
  }
  for (const Case& c : cases) {
    if (c.use_float)
      run_case<float>(c, rng);
    else
      run_case<double>(c, rng);
  }
  std::printf("%zu cases, %d failures\n", cases.size(), failures);
  return failures == 0 ? 0 : 1;
}
