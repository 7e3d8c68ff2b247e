// The library's entry point for the core's loader: registers the CUDA device with the core and
// reports whether a usable device is there, and if not, why. Runs once, when CUDA is first asked
// for; each failure gets a reason that starts with what went wrong (backends() shows it):
//   no driver         libcuda.so.1 missing or unusable
//   driver too old    the driver's CUDA major version is below the runtime's
//   no device         no CUDA device visible (or device 0 cannot be used)
//   no kernel image   the device's architecture is not among those compiled (MSSAR_CUDA_ARCHS)
//   library failed to load: cuDNN ...  cuDNN older than 9 or built for another CUDA major version
#include <cstdio>
#include <cstring>

#include "../core/storage.h"
#include "context.h"
#include "device_api.h"

#ifndef MSSAR_CUDA_ARCHS
#define MSSAR_CUDA_ARCHS "?"
#endif

namespace {

int report(char* info, size_t len, const char* text) {
  std::snprintf(info, len, "%s", text);
  return 1;
}

__global__ void probe_kernel() {}

}  // namespace

extern "C" __attribute__((visibility("default"))) int mssar_cuda_probe(char* info, size_t len) {
  char buf[512];
  int driver = 0;
  cudaError_t e = cudaDriverGetVersion(&driver);
  if (e != cudaSuccess || driver == 0)
    return report(info, len, "no driver: the NVIDIA driver (libcuda.so.1) is not installed or cannot be loaded");
  // Within a major version the runtime runs on an older driver (minor version compatibility).
  if (driver / 1000 < CUDART_VERSION / 1000) {
    std::snprintf(buf, sizeof buf,
                  "driver too old: it supports CUDA %d.%d, this build's runtime is CUDA %d.%d (update the NVIDIA "
                  "driver, or build with a CUDA %d toolkit)",
                  driver / 1000, (driver % 100) / 10, CUDART_VERSION / 1000, (CUDART_VERSION % 100) / 10,
                  driver / 1000);
    return report(info, len, buf);
  }
  int count = 0;
  e = cudaGetDeviceCount(&count);
  if (e == cudaErrorInsufficientDriver) {
    cudaGetLastError();
    return report(info, len, "driver too old for this CUDA runtime (cudaErrorInsufficientDriver)");
  }
  if (e != cudaSuccess || count == 0) {
    if (e != cudaSuccess) cudaGetLastError();
    std::snprintf(buf, sizeof buf, "no device: %s", e != cudaSuccess ? cudaGetErrorString(e) : "no CUDA device found");
    return report(info, len, buf);
  }
  cudaDeviceProp prop;
  if (cudaGetDeviceProperties(&prop, 0) != cudaSuccess) {
    cudaGetLastError();
    return report(info, len, "no device: cannot read the properties of device 0");
  }
  // A launch fails when the library holds neither code for this architecture nor PTX it can JIT.
  probe_kernel<<<1, 1>>>();
  e = cudaGetLastError();
  if (e == cudaSuccess) e = cudaDeviceSynchronize();
  if (e != cudaSuccess) {
    cudaGetLastError();
    std::snprintf(buf, sizeof buf, "no kernel image: %s (sm_%d%d) cannot run this build's kernels (compiled for sm %s): %s",
                  prop.name, prop.major, prop.minor, MSSAR_CUDA_ARCHS, cudaGetErrorString(e));
    return report(info, len, buf);
  }
  const size_t cudnn_version = cudnnGetVersion();
  if (cudnn_version < 90000) {
    std::snprintf(buf, sizeof buf, "library failed to load: cuDNN %zu found, need 9", cudnn_version);
    return report(info, len, buf);
  }
  const size_t cudnn_cudart = cudnnGetCudartVersion();
  if (cudnn_cudart / 1000 != size_t(CUDART_VERSION / 1000)) {
    std::snprintf(buf, sizeof buf, "library failed to load: cuDNN %zu was built for CUDA %zu, this build uses CUDA %d",
                  cudnn_version, cudnn_cudart / 1000, CUDART_VERSION / 1000);
    return report(info, len, buf);
  }
  mssar::register_device_api(mssar::Device::CUDA, &mssar::cuda::device_api());
  std::snprintf(buf, sizeof buf, "%s (sm_%d%d, %.1f GiB), driver CUDA %d.%d, runtime %d.%d, cuDNN %zu",
                prop.name, prop.major, prop.minor, double(prop.totalGlobalMem) / (1 << 30), driver / 1000,
                (driver % 100) / 10, CUDART_VERSION / 1000, (CUDART_VERSION % 100) / 10, cudnn_version);
  std::snprintf(info, len, "%s", buf);
  return 0;
}
