// Reference matmul, float64: every batch of y from its broadcast batches of a and b, one dot
// product per element; the backward adds each batch's products into the operand batch it read.
#include "../../ops/matmul.h"

namespace mssar::ref {

void matmul_forward(Tensor& y, const Tensor& a, const Tensor& b) {
  const int64_t M = a.size(-2), K = a.size(-1), N = b.size(-1);
  const double* A = a.data<double>();
  const double* B = b.data<double>();
  double* Y = y.data<double>();
  for (int64_t i = 0; i < matmul_batches(y); ++i) {
    const double* Ai = A + matmul_batch_of(i, y.shape(), a) * M * K;
    const double* Bi = B + matmul_batch_of(i, y.shape(), b) * K * N;
    for (int64_t m = 0; m < M; ++m)
      for (int64_t n = 0; n < N; ++n) {
        double acc = 0;
        for (int64_t k = 0; k < K; ++k) acc += Ai[m * K + k] * Bi[k * N + n];
        Y[(i * M + m) * N + n] = acc;
      }
  }
}

void matmul_backward(Tensor& da, Tensor& db, const Tensor& dy, const Tensor& a, const Tensor& b) {
  const int64_t M = a.size(-2), K = a.size(-1), N = b.size(-1);
  const double* A = a.data<double>();
  const double* B = b.data<double>();
  const double* DY = dy.data<double>();
  if (da.defined()) da.zero_();
  if (db.defined()) db.zero_();
  for (int64_t i = 0; i < matmul_batches(dy); ++i) {
    const double* Ai = A + matmul_batch_of(i, dy.shape(), a) * M * K;
    const double* Bi = B + matmul_batch_of(i, dy.shape(), b) * K * N;
    const double* G = DY + i * M * N;
    if (da.defined()) {
      double* D = da.data<double>() + matmul_batch_of(i, dy.shape(), da) * M * K;
      for (int64_t m = 0; m < M; ++m)
        for (int64_t k = 0; k < K; ++k)
          for (int64_t n = 0; n < N; ++n) D[m * K + k] += G[m * N + n] * Bi[k * N + n];
    }
    if (db.defined()) {
      double* D = db.data<double>() + matmul_batch_of(i, dy.shape(), db) * K * N;
      for (int64_t k = 0; k < K; ++k)
        for (int64_t n = 0; n < N; ++n)
          for (int64_t m = 0; m < M; ++m) D[k * N + n] += Ai[m * K + k] * G[m * N + n];
    }
  }
}

}  // namespace mssar::ref

namespace mssar {
MSSAR_REGISTER_KERNEL(matmul_forward, Reference, ref::matmul_forward)
MSSAR_REGISTER_KERNEL(matmul_backward, Reference, ref::matmul_backward)
}  // namespace mssar
