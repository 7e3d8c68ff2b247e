#include "sibling_library.h"

#include <dlfcn.h>

#include "error.h"

namespace mssar {

namespace {

// The directory of the shared library this function is compiled into (the core library).
std::string library_dir() {
  Dl_info info;
  if (dladdr(reinterpret_cast<void*>(&library_dir), &info) && info.dli_fname) {
    std::string path = info.dli_fname;
    size_t slash = path.rfind('/');
    if (slash != std::string::npos) return path.substr(0, slash);
  }
  return ".";
}

}  // namespace

SiblingLibrary open_sibling_library(const char* name, int mode) {
  SiblingLibrary lib;
  lib.path = library_dir() + "/" + name;
  lib.handle = dlopen(lib.path.c_str(), RTLD_NOW | mode);
  if (!lib.handle) {
    const char* e = dlerror();
    lib.reason = cat("library failed to load: ", e ? e : lib.path);
  }
  return lib;
}

}  // namespace mssar
