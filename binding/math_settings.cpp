// setTF32(on), getTF32(): TF32 tensor-core math for float32 convolutions and matrix products on
// CUDA (on by default; float64 never uses it). Both throw why CUDA is unavailable, when it is.
// dnnlCacheStats(): how many oneDNN primitives the CPU caches built, and how often they were asked.
#include "../native/core/cuda_math.h"
#include "../native/cpu/dnnl_context.h"
#include "args.h"
#include "registry.h"

namespace mssar::binding {

namespace {

Napi::Value set_tf32(const Napi::CallbackInfo& info) {
  Args a(info, "setTF32", 1);
  set_cuda_tf32(a.boolean(0, "on"));
  return info.Env().Undefined();
}
MSSAR_BIND("setTF32", set_tf32)

Napi::Value get_tf32(const Napi::CallbackInfo& info) {
  Args a(info, "getTF32", 0);
  return Napi::Boolean::New(info.Env(), cuda_tf32());
}
MSSAR_BIND("getTF32", get_tf32)

Napi::Value dnnl_cache_stats_entry(const Napi::CallbackInfo& info) {
  Args a(info, "dnnlCacheStats", 0);
  cpu::DnnlCacheStats s = cpu::dnnl_cache_stats();
  Napi::Object o = Napi::Object::New(info.Env());
  o.Set("built", double(s.built));
  o.Set("lookups", double(s.lookups));
  return o;
}
MSSAR_BIND("dnnlCacheStats", dnnl_cache_stats_entry)

}  // namespace

}  // namespace mssar::binding
