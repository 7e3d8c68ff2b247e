// matmul on CUDA: one cuBLAS product per batch (TF32 for float32 when the switch is on; float64
// never), batches folded into one product when b is not batched.
//
// cuBLAS is column-major; a row-major [r, c] matrix is its column-major transpose [c, r]. So the
// row-major C [M, N] = op(A) op(B) is the column-major C^T = op(B)^T op(A)^T: gemm with the
// operands swapped, each keeping its own transpose flag.
#include "../core/dtype_dispatch.h"
#include "../ops/matmul.h"
#include "context.h"

namespace mssar::cuda {

namespace {

cublasStatus_t gemm(cublasOperation_t ta, cublasOperation_t tb, int m, int n, int k, const float* A, int lda,
                    const float* B, int ldb, float* C, int ldc) {
  const float one = 1.f, zero = 0.f;
  return cublasSgemm(cublas(), ta, tb, m, n, k, &one, A, lda, B, ldb, &zero, C, ldc);
}

cublasStatus_t gemm(cublasOperation_t ta, cublasOperation_t tb, int m, int n, int k, const double* A, int lda,
                    const double* B, int ldb, double* C, int ldc) {
  const double one = 1.0, zero = 0.0;
  return cublasDgemm(cublas(), ta, tb, m, n, k, &one, A, lda, B, ldb, &zero, C, ldc);
}

// Row-major C [M, N] = op(A) op(B): A is [M, K] (or [K, M] with ta), B is [K, N] (or [N, K] with tb).
template <class T>
void product(const char* op, const T* A, bool ta, const T* B, bool tb, T* C, int64_t M, int64_t N, int64_t K) {
  MSSAR_CHECK(M < (int64_t(1) << 31), op, ": ", M, " rows are too many for one cuBLAS product");
  MSSAR_CHECK(K < (int64_t(1) << 31), op, ": a sum of ", K, " terms is too long for one cuBLAS product");
  MSSAR_CUBLAS_CHECK(op, gemm(tb ? CUBLAS_OP_T : CUBLAS_OP_N, ta ? CUBLAS_OP_T : CUBLAS_OP_N, int(N), int(M), int(K), B,
                              int(tb ? K : N), A, int(ta ? M : K), C, int(N)));
}

}  // namespace

void matmul_forward(Tensor& y, const Tensor& a, const Tensor& b) {
  const int64_t M = a.size(-2), K = a.size(-1), N = b.size(-1);
  dispatch_float(a.dtype(), "matmul", [&](auto tag_) {
    using T = decltype(tag_);
    const int64_t batches = matmul_batches(y);
    if (matmul_batches(b) == 1) {
      product("matmul", a.data<T>(), false, b.data<T>(), false, y.data<T>(), batches * M, N, K);
      return;
    }
    for (int64_t i = 0; i < batches; ++i)
      product("matmul", a.data<T>() + matmul_batch_of(i, y.shape(), a) * M * K, false,
              b.data<T>() + matmul_batch_of(i, y.shape(), b) * K * N, false, y.data<T>() + i * M * N, M, N, K);
  });
}

void matmul_backward(Tensor& da, Tensor& db, const Tensor& dy, const Tensor& a, const Tensor& b) {
  const char* op = "matmul backward";
  const int64_t M = a.size(-2), K = a.size(-1), N = b.size(-1);
  dispatch_float(a.dtype(), op, [&](auto tag_) {
    using T = decltype(tag_);
    const T* A = a.data<T>();
    const T* B = b.data<T>();
    const T* G = dy.data<T>();
    const int64_t batches = matmul_batches(dy);
    const bool b_flat = matmul_batches(b) == 1;
    if (da.defined()) {
      if (b_flat) {
        product(op, G, false, B, true, da.data<T>(), batches * M, K, N);
      } else {
        for (int64_t i = 0; i < batches; ++i)
          product(op, G + i * M * N, false, B + matmul_batch_of(i, dy.shape(), b) * K * N, true,
                  da.data<T>() + i * M * K, M, K, N);
      }
    }
    if (db.defined()) {
      if (matmul_batches(db) == 1) {
        product(op, A, true, G, false, db.data<T>(), K, N, batches * M);
      } else {
        for (int64_t i = 0; i < batches; ++i)
          product(op, A + matmul_batch_of(i, dy.shape(), a) * M * K, true, G + i * M * N, false,
                  db.data<T>() + i * K * N, K, N, M);
      }
    }
  });
}

}  // namespace mssar::cuda

namespace mssar {
MSSAR_REGISTER_KERNEL(matmul_forward, CUDA, cuda::matmul_forward)
MSSAR_REGISTER_KERNEL(matmul_backward, CUDA, cuda::matmul_backward)
}  // namespace mssar
