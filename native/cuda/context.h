// The CUDA backend's shared state: one compute stream, the cuDNN and cuBLAS handles bound to it,
// and checks that turn CUDA, cuDNN and cuBLAS status codes into mssar::Error.
#pragma once
#include <cublas_v2.h>
#include <cuda_runtime.h>
#include <cudnn.h>

#include "../core/error.h"

namespace mssar::cuda {

cudaStream_t stream();
cudnnHandle_t cudnn();
cublasHandle_t cublas();

// TF32 tensor-core math for convolutions and matrix products: on by default.
bool tf32_enabled();
void set_tf32(bool on);

[[noreturn]] void throw_cuda(const char* op, cudaError_t e);
[[noreturn]] void throw_cudnn(const char* op, cudnnStatus_t s);
[[noreturn]] void throw_cublas(const char* op, cublasStatus_t s);

// Blocks of 256 threads, enough of them to cover n (capped; kernels loop with a grid stride).
inline unsigned grid_for(long long n, unsigned block = 256) {
  long long g = (n + block - 1) / block;
  if (g < 1) g = 1;
  if (g > 65535LL * 32) g = 65535LL * 32;
  return unsigned(g);
}

}  // namespace mssar::cuda

#define MSSAR_CUDA_CHECK(op, expr)                                           \
  do {                                                                       \
    cudaError_t mssar_e = (expr);                                            \
    if (mssar_e != cudaSuccess) ::mssar::cuda::throw_cuda(op, mssar_e);      \
  } while (0)

#define MSSAR_CUDNN_CHECK(op, expr)                                          \
  do {                                                                       \
    cudnnStatus_t mssar_s = (expr);                                          \
    if (mssar_s != CUDNN_STATUS_SUCCESS) ::mssar::cuda::throw_cudnn(op, mssar_s); \
  } while (0)

#define MSSAR_CUBLAS_CHECK(op, expr)                                         \
  do {                                                                       \
    cublasStatus_t mssar_s = (expr);                                         \
    if (mssar_s != CUBLAS_STATUS_SUCCESS) ::mssar::cuda::throw_cublas(op, mssar_s); \
  } while (0)

// After a kernel launch: reports launch errors with the op's name.
#define MSSAR_CUDA_LAUNCHED(op) MSSAR_CUDA_CHECK(op, cudaGetLastError())
