// The CUDA, MPI and NCCL backends are shared libraries next to the core library, opened with dlopen
// on first use so that the package loads and runs where they (or what they link) are absent.
#pragma once
#include <string>

namespace mssar {

struct SiblingLibrary {
  void* handle = nullptr;  // null when the library failed to load
  std::string path;        // where it was looked for
  std::string reason;      // "library failed to load: <dlerror()>", when handle is null
};

// Opens `name` (e.g. "libmssar_cuda.so") from the directory of the core library with
// `RTLD_NOW | mode` (mode: RTLD_LOCAL or RTLD_GLOBAL).
SiblingLibrary open_sibling_library(const char* name, int mode);

}  // namespace mssar
