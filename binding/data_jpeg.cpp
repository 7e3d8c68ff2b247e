// JPEG helpers for fixtures and benchmarks (libjpeg-turbo):
//   encodeJpeg(pixels: Uint8Array (HWC), width, height, channels: 1|3|4, quality) -> Uint8Array (4: CMYK)
//   decodeJpeg(bytes: Uint8Array) -> { data: Uint8Array (HWC, RGB), width, height }
#include "../native/data/jpeg.h"
#include "data_common.h"
#include "registry.h"

namespace mssar::binding {

namespace {

Napi::Value encode_jpeg(const Napi::CallbackInfo& info) {
  Args a(info, "encodeJpeg", 5);
  if (!info[0].IsTypedArray() || info[0].As<Napi::TypedArray>().TypedArrayType() != napi_uint8_array)
    a.fail(0, "pixels", "a Uint8Array");
  Napi::Uint8Array px = info[0].As<Napi::Uint8Array>();
  const int64_t w = a.integer_at_least(1, "width", 1), h = a.integer_at_least(2, "height", 1);
  const int64_t c = a.integer_at_least(3, "channels", 1);
  const int64_t q = a.integer_at_least(4, "quality", 1);
  if (c != 1 && c != 3 && c != 4) a.fail(3, "channels", "1, 3 or 4");
  if (q > 100) a.fail(4, "quality", "an integer in 1..100");
  if (w > 65500 || h > 65500) a.fail(1, "width", "a size of at most 65500 x 65500");
  if (px.ElementLength() != size_t(w * h * c))
    throw Napi::RangeError::New(info.Env(), "encodeJpeg: pixels has " + std::to_string(px.ElementLength()) +
                                                " bytes but " + std::to_string(w) + "x" + std::to_string(h) + "x" +
                                                std::to_string(c) + " needs " + std::to_string(w * h * c));
  std::vector<uint8_t> out = data::jpeg_encode(px.Data(), int(w), int(h), int(c), int(q));
  return bytes_to_js(info.Env(), out.data(), out.size());
}
MSSAR_BIND("encodeJpeg", encode_jpeg)

Napi::Value decode_jpeg(const Napi::CallbackInfo& info) {
  Args a(info, "decodeJpeg", 1);
  if (!info[0].IsTypedArray() || info[0].As<Napi::TypedArray>().TypedArrayType() != napi_uint8_array)
    a.fail(0, "bytes", "a Uint8Array");
  Napi::Uint8Array b = info[0].As<Napi::Uint8Array>();
  const data::JpegHeader h = data::jpeg_header(b.Data(), b.ElementLength(), "decodeJpeg");
  data::Image img;
  data::jpeg_decode(b.Data(), b.ElementLength(), h, data::JpegScale{}, img, "decodeJpeg");
  Napi::Env env = info.Env();
  Napi::Object o = Napi::Object::New(env);
  o.Set("data", bytes_to_js(env, img.pixels.data(), img.pixels.size()));
  o.Set("width", img.w);
  o.Set("height", img.h);
  return o;
}
MSSAR_BIND("decodeJpeg", decode_jpeg)

Napi::Value set_max_image_pixels(const Napi::CallbackInfo& info) {
  Args a(info, "setMaxImagePixels", 1);
  data::set_jpeg_max_pixels(a.integer(0, "maxPixels"));
  return info.Env().Undefined();
}
MSSAR_BIND("setMaxImagePixels", set_max_image_pixels)

Napi::Value get_max_image_pixels(const Napi::CallbackInfo& info) {
  Args a(info, "getMaxImagePixels", 0);
  return Napi::Number::New(info.Env(), double(data::jpeg_max_pixels()));
}
MSSAR_BIND("getMaxImagePixels", get_max_image_pixels)

}  // namespace

}  // namespace mssar::binding
