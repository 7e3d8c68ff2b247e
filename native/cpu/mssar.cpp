// MS-SAR on the CPU, fused, float32 and float64: nChw16c and nChw8c tensors go to the blocked
// kernels (mssar_blocked.cpp), plain NCHW ones to the plain kernels (mssar_plain.inc), in the vector
// width that is faster for the map's width (mssar_plain.h).
#include "../ops/mssar.h"

#include "mssar_blocked.h"
#include "mssar_plain.h"

namespace mssar::cpu {

void mssar_forward(Tensor& y, Tensor& gate, const Tensor& x, const Tensor& weight, const Tensor& bias,
                   const MssarOptions& opt) {
  if (x.layout() != Layout::Plain) return mssar_forward_blocked(y, gate, x, weight, bias, opt);
  if (mssar_plain_wide(x.size(3))) return wide::mssar_plain_forward(y, gate, x, weight, bias, opt);
  narrow::mssar_plain_forward(y, gate, x, weight, bias, opt);
}

void mssar_backward(Tensor& dx, Tensor& dweight, Tensor& dbias, const Tensor& dy, const Tensor& x, const Tensor& gate,
                    const Tensor& weight, const MssarOptions& opt) {
  if (x.layout() != Layout::Plain) return mssar_backward_blocked(dx, dweight, dbias, dy, x, gate, weight, opt);
  if (mssar_plain_wide(x.size(3))) return wide::mssar_plain_backward(dx, dweight, dbias, dy, x, gate, weight, opt);
  narrow::mssar_plain_backward(dx, dweight, dbias, dy, x, gate, weight, opt);
}

}  // namespace mssar::cpu

namespace mssar {
MSSAR_REGISTER_KERNEL(mssar_forward, CPU, cpu::mssar_forward)
MSSAR_REGISTER_KERNEL(mssar_backward, CPU, cpu::mssar_backward)
}  // namespace mssar
