// conv2d on the CPU without oneDNN (which has no float64): im2col + our gemm, plain tensors only.
#pragma once
#include "../ops/conv2d.h"

namespace mssar::cpu {

template <class T>
void conv2d_forward_gemm(Tensor& y, const Tensor& x, const Tensor& w, const Tensor& b, const Conv2dShape& s);
template <class T>
void conv2d_backward_gemm(Tensor& dx, Tensor& dw, Tensor& db, const Tensor& dy, const Tensor& x, const Tensor& w,
                          const Conv2dShape& s);

// db[o] = sum over n, h, w of dy[n, o, h, w], for dy in any layout.
template <class T>
void conv2d_bias_grad(Tensor& db, const Tensor& dy);

}  // namespace mssar::cpu
