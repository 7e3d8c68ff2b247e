// The JavaScript face of a native tensor: a handle that owns one reference to a Storage. dispose()
// drops it at once; the garbage collector's finalizer is only the safety net.
//
// The class is written on the plain Node-API (no Napi::ObjectWrap) so that dispose() can remove the
// wrap: a handle's native side (this object and Node's reference to it) is then freed at once. A
// wrapped object's finalizer runs only after the garbage collector, from the event loop, so a loop
// that never yields (a tidy() training loop) would otherwise keep every handle it disposed, about
// 100 KB a ResNet-20 step.
#pragma once
#include <napi.h>

#include <initializer_list>

#include "../native/core/tensor.h"

namespace mssar::binding {

class TensorWrap {
 public:
  static Napi::Function define(Napi::Env env);
  // A new JavaScript handle for `t`.
  static Napi::Object wrap(Napi::Env env, Tensor t);
  // Whether `v` is a handle (live or disposed).
  static bool is(Napi::Env env, const Napi::Value& v);
  // The tensor held by the handle `v`, or nullptr when it is disposed; `v` must pass is().
  static const Tensor* live(Napi::Env env, const Napi::Value& v);

  TensorWrap(napi_env env, Tensor t);
  ~TensorWrap();
  TensorWrap(const TensorWrap&) = delete;
  TensorWrap& operator=(const TensorWrap&) = delete;
  const Tensor& tensor() const { return tensor_; }

 private:
  napi_env env_;
  Tensor tensor_;
  // The bytes told to V8 (napi_adjust_external_memory), so that handles dropped without dispose()
  // put pressure on the garbage collector; the destructor takes them back.
  int64_t reported_ = 0;
};

// Entries that return several tensors give JavaScript an array; an undefined tensor (a gradient
// nobody asked for) becomes null.
Napi::Array tensor_tuple(Napi::Env env, std::initializer_list<Tensor> ts);

}  // namespace mssar::binding
