// The process-wide generator behind rand, randn and dropout: a seed and an offset into the Philox
// stream. Saving both (checkpoints) and restoring them replays the same numbers.
#pragma once
#include <cstdint>

namespace mssar {

struct RngState {
  uint64_t seed = 0;
  uint64_t offset = 0;
};

void manual_seed(uint64_t seed);
RngState rng_state();
void set_rng_state(const RngState& s);
// Reserves `blocks` Philox blocks and returns the offset to start from.
uint64_t rng_reserve(uint64_t blocks);

}  // namespace mssar
