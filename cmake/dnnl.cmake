# Finds oneDNN by its header and library instead of its CMake config.
# Debian's libdnnl-dev is built with the OpenCL GPU runtime, and its dnnl-config.cmake then requires
# OpenCL's headers and library (ocl-icd-opencl-dev, only a Recommends) even though we use the CPU
# engine alone and never include dnnl_ocl.h. The shared library still links libOpenCL.so.1 itself,
# which libdnnl2 depends on, so nothing is lost. Honours DNNL_ROOT (CMake or environment variable).
# Defines the imported target DNNL::dnnl and dnnl_VERSION.

set(_dnnl_hints)
if(DEFINED DNNL_ROOT)
  list(APPEND _dnnl_hints ${DNNL_ROOT})
endif()
if(DEFINED ENV{DNNL_ROOT})
  list(APPEND _dnnl_hints $ENV{DNNL_ROOT})
endif()
find_path(DNNL_INCLUDE_DIR oneapi/dnnl/dnnl.hpp HINTS ${_dnnl_hints} PATH_SUFFIXES include)
find_library(DNNL_LIBRARY NAMES dnnl HINTS ${_dnnl_hints} PATH_SUFFIXES lib lib64 lib/x86_64-linux-gnu)
if(NOT DNNL_INCLUDE_DIR OR NOT DNNL_LIBRARY)
  message(FATAL_ERROR "oneDNN not found (oneapi/dnnl/dnnl.hpp, libdnnl): apt-get install libdnnl-dev, or set DNNL_ROOT")
endif()

file(STRINGS ${DNNL_INCLUDE_DIR}/oneapi/dnnl/dnnl_version.h _dnnl_v REGEX "#define DNNL_VERSION_(MAJOR|MINOR|PATCH) +[0-9]+")
string(REGEX REPLACE ".*MAJOR +([0-9]+).*" "\\1" _dnnl_major "${_dnnl_v}")
string(REGEX REPLACE ".*MINOR +([0-9]+).*" "\\1" _dnnl_minor "${_dnnl_v}")
string(REGEX REPLACE ".*PATCH +([0-9]+).*" "\\1" _dnnl_patch "${_dnnl_v}")
set(dnnl_VERSION "${_dnnl_major}.${_dnnl_minor}.${_dnnl_patch}")
if(dnnl_VERSION VERSION_LESS 2.6)
  message(FATAL_ERROR "oneDNN ${dnnl_VERSION} found at ${DNNL_LIBRARY}, need 2.6 or newer")
endif()

add_library(DNNL::dnnl SHARED IMPORTED)
set_target_properties(DNNL::dnnl PROPERTIES
  IMPORTED_LOCATION ${DNNL_LIBRARY}
  INTERFACE_INCLUDE_DIRECTORIES ${DNNL_INCLUDE_DIR})
