// Reference global_avg_pool2d, float64: the mean of each plane.
#include "../../ops/global_avg_pool2d.h"

namespace mssar::ref {

void global_avg_pool2d_forward(Tensor& y, const Tensor& x) {
  const int64_t planes = x.size(0) * x.size(1), HW = x.size(2) * x.size(3);
  for (int64_t q = 0; q < planes; ++q) {
    double sum = 0;
    for (int64_t i = 0; i < HW; ++i) sum += x.data<double>()[q * HW + i];
    y.data<double>()[q] = sum / double(HW);
  }
}

void global_avg_pool2d_backward(Tensor& dx, const Tensor& dy) {
  const int64_t planes = dx.size(0) * dx.size(1), HW = dx.size(2) * dx.size(3);
  for (int64_t q = 0; q < planes; ++q)
    for (int64_t i = 0; i < HW; ++i) dx.data<double>()[q * HW + i] = dy.data<double>()[q] / double(HW);
}

}  // namespace mssar::ref

namespace mssar {
MSSAR_REGISTER_KERNEL(global_avg_pool2d_forward, Reference, ref::global_avg_pool2d_forward)
MSSAR_REGISTER_KERNEL(global_avg_pool2d_backward, Reference, ref::global_avg_pool2d_backward)
}  // namespace mssar
