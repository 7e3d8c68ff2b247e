// The library's entry point for the core's loader: registers the CUDA device with the core and
// reports whether a usable device is there, and if not, why.
#include <cstdio>
#include <cstring>

#include "../core/storage.h"
#include "context.h"
#include "device_api.h"

namespace {

int report(char* info, size_t len, const char* text) {
  std::snprintf(info, len, "%s", text);
  return 1;
}

}  // namespace

extern "C" __attribute__((visibility("default"))) int mssar_cuda_probe(char* info, size_t len) {
  int driver = 0;
  cudaError_t e = cudaDriverGetVersion(&driver);
  if (e != cudaSuccess || driver == 0)
    return report(info, len, "no driver: the NVIDIA driver (libcuda.so.1) is not installed or cannot be loaded");
  if (driver < CUDART_VERSION) {
    char buf[256];
    std::snprintf(buf, sizeof buf, "driver too old: it supports CUDA %d.%d, this build needs %d.%d", driver / 1000,
                  (driver % 100) / 10, CUDART_VERSION / 1000, (CUDART_VERSION % 100) / 10);
    return report(info, len, buf);
  }
  int count = 0;
  e = cudaGetDeviceCount(&count);
  if (e == cudaErrorInsufficientDriver) return report(info, len, "driver too old for this CUDA runtime");
  if (e != cudaSuccess || count == 0) {
    char buf[256];
    std::snprintf(buf, sizeof buf, "no device: %s", e != cudaSuccess ? cudaGetErrorString(e) : "no CUDA device found");
    return report(info, len, buf);
  }
  cudaDeviceProp prop;
  if (cudaGetDeviceProperties(&prop, 0) != cudaSuccess) return report(info, len, "no device: cannot read device 0");
  size_t cudnn_version = cudnnGetVersion();
  if (cudnn_version < 90000) {
    char buf[256];
    std::snprintf(buf, sizeof buf, "library failed to load: cuDNN %zu found, need 9", cudnn_version);
    return report(info, len, buf);
  }
  mssar::register_device_api(mssar::Device::CUDA, &mssar::cuda::device_api());
  char buf[512];
  std::snprintf(buf, sizeof buf, "%s (sm_%d%d, %.1f GiB), driver CUDA %d.%d, runtime %d.%d, cuDNN %zu",
                prop.name, prop.major, prop.minor, double(prop.totalGlobalMem) / (1 << 30), driver / 1000,
                (driver % 100) / 10, CUDART_VERSION / 1000, (CUDART_VERSION % 100) / 10, cudnn_version);
  std::snprintf(info, len, "%s", buf);
  return 0;
}
