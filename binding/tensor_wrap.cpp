#include "tensor_wrap.h"

#include "args.h"

namespace mssar::binding {

namespace {
struct InstanceData {
  Napi::FunctionReference constructor;
};
}  // namespace

Napi::Function TensorWrap::define(Napi::Env env) {
  Napi::Function ctor = DefineClass(
      env, "NativeTensor",
      {
          InstanceAccessor<&TensorWrap::shape>("shape"),
          InstanceAccessor<&TensorWrap::dtype>("dtype"),
          InstanceAccessor<&TensorWrap::device>("device"),
          InstanceAccessor<&TensorWrap::layout>("layout"),
          InstanceAccessor<&TensorWrap::nbytes>("nbytes"),
          InstanceAccessor<&TensorWrap::is_disposed>("disposed"),
          InstanceAccessor<&TensorWrap::storage_refs>("storageRefs"),
          InstanceMethod<&TensorWrap::dispose>("dispose"),
          InstanceMethod<&TensorWrap::share>("share"),
          InstanceMethod<&TensorWrap::same_storage>("sameStorage"),
          InstanceMethod<&TensorWrap::describe>("describe"),
      });
  auto* data = new InstanceData{Napi::Persistent(ctor)};
  env.SetInstanceData<InstanceData>(data);
  return ctor;
}

TensorWrap::TensorWrap(const Napi::CallbackInfo& info) : Napi::ObjectWrap<TensorWrap>(info) {}

// Runs from the garbage collector's finalizer, or when the environment is torn down (a Worker
// ended): the raw call, whose failure is ignored, never throws out of a destructor.
TensorWrap::~TensorWrap() { release(); }

void TensorWrap::hold(Napi::Env env, Tensor t) {
  release();
  tensor_ = std::move(t);
  reported_ = tensor_.defined() ? int64_t(tensor_.nbytes()) : 0;
  int64_t total = 0;
  if (reported_ > 0) napi_adjust_external_memory(env, reported_, &total);
}

void TensorWrap::release() {
  if (reported_ > 0) {
    int64_t total = 0;
    napi_adjust_external_memory(Env(), -reported_, &total);
  }
  reported_ = 0;
  tensor_ = Tensor();
}

Napi::Object TensorWrap::wrap(Napi::Env env, Tensor t) {
  Napi::Object obj = env.GetInstanceData<InstanceData>()->constructor.New({});
  Unwrap(obj)->hold(env, std::move(t));
  return obj;
}

bool TensorWrap::is(Napi::Env env, const Napi::Value& v) {
  if (!v.IsObject()) return false;
  return v.As<Napi::Object>().InstanceOf(env.GetInstanceData<InstanceData>()->constructor.Value());
}

namespace {
void require_live(const Napi::CallbackInfo& info, const TensorWrap* w, const char* what) {
  if (w->disposed())
    throw Napi::Error::New(info.Env(), std::string("NativeTensor.") + what + ": tensor is disposed");
}
}  // namespace

Napi::Value TensorWrap::shape(const Napi::CallbackInfo& info) {
  require_live(info, this, "shape");
  return shape_to_js(info.Env(), tensor_.shape());
}
Napi::Value TensorWrap::dtype(const Napi::CallbackInfo& info) {
  require_live(info, this, "dtype");
  return Napi::String::New(info.Env(), dtype_name(tensor_.dtype()));
}
Napi::Value TensorWrap::device(const Napi::CallbackInfo& info) {
  require_live(info, this, "device");
  return Napi::String::New(info.Env(), device_name(tensor_.device()));
}
Napi::Value TensorWrap::layout(const Napi::CallbackInfo& info) {
  require_live(info, this, "layout");
  return Napi::String::New(info.Env(), layout_name(tensor_.layout()));
}
Napi::Value TensorWrap::nbytes(const Napi::CallbackInfo& info) {
  require_live(info, this, "nbytes");
  return Napi::Number::New(info.Env(), double(tensor_.nbytes()));
}
Napi::Value TensorWrap::is_disposed(const Napi::CallbackInfo& info) {
  return Napi::Boolean::New(info.Env(), disposed());
}
Napi::Value TensorWrap::storage_refs(const Napi::CallbackInfo& info) {
  return Napi::Number::New(info.Env(), disposed() ? 0 : double(tensor_.storage().use_count()));
}
Napi::Value TensorWrap::dispose(const Napi::CallbackInfo& info) {
  release();
  return info.Env().Undefined();
}
Napi::Value TensorWrap::share(const Napi::CallbackInfo& info) {
  require_live(info, this, "share");
  return wrap(info.Env(), tensor_);
}
Napi::Value TensorWrap::same_storage(const Napi::CallbackInfo& info) {
  require_live(info, this, "sameStorage");
  Args a(info, "NativeTensor.sameStorage", 1);
  const Tensor& other = a.tensor(0, "other");
  return Napi::Boolean::New(info.Env(), other.storage() == tensor_.storage());
}
Napi::Value TensorWrap::describe(const Napi::CallbackInfo& info) {
  return Napi::String::New(info.Env(), tensor_.describe());
}

Napi::Array tensor_tuple(Napi::Env env, std::initializer_list<Tensor> ts) {
  Napi::Array a = Napi::Array::New(env, ts.size());
  uint32_t i = 0;
  for (const Tensor& t : ts) a.Set(i++, t.defined() ? Napi::Value(TensorWrap::wrap(env, t)) : env.Null());
  return a;
}

}  // namespace mssar::binding
