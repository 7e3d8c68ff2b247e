// Argument checks shared by the ops layer. Each throws an Error that starts with the op's name and
// shows the offending tensor's shape, dtype and device.
#pragma once
#include <string>

#include "../core/error.h"
#include "../core/tensor.h"

namespace mssar {

inline void check_defined(const char* op, const char* name, const Tensor& t) {
  MSSAR_CHECK(t.defined(), op, ": ", name, " is missing");
}

inline void check_float(const char* op, const char* name, const Tensor& t) {
  check_defined(op, name, t);
  MSSAR_CHECK(t.dtype() == DType::Float32 || t.dtype() == DType::Float64, op, ": ", name,
              " must be float32 or float64, got ", t.describe());
}

inline void check_ndim(const char* op, const char* name, const Tensor& t, int64_t ndim, const char* meaning = "") {
  check_defined(op, name, t);
  MSSAR_CHECK(t.ndim() == ndim, op, ": ", name, " must be ", ndim, "-d", *meaning ? " " : "", meaning, ", got ",
              t.describe());
}

inline void check_same_dtype(const char* op, const char* an, const Tensor& a, const char* bn, const Tensor& b) {
  MSSAR_CHECK(a.dtype() == b.dtype(), op, ": ", an, " and ", bn, " must have the same dtype, got ", a.describe(),
              " and ", b.describe());
}

inline void check_same_shape(const char* op, const char* an, const Tensor& a, const char* bn, const Tensor& b) {
  MSSAR_CHECK(a.shape() == b.shape(), op, ": ", an, " and ", bn, " must have the same shape, got ", a.describe(),
              " and ", b.describe());
}

inline void check_shape(const char* op, const char* name, const Tensor& t, const Shape& want) {
  check_defined(op, name, t);
  MSSAR_CHECK(t.shape() == want, op, ": ", name, " must have shape ", shape_str(want), ", got ", t.describe());
}

// The ops in this project take plain (row-major) tensors unless they say otherwise.
inline void check_plain(const char* op, const char* name, const Tensor& t) {
  MSSAR_CHECK(t.layout() == Layout::Plain, op, ": ", name, " must be in plain layout, got ", t.describe());
}

// Same dtype, device and plain layout for all of them: the common case of a float op.
inline void check_like(const char* op, const char* an, const Tensor& a, const char* bn, const Tensor& b) {
  check_float(op, bn, b);
  check_same_dtype(op, an, a, bn, b);
}

}  // namespace mssar
