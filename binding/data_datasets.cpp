// Dataset entries: open the standard datasets, read their metadata and single samples.
//   dataCifar(path, variant: 10|100, split: 'train'|'test', labels: 'fine'|'coarse', onError) -> handle
//   dataIdx(dir, fashion: boolean, split: 'train'|'test', onError) -> handle
//   dataImageFolder(dir, onError) -> handle
//   dataImagenet(dir, split: 'train'|'val', labelsFile: string|null, onError) -> handle
//   datasetInfo(handle) -> { kind, length, classes, shape: [C, H, W] (H, W = -1 when they vary), skipped }
//   datasetGet(handle, index) -> { image: Uint8Array (CHW), label, shape: [C, H, W], path }
//   dataSubset(handle, indices: Int32Array) -> handle (the samples at those indices, in that order)
#include "../native/data/cifar.h"
#include "../native/data/idx.h"
#include "../native/data/image_folder.h"
#include "../native/data/pipeline.h"
#include "../native/data/subset.h"
#include "data_common.h"
#include "registry.h"

namespace mssar::binding {

namespace {

bool split_arg(const Args& a, size_t i, const char* train, const char* other) {
  std::string s = a.string(i, "split");
  if (s == train) return true;
  if (s == other) return false;
  a.fail(i, "split", std::string("'") + train + "' or '" + other + "'");
}

Napi::Value data_cifar(const Napi::CallbackInfo& info) {
  Args a(info, "dataCifar", 5);
  data::CifarOptions o;
  const std::string path = a.string(0, "path");
  o.variant = int(a.integer(1, "variant"));
  if (o.variant != 10 && o.variant != 100) a.fail(1, "variant", "10 or 100");
  o.train = split_arg(a, 2, "train", "test");
  const std::string labels = a.string(3, "labels");
  if (labels != "fine" && labels != "coarse") a.fail(3, "labels", "'fine' or 'coarse'");
  o.coarse = labels == "coarse";
  o.on_error = on_error_arg(a, 4, "onError");
  return wrap_dataset(info.Env(), data::open_cifar(path, o));
}
MSSAR_BIND("dataCifar", data_cifar)

Napi::Value data_idx(const Napi::CallbackInfo& info) {
  Args a(info, "dataIdx", 4);
  data::IdxOptions o;
  const std::string dir = a.string(0, "dir");
  o.fashion = a.boolean(1, "fashion");
  o.train = split_arg(a, 2, "train", "test");
  o.on_error = on_error_arg(a, 3, "onError");
  return wrap_dataset(info.Env(), data::open_idx(dir, o));
}
MSSAR_BIND("dataIdx", data_idx)

Napi::Value data_image_folder(const Napi::CallbackInfo& info) {
  Args a(info, "dataImageFolder", 2);
  return wrap_dataset(info.Env(), data::open_image_folder(a.string(0, "dir"), on_error_arg(a, 1, "onError")));
}
MSSAR_BIND("dataImageFolder", data_image_folder)

Napi::Value data_imagenet(const Napi::CallbackInfo& info) {
  Args a(info, "dataImagenet", 4);
  data::ImagenetOptions o;
  const std::string dir = a.string(0, "dir");
  o.train = split_arg(a, 1, "train", "val");
  if (a.present(2)) o.labels_file = a.string(2, "labelsFile");
  o.on_error = on_error_arg(a, 3, "onError");
  return wrap_dataset(info.Env(), data::open_imagenet(dir, o));
}
MSSAR_BIND("dataImagenet", data_imagenet)

Napi::Value dataset_info(const Napi::CallbackInfo& info) {
  Args a(info, "datasetInfo", 1);
  std::shared_ptr<data::Dataset> ds = dataset_arg(info, a, 0);
  Napi::Env env = info.Env();
  Napi::Object o = Napi::Object::New(env);
  o.Set("kind", ds->kind());
  o.Set("length", double(ds->size()));
  Napi::Array classes = Napi::Array::New(env, ds->classes().size());
  for (size_t i = 0; i < ds->classes().size(); ++i) classes.Set(uint32_t(i), ds->classes()[i]);
  o.Set("classes", classes);
  const auto& s = ds->sample_shape();
  o.Set("shape", shape_to_js(env, Shape{s[0], s[1], s[2]}));
  o.Set("skipped", double(ds->skipped()));
  return o;
}
MSSAR_BIND("datasetInfo", dataset_info)

Napi::Value dataset_get(const Napi::CallbackInfo& info) {
  Args a(info, "datasetGet", 2);
  std::shared_ptr<data::Dataset> ds = dataset_arg(info, a, 0);
  const int64_t i = a.integer(1, "index");
  if (i < 0 || i >= ds->size())
    throw Napi::RangeError::New(info.Env(), "datasetGet: index " + std::to_string(i) + " out of range [0, " +
                                                std::to_string(ds->size()) + ") of " + ds->kind());
  data::RawSample raw;
  data::Image img;
  data::load_decoded(*ds, i, raw, img);
  Napi::Env env = info.Env();
  Napi::Uint8Array out = Napi::Uint8Array::New(env, img.bytes());
  const size_t plane = size_t(img.h) * size_t(img.w);
  uint8_t* dst = out.Data();
  for (size_t p = 0; p < plane; ++p)
    for (int c = 0; c < img.c; ++c) dst[size_t(c) * plane + p] = img.pixels[p * size_t(img.c) + size_t(c)];
  Napi::Object o = Napi::Object::New(env);
  o.Set("image", out);
  o.Set("label", raw.label);
  o.Set("shape", shape_to_js(env, Shape{img.c, img.h, img.w}));
  o.Set("path", raw.path);
  return o;
}
MSSAR_BIND("datasetGet", dataset_get)

Napi::Value data_subset(const Napi::CallbackInfo& info) {
  Args a(info, "dataSubset", 2);
  std::shared_ptr<data::Dataset> ds = dataset_arg(info, a, 0);
  if (!info[1].IsTypedArray() || info[1].As<Napi::TypedArray>().TypedArrayType() != napi_int32_array)
    a.fail(1, "indices", "an Int32Array");
  Napi::Int32Array idx = info[1].As<Napi::Int32Array>();
  std::vector<int64_t> indices(idx.Data(), idx.Data() + idx.ElementLength());
  return wrap_dataset(info.Env(), std::make_shared<data::SubsetDataset>(ds, std::move(indices)));
}
MSSAR_BIND("dataSubset", data_subset)

}  // namespace

}  // namespace mssar::binding
