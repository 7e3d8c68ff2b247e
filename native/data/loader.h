// Batches of transformed samples, made by a pool of worker threads ahead of the consumer.
//
// An epoch's order is a permutation drawn from (seed, epoch) (or the identity without shuffling);
// batch b holds the samples at positions [b * B, (b + 1) * B) of it. Workers claim chunks of a
// batch, render each sample with randomness drawn from (seed, epoch, dataset index) and write it
// straight into the batch's tensors, so a batch is the same whatever the number of workers and
// whichever worker did which sample. At most `prefetch` batches are being made or waiting at any
// time (the bounded queue); the consumer takes them in order with next().
//
// A sample that fails with DataError stops the epoch (next() throws the error, naming the sample
// and its file) or, with OnError::Skip, is left out of its batch, which then holds fewer rows, and
// is counted. cancel() stops the workers, joins them and frees every batch not handed out.
#pragma once
#include <array>
#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "../core/tensor.h"
#include "dataset.h"
#include "transform.h"

namespace mssar::data {

struct LoaderOptions {
  int64_t batch_size = 1;
  bool shuffle = false;
  bool drop_last = false;
  uint64_t seed = 0;
  int workers = 1;
  int prefetch = 2;  // batches made ahead of the consumer
  OnError on_error = OnError::Raise;
  bool fast_decode = true;  // DCT-domain downscaling of JPEGs (see pipeline.h)
  // A distributed run's share (shard_order): this loader reads rank `shard_rank` of `shard_count`;
  // batch_size is the rank's share of a global batch of batch_size * shard_count.
  int64_t shard_rank = 0;
  int64_t shard_count = 1;
};

struct Batch {
  Tensor images;  // float32 [n, C, H, W]
  Tensor labels;  // int32 [n]
  int64_t index = -1;
};

class Loader {
 public:
  // Throws Error when the transform cannot give one output shape for this dataset.
  Loader(std::shared_ptr<const Dataset> dataset, std::shared_ptr<const Transform> transform, LoaderOptions options);
  ~Loader();
  Loader(const Loader&) = delete;
  Loader& operator=(const Loader&) = delete;

  int64_t batches_per_epoch() const;
  const std::array<int64_t, 3>& image_shape() const { return shape_; }
  const LoaderOptions& options() const { return options_; }
  // Samples left out (OnError::Skip) by this loader, over all epochs.
  int64_t skipped() const { return skipped_.load(); }

  // Starts epoch `epoch` (cancelling a running one): draws the order and starts the workers.
  void start(int64_t epoch);
  // Blocks until the next batch is ready. False at the end of the epoch or once cancelled. Throws
  // Error for a failed batch; the epoch is over then.
  bool next(Batch& out);
  // Stops and joins the workers; drops the batches not handed out. Safe to call at any time.
  void cancel();

 private:
  struct Slot {
    int64_t batch = -1;
    int64_t rows = 0;
    int64_t chunks_left = 0;
    bool ready = false;
    Tensor images, labels;
    std::vector<uint8_t> skipped;  // per row
    int64_t error_row = -1;
    std::string error;
  };
  struct Claim {
    int64_t batch, begin, end;
  };

  void work();
  void open_slot(Slot& s, int64_t batch);
  void finish_slot(Slot& s);
  void join_workers();

  std::shared_ptr<const Dataset> dataset_;
  std::shared_ptr<const Transform> transform_;
  LoaderOptions options_;
  std::array<int64_t, 3> shape_;
  int64_t chunk_ = 1;

  std::mutex mu_;
  std::condition_variable work_cv_, ready_cv_;
  std::vector<std::thread> threads_;
  std::atomic<bool> stop_{true};
  std::vector<int64_t> order_;
  std::vector<Slot> slots_;
  int64_t epoch_ = 0, batches_ = 0;
  int64_t fill_batch_ = 0, fill_row_ = 0;  // the next chunk to claim
  int64_t consumed_ = 0;                   // batches handed out
  uint64_t run_ = 0;                       // changes at every cancel: a waiting next() gives up
  std::atomic<int64_t> skipped_{0};
};

// The order of an epoch: a Fisher-Yates permutation drawn from (seed, epoch), or the identity.
std::vector<int64_t> epoch_order(int64_t n, bool shuffle, uint64_t seed, uint64_t epoch);

// Rank `rank`'s share of an epoch's order, cut in global batches of batch * count: the rank's
// contiguous `batch` samples of each full global batch, then, unless drop_last, its part of the
// last partial global batch of m samples split as evenly as can be (the first m % count ranks one
// sample more; a rank gets none when m < count). The shares of all ranks together are the order.
std::vector<int64_t> shard_order(const std::vector<int64_t>& order, int64_t batch, int64_t rank, int64_t count, bool drop_last);

}  // namespace mssar::data
