#include "tensor_wrap.h"

#include "args.h"

namespace mssar::binding {

namespace {
struct InstanceData {
  Napi::FunctionReference constructor;
};

Napi::FunctionReference& constructor(Napi::Env env) { return env.GetInstanceData<InstanceData>()->constructor; }

// The native side of a handle, or nullptr once dispose() removed it (or for an object made by
// `new NativeTensor()` from JavaScript, which never held a tensor).
TensorWrap* unwrap(napi_env env, napi_value obj) {
  void* data = nullptr;
  return napi_unwrap(env, obj, &data) == napi_ok ? static_cast<TensorWrap*>(data) : nullptr;
}

// The garbage collector's safety net, for a handle dropped without dispose().
void finalize(napi_env, void* data, void*) { delete static_cast<TensorWrap*>(data); }

using Method = Napi::Value (*)(const Napi::CallbackInfo& info, TensorWrap* w);

// A plain Node-API callback around `M`, which receives the handle's native side (nullptr when
// disposed); a thrown Napi::Error becomes the JavaScript exception.
template <Method M>
napi_value call(napi_env env, napi_callback_info cbinfo) {
  try {
    Napi::CallbackInfo info(env, cbinfo);
    return M(info, unwrap(env, info.This()));
  } catch (const Napi::Error& e) {
    e.ThrowAsJavaScriptException();
    return nullptr;
  }
}

TensorWrap& require_live(const Napi::CallbackInfo& info, TensorWrap* w, const char* what) {
  if (w == nullptr) throw Napi::Error::New(info.Env(), std::string("NativeTensor.") + what + ": tensor is disposed");
  return *w;
}

Napi::Value shape(const Napi::CallbackInfo& info, TensorWrap* w) {
  return shape_to_js(info.Env(), require_live(info, w, "shape").tensor().shape());
}
Napi::Value dtype(const Napi::CallbackInfo& info, TensorWrap* w) {
  return Napi::String::New(info.Env(), dtype_name(require_live(info, w, "dtype").tensor().dtype()));
}
Napi::Value device(const Napi::CallbackInfo& info, TensorWrap* w) {
  return Napi::String::New(info.Env(), device_name(require_live(info, w, "device").tensor().device()));
}
Napi::Value layout(const Napi::CallbackInfo& info, TensorWrap* w) {
  return Napi::String::New(info.Env(), layout_name(require_live(info, w, "layout").tensor().layout()));
}
Napi::Value nbytes(const Napi::CallbackInfo& info, TensorWrap* w) {
  return Napi::Number::New(info.Env(), double(require_live(info, w, "nbytes").tensor().nbytes()));
}
Napi::Value is_disposed(const Napi::CallbackInfo& info, TensorWrap* w) { return Napi::Boolean::New(info.Env(), w == nullptr); }
Napi::Value storage_refs(const Napi::CallbackInfo& info, TensorWrap* w) {
  return Napi::Number::New(info.Env(), w == nullptr ? 0 : double(w->tensor().storage().use_count()));
}
// Removes the wrap, which frees the native side and Node's reference now, not after a collection.
Napi::Value dispose(const Napi::CallbackInfo& info, TensorWrap* w) {
  if (w != nullptr) {
    void* data = nullptr;
    if (napi_remove_wrap(info.Env(), info.This(), &data) == napi_ok) delete static_cast<TensorWrap*>(data);
  }
  return info.Env().Undefined();
}
Napi::Value share(const Napi::CallbackInfo& info, TensorWrap* w) {
  return TensorWrap::wrap(info.Env(), require_live(info, w, "share").tensor());
}
Napi::Value same_storage(const Napi::CallbackInfo& info, TensorWrap* w) {
  const Tensor& self = require_live(info, w, "sameStorage").tensor();
  Args a(info, "NativeTensor.sameStorage", 1);
  return Napi::Boolean::New(info.Env(), a.tensor(0, "other").storage() == self.storage());
}
Napi::Value describe(const Napi::CallbackInfo& info, TensorWrap* w) {
  return Napi::String::New(info.Env(), w == nullptr ? Tensor().describe() : w->tensor().describe());
}

// `new NativeTensor()` from JavaScript makes an empty (disposed) handle; wrap() attaches the tensor.
napi_value construct(napi_env env, napi_callback_info cbinfo) {
  napi_value self = nullptr;
  napi_get_cb_info(env, cbinfo, nullptr, nullptr, &self, nullptr);
  return self;
}

napi_property_descriptor getter(const char* name, napi_callback cb) {
  return {name, nullptr, nullptr, cb, nullptr, nullptr, napi_default, nullptr};
}
napi_property_descriptor method(const char* name, napi_callback cb) {
  return {name, nullptr, cb, nullptr, nullptr, nullptr, napi_default, nullptr};
}
}  // namespace

Napi::Function TensorWrap::define(Napi::Env env) {
  const napi_property_descriptor props[] = {
      getter("shape", call<shape>),
      getter("dtype", call<dtype>),
      getter("device", call<device>),
      getter("layout", call<layout>),
      getter("nbytes", call<nbytes>),
      getter("disposed", call<is_disposed>),
      getter("storageRefs", call<storage_refs>),
      method("dispose", call<dispose>),
      method("share", call<share>),
      method("sameStorage", call<same_storage>),
      method("describe", call<describe>),
  };
  napi_value ctor = nullptr;
  napi_status status = napi_define_class(env, "NativeTensor", NAPI_AUTO_LENGTH, construct, nullptr,
                                         sizeof(props) / sizeof(props[0]), props, &ctor);
  NAPI_THROW_IF_FAILED(env, status, Napi::Function());
  Napi::Function fn(env, ctor);
  env.SetInstanceData<InstanceData>(new InstanceData{Napi::Persistent(fn)});
  return fn;
}

TensorWrap::TensorWrap(napi_env env, Tensor t) : env_(env), tensor_(std::move(t)) {
  reported_ = tensor_.defined() ? int64_t(tensor_.nbytes()) : 0;
  int64_t total = 0;
  if (reported_ > 0) napi_adjust_external_memory(env_, reported_, &total);
}

// Runs from dispose(), from the garbage collector's finalizer, or when the environment is torn
// down (a Worker ended): the raw call, whose failure is ignored, never throws out of a destructor.
TensorWrap::~TensorWrap() {
  int64_t total = 0;
  if (reported_ > 0) napi_adjust_external_memory(env_, -reported_, &total);
}

Napi::Object TensorWrap::wrap(Napi::Env env, Tensor t) {
  Napi::Object obj = constructor(env).New({});
  auto* w = new TensorWrap(env, std::move(t));
  // No napi_ref asked for: Node's reference to the wrap is then deleted with the wrap (dispose) or
  // after the finalizer.
  napi_status status = napi_wrap(env, obj, w, finalize, nullptr, nullptr);
  if (status != napi_ok) {
    delete w;
    NAPI_THROW_IF_FAILED(env, status, Napi::Object());
  }
  return obj;
}

bool TensorWrap::is(Napi::Env env, const Napi::Value& v) {
  if (!v.IsObject()) return false;
  return v.As<Napi::Object>().InstanceOf(constructor(env).Value());
}

const Tensor* TensorWrap::live(Napi::Env env, const Napi::Value& v) {
  TensorWrap* w = unwrap(env, v);
  return w == nullptr ? nullptr : &w->tensor();
}

Napi::Array tensor_tuple(Napi::Env env, std::initializer_list<Tensor> ts) {
  Napi::Array a = Napi::Array::New(env, ts.size());
  uint32_t i = 0;
  for (const Tensor& t : ts) a.Set(i++, t.defined() ? Napi::Value(TensorWrap::wrap(env, t)) : env.Null());
  return a;
}

}  // namespace mssar::binding
