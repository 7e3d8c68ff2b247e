// Loader entries. Batches are made by native worker threads (native/data/loader.h); the JavaScript
// thread only waits on a promise, resolved from the libuv pool once the next batch is ready.
//   dataLoaderCreate(dataset, transform, batchSize, shuffle, dropLast, seed, workers, prefetch,
//                    onError, fastDecode) -> handle
//   dataLoaderInfo(loader) -> { batches, shape: [C, H, W], skipped }
//   dataLoaderStart(loader, epoch)
//   dataLoaderNext(loader) -> Promise<{ images, labels, index } | null>  (null: end of epoch or cancelled)
//   dataLoaderCancel(loader)
//   dataTransformSample(dataset, transform, index, seed, epoch, fastDecode)
//       -> { image: Float32Array (CHW), shape, label, rect: [x0, y0, x1, y1], flipped, sourceShape: [H, W], decodeScale }
//   dataDrawSeed() -> a seed from the global generator (advances it)
#include "../native/core/philox.h"
#include "../native/core/random.h"
#include "../native/data/pipeline.h"
#include "data_common.h"
#include "registry.h"
#include "tensor_wrap.h"

namespace mssar::binding {

namespace {

Napi::Value loader_create(const Napi::CallbackInfo& info) {
  Args a(info, "dataLoaderCreate", 12);
  std::shared_ptr<data::Dataset> ds = dataset_arg(info, a, 0);
  auto transform = std::make_shared<data::Transform>(transform_arg(info, a, 1, "transform"));
  data::LoaderOptions o;
  o.batch_size = a.integer_at_least(2, "batchSize", 1);
  o.shuffle = a.boolean(3, "shuffle");
  o.drop_last = a.boolean(4, "dropLast");
  o.seed = uint64_t(a.integer_at_least(5, "seed", 0));
  o.workers = int(a.integer_at_least(6, "workers", 1));
  o.prefetch = int(a.integer_at_least(7, "prefetch", 1));
  o.on_error = on_error_arg(a, 8, "onError");
  o.fast_decode = a.boolean(9, "fastDecode");
  o.shard_rank = a.integer_at_least(10, "shardRank", 0);
  o.shard_count = a.integer_at_least(11, "shardCount", 1);
  if (o.shard_rank >= o.shard_count) a.fail(10, "shardRank", "less than shardCount");
  if (o.shard_count > 1 << 20 || o.batch_size > (int64_t(1) << 40) / o.shard_count) a.fail(11, "shardCount", "at most 2^20, with batchSize * shardCount at most 2^40");
  return wrap_loader(info.Env(), std::make_shared<data::Loader>(ds, transform, o));
}
MSSAR_BIND("dataLoaderCreate", loader_create)

Napi::Value loader_info(const Napi::CallbackInfo& info) {
  Args a(info, "dataLoaderInfo", 1);
  std::shared_ptr<data::Loader> l = loader_arg(info, a, 0);
  Napi::Env env = info.Env();
  Napi::Object o = Napi::Object::New(env);
  o.Set("batches", double(l->batches_per_epoch()));
  const auto& s = l->image_shape();
  o.Set("shape", shape_to_js(env, Shape{s[0], s[1], s[2]}));
  o.Set("skipped", double(l->skipped()));
  return o;
}
MSSAR_BIND("dataLoaderInfo", loader_info)

Napi::Value loader_start(const Napi::CallbackInfo& info) {
  Args a(info, "dataLoaderStart", 2);
  std::shared_ptr<data::Loader> l = loader_arg(info, a, 0);
  l->start(a.integer_at_least(1, "epoch", 0));
  return info.Env().Undefined();
}
MSSAR_BIND("dataLoaderStart", loader_start)

Napi::Value loader_cancel(const Napi::CallbackInfo& info) {
  Args a(info, "dataLoaderCancel", 1);
  loader_arg(info, a, 0)->cancel();
  return info.Env().Undefined();
}
MSSAR_BIND("dataLoaderCancel", loader_cancel)

// Waits for the next batch on a libuv pool thread.
class NextBatch : public Napi::AsyncWorker {
 public:
  NextBatch(Napi::Env env, std::shared_ptr<data::Loader> loader)
      : Napi::AsyncWorker(env, "mssar.dataLoaderNext"), loader_(std::move(loader)), deferred_(env) {}
  Napi::Promise promise() const { return deferred_.Promise(); }

 protected:
  void Execute() override {
    try {
      got_ = loader_->next(batch_);
    } catch (const std::bad_alloc&) {
      SetError("loader: out of host memory");
    } catch (const std::exception& e) {
      SetError(e.what());
    }
  }
  void OnOK() override {
    Napi::Env env = Env();
    if (!got_) {
      deferred_.Resolve(env.Null());
      return;
    }
    Napi::Object o = Napi::Object::New(env);
    o.Set("images", TensorWrap::wrap(env, std::move(batch_.images)));
    o.Set("labels", TensorWrap::wrap(env, std::move(batch_.labels)));
    o.Set("index", double(batch_.index));
    deferred_.Resolve(o);
  }
  void OnError(const Napi::Error& e) override { deferred_.Reject(e.Value()); }

 private:
  std::shared_ptr<data::Loader> loader_;
  Napi::Promise::Deferred deferred_;
  data::Batch batch_;
  bool got_ = false;
};

Napi::Value loader_next(const Napi::CallbackInfo& info) {
  Args a(info, "dataLoaderNext", 1);
  auto* worker = new NextBatch(info.Env(), loader_arg(info, a, 0));
  Napi::Promise p = worker->promise();
  worker->Queue();
  return p;
}
MSSAR_BIND("dataLoaderNext", loader_next)

Napi::Value transform_sample(const Napi::CallbackInfo& info) {
  Args a(info, "dataTransformSample", 6);
  std::shared_ptr<data::Dataset> ds = dataset_arg(info, a, 0);
  data::Transform tf(transform_arg(info, a, 1, "transform"));
  const int64_t index = a.integer(2, "index");
  if (index < 0 || index >= ds->size())
    throw Napi::RangeError::New(info.Env(), "dataTransformSample: index " + std::to_string(index) +
                                                " out of range [0, " + std::to_string(ds->size()) + ") of " + ds->kind());
  const uint64_t seed = uint64_t(a.integer_at_least(3, "seed", 0));
  const uint64_t epoch = uint64_t(a.integer_at_least(4, "epoch", 0));
  const bool fast = a.boolean(5, "fastDecode");
  tf.output_shape(ds->sample_shape());  // checks normalization against the channels
  data::PipelineScratch s;
  data::SampleInfo si = data::render_sample(*ds, tf, index, seed, epoch, fast, s);
  Napi::Env env = info.Env();
  const data::Image& img = s.rendered;
  Napi::Float32Array out = Napi::Float32Array::New(env, img.bytes());
  tf.finish(img, out.Data());
  Napi::Object o = Napi::Object::New(env);
  o.Set("image", out);
  o.Set("shape", shape_to_js(env, Shape{img.c, img.h, img.w}));
  o.Set("label", si.label);
  const auto r = si.geometry.rect();
  Napi::Array rect = Napi::Array::New(env, 4);
  for (uint32_t k = 0; k < 4; ++k) rect.Set(k, r[k]);
  o.Set("rect", rect);
  o.Set("flipped", si.geometry.flipped);
  o.Set("sourceShape", shape_to_js(env, Shape{si.source_h, si.source_w}));
  o.Set("decodeScale", double(si.decode_scale.num) / double(si.decode_scale.denom));
  return o;
}
MSSAR_BIND("dataTransformSample", transform_sample)

Napi::Value draw_seed(const Napi::CallbackInfo& info) {
  Args a(info, "dataDrawSeed", 0);
  const RngState st = rng_state();
  const uint64_t offset = rng_reserve(1);
  const Philox4 r = philox4(st.seed, offset, 0);
  // 53 bits, so that the seed survives a JavaScript number.
  const uint64_t seed = ((uint64_t(r.v[0]) << 32) | r.v[1]) & ((uint64_t(1) << 53) - 1);
  return Napi::Number::New(info.Env(), double(seed));
}
MSSAR_BIND("dataDrawSeed", draw_seed)

}  // namespace

}  // namespace mssar::binding
