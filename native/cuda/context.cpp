#include "context.h"

#include <atomic>
#include <mutex>

#include "device_api.h"

namespace mssar::cuda {

namespace {
std::atomic<bool> g_tf32{true};
}

[[noreturn]] void throw_cuda(const char* op, cudaError_t e) {
  if (e == cudaErrorMemoryAllocation) {
    cudaGetLastError();  // clear the sticky-free error so later calls work
    throw OutOfMemory(cat(op, ": cuda out of memory"));
  }
  fail(op, ": cuda error ", cudaGetErrorName(e), ": ", cudaGetErrorString(e));
}

[[noreturn]] void throw_cudnn(const char* op, cudnnStatus_t s) {
  if (s == CUDNN_STATUS_INTERNAL_ERROR_DEVICE_ALLOCATION_FAILED || s == CUDNN_STATUS_INTERNAL_ERROR_HOST_ALLOCATION_FAILED)
    throw OutOfMemory(cat(op, ": cuDNN out of memory (", cudnnGetErrorString(s), ")"));
  fail(op, ": cuDNN error ", cudnnGetErrorString(s));
}

[[noreturn]] void throw_cublas(const char* op, cublasStatus_t s) {
  if (s == CUBLAS_STATUS_ALLOC_FAILED) throw OutOfMemory(cat(op, ": cuBLAS out of memory"));
  fail(op, ": cuBLAS error ", cublasGetStatusName(s), ": ", cublasGetStatusString(s));
}

cudaStream_t stream() {
  static cudaStream_t s = [] {
    cudaStream_t st;
    MSSAR_CUDA_CHECK("cuda stream", cudaStreamCreateWithFlags(&st, cudaStreamNonBlocking));
    return st;
  }();
  return s;
}

cudnnHandle_t cudnn() {
  static cudnnHandle_t h = [] {
    cudnnHandle_t handle;
    MSSAR_CUDNN_CHECK("cudnn init", cudnnCreate(&handle));
    MSSAR_CUDNN_CHECK("cudnn init", cudnnSetStream(handle, stream()));
    return handle;
  }();
  return h;
}

namespace {
// cuBLAS's recommended workspace: 32 MiB on Hopper and later, 4 MiB before.
size_t cublas_workspace_bytes() {
  int dev = 0, major = 0;
  MSSAR_CUDA_CHECK("cublas init", cudaGetDevice(&dev));
  MSSAR_CUDA_CHECK("cublas init", cudaDeviceGetAttribute(&major, cudaDevAttrComputeCapabilityMajor, dev));
  return (major >= 9 ? size_t(32) : size_t(4)) << 20;
}
}  // namespace

cublasHandle_t cublas() {
  static cublasHandle_t h = [] {
    cublasHandle_t handle;
    MSSAR_CUBLAS_CHECK("cublas init", cublasCreate(&handle));
    // cublasSetStream resets the workspace to cuBLAS's own pool, so the workspace is set after it.
    MSSAR_CUBLAS_CHECK("cublas init", cublasSetStream(handle, stream()));
    // The workspace comes from our allocator, so memory() and the limit see it and cuBLAS makes no
    // cudaMalloc of its own. It lives as long as the handle (the process), outside any tensor.
    const size_t bytes = cublas_workspace_bytes();
    void* ws = nullptr;
    try {
      ws = device_api().allocate(bytes);
    } catch (...) {
      cublasDestroy(handle);
      throw;
    }
    const cublasStatus_t st = cublasSetWorkspace(handle, ws, bytes);
    if (st != CUBLAS_STATUS_SUCCESS) {
      device_api().deallocate(ws, bytes);
      cublasDestroy(handle);
      throw_cublas("cublas init", st);
    }
    return handle;
  }();
  MSSAR_CUBLAS_CHECK("cublas math mode",
                     cublasSetMathMode(h, g_tf32 ? CUBLAS_TF32_TENSOR_OP_MATH : CUBLAS_DEFAULT_MATH));
  return h;
}

bool tf32_enabled() { return g_tf32; }
void set_tf32(bool on) { g_tf32 = on; }

}  // namespace mssar::cuda
