// Checked access to a binding entry's arguments. Every accessor throws a JavaScript Error that
// names the entry, the argument's position and name, what was expected and what came.
#pragma once
#include <napi.h>

#include <array>
#include <string>
#include <vector>

#include "../native/core/tensor.h"

namespace mssar::binding {

// The name errors give an entry: the op as the public API spells it ("addReluForward" -> "addRelu",
// "addReluBackward" -> "addRelu backward"), so that the TypeScript check, the binding and the native
// op name an op the same way; other entries as they are.
std::string op_display_name(const char* entry);

Napi::Array shape_to_js(Napi::Env env, const Shape& s);
std::string js_type_name(const Napi::Value& v);

class Args {
 public:
  // Throws unless min <= info.Length() <= max.
  Args(const Napi::CallbackInfo& info, const char* entry, size_t min, size_t max);
  Args(const Napi::CallbackInfo& info, const char* entry, size_t count) : Args(info, entry, count, count) {}

  Napi::Env env() const { return info_.Env(); }
  // The entry's name as errors give it (op_display_name).
  const char* entry() const { return name_.c_str(); }
  size_t size() const { return info_.Length(); }
  bool present(size_t i) const { return i < info_.Length() && !info_[i].IsUndefined() && !info_[i].IsNull(); }

  const Tensor& tensor(size_t i, const char* name) const;
  // An undefined Tensor for null or undefined.
  Tensor optional_tensor(size_t i, const char* name) const;
  std::vector<Tensor> tensors(size_t i, const char* name) const;
  double number(size_t i, const char* name) const;        // finite
  int64_t integer(size_t i, const char* name) const;      // finite integer, |v| < 2^53
  int64_t integer_at_least(size_t i, const char* name, int64_t min) const;
  bool boolean(size_t i, const char* name) const;
  std::string string(size_t i, const char* name) const;
  Shape shape(size_t i, const char* name) const;          // array of integers >= 0
  std::vector<int64_t> integers(size_t i, const char* name) const;
  std::vector<double> numbers(size_t i, const char* name) const;
  // [height, width]: two integers (range checks belong to the op, which knows the shapes).
  std::array<int64_t, 2> pair(size_t i, const char* name) const;
  // An array of exactly n booleans (a backward entry's `needs`).
  std::vector<bool> flags(size_t i, const char* name, size_t n) const;
  DType dtype(size_t i, const char* name) const;
  Device device(size_t i, const char* name) const;
  Layout layout(size_t i, const char* name) const;

  [[noreturn]] void fail(size_t i, const char* name, const std::string& expected) const;

 private:
  const Napi::CallbackInfo& info_;
  std::string name_;
};

}  // namespace mssar::binding
