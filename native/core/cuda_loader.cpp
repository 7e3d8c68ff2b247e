#include "cuda_loader.h"

#include <dlfcn.h>

#include <mutex>

#include "error.h"

namespace mssar {

namespace {

// Set by CMake: whether the CUDA library was part of this build.
#ifndef MSSAR_CUDA_BUILT
#define MSSAR_CUDA_BUILT 0
#endif

std::string library_dir() {
  Dl_info info;
  if (dladdr(reinterpret_cast<void*>(&library_dir), &info) && info.dli_fname) {
    std::string path = info.dli_fname;
    size_t slash = path.rfind('/');
    if (slash != std::string::npos) return path.substr(0, slash);
  }
  return ".";
}

CudaStatus load() {
  CudaStatus s;
  if (!MSSAR_CUDA_BUILT) {
    s.reason = "not built: CMake found no CUDA toolkit with cuDNN 9 and cuBLAS when this package was built";
    return s;
  }
  std::string path = library_dir() + "/libmssar_cuda.so";
  void* lib = dlopen(path.c_str(), RTLD_NOW | RTLD_GLOBAL);
  if (!lib) {
    const char* e = dlerror();
    s.reason = cat("library failed to load: ", e ? e : path);
    return s;
  }
  using ProbeFn = int (*)(char* info, size_t info_len);
  auto probe = reinterpret_cast<ProbeFn>(dlsym(lib, "mssar_cuda_probe"));
  if (!probe) {
    s.reason = cat("library failed to load: ", path, " has no mssar_cuda_probe");
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
