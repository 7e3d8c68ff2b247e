#include "random.h"

#include <mutex>

namespace mssar {

namespace {
std::mutex g_mu;
RngState g_state{0x5EED5EEDull, 0};
}  // namespace

void manual_seed(uint64_t seed) {
  std::lock_guard<std::mutex> l(g_mu);
  g_state = RngState{seed, 0};
}

RngState rng_state() {
  std::lock_guard<std::mutex> l(g_mu);
  return g_state;
}

void set_rng_state(const RngState& s) {
  std::lock_guard<std::mutex> l(g_mu);
  g_state = s;
}

uint64_t rng_reserve(uint64_t blocks) {
  std::lock_guard<std::mutex> l(g_mu);
  uint64_t start = g_state.offset;
  g_state.offset += blocks;
  return start;
}

}  // namespace mssar
