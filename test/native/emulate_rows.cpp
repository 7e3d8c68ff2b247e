// The programs of the CUDA row kernels run on the host against the CPU kernels:
//   softmax, logSoftmax, crossEntropy, layerNorm and the one-block totals of nllLoss and mseLoss
//   (native/cuda/row_programs.cuh): every thread of a block runs the kernel's own row program,
//   the block reductions combine the threads' values in the order of block_allreduce
//   (test/native/block_emulator.h), with the launchers' block sizes (row_block: 32 to 256 threads;
//   256 for the totals); rows shorter and longer than the block, huge logits, rows with -inf, NaN
//   and all -inf (NaN must come out where the CPU kernel gives NaN);
//   the per-element programs of nllLoss (int32 and int64 labels, class weights, smoothing, every
//   reduction), crossEntropy's backward, mseLoss and layerNorm's parameter gradients
//   (native/cuda/loss_elements.cuh) on every element.
// Compared with the CPU kernels to 2e-5 (float32) or 1e-12 (float64) relative (the CPU kernels
// sum in other orders, and their float32 exp and log are vectorized approximations). Not emulated:
// the shuffles and shared memory themselves (their order is); the device's rsqrt, which the host
// replaces with 1 / sqrt. 64-bit indices only (no 32-bit variant in these kernels).
#include <map>
#include <memory>

#include "../../native/cuda/row_programs.cuh"
#include "../../native/ops/cross_entropy.h"
#include "../../native/ops/layer_norm.h"
#include "../../native/ops/log_softmax.h"
#include "../../native/ops/mse_loss.h"
#include "../../native/ops/nll_loss.h"
#include "../../native/ops/softmax.h"
#include "block_emulator.h"
#include "emulation.h"

namespace mssar::emulation {

namespace {

// Runs body(block) for every thread of a block of `threads` threads (emulators kept per size).
void run_block(long long threads, const std::function<void(HostBlock&)>& body) {
  static std::map<long long, std::unique_ptr<BlockEmulator>> blocks;
  auto& b = blocks[threads];
  if (!b) b = std::make_unique<BlockEmulator>(threads);
  b->run(body);
}

constexpr long long kTotalThreads = 256;  // the one-block kernels' launch

template <class T>
double tol() {
  return std::is_same_v<T, float> ? 2e-5 : 1e-12;
}

template <class T>
DType dtype_of() {
  return std::is_same_v<T, float> ? DType::Float32 : DType::Float64;
}

template <class T>
void compare(const std::string& name, Guarded<T>& got, const Tensor& want) {
  const size_t n = got.n, bad = first_difference(got.data(), want.data<T>(), n, tol<T>());
  report(got.guards_intact() && bad == n && size_t(want.numel()) == n, cat(name, at_element(bad, n)));
}

Tensor scaled(Tensor t, double s) {
  for (int64_t i = 0; i < t.numel(); ++i) {
    if (t.dtype() == DType::Float32) t.data<float>()[i] *= float(s);
    if (t.dtype() == DType::Float64) t.data<double>()[i] *= s;
  }
  return t;
}

// ---- softmax and logSoftmax ----------------------------------------------------------------------

// Row 0 with -inf at every third element (masked scores), row 1 with a NaN, row 2 all -inf.
template <class T>
Tensor with_special_rows(Tensor x) {
  const long long n = x.size(0), k = x.size(1);
  T* p = x.data<T>();
  for (long long j = 0; j < k && n > 0; j += 3) p[j] = -INFINITY;
  if (n > 1) p[k + k / 2] = NAN;
  for (long long j = 0; j < k && n > 2; ++j) p[2 * k + j] = -INFINITY;
  return x;
}

template <class T, bool Log>
void check_softmax(long long n, long long k, double spread, std::mt19937& rng, bool special = false) {
  Tensor x = scaled(random_tensor({n, k}, dtype_of<T>(), rng), spread);
  if (special) x = with_special_rows<T>(x);
  const std::string name = cat(Log ? "logSoftmax " : "softmax ", x.describe(), " spread ", spread,
                               special ? " with -inf, NaN and all -inf rows" : "");
  Tensor y = Tensor::empty(x.shape(), x.dtype(), Device::CPU);
  (Log ? log_softmax_forward_kernels() : softmax_forward_kernels())[Backend::CPU](y, x);
  const size_t count = size_t(n * k);
  Guarded<T> out(count);
  for (long long r = 0; r < n; ++r)
    run_block(cuda::row_block(k), [&](HostBlock& b) {
      if (Log)
        cuda::log_softmax_row(out.data() + r * k, x.data<T>() + r * k, k, b, (double*)nullptr);
      else
        cuda::softmax_forward_row(out.data() + r * k, x.data<T>() + r * k, k, b);
    });
  compare(name, out, y);
  const Tensor dy = random_tensor(x.shape(), x.dtype(), rng);
  Tensor dx = Tensor::empty(x.shape(), x.dtype(), Device::CPU);
  (Log ? log_softmax_backward_kernels() : softmax_backward_kernels())[Backend::CPU](dx, dy, y);
  Guarded<T> dout(count);
  for (long long r = 0; r < n; ++r)
    run_block(cuda::row_block(k), [&](HostBlock& b) {
      T* d = dout.data() + r * k;
      const T *g = dy.data<T>() + r * k, *yr = y.data<T>() + r * k;
      if (Log)
        cuda::log_softmax_backward_row(d, g, yr, k, b);
      else
        cuda::softmax_backward_row(d, g, yr, k, b);
    });
  compare(cat(name, " backward"), dout, dx);
}

// ---- crossEntropy --------------------------------------------------------------------------------

Tensor random_labels(long long n, long long k, DType dt, std::mt19937& rng) {
  Tensor t = Tensor::empty({n}, dt, Device::CPU);
  std::uniform_int_distribution<long long> u(0, k - 1);
  for (long long i = 0; i < n; ++i) {
    if (dt == DType::Int32) t.data<int32_t>()[i] = int32_t(u(rng));
    if (dt == DType::Int64) t.data<int64_t>()[i] = u(rng);
  }
  return t;
}

template <class T>
void check_cross_entropy(long long n, long long k, double smoothing, double spread, std::mt19937& rng,
                         DType label_dtype = DType::Int32) {
  const Tensor x = scaled(random_tensor({n, k}, dtype_of<T>(), rng), spread);
  const Tensor labels = random_labels(n, k, label_dtype, rng);
  const std::string name = cat("crossEntropy ", x.describe(), " labels ", dtype_name(label_dtype), " smoothing ", smoothing,
                               " spread ", spread);
  Tensor loss = Tensor::empty({}, x.dtype(), Device::CPU), log_probs = Tensor::empty(x.shape(), x.dtype(), Device::CPU);
  cross_entropy_forward_kernels()[Backend::CPU](loss, log_probs, x, labels, smoothing);
  Guarded<T> lp(static_cast<size_t>(n * k)), out_loss(1);
  std::vector<double> row_loss(static_cast<size_t>(n));
  for (long long r = 0; r < n; ++r)
    run_block(cuda::row_block(k), [&](HostBlock& b) {
      cuda::cross_entropy_row(row_loss.data() + r, lp.data() + r * k, x.data<T>() + r * k, index_at(labels.raw(), labels.dtype(), r), k,
                              smoothing, b);
    });
  run_block(kTotalThreads, [&](HostBlock& b) { cuda::cross_entropy_batch_mean(out_loss.data(), row_loss.data(), n, b); });
  compare(cat(name, " log-probabilities"), lp, log_probs);
  compare(cat(name, " loss"), out_loss, loss);
  const Tensor dloss = random_tensor({}, x.dtype(), rng);
  Tensor dx = Tensor::empty(x.shape(), x.dtype(), Device::CPU);
  cross_entropy_backward_kernels()[Backend::CPU](dx, dloss, log_probs, labels, smoothing);
  Guarded<T> dout(static_cast<size_t>(n * k));
  const cuda::CrossEntropyGrad<T> c = cuda::cross_entropy_grad(dloss.data<T>(), n, k, smoothing);
  for (long long i = 0; i < n * k; ++i)
    cuda::cross_entropy_backward_element(dout.data(), log_probs.data<T>(), labels.raw(), labels.dtype(), c, k, i);
  compare(cat(name, " backward"), dout, dx);
}

// ---- layerNorm -----------------------------------------------------------------------------------

template <class T>
void check_layer_norm(long long rows, long long D, bool affine, std::mt19937& rng) {
  const DType dt = dtype_of<T>();
  const Tensor x = random_tensor({rows, D}, dt, rng);
  const Tensor w = affine ? random_tensor({D}, dt, rng) : Tensor(), bias = affine ? random_tensor({D}, dt, rng) : Tensor();
  const double eps = 1e-5;
  const std::string name = cat("layerNorm ", x.describe(), affine ? " affine" : "");
  Tensor y = Tensor::empty(x.shape(), dt, Device::CPU), mean = Tensor::empty({rows}, dt, Device::CPU),
         rstd = Tensor::empty({rows}, dt, Device::CPU);
  layer_norm_forward_kernels()[Backend::CPU](y, mean, rstd, x, w, bias, D, eps);
  Guarded<T> oy(static_cast<size_t>(rows * D)), om(static_cast<size_t>(rows)), os(static_cast<size_t>(rows));
  const T* wp = affine ? w.data<T>() : nullptr;
  const T* bp = affine ? bias.data<T>() : nullptr;
  for (long long r = 0; r < rows; ++r)
    run_block(cuda::row_block(D), [&](HostBlock& b) {
      cuda::layer_norm_forward_row(oy.data() + r * D, om.data() + r, os.data() + r, x.data<T>() + r * D, wp, bp, D, eps, b);
    });
  compare(name, oy, y);
  compare(cat(name, " mean"), om, mean);
  compare(cat(name, " rstd"), os, rstd);
  const Tensor dy = random_tensor(x.shape(), dt, rng);
  Tensor dx = Tensor::empty(x.shape(), dt, Device::CPU);
  Tensor dw = affine ? Tensor::empty({D}, dt, Device::CPU) : Tensor(), db = Tensor::empty({D}, dt, Device::CPU);
  layer_norm_backward_kernels()[Backend::CPU](dx, dw, db, dy, x, mean, rstd, w, D);
  Guarded<T> odx(static_cast<size_t>(rows * D)), odw(static_cast<size_t>(D)), odb(static_cast<size_t>(D));
  for (long long r = 0; r < rows; ++r)
    run_block(cuda::row_block(D), [&](HostBlock& b) {
      cuda::layer_norm_backward_dx_row(odx.data() + r * D, dy.data<T>() + r * D, x.data<T>() + r * D, mean.data<T>()[r],
                                       rstd.data<T>()[r], wp, D, b);
    });
  for (long long j = 0; j < D; ++j)
    cuda::layer_norm_params_column(affine ? odw.data() : (T*)nullptr, odb.data(), dy.data<T>(), x.data<T>(),
                                   mean.data<T>(), rstd.data<T>(), rows, D, j);
  compare(cat(name, " backward dx"), odx, dx);
  compare(cat(name, " backward dbias"), odb, db);
  if (affine) compare(cat(name, " backward dweight"), odw, dw);
}

// ---- nllLoss -------------------------------------------------------------------------------------

template <class T>
void check_nll_loss(long long N, long long K, DType label_dt, bool weighted, double s, Reduction red, std::mt19937& rng) {
  const DType dt = dtype_of<T>();
  const Tensor logp = random_tensor({N, K}, dt, rng);
  const Tensor labels = random_labels(N, K, label_dt, rng);
  Tensor w = Tensor();
  if (weighted) {
    w = random_tensor({K}, dt, rng);
    for (long long k = 0; k < K; ++k) w.data<T>()[k] = T(std::fabs(double(w.data<T>()[k])) + 0.1);
  }
  const T* wp = weighted ? w.data<T>() : nullptr;
  const char* red_name = red == Reduction::None ? "none" : red == Reduction::Mean ? "mean" : "sum";
  const std::string name = cat("nllLoss ", logp.describe(), " labels ", dtype_name(label_dt), weighted ? " weighted" : "",
                               " smoothing ", s, " ", red_name);
  Tensor loss = Tensor::empty(red == Reduction::None ? Shape{N} : Shape{}, dt, Device::CPU);
  nll_loss_forward_kernels()[Backend::CPU](loss, logp, labels, w, s, red);
  Guarded<T> out(static_cast<size_t>(loss.numel()));
  if (red == Reduction::None) {
    for (long long n = 0; n < N; ++n)
      cuda::nll_loss_term(out.data(), (double*)nullptr, (double*)nullptr, logp.data<T>(), labels.raw(), label_dt, wp, s, K, n);
  } else {
    std::vector<double> terms(static_cast<size_t>(N)), wy(static_cast<size_t>(N));
    for (long long n = 0; n < N; ++n)
      cuda::nll_loss_term((T*)nullptr, terms.data(), wy.data(), logp.data<T>(), labels.raw(), label_dt, wp, s, K, n);
    run_block(kTotalThreads, [&](HostBlock& b) {
      cuda::nll_loss_total(out.data(), terms.data(), wy.data(), N, red == Reduction::Mean, b);
    });
  }
  compare(name, out, loss);
  const Tensor dloss = random_tensor(loss.shape(), dt, rng);
  Tensor dlogp = Tensor::empty(logp.shape(), dt, Device::CPU);
  nll_loss_backward_kernels()[Backend::CPU](dlogp, dloss, labels, w, s, red);
  double den = 0;
  if (red == Reduction::Mean)
    run_block(kTotalThreads, [&](HostBlock& b) { cuda::nll_loss_denominator(&den, labels.raw(), label_dt, wp, N, b); });
  Guarded<T> dout(static_cast<size_t>(N * K));
  for (long long i = 0; i < N * K; ++i)
    cuda::nll_loss_backward_element(dout.data(), dloss.data<T>(), red == Reduction::Mean ? &den : nullptr, labels.raw(),
                                    label_dt, wp, s, K, red == Reduction::None, i);
  compare(cat(name, " backward"), dout, dlogp);
}

// ---- mseLoss -------------------------------------------------------------------------------------

template <class T>
void check_mse_loss(const Shape& shape, Reduction red, std::mt19937& rng) {
  const DType dt = dtype_of<T>();
  const Tensor a = random_tensor(shape, dt, rng), b = random_tensor(shape, dt, rng);
  const long long n = a.numel();
  const char* red_name = red == Reduction::None ? "none" : red == Reduction::Mean ? "mean" : "sum";
  const std::string name = cat("mseLoss ", a.describe(), " ", red_name);
  Tensor loss = Tensor::empty(red == Reduction::None ? shape : Shape{}, dt, Device::CPU);
  mse_loss_forward_kernels()[Backend::CPU](loss, a, b, red);
  Guarded<T> out(static_cast<size_t>(loss.numel()));
  if (red == Reduction::None) {
    for (long long i = 0; i < n; ++i) cuda::mse_loss_none_element(out.data(), a.data<T>(), b.data<T>(), i);
  } else {
    run_block(kTotalThreads, [&](HostBlock& blk) {
      cuda::mse_loss_total(out.data(), a.data<T>(), b.data<T>(), n, red == Reduction::Mean, blk);
    });
  }
  compare(name, out, loss);
  const Tensor dloss = random_tensor(loss.shape(), dt, rng);
  Tensor da = Tensor::empty(a.shape(), dt, Device::CPU), db = Tensor::empty(a.shape(), dt, Device::CPU);
  mse_loss_backward_kernels()[Backend::CPU](da, db, dloss, a, b, red);
  Guarded<T> oa(static_cast<size_t>(n)), ob(static_cast<size_t>(n));
  const T scale = T(red == Reduction::Mean ? 2.0 / double(n) : 2.0);  // mse_loss.cu's launcher
  for (long long i = 0; i < n; ++i)
    cuda::mse_loss_backward_element(oa.data(), ob.data(), dloss.data<T>(), a.data<T>(), b.data<T>(), scale,
                                    red == Reduction::None, i);
  compare(cat(name, " backward da"), oa, da);
  compare(cat(name, " backward db"), ob, db);
}

template <class T>
void cases_for(std::mt19937& rng) {
  // Rows shorter than a warp, between warps, longer than the 256-thread block; huge logits.
  const std::pair<long long, long long> rows[] = {{1, 1}, {3, 5}, {2, 33}, {4, 300}, {2, 1000}, {5, 64}};
  for (const auto& [n, k] : rows)
    for (double spread : {1.0, 80.0}) {
      check_softmax<T, false>(n, k, spread, rng);
      check_softmax<T, true>(n, k, spread, rng);
      for (double smoothing : {0.0, 0.1}) check_cross_entropy<T>(n, k, smoothing, spread, rng);
    }
  check_softmax<T, false>(3, 40, 1.0, rng, true);
  check_softmax<T, true>(3, 40, 1.0, rng, true);
  check_cross_entropy<T>(300, 3, 0.0, 1.0, rng);  // more rows than the batch mean's block
  check_cross_entropy<T>(37, 11, 0.1, 1.0, rng, DType::Int64);
  const std::pair<long long, long long> norms[] = {{1, 1}, {3, 7}, {2, 64}, {5, 300}, {2, 1000}};
  for (const auto& [rws, D] : norms)
    for (bool affine : {false, true}) check_layer_norm<T>(rws, D, affine, rng);
  for (Reduction red : {Reduction::None, Reduction::Mean, Reduction::Sum}) {
    for (DType ldt : {DType::Int32, DType::Int64})
      for (bool weighted : {false, true})
        for (double s : {0.0, 0.1}) check_nll_loss<T>(7, 5, ldt, weighted, s, red, rng);
    check_nll_loss<T>(600, 3, DType::Int64, true, 0.1, red, rng);  // more rows than the block
    for (const Shape& shape : {Shape{1}, Shape{3, 5}, Shape{2, 700}}) check_mse_loss<T>(shape, red, rng);
  }
}

}  // namespace

void row_cases() {
  std::mt19937 rng(31);
  cases_for<float>(rng);
  cases_for<double>(rng);
}

}  // namespace mssar::emulation
