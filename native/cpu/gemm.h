// Our own matrix product for what oneDNN does not do (float64): packed panels, a register-tiled
// inner kernel the compiler vectorizes, cache blocking over K, M and N (the Goto/BLIS scheme).
#pragma once
#include <cstdint>

namespace mssar::cpu {

// C = alpha * op(A) op(B) + beta * C, all row-major. op(A) is M x K: A itself (row stride lda) or,
// with trans_a, the transpose of the K x M matrix A. Likewise op(B) is K x N. With beta == 0, C is
// only written (it may hold garbage). Splits the work over the OpenMP threads unless called from
// inside a parallel region (then it runs on the calling thread).
template <class T>
void gemm(bool trans_a, bool trans_b, int64_t M, int64_t N, int64_t K, T alpha, const T* A, int64_t lda,
          const T* B, int64_t ldb, T beta, T* C, int64_t ldc);

}  // namespace mssar::cpu
