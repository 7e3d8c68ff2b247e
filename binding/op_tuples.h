// Argument shapes several op entries share: (height, width) pairs, `needs` flags, and a tuple of
// gradients where the unneeded ones are null.
#pragma once
#include <napi.h>

#include <array>

#include "args.h"
#include "tensor_wrap.h"

namespace mssar::binding {

// [h, w]: two integers (range checks belong to the op, which knows the shapes).
inline std::array<int64_t, 2> pair(const Args& a, size_t i, const char* name) {
  std::vector<int64_t> v = a.integers(i, name);
  if (v.size() != 2) a.fail(i, name, "an array of two integers [height, width]");
  return {v[0], v[1]};
}

template <size_t N>
std::array<bool, N> needs(const Napi::CallbackInfo& info, const Args& a, size_t i, const char* name) {
  const std::string want = "an array of " + std::to_string(N) + " booleans";
  if (i >= info.Length() || !info[i].IsArray()) a.fail(i, name, want);
  Napi::Array arr = info[i].As<Napi::Array>();
  if (arr.Length() != N) a.fail(i, name, want);
  std::array<bool, N> out{};
  for (uint32_t k = 0; k < N; ++k) {
    Napi::Value v = arr.Get(k);
    if (!v.IsBoolean()) a.fail(i, name, want);
    out[k] = v.As<Napi::Boolean>().Value();
  }
  return out;
}

template <size_t N>
Napi::Array tensors_or_null(Napi::Env env, const std::array<Tensor, N>& ts) {
  Napi::Array out = Napi::Array::New(env, N);
  for (uint32_t k = 0; k < N; ++k)
    out.Set(k, ts[k].defined() ? Napi::Value(TensorWrap::wrap(env, ts[k])) : env.Null());
  return out;
}

}  // namespace mssar::binding
