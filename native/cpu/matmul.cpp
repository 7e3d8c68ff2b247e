// matmul on the CPU: float32 on oneDNN's matmul primitive (cached per shape), float64 on our gemm.
// One product per batch; batches fold into one product when b is not batched (y = a [B*M, K] b).
// Many small batches run one per thread on our gemm instead (oneDNN would start its threads for each).
#include "../ops/matmul.h"

#include <omp.h>

#include <type_traits>

#include "../core/dtype_dispatch.h"
#include "../core/parallel.h"
#include "dnnl_context.h"
#include "dnnl_matmul.h"
#include "gemm.h"

namespace mssar::cpu {

namespace {

// op(A) [M, K] times op(B) [K, N] into C [M, N], all row-major and dense.
template <class T>
void product(const T* A, bool ta, const T* B, bool tb, T* C, int64_t M, int64_t N, int64_t K, bool serial) {
  if constexpr (std::is_same_v<T, float>) {
    if (!serial) {
      dnnl_matmul(A, ta, B, tb, nullptr, C, M, N, K);
      return;
    }
  }
  gemm<T>(ta, tb, M, N, K, T(1), A, ta ? M : K, B, tb ? K : N, T(0), C, N);
}

// Runs body(i, serial) for each batch: in parallel over batches when they are many and small.
template <class F>
void for_batches(int64_t batches, int64_t M, int64_t N, int64_t K, const F& body) {
  const bool small = M * N * K <= int64_t(1) << 18;
  if (batches > 1 && small && omp_get_max_threads() > 1) {
    parallel_for(batches, 1, [&](int64_t b0, int64_t b1) {
      for (int64_t i = b0; i < b1; ++i) body(i, true);
    });
    return;
  }
  for (int64_t i = 0; i < batches; ++i) body(i, false);
}

void forward(Tensor& y, const Tensor& a, const Tensor& b) {
  const int64_t M = a.size(-2), K = a.size(-1), N = b.size(-1);
  dispatch_float(a.dtype(), "matmul", [&](auto tag_) {
    using T = decltype(tag_);
    const T* A = a.data<T>();
    const T* B = b.data<T>();
    T* Y = y.data<T>();
    const int64_t batches = matmul_batches(y);
    if (matmul_batches(b) == 1) {
      product(A, false, B, false, Y, batches * M, N, K, false);
      return;
    }
    for_batches(batches, M, N, K, [&](int64_t i, bool serial) {
      product(A + matmul_batch_of(i, y.shape(), a) * M * K, false, B + matmul_batch_of(i, y.shape(), b) * K * N, false,
              Y + i * M * N, M, N, K, serial);
    });
  });
}

void backward(Tensor& da, Tensor& db, const Tensor& dy, const Tensor& a, const Tensor& b) {
  const int64_t M = a.size(-2), K = a.size(-1), N = b.size(-1);
  dispatch_float(a.dtype(), "matmul backward", [&](auto tag_) {
    using T = decltype(tag_);
    const T* A = a.data<T>();
    const T* B = b.data<T>();
    const T* G = dy.data<T>();
    const int64_t batches = matmul_batches(dy);
    const bool b_flat = matmul_batches(b) == 1;
    if (da.defined()) {
      T* D = da.data<T>();
      if (b_flat) {
        product(G, false, B, true, D, batches * M, K, N, false);
      } else {
        for_batches(batches, M, K, N, [&](int64_t i, bool serial) {
          product(G + i * M * N, false, B + matmul_batch_of(i, dy.shape(), b) * K * N, true, D + i * M * K, M, K, N,
                  serial);
        });
      }
    }
    if (db.defined()) {
      T* D = db.data<T>();
      if (matmul_batches(db) == 1) {
        // b not batched: a's batches are y's, so dB = sum_i A_i^T dY_i = A^T dY over [B*M] rows.
        product(A, true, G, false, D, K, N, batches * M, false);
      } else {
        for_batches(batches, K, N, M, [&](int64_t i, bool serial) {
          product(A + matmul_batch_of(i, dy.shape(), a) * M * K, true, G + i * M * N, false, D + i * K * N, K, N, M,
                  serial);
        });
      }
    }
  });
}

}  // namespace

void matmul_forward(Tensor& y, const Tensor& a, const Tensor& b) {
  with_op_name("matmul", [&] { forward(y, a, b); });
}

void matmul_backward(Tensor& da, Tensor& db, const Tensor& dy, const Tensor& a, const Tensor& b) {
  with_op_name("matmul backward", [&] { backward(da, db, dy, a, b); });
}

}  // namespace mssar::cpu

namespace mssar {
MSSAR_REGISTER_KERNEL(matmul_forward, CPU, cpu::matmul_forward)
MSSAR_REGISTER_KERNEL(matmul_backward, CPU, cpu::matmul_backward)
}  // namespace mssar
