// Runs a generic lambda with a value of the C++ type of a dtype, so the body can name it:
//   dispatch_float(x.dtype(), "relu", [&](auto tag) { using scalar_t = decltype(tag); ... });
// dispatch_all covers every dtype; bool is C++ bool, so a conversion into it is `x != 0`.
// (Functions rather than macros, so that #pragma omp lines may appear inside the body.)
#pragma once
#include <cstdint>

#include "error.h"
#include "types.h"

namespace mssar {

template <class F>
decltype(auto) dispatch_float(DType t, const char* op, F&& f) {
  switch (t) {
    case DType::Float32: return f(float{});
    case DType::Float64: return f(double{});
    default: fail(op, ": unsupported dtype ", dtype_name(t), " (expected float32 or float64)");
  }
}

// Every dtype with arithmetic: the floats and the integers (not bool).
template <class F>
decltype(auto) dispatch_numeric(DType t, const char* op, F&& f) {
  switch (t) {
    case DType::Float32: return f(float{});
    case DType::Float64: return f(double{});
    case DType::Int32: return f(int32_t{});
    case DType::Int64: return f(int64_t{});
    default: fail(op, ": unsupported dtype ", dtype_name(t), " (expected float32, float64, int32 or int64)");
  }
}

template <class F>
decltype(auto) dispatch_all(DType t, const char* op, F&& f) {
  switch (t) {
    case DType::Float32: return f(float{});
    case DType::Float64: return f(double{});
    case DType::Int32: return f(int32_t{});
    case DType::Int64: return f(int64_t{});
    case DType::Bool: return f(bool{});
  }
  fail(op, ": unsupported dtype");
}

}  // namespace mssar
