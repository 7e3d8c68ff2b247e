// Elementary functions that compilers vectorize inside `omp simd` loops (std::exp is a library
// call that stops vectorization): the one exp and the one sigmoid of the CPU kernels. The float32
// exp is our own; the float64 kernels keep std::exp.
#pragma once
#include <cmath>
#include <cstdint>

namespace mssar::cpu {

// e^x in float32, within 2 ulp over the normal range (Cephes' expf polynomial): x = n ln2 + r with
// n = round(x / ln2) (by adding and subtracting 1.5 * 2^23, which leaves n in the low mantissa
// bits), e^r from a degree-6 polynomial on [-ln2/2, ln2/2], 2^n built in the exponent bits.
// Below -87.3 it gives 0 (the true value is a denormal), above 88 +inf; NaN stays NaN. No
// branches and no float-to-int conversion, so the loop around it vectorizes.
inline float exp_simd(float x) {
  const float lo = -87.33654f, hi = 88.0f;
  const float magic = 12582912.0f;  // 1.5 * 2^23
  const float shifted = x * 1.44269504088896341f + magic;
  const float n = shifted - magic;
  float r = x - n * 0.693359375f;
  r = r + n * 2.12194440e-4f;
  const float z = r * r;
  float p = 1.9875691500e-4f;
  p = p * r + 1.3981999507e-3f;
  p = p * r + 8.3334519073e-3f;
  p = p * r + 4.1665795894e-2f;
  p = p * r + 1.6666665459e-1f;
  p = p * r + 5.0000001201e-1f;
  p = p * z + r + 1.0f;
  // The low bits of `shifted` hold n (two's complement, |n| < 2^22): move them to the exponent.
  const int32_t bits = (__builtin_bit_cast(int32_t, shifted) - 0x4B400000 + 127) << 23;
  float y = p * __builtin_bit_cast(float, bits);
  y = x < lo ? 0.0f : y;
  y = x > hi ? HUGE_VALF : y;
  return x == x ? y : x;
}

inline double exp_simd(double x) { return std::exp(x); }

// sigmoid in [0, 1] for every finite or infinite z (exp's 0 and +inf saturate it to exactly 1 and
// 0); NaN for NaN.
inline float sigmoid_simd(float z) { return 1.0f / (1.0f + exp_simd(-z)); }
inline double sigmoid_simd(double z) { return 1.0 / (1.0 + exp_simd(-z)); }

// tanh from exp_simd, with a Taylor polynomial near 0 where 1 - 2 / (e^2x + 1) would cancel.
inline float tanh_simd(float x) {
  const float big = 1.0f - 2.0f / (exp_simd(2.0f * x) + 1.0f);
  const float z = x * x;
  const float small = x * (1.0f + z * (-0.333333333f + z * (0.133333333f + z * -0.0539682540f)));
  return (x < 0.125f && x > -0.125f) ? small : big;
}
inline double tanh_simd(double x) { return std::tanh(x); }

// erf in float32 within 1.5e-7 (Abramowitz and Stegun 7.1.26), branch-free around exp_simd.
inline float erf_simd(float x) {
  const float a = x < 0 ? -x : x;
  const float t = 1.0f / (1.0f + 0.3275911f * a);
  const float p = t * (0.254829592f + t * (-0.284496736f + t * (1.421413741f + t * (-1.453152027f + t * 1.061405429f))));
  const float r = 1.0f - p * exp_simd(-a * a);
  return x < 0 ? -r : r;
}
inline double erf_simd(double x) { return std::erf(x); }

// gelu(x) = x * Phi(x), Phi the standard normal distribution function (PyTorch's exact form).
template <class T>
inline T gelu_simd(T x) {
  return T(0.5) * x * (T(1) + erf_simd(x * T(0.70710678118654752)));
}

}  // namespace mssar::cpu
