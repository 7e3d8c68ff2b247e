// mssar_add_relu on the CPU, fused for nChw16c and nChw8c: mssar_blocked.cpp writes relu(x g + r)
// in its last pass and takes dout through the ReLU in its first, the ReLU's mask carried in the
// gate's sign. Plain tensors (and a backward wanting only the residual's gradient, which needs the
// mask alone) are left to the op's composition (ops/mssar_add_relu.cpp).
#include "../ops/mssar_add_relu.h"

#include "../core/lane_view.h"
#include "mssar_blocked.h"

namespace mssar::cpu {

bool mssar_add_relu_forward(Tensor& out, Tensor& gate, const Tensor& x, const Tensor& weight, const Tensor& bias,
                            const Tensor& residual, const MssarOptions& opt) {
  if (!is_blocked(x.layout())) return false;
  mssar_forward_blocked(out, gate, x, weight, bias, opt, residual);
  return true;
}

bool mssar_add_relu_backward(Tensor& dx, Tensor& dweight, Tensor& dbias, Tensor& dres, const Tensor& dout,
                             const Tensor& out, const Tensor& x, const Tensor& gate, const Tensor& weight,
                             const MssarOptions& opt) {
  if (!is_blocked(x.layout()) || (!dx.defined() && !dweight.defined() && !dbias.defined())) return false;
  mssar_backward_blocked(dx, dweight, dbias, dout, x, gate, weight, opt, true, &dres);
  return true;
}

}  // namespace mssar::cpu

namespace mssar {
MSSAR_REGISTER_KERNEL(mssar_add_relu_forward, CPU, cpu::mssar_add_relu_forward)
MSSAR_REGISTER_KERNEL(mssar_add_relu_backward, CPU, cpu::mssar_add_relu_backward)
}  // namespace mssar
