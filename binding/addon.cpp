// The addon's entry point: the tensor class and every registered entry.
#include <napi.h>

#include "registry.h"
#include "tensor_wrap.h"

namespace {

Napi::Object init(Napi::Env env, Napi::Object exports) {
  exports.Set("NativeTensor", mssar::binding::TensorWrap::define(env));
  mssar::binding::export_entries(env, exports);
  return exports;
}

}  // namespace

NODE_API_MODULE(mssar, init)
