#include "data_common.h"

#include <cmath>
#include <cstring>

namespace mssar::binding {

namespace {

// Random 128-bit tags: a handle of one kind is never taken for the other or for a foreign external.
const napi_type_tag kDatasetTag = {0x6d737361722d6461ULL, 0x7461736574000001ULL};
const napi_type_tag kLoaderTag = {0x6d737361722d6c6fULL, 0x6164657200000001ULL};

struct DatasetHolder {
  std::shared_ptr<data::Dataset> ds;
};
struct LoaderHolder {
  std::shared_ptr<data::Loader> loader;
};

std::string step_where(const Args& a, const char* name, uint32_t k) {
  return std::string(a.entry()) + ": " + name + " step " + std::to_string(k);
}

[[noreturn]] void step_fail(const Args& a, const char* name, uint32_t k, const std::string& what) {
  throw Napi::TypeError::New(a.env(), step_where(a, name, k) + ": " + what);
}

double number_field(const Args& a, const char* name, uint32_t k, const Napi::Object& o, const char* field) {
  Napi::Value v = o.Get(field);
  if (!v.IsNumber() || !std::isfinite(v.As<Napi::Number>().DoubleValue()))
    step_fail(a, name, k, std::string("expected ") + field + " to be a finite number, got " + js_type_name(v));
  return v.As<Napi::Number>().DoubleValue();
}

int int_field(const Args& a, const char* name, uint32_t k, const Napi::Object& o, const char* field) {
  double v = number_field(a, name, k, o, field);
  if (v != std::floor(v) || std::fabs(v) > 1e6)
    step_fail(a, name, k, std::string("expected ") + field + " to be an integer, got " + std::to_string(v));
  return int(v);
}

std::vector<double> numbers_field(const Args& a, const char* name, uint32_t k, const Napi::Object& o,
                                  const char* field, size_t min_len, size_t max_len) {
  Napi::Value v = o.Get(field);
  if (!v.IsArray()) step_fail(a, name, k, std::string("expected ") + field + " to be an array, got " + js_type_name(v));
  Napi::Array arr = v.As<Napi::Array>();
  if (arr.Length() < min_len || arr.Length() > max_len)
    step_fail(a, name, k, std::string("expected ") + field + " to have " + std::to_string(min_len) +
                              (min_len == max_len ? "" : " to " + std::to_string(max_len)) + " elements, got " +
                              std::to_string(arr.Length()));
  std::vector<double> out;
  for (uint32_t j = 0; j < arr.Length(); ++j) {
    Napi::Value e = arr.Get(j);
    if (!e.IsNumber() || !std::isfinite(e.As<Napi::Number>().DoubleValue()))
      step_fail(a, name, k, std::string("expected ") + field + " to hold finite numbers, got " + js_type_name(e));
    out.push_back(e.As<Napi::Number>().DoubleValue());
  }
  return out;
}

void size_field(const Args& a, const char* name, uint32_t k, const Napi::Object& o, data::TransformStep& s) {
  std::vector<double> hw = numbers_field(a, name, k, o, "size", 2, 2);
  for (double d : hw)
    if (d != std::floor(d) || d < 0 || d > 1e5)
      step_fail(a, name, k, "expected size to be [height, width] integers, got " + std::to_string(d));
  s.height = int(hw[0]);
  s.width = int(hw[1]);
}

}  // namespace

Napi::Value wrap_dataset(Napi::Env env, std::shared_ptr<data::Dataset> ds) {
  auto* holder = new DatasetHolder{std::move(ds)};
  Napi::External<DatasetHolder> ext =
      Napi::External<DatasetHolder>::New(env, holder, [](Napi::Env, DatasetHolder* h) { delete h; });
  ext.TypeTag(&kDatasetTag);
  return ext;
}

std::shared_ptr<data::Dataset> dataset_arg(const Napi::CallbackInfo& info, const Args& a, size_t i) {
  if (i >= info.Length() || !info[i].IsExternal() || !info[i].As<Napi::External<DatasetHolder>>().CheckTypeTag(&kDatasetTag))
    a.fail(i, "dataset", "a native dataset handle");
  return info[i].As<Napi::External<DatasetHolder>>().Data()->ds;
}

Napi::Value wrap_loader(Napi::Env env, std::shared_ptr<data::Loader> loader) {
  auto* holder = new LoaderHolder{std::move(loader)};
  // The finalizer cancels (joins the workers) before the loader goes, when the last reference is this one.
  Napi::External<LoaderHolder> ext =
      Napi::External<LoaderHolder>::New(env, holder, [](Napi::Env, LoaderHolder* h) { delete h; });
  ext.TypeTag(&kLoaderTag);
  return ext;
}

std::shared_ptr<data::Loader> loader_arg(const Napi::CallbackInfo& info, const Args& a, size_t i) {
  if (i >= info.Length() || !info[i].IsExternal() || !info[i].As<Napi::External<LoaderHolder>>().CheckTypeTag(&kLoaderTag))
    a.fail(i, "loader", "a native loader handle");
  return info[i].As<Napi::External<LoaderHolder>>().Data()->loader;
}

data::OnError on_error_arg(const Args& a, size_t i, const char* name) {
  std::string s = a.string(i, name);
  if (s == "raise") return data::OnError::Raise;
  if (s == "skip") return data::OnError::Skip;
  a.fail(i, name, "'raise' or 'skip'");
}

std::vector<data::TransformStep> transform_arg(const Napi::CallbackInfo& info, const Args& a, size_t i,
                                               const char* name) {
  if (i >= info.Length() || !info[i].IsArray()) a.fail(i, name, "an array of transform steps");
  Napi::Array arr = info[i].As<Napi::Array>();
  std::vector<data::TransformStep> steps;
  for (uint32_t k = 0; k < arr.Length(); ++k) {
    Napi::Value v = arr.Get(k);
    if (!v.IsObject()) step_fail(a, name, k, "expected an object, got " + js_type_name(v));
    Napi::Object o = v.As<Napi::Object>();
    Napi::Value kind_v = o.Get("kind");
    if (!kind_v.IsString()) step_fail(a, name, k, "expected a string kind, got " + js_type_name(kind_v));
    const std::string kind = kind_v.As<Napi::String>().Utf8Value();
    data::TransformStep s;
    if (kind == "randomCrop") {
      s.kind = data::StepKind::RandomCrop;
      size_field(a, name, k, o, s);
      s.padding = int_field(a, name, k, o, "padding");
    } else if (kind == "centerCrop") {
      s.kind = data::StepKind::CenterCrop;
      size_field(a, name, k, o, s);
    } else if (kind == "resize") {
      s.kind = data::StepKind::Resize;
      size_field(a, name, k, o, s);
    } else if (kind == "randomResizedCrop") {
      s.kind = data::StepKind::RandomResizedCrop;
      size_field(a, name, k, o, s);
      std::vector<double> scale = numbers_field(a, name, k, o, "scale", 2, 2);
      std::vector<double> ratio = numbers_field(a, name, k, o, "ratio", 2, 2);
      s.scale_lo = scale[0];
      s.scale_hi = scale[1];
      s.ratio_lo = ratio[0];
      s.ratio_hi = ratio[1];
    } else if (kind == "horizontalFlip") {
      s.kind = data::StepKind::HorizontalFlip;
      s.p = number_field(a, name, k, o, "p");
    } else if (kind == "toFloat") {
      s.kind = data::StepKind::ToFloat;
    } else if (kind == "normalize") {
      s.kind = data::StepKind::Normalize;
      s.mean = numbers_field(a, name, k, o, "mean", 1, 64);
      s.std = numbers_field(a, name, k, o, "std", 1, 64);
    } else {
      step_fail(a, name, k,
                "unknown kind '" + kind +
                    "' (expected randomCrop, centerCrop, resize, randomResizedCrop, horizontalFlip, toFloat or "
                    "normalize)");
    }
    steps.push_back(std::move(s));
  }
  return steps;
}

Napi::Uint8Array bytes_to_js(Napi::Env env, const uint8_t* data, size_t n) {
  Napi::Uint8Array out = Napi::Uint8Array::New(env, n);
  if (n) std::memcpy(out.Data(), data, n);
  return out;
}

}  // namespace mssar::binding
