// The per-element program of the CUDA sgd_step kernel (sgd_step.cu), host and device code: the
// kernel runs it one thread per element, and the host emulation test
// (test/native/emulate_sgd_step.cpp) runs it on every element against the CPU kernel.
#pragma once

#ifdef __CUDACC__
#define MSSAR_SGD_HD __host__ __device__ __forceinline__
#else
#define MSSAR_SGD_HD inline
#endif

namespace mssar::cuda {

// Element i of one step (ops/sgd_step.h): m is null when momentum is 0; keep = 1 - dampening.
template <class T>
MSSAR_SGD_HD void sgd_step_element(T* p, T* m, const T* g, T lr, T mu, T keep, T wd, bool nesterov, bool first,
                                   long long i) {
  const T d = g[i] + wd * p[i];
  if (!m) {
    p[i] -= lr * d;
    return;
  }
  const T v = first ? d : mu * m[i] + keep * d;
  m[i] = v;
  p[i] -= lr * (nesterov ? d + mu * v : v);
}

}  // namespace mssar::cuda
