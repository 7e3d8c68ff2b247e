// mssar_add_relu on the CPU: fused for nChw16c and nChw8c (mssar_blocked.cpp writes relu(x g + r)
// in its last pass and takes dout through the ReLU in its first, the ReLU's mask carried in the
// gate's sign), MS-SAR's kernels then add_relu's for plain tensors.
#include "../ops/mssar_add_relu.h"

#include "mssar_blocked.h"

namespace mssar::cpu {

void mssar_add_relu_forward(Tensor& out, Tensor& gate, const Tensor& x, const Tensor& weight, const Tensor& bias,
                            const Tensor& residual, const MssarOptions& opt) {
  if (x.layout() == Layout::Plain) return mssar_add_relu_forward_composed(Backend::CPU, out, gate, x, weight, bias, residual, opt);
  mssar_forward_blocked(out, gate, x, weight, bias, opt, residual);
}

void mssar_add_relu_backward(Tensor& dx, Tensor& dweight, Tensor& dbias, Tensor& dres, const Tensor& dout,
                             const Tensor& out, const Tensor& x, const Tensor& gate, const Tensor& weight,
                             const MssarOptions& opt) {
  if (x.layout() == Layout::Plain)
    return mssar_add_relu_backward_composed(Backend::CPU, dx, dweight, dbias, dres, dout, out, x, gate, weight, opt);
  if (!dx.defined() && !dweight.defined() && !dbias.defined()) {
    // Only the residual's gradient: the mask alone, from the output (the gate is not read).
    return mssar_add_relu_backward_composed(Backend::CPU, dx, dweight, dbias, dres, dout, out, x, gate, weight, opt);
  }
  mssar_backward_blocked(dx, dweight, dbias, dout, x, gate, weight, opt, true, &dres);
}

}  // namespace mssar::cpu

namespace mssar {
MSSAR_REGISTER_KERNEL(mssar_add_relu_forward, CPU, cpu::mssar_add_relu_forward)
MSSAR_REGISTER_KERNEL(mssar_add_relu_backward, CPU, cpu::mssar_add_relu_backward)
}  // namespace mssar
