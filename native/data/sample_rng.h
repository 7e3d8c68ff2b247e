// Per-sample random numbers for the data pipeline. A sample's stream depends only on (seed, epoch,
// dataset index, purpose): any worker may process any sample in any order and draw the same
// crops and flips, so the batches of a seed are the same whatever the number of workers.
#pragma once
#include <cstdint>

#include "../core/philox.h"

namespace mssar::data {

enum class RngPurpose : uint32_t { Augment = 0, Shuffle = 1 };

class SampleRng {
 public:
  SampleRng(uint64_t seed, uint64_t epoch, uint64_t index, RngPurpose purpose)
      : key_{uint32_t(seed), uint32_t(seed >> 32)},
        ctr1_(uint32_t(epoch)),
        ctr2_(uint32_t(index)),
        ctr3_((uint32_t(index >> 32) & 0x0FFFFFFFu) | (uint32_t(purpose) << 28)) {}

  uint32_t next_u32() {
    if (used_ == 4) refill();
    return words_[used_++];
  }
  // Uniform in [0, 1).
  double uniform() { return double(next_u32()) * (1.0 / 4294967296.0); }
  double uniform(double lo, double hi) { return lo + (hi - lo) * uniform(); }
  // Uniform integer in [0, n), n >= 1 and n <= 2^32 (multiply-shift; bias below n / 2^32).
  int64_t below(int64_t n) { return int64_t((uint64_t(next_u32()) * uint64_t(n)) >> 32); }

 private:
  void refill() {
    uint32_t ctr[4] = {block_++, ctr1_, ctr2_, ctr3_};
    uint32_t key[2] = {key_[0], key_[1]};
    for (int r = 0; r < 10; ++r) {
      philox_round(ctr, key);
      key[0] += 0x9E3779B9u;
      key[1] += 0xBB67AE85u;
    }
    for (int i = 0; i < 4; ++i) words_[i] = ctr[i];
    used_ = 0;
  }

  uint32_t key_[2];
  uint32_t ctr1_, ctr2_, ctr3_;
  uint32_t block_ = 0;
  uint32_t words_[4] = {0, 0, 0, 0};
  int used_ = 4;
};

}  // namespace mssar::data
