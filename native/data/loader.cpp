#include "loader.h"

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <new>
#include <set>

#include "pipeline.h"

namespace mssar::data {

std::vector<int64_t> epoch_order(int64_t n, bool shuffle, uint64_t seed, uint64_t epoch) {
  std::vector<int64_t> order(size_t(std::max<int64_t>(n, 0)));
  for (int64_t i = 0; i < n; ++i) order[size_t(i)] = i;
  if (!shuffle) return order;
  SampleRng rng(seed, epoch, 0, RngPurpose::Shuffle);
  for (int64_t i = n - 1; i > 0; --i) {
    int64_t j;
    if (i + 1 <= int64_t(1) << 32) {
      j = rng.below(i + 1);
    } else {
      const uint64_t wide = (uint64_t(rng.next_u32()) << 32) | rng.next_u32();
      j = int64_t(wide % uint64_t(i + 1));
    }
    std::swap(order[size_t(i)], order[size_t(j)]);
  }
  return order;
}

namespace {

// Live loaders, so that a process exiting in the middle of an epoch (process.exit()) first stops
// their workers: exit() runs the library's static destructors, which the workers must not outlive.
// Never destroyed itself, for the same reason.
struct LiveLoaders {
  std::mutex mu;
  std::set<Loader*> loaders;
};
LiveLoaders& live_loaders() {
  static LiveLoaders* live = new LiveLoaders();
  return *live;
}
void cancel_all_at_exit() {
  LiveLoaders& live = live_loaders();
  std::lock_guard<std::mutex> lock(live.mu);
  for (Loader* l : live.loaders) l->cancel();
}
void track(Loader* l) {
  static std::once_flag once;
  std::call_once(once, [] { std::atexit(cancel_all_at_exit); });
  LiveLoaders& live = live_loaders();
  std::lock_guard<std::mutex> lock(live.mu);
  live.loaders.insert(l);
}
void untrack(Loader* l) {
  LiveLoaders& live = live_loaders();
  std::lock_guard<std::mutex> lock(live.mu);
  live.loaders.erase(l);
}

}  // namespace

Loader::Loader(std::shared_ptr<const Dataset> dataset, std::shared_ptr<const Transform> transform,
               LoaderOptions options)
    : dataset_(std::move(dataset)), transform_(std::move(transform)), options_(options) {
  MSSAR_CHECK(options_.batch_size >= 1, "loader: batchSize must be >= 1, got ", options_.batch_size);
  MSSAR_CHECK(options_.workers >= 1 && options_.workers <= 256, "loader: workers must be in 1..256, got ",
              options_.workers);
  MSSAR_CHECK(options_.prefetch >= 1 && options_.prefetch <= 1024, "loader: prefetch must be in 1..1024, got ",
              options_.prefetch);
  shape_ = transform_->output_shape(dataset_->sample_shape());
  if (shape_[1] < 0 || shape_[2] < 0)
    fail("loader: the images of ", dataset_->kind(),
         " differ in size and the transform does not give them one size; end it with a crop (randomResizedCrop, "
         "centerCrop, randomCrop) or a resize to [height, width]");
  // Chunks small enough for every worker to share a batch, large enough to keep locking rare.
  chunk_ = std::clamp<int64_t>((options_.batch_size + 2 * options_.workers - 1) / (2 * options_.workers), 1, 64);
  track(this);
}

Loader::~Loader() {
  untrack(this);
  cancel();
}

std::vector<int64_t> shard_order(const std::vector<int64_t>& order, int64_t batch, int64_t rank, int64_t count, bool drop_last) {
  const int64_t n = int64_t(order.size()), global = batch * count, full = n / global, m = n % global;
  std::vector<int64_t> out;
  out.reserve(size_t(full * batch + (m + count - 1) / count));
  for (int64_t k = 0; k < full; ++k) {
    const auto first = order.begin() + (k * global + rank * batch);
    out.insert(out.end(), first, first + batch);
  }
  if (m > 0 && !drop_last) {
    const int64_t base = m / count, extra = m % count;
    const int64_t begin = full * global + rank * base + std::min(rank, extra);
    const int64_t len = base + (rank < extra ? 1 : 0);
    out.insert(out.end(), order.begin() + begin, order.begin() + begin + len);
  }
  return out;
}

int64_t Loader::batches_per_epoch() const {
  const int64_t n = dataset_->size(), b = options_.batch_size, count = options_.shard_count;
  if (count == 1) return options_.drop_last ? n / b : (n + b - 1) / b;
  const int64_t global = b * count, m = n % global;
  // The rank's share of the last partial global batch (shard_order).
  const int64_t last = m / count + (options_.shard_rank < m % count ? 1 : 0);
  return n / global + (!options_.drop_last && last > 0 ? 1 : 0);
}

void Loader::start(int64_t epoch) {
  cancel();
  std::vector<int64_t> order = epoch_order(dataset_->size(), options_.shuffle, options_.seed, uint64_t(epoch));
  if (options_.shard_count > 1) {
    order = shard_order(order, options_.batch_size, options_.shard_rank, options_.shard_count, options_.drop_last);
  }
  {
    std::lock_guard<std::mutex> lock(mu_);
    order_ = std::move(order);
    epoch_ = epoch;
    batches_ = batches_per_epoch();
    fill_batch_ = fill_row_ = consumed_ = 0;
    slots_.assign(size_t(options_.prefetch), Slot());
    stop_ = false;
  }
  const int64_t n = std::min<int64_t>(options_.workers, std::max<int64_t>(batches_, 1));
  for (int64_t i = 0; i < n; ++i) threads_.emplace_back([this] { work(); });
}

void Loader::join_workers() {
  for (std::thread& t : threads_)
    if (t.joinable()) t.join();
  threads_.clear();
}

void Loader::cancel() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stop_ = true;
    ++run_;
  }
  work_cv_.notify_all();
  ready_cv_.notify_all();
  join_workers();
  std::lock_guard<std::mutex> lock(mu_);
  slots_.clear();
  order_.clear();
  order_.shrink_to_fit();
}

void Loader::open_slot(Slot& s, int64_t batch) {
  const int64_t begin = batch * options_.batch_size;
  s = Slot();
  s.batch = batch;
  s.rows = std::min<int64_t>(options_.batch_size, int64_t(order_.size()) - begin);
  s.chunks_left = (s.rows + chunk_ - 1) / chunk_;
  s.images = Tensor::empty({s.rows, shape_[0], shape_[1], shape_[2]}, DType::Float32, Device::CPU);
  s.labels = Tensor::empty({s.rows}, DType::Int32, Device::CPU);
  s.skipped.assign(size_t(s.rows), 0);
}

// Drops the skipped rows of a finished batch (they keep no label, so none can be wrong).
void Loader::finish_slot(Slot& s) {
  s.ready = true;
  int64_t kept = 0;
  for (uint8_t k : s.skipped) kept += k ? 0 : 1;
  if (kept == s.rows || !s.error.empty()) return;
  const int64_t row = shape_[0] * shape_[1] * shape_[2];
  Tensor images = Tensor::empty({kept, shape_[0], shape_[1], shape_[2]}, DType::Float32, Device::CPU);
  Tensor labels = Tensor::empty({kept}, DType::Int32, Device::CPU);
  int64_t k = 0;
  for (int64_t r = 0; r < s.rows; ++r) {
    if (s.skipped[size_t(r)]) continue;
    std::memcpy(images.data<float>() + k * row, s.images.data<float>() + r * row, size_t(row) * sizeof(float));
    labels.data<int32_t>()[k] = s.labels.data<int32_t>()[r];
    ++k;
  }
  s.images = images;
  s.labels = labels;
  s.rows = kept;
}

void Loader::work() {
  PipelineScratch scratch;
  const int64_t row = shape_[0] * shape_[1] * shape_[2];
  for (;;) {
    Claim c;
    Slot* slot;
    {
      std::unique_lock<std::mutex> lock(mu_);
      work_cv_.wait(lock, [&] { return stop_ || fill_batch_ >= batches_ || fill_batch_ < consumed_ + options_.prefetch; });
      if (stop_ || fill_batch_ >= batches_) return;
      slot = &slots_[size_t(fill_batch_ % options_.prefetch)];
      if (fill_row_ == 0) {
        try {
          open_slot(*slot, fill_batch_);
        } catch (const std::exception& e) {
          // Out of memory for the batch: the consumer gets the error at this batch.
          slot->batch = fill_batch_;
          slot->ready = true;
          slot->error = cat("loader: batch ", fill_batch_, ": ", e.what());
          ++fill_batch_;
          ready_cv_.notify_all();
          continue;
        }
      }
      c = Claim{fill_batch_, fill_row_, std::min(fill_row_ + chunk_, slot->rows)};
      fill_row_ = c.end;
      if (fill_row_ >= slot->rows) {
        ++fill_batch_;
        fill_row_ = 0;
      }
    }
    // The slot's tensors stay put while its chunks are out: nothing reuses a slot before it is consumed.
    float* images = slot->images.data<float>();
    int32_t* labels = slot->labels.data<int32_t>();
    std::vector<int64_t> skipped_rows;
    int64_t error_row = -1;
    std::string error;
    const int64_t base = c.batch * options_.batch_size;
    for (int64_t r = c.begin; r < c.end && !stop_; ++r) {
      const int64_t index = order_[size_t(base + r)];
      try {
        SampleInfo info = render_sample(*dataset_, *transform_, index, options_.seed, uint64_t(epoch_),
                                        options_.fast_decode, scratch);
        const Image& img = scratch.rendered;
        if (img.c != shape_[0] || img.h != shape_[1] || img.w != shape_[2])
          throw Error(cat("loader: sample ", index, " of ", dataset_->kind(), " came out [", img.c, ",", img.h, ",",
                          img.w, "], not the batch's [", shape_[0], ",", shape_[1], ",", shape_[2], "]"));
        transform_->finish(img, images + r * row);
        labels[r] = info.label;
      } catch (const DataError& e) {
        if (options_.on_error == OnError::Skip) {
          skipped_rows.push_back(r);
        } else if (error.empty()) {
          error_row = r;
          error = cat("loader: sample ", index, " of ", dataset_->kind(), ": ", e.what());
        }
      } catch (const std::bad_alloc&) {
        if (error.empty()) {
          error_row = r;
          error = cat("loader: out of host memory at sample ", index, " of ", dataset_->kind());
        }
      } catch (const std::exception& e) {
        if (error.empty()) {
          error_row = r;
          error = cat("loader: sample ", index, " of ", dataset_->kind(), ": ", e.what());
        }
      }
    }
    {
      std::lock_guard<std::mutex> lock(mu_);
      if (stop_) return;
      for (int64_t r : skipped_rows) slot->skipped[size_t(r)] = 1;
      skipped_ += int64_t(skipped_rows.size());
      dataset_->add_skipped(int64_t(skipped_rows.size()));
      if (!error.empty() && (slot->error.empty() || error_row < slot->error_row)) {
        slot->error = error;
        slot->error_row = error_row;
      }
      if (--slot->chunks_left == 0) {
        try {
          finish_slot(*slot);
        } catch (const std::exception& e) {
          slot->error = cat("loader: batch ", c.batch, ": ", e.what());
        }
        slot->ready = true;
        ready_cv_.notify_all();
      }
    }
  }
}

bool Loader::next(Batch& out) {
  std::unique_lock<std::mutex> lock(mu_);
  const uint64_t run = run_;
  for (;;) {
    if (stop_ || run_ != run || consumed_ >= batches_) return false;
    const int64_t want = consumed_;
    const size_t slot = size_t(want % options_.prefetch);
    ready_cv_.wait(lock, [&] {
      return stop_ || run_ != run || consumed_ != want || (slots_[slot].batch == want && slots_[slot].ready);
    });
    if (stop_ || run_ != run) return false;
    if (consumed_ != want) continue;  // another caller took it
    ++consumed_;
    Slot taken = std::move(slots_[slot]);
    slots_[slot] = Slot();
    work_cv_.notify_all();
    ready_cv_.notify_all();
    if (!taken.error.empty()) {
      // The epoch ends at its first failed batch; the workers see stop_ and leave.
      stop_ = true;
      work_cv_.notify_all();
      throw Error(taken.error);
    }
    if (taken.rows == 0) continue;  // every sample skipped
    out.images = std::move(taken.images);
    out.labels = std::move(taken.labels);
    out.index = want;
    return true;
  }
}

}  // namespace mssar::data
