#include "args.h"

#include <cmath>

#include "tensor_wrap.h"

namespace mssar::binding {

Napi::Array shape_to_js(Napi::Env env, const Shape& s) {
  Napi::Array a = Napi::Array::New(env, s.size());
  for (size_t i = 0; i < s.size(); ++i) a.Set(uint32_t(i), Napi::Number::New(env, double(s[i])));
  return a;
}

std::string js_type_name(const Napi::Value& v) {
  if (v.IsUndefined()) return "undefined";
  if (v.IsNull()) return "null";
  if (v.IsBoolean()) return "boolean";
  if (v.IsNumber()) return "number " + std::to_string(v.As<Napi::Number>().DoubleValue());
  if (v.IsString()) return "string";
  if (v.IsTypedArray()) return "typed array";
  if (v.IsArray()) return "array";
  if (v.IsFunction()) return "function";
  if (v.IsObject()) return "object";
  return "value";
}

std::string op_display_name(const char* entry) {
  const std::string e(entry);
  auto ends_with = [&](const std::string& suffix) {
    return e.size() > suffix.size() && e.compare(e.size() - suffix.size(), suffix.size(), suffix) == 0;
  };
  if (ends_with("Forward")) return e.substr(0, e.size() - 7);
  if (ends_with("Backward")) return e.substr(0, e.size() - 8) + " backward";
  return e;
}

Args::Args(const Napi::CallbackInfo& info, const char* entry, size_t min, size_t max)
    : info_(info), name_(op_display_name(entry)) {
  size_t n = info.Length();
  if (n < min || n > max) {
    std::string want = min == max ? std::to_string(min) : std::to_string(min) + " to " + std::to_string(max);
    throw Napi::TypeError::New(info.Env(), name_ + ": expected " + want + " arguments, got " + std::to_string(n));
  }
}

void Args::fail(size_t i, const char* name, const std::string& expected) const {
  std::string got = i < info_.Length() ? js_type_name(info_[i]) : "nothing";
  throw Napi::TypeError::New(env(), name_ + ": argument " + std::to_string(i + 1) + " (" + name +
                                        "): expected " + expected + ", got " + got);
}

const Tensor& Args::tensor(size_t i, const char* name) const {
  if (i >= info_.Length() || !TensorWrap::is(env(), info_[i])) fail(i, name, "a tensor");
  const Tensor* t = TensorWrap::live(env(), info_[i]);
  if (t == nullptr)
    throw Napi::Error::New(env(), name_ + ": argument " + std::to_string(i + 1) + " (" + name +
                                      ") is a disposed tensor");
  return *t;
}

Tensor Args::optional_tensor(size_t i, const char* name) const {
  if (!present(i)) return Tensor();
  return tensor(i, name);
}

std::vector<Tensor> Args::tensors(size_t i, const char* name) const {
  if (i >= info_.Length() || !info_[i].IsArray()) fail(i, name, "an array of tensors");
  Napi::Array a = info_[i].As<Napi::Array>();
  std::vector<Tensor> out;
  out.reserve(a.Length());
  for (uint32_t k = 0; k < a.Length(); ++k) {
    Napi::Value v = a.Get(k);
    if (!TensorWrap::is(env(), v)) fail(i, name, "an array of tensors (element " + std::to_string(k) + " is " + js_type_name(v) + ")");
    const Tensor* t = TensorWrap::live(env(), v);
    if (t == nullptr) fail(i, name, "live tensors (element " + std::to_string(k) + " is disposed)");
    out.push_back(*t);
  }
  return out;
}

double Args::number(size_t i, const char* name) const {
  if (i >= info_.Length() || !info_[i].IsNumber()) fail(i, name, "a number");
  double v = info_[i].As<Napi::Number>().DoubleValue();
  if (!std::isfinite(v)) fail(i, name, "a finite number");
  return v;
}

int64_t Args::integer(size_t i, const char* name) const {
  double v = number(i, name);
  if (v != std::floor(v) || std::fabs(v) > 9007199254740991.0) fail(i, name, "an integer");
  return int64_t(v);
}

int64_t Args::integer_at_least(size_t i, const char* name, int64_t min) const {
  int64_t v = integer(i, name);
  if (v < min) fail(i, name, "an integer >= " + std::to_string(min));
  return v;
}

bool Args::boolean(size_t i, const char* name) const {
  if (i >= info_.Length() || !info_[i].IsBoolean()) fail(i, name, "a boolean");
  return info_[i].As<Napi::Boolean>().Value();
}

std::string Args::string(size_t i, const char* name) const {
  if (i >= info_.Length() || !info_[i].IsString()) fail(i, name, "a string");
  return info_[i].As<Napi::String>().Utf8Value();
}

std::vector<double> Args::numbers(size_t i, const char* name) const {
  if (i >= info_.Length() || !info_[i].IsArray()) fail(i, name, "an array of numbers");
  Napi::Array a = info_[i].As<Napi::Array>();
  std::vector<double> out(a.Length());
  for (uint32_t k = 0; k < a.Length(); ++k) {
    Napi::Value v = a.Get(k);
    if (!v.IsNumber()) fail(i, name, "an array of numbers");
    out[k] = v.As<Napi::Number>().DoubleValue();
    if (!std::isfinite(out[k])) fail(i, name, "an array of finite numbers");
  }
  return out;
}

std::vector<int64_t> Args::integers(size_t i, const char* name) const {
  std::vector<double> d = numbers(i, name);
  std::vector<int64_t> out(d.size());
  for (size_t k = 0; k < d.size(); ++k) {
    if (d[k] != std::floor(d[k]) || std::fabs(d[k]) > 9007199254740991.0) fail(i, name, "an array of integers");
    out[k] = int64_t(d[k]);
  }
  return out;
}

Shape Args::shape(size_t i, const char* name) const {
  Shape s = integers(i, name);
  if (s.size() > 8) fail(i, name, "a shape of at most 8 dimensions");
  double total = 1;
  for (int64_t d : s) {
    if (d < 0) fail(i, name, "a shape of non-negative integers");
    total *= double(d);
  }
  if (total > double(int64_t(1) << 40)) fail(i, name, "a shape of at most 2^40 elements");
  return s;
}

std::array<int64_t, 2> Args::pair(size_t i, const char* name) const {
  std::vector<int64_t> v = integers(i, name);
  if (v.size() != 2) fail(i, name, "an array of two integers [height, width]");
  return {v[0], v[1]};
}

std::vector<bool> Args::flags(size_t i, const char* name, size_t n) const {
  const std::string want = "an array of " + std::to_string(n) + " booleans";
  if (i >= info_.Length() || !info_[i].IsArray()) fail(i, name, want);
  Napi::Array arr = info_[i].As<Napi::Array>();
  if (arr.Length() != n) fail(i, name, want);
  std::vector<bool> out(n);
  for (uint32_t k = 0; k < n; ++k) {
    Napi::Value v = arr.Get(k);
    if (!v.IsBoolean()) fail(i, name, want);
    out[k] = v.As<Napi::Boolean>().Value();
  }
  return out;
}

DType Args::dtype(size_t i, const char* name) const {
  if (i < info_.Length() && info_[i].IsString()) {
    std::string s = info_[i].As<Napi::String>().Utf8Value();
    if (s == "float32") return DType::Float32;
    if (s == "float64") return DType::Float64;
    if (s == "int32") return DType::Int32;
    if (s == "int64") return DType::Int64;
    if (s == "bool") return DType::Bool;
  }
  fail(i, name, "'float32', 'float64', 'int32', 'int64' or 'bool'");
}

Device Args::device(size_t i, const char* name) const {
  if (i < info_.Length() && info_[i].IsString()) {
    std::string s = info_[i].As<Napi::String>().Utf8Value();
    if (s == "cpu") return Device::CPU;
    if (s == "cuda") return Device::CUDA;
  }
  fail(i, name, "'cpu' or 'cuda'");
}

Layout Args::layout(size_t i, const char* name) const {
  if (i < info_.Length() && info_[i].IsString()) {
    std::string s = info_[i].As<Napi::String>().Utf8Value();
    if (s == "plain") return Layout::Plain;
    if (s == "channels_last") return Layout::ChannelsLast;
    if (s == "nChw16c") return Layout::Blocked16;
    if (s == "nChw8c") return Layout::Blocked8;
  }
  fail(i, name, "'plain', 'channels_last', 'nChw16c' or 'nChw8c'");
}

}  // namespace mssar::binding
