// float32 matrix products on oneDNN's matmul primitive, built once per shape and cached.
#pragma once
#include <cstdint>

namespace mssar::cpu {

// C[M, N] = op(A) op(B) (+ bias[N] on every row), row-major and dense: op(A) is A [M, K] or, with
// trans_a, the transpose of A [K, M]; likewise op(B) from B [K, N] or [N, K]. bias may be null.
void dnnl_matmul(const float* A, bool trans_a, const float* B, bool trans_b, const float* bias, float* C, int64_t M,
                 int64_t N, int64_t K);

}  // namespace mssar::cpu
