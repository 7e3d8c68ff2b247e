#include "cuda_loader.h"

#include <dlfcn.h>

#include <mutex>

#include "error.h"
#include "sibling_library.h"

namespace mssar {

namespace {

// Set by CMake: whether the CUDA library was part of this build.
#ifndef MSSAR_CUDA_BUILT
#define MSSAR_CUDA_BUILT 0
#endif

CudaStatus load() {
  CudaStatus s;
  if (!MSSAR_CUDA_BUILT) {
    s.reason = "not built: CMake found no CUDA toolkit with cuDNN 9 and cuBLAS when this package was built";
    return s;
  }
  SiblingLibrary lib = open_sibling_library("libmssar_cuda.so", RTLD_GLOBAL);
  if (!lib.handle) {
    s.reason = lib.reason;
    return s;
  }
  using ProbeFn = int (*)(char* info, size_t info_len);
  auto probe = reinterpret_cast<ProbeFn>(dlsym(lib.handle, "mssar_cuda_probe"));
  if (!probe) {
    s.reason = cat("library failed to load: ", lib.path, " has no mssar_cuda_probe");
    return s;
  }
  char info[512] = {0};
  if (probe(info, sizeof info) != 0) {
    s.reason = info;  // no driver, no device, driver too old: the library says which
    return s;
  }
  s.available = true;
  s.device = info;
  return s;
}

}  // namespace

bool cuda_built() { return MSSAR_CUDA_BUILT; }

const CudaStatus& cuda_status() {
  static std::once_flag once;
  static CudaStatus status;
  std::call_once(once, [] { status = load(); });
  return status;
}

void require_cuda() {
  const CudaStatus& s = cuda_status();
  MSSAR_CHECK(s.available, "cuda is not available: ", s.reason);
}

}  // namespace mssar
