// mssar_add_relu on CUDA: MS-SAR's CUDA kernels, then add_relu's (backward: relu_backward's, then
// MS-SAR's), all on the one stream; the fused form is the CPU's.
#include "../ops/mssar_add_relu.h"

namespace mssar::cuda {

void mssar_add_relu_forward(Tensor& out, Tensor& gate, const Tensor& x, const Tensor& weight, const Tensor& bias,
                            const Tensor& residual, const MssarOptions& opt) {
  mssar_add_relu_forward_composed(Backend::CUDA, out, gate, x, weight, bias, residual, opt);
}

void mssar_add_relu_backward(Tensor& dx, Tensor& dweight, Tensor& dbias, Tensor& dres, const Tensor& dout,
                             const Tensor& out, const Tensor& x, const Tensor& gate, const Tensor& weight,
                             const MssarOptions& opt) {
  mssar_add_relu_backward_composed(Backend::CUDA, dx, dweight, dbias, dres, dout, out, x, gate, weight, opt);
}

}  // namespace mssar::cuda

namespace mssar {
MSSAR_REGISTER_KERNEL(mssar_add_relu_forward, CUDA, cuda::mssar_add_relu_forward)
MSSAR_REGISTER_KERNEL(mssar_add_relu_backward, CUDA, cuda::mssar_add_relu_backward)
}  // namespace mssar
