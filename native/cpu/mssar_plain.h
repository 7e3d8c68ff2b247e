// The plain-NCHW MS-SAR kernels (mssar_plain.inc), compiled for two vector widths. Measured on an
// AVX-512 machine (Zen 4, one thread, min CPU time of 25 to 40 calls, forward / backward in ms):
//   N=128 C=16 32x32   256-bit 5.0 / 7.8   512-bit 4.2 / 6.6
//   N=8 C=256 56x56    256-bit 13.9 / 23.0 512-bit 12.3 / 21.0
//   N=128 C=32 16x16   256-bit 2.75 / 4.15 512-bit 2.54 / 4.38
//   N=128 C=64 8x8     256-bit 2.27 / 3.6  512-bit 2.2 / 4.3
//   N=64 C=16 7x7      256-bit 0.35 / 0.41 512-bit 0.40 / 0.41
// so wide vectors from 32 columns on (a row of 16 floats leaves too much of a vector idle on the
// narrower maps' short runs and block sums), narrow ones below.
#pragma once
#include <cstdint>

#include "../core/tensor.h"
#include "../ops/mssar.h"

namespace mssar::cpu {

inline bool mssar_plain_wide(int64_t width) { return width >= 32; }

namespace narrow {
void mssar_plain_forward(Tensor& y, Tensor& gate, const Tensor& x, const Tensor& weight, const Tensor& bias,
                         const MssarOptions& opt);
void mssar_plain_backward(Tensor& dx, Tensor& dweight, Tensor& dbias, const Tensor& dy, const Tensor& x,
                          const Tensor& gate, const Tensor& weight, const MssarOptions& opt);
}  // namespace narrow

namespace wide {
void mssar_plain_forward(Tensor& y, Tensor& gate, const Tensor& x, const Tensor& weight, const Tensor& bias,
                         const MssarOptions& opt);
void mssar_plain_backward(Tensor& dx, Tensor& dweight, Tensor& dbias, const Tensor& dy, const Tensor& x,
                          const Tensor& gate, const Tensor& weight, const MssarOptions& opt);
}  // namespace wide

}  // namespace mssar::cpu
