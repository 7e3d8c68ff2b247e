# Finds what the CUDA library needs and decides whether to build it.
#   MSSAR_CUDA=AUTO  build it when the CUDA toolkit, cuDNN 9 and cuBLAS are all found
#   MSSAR_CUDA=ON    fail the configure step when one is missing
#   MSSAR_CUDA=OFF   never
# cuDNN and cuBLAS are looked for under CUDNN_ROOT / CUBLAS_ROOT (CMake variables or environment
# variables), the CUDA toolkit, the system folders, and the folder layout of NVIDIA's pip wheels
# (nvidia-cudnn-cu13, nvidia-cublas) installed into .deps/nvidia by scripts/cuda-deps.sh.
# Sets MSSAR_CUDA_ENABLED, MSSAR_CUDA_SUMMARY and defines mssar_add_cuda_library().

set(MSSAR_CUDA_ENABLED OFF)
set(MSSAR_CUDA_SUMMARY "off (MSSAR_CUDA=OFF)")

function(mssar_cuda_missing what)
  if(MSSAR_CUDA STREQUAL "ON")
    message(FATAL_ERROR "MSSAR_CUDA=ON but ${what}")
  endif()
  set(MSSAR_CUDA_SUMMARY "not built: ${what}" PARENT_SCOPE)
endfunction()

if(NOT MSSAR_CUDA STREQUAL "OFF")
  include(CheckLanguage)
  check_language(CUDA)
  find_package(CUDAToolkit QUIET)
  if(NOT CMAKE_CUDA_COMPILER OR NOT CUDAToolkit_FOUND)
    mssar_cuda_missing("no CUDA toolkit (nvcc) found")
  else()
    set(_hints)
    foreach(var CUDNN_ROOT CUBLAS_ROOT)
      if(DEFINED ${var})
        list(APPEND _hints ${${var}})
      endif()
      if(DEFINED ENV{${var}})
        list(APPEND _hints $ENV{${var}})
      endif()
    endforeach()
    set(_wheels ${CMAKE_SOURCE_DIR}/.deps/nvidia)
    list(APPEND _hints ${_wheels}/cudnn ${_wheels}/cublas ${_wheels}/cu13 ${CUDAToolkit_LIBRARY_ROOT} /usr /usr/local/cuda)
    find_path(CUDNN_INCLUDE_DIR cudnn.h HINTS ${_hints} PATH_SUFFIXES include include/x86_64-linux-gnu)
    find_library(CUDNN_LIBRARY NAMES cudnn libcudnn.so.9 HINTS ${_hints} PATH_SUFFIXES lib lib64 lib/x86_64-linux-gnu)
    find_path(CUBLAS_INCLUDE_DIR cublas_v2.h HINTS ${_hints} ${CUDAToolkit_INCLUDE_DIRS} PATH_SUFFIXES include)
    find_library(CUBLAS_LIBRARY NAMES cublas libcublas.so.13 libcublas.so.12 HINTS ${_hints} ${CUDAToolkit_LIBRARY_DIR} PATH_SUFFIXES lib lib64)
    find_library(CUBLASLT_LIBRARY NAMES cublasLt libcublasLt.so.13 libcublasLt.so.12 HINTS ${_hints} ${CUDAToolkit_LIBRARY_DIR} PATH_SUFFIXES lib lib64)
    if(CUDNN_INCLUDE_DIR AND EXISTS ${CUDNN_INCLUDE_DIR}/cudnn_version.h)
      file(STRINGS ${CUDNN_INCLUDE_DIR}/cudnn_version.h _v REGEX "#define CUDNN_MAJOR [0-9]+")
      string(REGEX REPLACE ".*CUDNN_MAJOR ([0-9]+).*" "\\1" CUDNN_MAJOR "${_v}")
    endif()
    if(NOT CUDNN_INCLUDE_DIR OR NOT CUDNN_LIBRARY)
      mssar_cuda_missing("cuDNN not found (set CUDNN_ROOT, or run scripts/cuda-deps.sh)")
    elseif(NOT CUDNN_MAJOR STREQUAL "9")
      mssar_cuda_missing("cuDNN ${CUDNN_MAJOR} found at ${CUDNN_INCLUDE_DIR}, need 9")
    elseif(NOT CUBLAS_INCLUDE_DIR OR NOT CUBLAS_LIBRARY)
      mssar_cuda_missing("cuBLAS not found (set CUBLAS_ROOT, or run scripts/cuda-deps.sh)")
    else()
      set(MSSAR_CUDA_ENABLED ON)
    endif()
  endif()
endif()

if(MSSAR_CUDA_ENABLED)
  # Override with -DCMAKE_CUDA_ARCHITECTURES=90 (or "native" on a machine with a GPU).
  if(NOT DEFINED CMAKE_CUDA_ARCHITECTURES OR CMAKE_CUDA_ARCHITECTURES STREQUAL "")
    set(CMAKE_CUDA_ARCHITECTURES "80;90")
  endif()
  enable_language(CUDA)
  set(MSSAR_CUDA_SUMMARY "building: CUDA ${CUDAToolkit_VERSION} for sm ${CMAKE_CUDA_ARCHITECTURES}, cuDNN ${CUDNN_LIBRARY}, cuBLAS ${CUBLAS_LIBRARY}")
endif()

function(mssar_add_cuda_library)
  set(CMAKE_CUDA_STANDARD 17)
  file(GLOB MSSAR_CUDA_SOURCES CONFIGURE_DEPENDS ${CMAKE_SOURCE_DIR}/native/cuda/*.cu ${CMAKE_SOURCE_DIR}/native/cuda/*.cpp)
  add_library(mssar_cuda SHARED ${MSSAR_CUDA_SOURCES})
  set_target_properties(mssar_cuda PROPERTIES CUDA_RUNTIME_LIBRARY Static CUDA_SEPARABLE_COMPILATION OFF)
  target_include_directories(mssar_cuda PRIVATE ${CUDNN_INCLUDE_DIR} ${CUBLAS_INCLUDE_DIR})
  target_compile_options(mssar_cuda PRIVATE $<$<COMPILE_LANGUAGE:CUDA>:-O3 --expt-relaxed-constexpr>
                                            $<$<COMPILE_LANGUAGE:CXX>:-O3>)
  # The architectures compiled, for the probe's "no kernel image" reason.
  string(REPLACE ";" " " _archs "${CMAKE_CUDA_ARCHITECTURES}")
  target_compile_definitions(mssar_cuda PRIVATE MSSAR_CUDA_ARCHS="${_archs}")
  target_link_libraries(mssar_cuda PRIVATE mssar_core ${CUDNN_LIBRARY} ${CUBLAS_LIBRARY} ${CUBLASLT_LIBRARY} CUDA::cudart_static)
  # $ORIGIN first, then where cuDNN and cuBLAS were found. A folder inside the source tree (the wheels
  # in .deps/nvidia) is named relative to $ORIGIN, so that the package folder can move (a dependent
  # project's node_modules is copied, moved, or built in a container's temporary path); a system
  # folder outside the tree (/usr/lib/...) stays absolute.
  set(_rpath "$ORIGIN")
  string(FIND "${MSSAR_OUT_DIR}/" "${CMAKE_SOURCE_DIR}/" _out_in_tree)
  foreach(_lib ${CUDNN_LIBRARY} ${CUBLAS_LIBRARY} ${CUBLASLT_LIBRARY})
    if(NOT _lib OR NOT EXISTS ${_lib})
      continue()
    endif()
    get_filename_component(_dir ${_lib} DIRECTORY)
    string(FIND "${_dir}/" "${CMAKE_SOURCE_DIR}/" _lib_in_tree)
    if(_lib_in_tree EQUAL 0 AND _out_in_tree EQUAL 0)
      file(RELATIVE_PATH _rel ${MSSAR_OUT_DIR} ${_dir})
      set(_dir "$ORIGIN/${_rel}")
    endif()
    if(NOT _dir IN_LIST _rpath)
      list(APPEND _rpath ${_dir})
    endif()
  endforeach()
  message(STATUS "  mssar_cuda RUNPATH: ${_rpath}")
  set_target_properties(mssar_cuda PROPERTIES BUILD_RPATH "${_rpath}" INSTALL_RPATH "${_rpath}")
endfunction()
