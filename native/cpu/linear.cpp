// linear on the CPU: float32 on oneDNN's matmul (cached per shape), float64 on our gemm; the bias
// gradient is a column sum of dy.
#include "../ops/linear.h"

#include <algorithm>
#include <type_traits>

#include "../core/dtype_dispatch.h"
#include "../core/parallel.h"
#include "dnnl_context.h"
#include "gemm.h"
#include "dnnl_matmul.h"

namespace mssar::cpu {

namespace {

// db[o] = sum over n of dy[n, o]; threads take column ranges, rows are read contiguously.
template <class T>
void column_sums(T* db, const T* dy, int64_t N, int64_t O) {
  parallel_for(O, 256, [&](int64_t o0, int64_t o1) {
    std::fill(db + o0, db + o1, T(0));
    for (int64_t n = 0; n < N; ++n) {
      const T* row = dy + n * O;
#pragma omp simd
      for (int64_t o = o0; o < o1; ++o) db[o] += row[o];
    }
  });
}

void forward(Tensor& y, const Tensor& x, const Tensor& w, const Tensor& b) {
  const int64_t N = x.size(0), I = x.size(1), O = w.size(0);
  if (x.dtype() == DType::Float32) {
    dnnl_matmul(x.data<float>(), false, w.data<float>(), true, b.defined() ? b.data<float>() : nullptr,
                y.data<float>(), N, O, I);
    return;
  }
  const double* B = b.defined() ? b.data<double>() : nullptr;
  double* Y = y.data<double>();
  gemm<double>(false, true, N, O, I, 1.0, x.data<double>(), I, w.data<double>(), I, 0.0, Y, O);
  if (B)
    parallel_for(N, 64, [&](int64_t n0, int64_t n1) {
      for (int64_t n = n0; n < n1; ++n) {
        double* row = Y + n * O;
#pragma omp simd
        for (int64_t o = 0; o < O; ++o) row[o] += B[o];
      }
    });
}

void backward(Tensor& dx, Tensor& dw, Tensor& db, const Tensor& dy, const Tensor& x, const Tensor& w) {
  const int64_t N = x.size(0), I = x.size(1), O = w.size(0);
  dispatch_float(x.dtype(), "linear backward", [&](auto tag_) {
    using scalar_t = decltype(tag_);
    const scalar_t* DY = dy.data<scalar_t>();
    const scalar_t* X = x.data<scalar_t>();
    const scalar_t* Wt = w.data<scalar_t>();
    if constexpr (std::is_same_v<scalar_t, float>) {
      if (dx.defined()) dnnl_matmul(DY, false, Wt, false, nullptr, dx.data<float>(), N, I, O);
      if (dw.defined()) dnnl_matmul(DY, true, X, false, nullptr, dw.data<float>(), O, I, N);
    } else {
      if (dx.defined()) gemm<scalar_t>(false, false, N, I, O, 1, DY, O, Wt, I, 0, dx.data<scalar_t>(), I);
      if (dw.defined()) gemm<scalar_t>(true, false, O, I, N, 1, DY, O, X, I, 0, dw.data<scalar_t>(), I);
    }
    if (db.defined()) column_sums(db.data<scalar_t>(), DY, N, O);
  });
}

}  // namespace

void linear_forward(Tensor& y, const Tensor& x, const Tensor& w, const Tensor& b) {
  with_op_name("linear", [&] { forward(y, x, w, b); });
}

void linear_backward(Tensor& dx, Tensor& dw, Tensor& db, const Tensor& dy, const Tensor& x, const Tensor& w) {
  with_op_name("linear backward", [&] { backward(dx, dw, db, dy, x, w); });
}

}  // namespace mssar::cpu

namespace mssar {
MSSAR_REGISTER_KERNEL(linear_forward, CPU, cpu::linear_forward)
MSSAR_REGISTER_KERNEL(linear_backward, CPU, cpu::linear_backward)
}  // namespace mssar
