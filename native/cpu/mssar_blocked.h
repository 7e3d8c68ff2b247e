// MS-SAR on the CPU for the blocked layouts (nChw16c, nChw8c): the kernels mssar.cpp's entries hand
// blocked tensors to, and those of mssar_add_relu. Same arguments as the mssar kernels
// (ops/mssar.h); every tensor of activations in the one blocked layout, weight and bias plain.
//
// With a residual r (mssar_add_relu), the forward writes y = relu(x g + r) instead of x g, and the
// backward takes dy through that ReLU first (dy where y > 0, given y), writing that gradient, the
// residual's, to dres when it is defined.
#pragma once
#include "../ops/mssar.h"

namespace mssar::cpu {

void mssar_forward_blocked(Tensor& y, Tensor& gate, const Tensor& x, const Tensor& weight, const Tensor& bias,
                           const MssarOptions& opt, const Tensor& residual = Tensor());
void mssar_backward_blocked(Tensor& dx, Tensor& dweight, Tensor& dbias, const Tensor& dy, const Tensor& x,
                            const Tensor& gate, const Tensor& weight, const MssarOptions& opt,
                            const Tensor& relu_out = Tensor(), Tensor* dres = nullptr);

}  // namespace mssar::cpu
