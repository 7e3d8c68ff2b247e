// Entries that return several tensors give JavaScript an array; an undefined tensor (a gradient
// nobody asked for) becomes null.
#pragma once
#include <napi.h>

#include <initializer_list>

#include "tensor_wrap.h"

namespace mssar::binding {

inline Napi::Array tensor_array(Napi::Env env, std::initializer_list<Tensor> ts) {
  Napi::Array a = Napi::Array::New(env, ts.size());
  uint32_t i = 0;
  for (const Tensor& t : ts) a.Set(i++, t.defined() ? Napi::Value(TensorWrap::wrap(env, t)) : env.Null());
  return a;
}

}  // namespace mssar::binding
