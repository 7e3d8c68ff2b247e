#include "types.h"

#include "checked.h"
#include "error.h"

#include <sstream>

namespace mssar {

size_t dtype_size(DType t) {
  switch (t) {
    case DType::Float32: return 4;
    case DType::Float64: return 8;
    case DType::Int32: return 4;
    case DType::Int64: return 8;
    case DType::Bool: return 1;
  }
  return 0;
}

const char* dtype_name(DType t) {
  switch (t) {
    case DType::Float32: return "float32";
    case DType::Float64: return "float64";
    case DType::Int32: return "int32";
    case DType::Int64: return "int64";
    case DType::Bool: return "bool";
  }
  return "?";
}

bool is_float(DType t) { return t == DType::Float32 || t == DType::Float64; }

const char* device_name(Device d) { return d == Device::CPU ? "cpu" : "cuda"; }

const char* layout_name(Layout l) {
  switch (l) {
    case Layout::Plain: return "plain";
    case Layout::ChannelsLast: return "channels_last";
    case Layout::Blocked16: return "nChw16c";
    case Layout::Blocked8: return "nChw8c";
  }
  return "?";
}

int64_t numel(const Shape& s) {
  const int64_t n = checked_numel(s);
  // Unnamed: the binding's guard puts the name of the function that was running in front.
  if (n < 0) throw SizeError(cat("shape ", shape_str(s), " has a negative dimension or more than 2^53 elements"));
  return n;
}

std::string shape_str(const Shape& s) {
  std::ostringstream o;
  o << '[';
  for (size_t i = 0; i < s.size(); ++i) o << (i ? "," : "") << s[i];
  o << ']';
  return o.str();
}

int64_t layout_block(Layout l) {
  if (l == Layout::Blocked16) return 16;
  if (l == Layout::Blocked8) return 8;
  return 1;
}

int64_t physical_numel(const Shape& s, Layout l) {
  int64_t b = layout_block(l);
  if (b == 1 || s.size() != 4) return numel(s);
  const int64_t n = numel(s);  // checked, so the padded count (C + 15 at most) fits as well
  if (n == 0) return 0;
  int64_t c = (s[1] + b - 1) / b * b;
  return s[0] * c * s[2] * s[3];
}

}  // namespace mssar
