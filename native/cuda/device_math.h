// CUDA's math names that a host compiler lacks, for the kernel programs that the host emulation
// tests compile on the host: rsqrt (the device's is its own instruction, so its results may differ
// from these in the last bits) and CUDART_NAN's value.
#pragma once
#include <math.h>

#ifdef __CUDACC__
#include <math_constants.h>
#define MSSAR_DEVICE_NAN CUDART_NAN
#else
#define MSSAR_DEVICE_NAN (-double(NAN))  // CUDART_NAN: the quiet NaN with the sign bit set
inline float rsqrt(float v) { return 1.0f / sqrtf(v); }
inline double rsqrt(double v) { return 1.0 / sqrt(v); }
#endif
