// Binding entries that make, convert and read tensors.
#include <cstring>

#include "../native/core/dtype_dispatch.h"
#include "../native/ops/create.h"
#include "../native/ops/layout.h"
#include "args.h"
#include "registry.h"
#include "tensor_wrap.h"

namespace mssar::binding {

namespace {

template <class Src, class Dst>
void convert(const Src* src, Dst* dst, size_t n) {
  for (size_t i = 0; i < n; ++i) dst[i] = Dst(src[i]);
}

// fromArray(data: Float32Array|Float64Array|Int32Array|BigInt64Array|Uint8Array, shape, dtype, device)
Napi::Value from_array(const Napi::CallbackInfo& info) {
  Args a(info, "fromArray", 4);
  if (!info[0].IsTypedArray()) a.fail(0, "data", "a Float32Array, Float64Array, Int32Array, BigInt64Array or Uint8Array");
  Napi::TypedArray arr = info[0].As<Napi::TypedArray>();
  Shape shape = a.shape(1, "shape");
  DType dtype = a.dtype(2, "dtype");
  Device device = a.device(3, "device");
  size_t n = size_t(numel(shape));
  if (arr.ElementLength() != n)
    throw Napi::RangeError::New(info.Env(), "fromArray: data has " + std::to_string(arr.ElementLength()) +
                                                " elements but shape " + shape_str(shape) + " needs " + std::to_string(n));
  Tensor host = Tensor::empty(shape, dtype, Device::CPU);
  const void* src = static_cast<const char*>(arr.ArrayBuffer().Data()) + arr.ByteOffset();
  dispatch_all(dtype, "fromArray", [&](auto tag_) {
    using scalar_t = decltype(tag_);
    scalar_t* dst = host.data<scalar_t>();
    switch (arr.TypedArrayType()) {
      case napi_float32_array: convert(static_cast<const float*>(src), dst, n); break;
      case napi_float64_array: convert(static_cast<const double*>(src), dst, n); break;
      case napi_int32_array: convert(static_cast<const int32_t*>(src), dst, n); break;
      case napi_bigint64_array: convert(static_cast<const int64_t*>(src), dst, n); break;
      case napi_uint8_array: convert(static_cast<const uint8_t*>(src), dst, n); break;
      default: a.fail(0, "data", "a Float32Array, Float64Array, Int32Array, BigInt64Array or Uint8Array");
    }
  });
  return TensorWrap::wrap(info.Env(), device == Device::CPU ? host : to_device(host, device));
}
MSSAR_BIND("fromArray", from_array)

// toArray(t) -> a typed array of t's dtype holding a copy of its elements in NCHW order; int64 as a
// Float64Array when every value is exact as a number (toBigInt64Array reads any), bool as Uint8Array.
Napi::Value to_array(const Napi::CallbackInfo& info) {
  Args a(info, "toArray", 1);
  Tensor t = to_plain(a.tensor(0, "t"));
  if (t.device() != Device::CPU) t = to_device(t, Device::CPU);
  size_t n = size_t(t.numel());
  Napi::Env env = info.Env();
  if (t.dtype() == DType::Int64) {
    Napi::Float64Array out = Napi::Float64Array::New(env, n);
    const int64_t* src = t.data<int64_t>();
    constexpr int64_t kExact = int64_t(1) << 53;
    for (size_t i = 0; i < n; ++i) {
      if (src[i] > kExact || src[i] < -kExact)
        throw Napi::RangeError::New(env, "toArray: element " + std::to_string(i) + " (" + std::to_string(src[i]) +
                                             ") of an int64 tensor is not exact as a number; use toBigInt64Array()");
      out[i] = double(src[i]);
    }
    return out;
  }
  Napi::ArrayBuffer buf = Napi::ArrayBuffer::New(env, n * dtype_size(t.dtype()));
  if (n) std::memcpy(buf.Data(), t.raw(), n * dtype_size(t.dtype()));
  switch (t.dtype()) {
    case DType::Float32: return Napi::Float32Array::New(env, n, buf, 0);
    case DType::Float64: return Napi::Float64Array::New(env, n, buf, 0);
    case DType::Int32: return Napi::Int32Array::New(env, n, buf, 0);
    case DType::Bool: return Napi::Uint8Array::New(env, n, buf, 0);
    case DType::Int64: break;
  }
  return env.Undefined();
}
MSSAR_BIND("toArray", to_array)

// toBigInt64Array(t) -> the elements of an int64 tensor, exactly.
Napi::Value to_big_int64_array(const Napi::CallbackInfo& info) {
  Args a(info, "toBigInt64Array", 1);
  Tensor t = a.tensor(0, "t");
  if (t.dtype() != DType::Int64)
    throw Napi::TypeError::New(info.Env(), "toBigInt64Array: the tensor is " + t.describe() + ", not int64 (cast it first)");
  if (t.device() != Device::CPU) t = to_device(t, Device::CPU);
  const size_t n = size_t(t.numel());
  Napi::ArrayBuffer buf = Napi::ArrayBuffer::New(info.Env(), n * 8);
  if (n) std::memcpy(buf.Data(), t.raw(), n * 8);
  return Napi::TypedArrayOf<int64_t>::New(info.Env(), n, buf, 0, napi_bigint64_array);
}
MSSAR_BIND("toBigInt64Array", to_big_int64_array)

// full(shape, value, dtype, device)
Napi::Value full_entry(const Napi::CallbackInfo& info) {
  Args a(info, "full", 4);
  return TensorWrap::wrap(info.Env(), full(a.shape(0, "shape"), a.number(1, "value"), a.dtype(2, "dtype"),
                                           a.device(3, "device")));
}
MSSAR_BIND("full", full_entry)

// randUniform(shape, low, high, dtype, device)
Napi::Value rand_uniform_entry(const Napi::CallbackInfo& info) {
  Args a(info, "randUniform", 5);
  return TensorWrap::wrap(info.Env(), rand_uniform(a.shape(0, "shape"), a.number(1, "low"), a.number(2, "high"),
                                                   a.dtype(3, "dtype"), a.device(4, "device")));
}
MSSAR_BIND("randUniform", rand_uniform_entry)

// randNormal(shape, mean, std, dtype, device)
Napi::Value rand_normal_entry(const Napi::CallbackInfo& info) {
  Args a(info, "randNormal", 5);
  return TensorWrap::wrap(info.Env(), rand_normal(a.shape(0, "shape"), a.number(1, "mean"), a.number(2, "std"),
                                                  a.dtype(3, "dtype"), a.device(4, "device")));
}
MSSAR_BIND("randNormal", rand_normal_entry)

// cast(t, dtype)
Napi::Value cast_entry(const Napi::CallbackInfo& info) {
  Args a(info, "cast", 2);
  return TensorWrap::wrap(info.Env(), cast(to_plain(a.tensor(0, "t")), a.dtype(1, "dtype")));
}
MSSAR_BIND("cast", cast_entry)

// toDevice(t, device)
Napi::Value to_device_entry(const Napi::CallbackInfo& info) {
  Args a(info, "toDevice", 2);
  return TensorWrap::wrap(info.Env(), to_device(a.tensor(0, "t"), a.device(1, "device")));
}
MSSAR_BIND("toDevice", to_device_entry)

// toLayout(t, layout)
Napi::Value to_layout_entry(const Napi::CallbackInfo& info) {
  Args a(info, "toLayout", 2);
  return TensorWrap::wrap(info.Env(), to_layout(a.tensor(0, "t"), a.layout(1, "layout")));
}
MSSAR_BIND("toLayout", to_layout_entry)

// reshape(t, shape): shares storage with t
Napi::Value reshape_entry(const Napi::CallbackInfo& info) {
  Args a(info, "reshape", 2);
  return TensorWrap::wrap(info.Env(), to_plain(a.tensor(0, "t")).reshape(a.shape(1, "shape")));
}
MSSAR_BIND("reshape", reshape_entry)

// clone(t): a new storage with the same contents
Napi::Value clone_entry(const Napi::CallbackInfo& info) {
  Args a(info, "clone", 1);
  return TensorWrap::wrap(info.Env(), clone(a.tensor(0, "t")));
}
MSSAR_BIND("clone", clone_entry)

// accumulate(dst, src): dst += src in place
Napi::Value accumulate_entry(const Napi::CallbackInfo& info) {
  Args a(info, "accumulate", 2);
  Tensor dst = a.tensor(0, "dst");
  accumulate_(dst, a.tensor(1, "src"));
  return info.Env().Undefined();
}
MSSAR_BIND("accumulate", accumulate_entry)

}  // namespace

}  // namespace mssar::binding
