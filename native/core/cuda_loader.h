// The CUDA backend is a separate shared library (libmssar_cuda.so) next to the core library. It is
// opened the first time CUDA is asked for; the package loads and runs without it.
#pragma once
#include <string>

namespace mssar {

struct CudaStatus {
  bool available = false;
  std::string reason;  // why not, when not available
  std::string device;  // device name, driver and runtime versions, when available
};

// Loads the library on first call (never again after a failure) and reports the outcome.
const CudaStatus& cuda_status();
// Throws Error with the reason when CUDA cannot be used.
void require_cuda();
bool cuda_built();

}  // namespace mssar
