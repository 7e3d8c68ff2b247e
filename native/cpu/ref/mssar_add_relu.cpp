// Reference mssar_add_relu, float64: the reference MS-SAR, then the reference add_relu (backward:
// the ReLU's mask, then MS-SAR's reference backward), straight from the definition.
#include "../../ops/mssar_add_relu.h"

namespace mssar::ref {

void mssar_add_relu_forward(Tensor& out, Tensor& gate, const Tensor& x, const Tensor& weight, const Tensor& bias,
                            const Tensor& residual, const MssarOptions& opt) {
  mssar_add_relu_forward_composed(Backend::Reference, out, gate, x, weight, bias, residual, opt);
}

void mssar_add_relu_backward(Tensor& dx, Tensor& dweight, Tensor& dbias, Tensor& dres, const Tensor& dout,
                             const Tensor& out, const Tensor& x, const Tensor& gate, const Tensor& weight,
                             const MssarOptions& opt) {
  mssar_add_relu_backward_composed(Backend::Reference, dx, dweight, dbias, dres, dout, out, x, gate, weight, opt);
}

}  // namespace mssar::ref

namespace mssar {
MSSAR_REGISTER_KERNEL(mssar_add_relu_forward, Reference, ref::mssar_add_relu_forward)
MSSAR_REGISTER_KERNEL(mssar_add_relu_backward, Reference, ref::mssar_add_relu_backward)
}  // namespace mssar
