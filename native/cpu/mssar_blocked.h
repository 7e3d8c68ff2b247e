// MS-SAR on the CPU for the blocked layouts (nChw16c, nChw8c): the kernels mssar.cpp's entries hand
// blocked tensors to. Same arguments as the mssar kernels (ops/mssar.h); every tensor of
// activations (x, dy, y, gate, dx) in the one blocked layout, weight and bias plain.
#pragma once
#include "../ops/mssar.h"

namespace mssar::cpu {

void mssar_forward_blocked(Tensor& y, Tensor& gate, const Tensor& x, const Tensor& weight, const Tensor& bias,
                           const MssarOptions& opt);
void mssar_backward_blocked(Tensor& dx, Tensor& dweight, Tensor& dbias, const Tensor& dy, const Tensor& x,
                            const Tensor& gate, const Tensor& weight, const MssarOptions& opt);

}  // namespace mssar::cpu
