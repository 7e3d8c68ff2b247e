#include "parallel.h"

#include <algorithm>
#include <thread>

#include "error.h"

namespace mssar {

int num_threads() { return omp_get_max_threads(); }
int max_num_threads() {
  const int hw = int(std::thread::hardware_concurrency());
  return std::max(4 * hw, 256);
}

void set_num_threads(int64_t n) {
  // More threads than this buys nothing and can make libgomp fail to create them, which it
  // answers by exiting the process: refused here instead, before OpenMP sees the number.
  const int64_t most = max_num_threads();
  MSSAR_CHECK(n >= 1 && n <= most, "setNumThreads: threads must be an integer in [1, ", most,
              "] (4 per hardware thread, at least 256), got ", n);
  omp_set_num_threads(int(n));
}

}  // namespace mssar
