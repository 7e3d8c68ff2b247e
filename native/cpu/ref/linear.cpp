// Reference linear, float64, straight from the definition.
#include "../../ops/linear.h"

namespace mssar::ref {

void linear_forward(Tensor& y, const Tensor& x, const Tensor& w, const Tensor& b) {
  const int64_t N = x.size(0), I = x.size(1), O = w.size(0);
  const double* X = x.data<double>();
  const double* Wt = w.data<double>();
  const double* B = b.defined() ? b.data<double>() : nullptr;
  double* Y = y.data<double>();
  for (int64_t n = 0; n < N; ++n)
    for (int64_t o = 0; o < O; ++o) {
      double acc = B ? B[o] : 0.0;
      for (int64_t i = 0; i < I; ++i) acc += X[n * I + i] * Wt[o * I + i];
      Y[n * O + o] = acc;
    }
}

void linear_backward(Tensor& dx, Tensor& dw, Tensor& db, const Tensor& dy, const Tensor& x, const Tensor& w) {
  const int64_t N = x.size(0), I = x.size(1), O = w.size(0);
  const double* X = x.data<double>();
  const double* Wt = w.data<double>();
  const double* DY = dy.data<double>();
  if (dx.defined()) {
    double* DX = dx.data<double>();
    for (int64_t n = 0; n < N; ++n)
      for (int64_t i = 0; i < I; ++i) {
        double acc = 0;
        for (int64_t o = 0; o < O; ++o) acc += DY[n * O + o] * Wt[o * I + i];
        DX[n * I + i] = acc;
      }
  }
  if (dw.defined()) {
    double* DW = dw.data<double>();
    for (int64_t o = 0; o < O; ++o)
      for (int64_t i = 0; i < I; ++i) {
        double acc = 0;
        for (int64_t n = 0; n < N; ++n) acc += DY[n * O + o] * X[n * I + i];
        DW[o * I + i] = acc;
      }
  }
  if (db.defined()) {
    double* DB = db.data<double>();
    for (int64_t o = 0; o < O; ++o) {
      double acc = 0;
      for (int64_t n = 0; n < N; ++n) acc += DY[n * O + o];
      DB[o] = acc;
    }
  }
}

}  // namespace mssar::ref

namespace mssar {
MSSAR_REGISTER_KERNEL(linear_forward, Reference, ref::linear_forward)
MSSAR_REGISTER_KERNEL(linear_backward, Reference, ref::linear_backward)
}  // namespace mssar
