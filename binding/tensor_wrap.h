// The JavaScript face of a native tensor: a handle that owns one reference to a Storage. dispose()
// drops it at once; the garbage collector's finalizer is only the safety net.
#pragma once
#include <napi.h>

#include <initializer_list>

#include "../native/core/tensor.h"

namespace mssar::binding {

class TensorWrap : public Napi::ObjectWrap<TensorWrap> {
 public:
  static Napi::Function define(Napi::Env env);
  // A new JavaScript handle for `t`.
  static Napi::Object wrap(Napi::Env env, Tensor t);
  static bool is(Napi::Env env, const Napi::Value& v);

  explicit TensorWrap(const Napi::CallbackInfo& info);
  ~TensorWrap() override;
  const Tensor& tensor() const { return tensor_; }
  bool disposed() const { return !tensor_.defined(); }

 private:
  Napi::Value shape(const Napi::CallbackInfo& info);
  Napi::Value dtype(const Napi::CallbackInfo& info);
  Napi::Value device(const Napi::CallbackInfo& info);
  Napi::Value layout(const Napi::CallbackInfo& info);
  Napi::Value nbytes(const Napi::CallbackInfo& info);
  Napi::Value is_disposed(const Napi::CallbackInfo& info);
  Napi::Value storage_refs(const Napi::CallbackInfo& info);
  Napi::Value dispose(const Napi::CallbackInfo& info);
  Napi::Value share(const Napi::CallbackInfo& info);
  Napi::Value same_storage(const Napi::CallbackInfo& info);
  Napi::Value describe(const Napi::CallbackInfo& info);

  // Holds `t` and tells V8 about its bytes (napi_adjust_external_memory), so that handles dropped
  // without dispose() put pressure on the garbage collector; release() takes them back.
  void hold(Napi::Env env, Tensor t);
  void release();
  Tensor tensor_;
  int64_t reported_ = 0;
};

// Entries that return several tensors give JavaScript an array; an undefined tensor (a gradient
// nobody asked for) becomes null.
Napi::Array tensor_tuple(Napi::Env env, std::initializer_list<Tensor> ts);

}  // namespace mssar::binding
