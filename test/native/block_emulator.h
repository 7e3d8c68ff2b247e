// One CUDA thread block on the host, for the kernels whose threads cooperate: every emulated thread
// runs the kernel's own row program (native/cuda/row_programs.cuh) on its own stack (ucontext), and
// a block reduction (Block::all_sum, all_max) suspends it until every thread of the block has
// arrived, as __syncthreads does; the values are then combined in the order of block_allreduce
// (native/cuda/reduce.cuh): each warp's __shfl_down_sync tree, then warp 0's tree over the warps.
#pragma once
#include <ucontext.h>

#include <cmath>
#include <functional>
#include <stdexcept>
#include <string>
#include <vector>

namespace mssar::emulation {

inline double keep_nan_max(double a, double b) { return (a > b || a != a) ? a : b; }

// One warp's tree (offsets 16, 8, 4, 2, 1; a lane whose source lies past the warp gets its own
// value back): lane 0's result.
inline double warp_reduce(std::vector<double> v, bool max) {
  for (int off = 16; off > 0; off >>= 1) {
    std::vector<double> next(32);
    for (int lane = 0; lane < 32; ++lane) {
      const double other = v[size_t(lane + off < 32 ? lane + off : lane)];
      next[size_t(lane)] = max ? keep_nan_max(v[size_t(lane)], other) : v[size_t(lane)] + other;
    }
    v = next;
  }
  return v[0];
}

// block_allreduce over one value per thread (a multiple of 32 threads, at most 1024).
inline double block_allreduce(const std::vector<double>& per_thread, bool max) {
  const size_t warps = per_thread.size() / 32;
  std::vector<double> firsts(32, max ? -INFINITY : 0.0);
  for (size_t w = 0; w < warps; ++w)
    firsts[w] = warp_reduce(std::vector<double>(per_thread.begin() + long(w * 32), per_thread.begin() + long(w * 32 + 32)), max);
  return warp_reduce(firsts, max);
}

class BlockEmulator;

// What a row program sees of its block: the same members as cuda::DeviceBlock.
struct HostBlock {
  BlockEmulator* block;
  long long thread;
  long long tid() const { return thread; }
  long long threads() const;
  double all_sum(double v);
  double all_max(double v);
};

class BlockEmulator {
 public:
  explicit BlockEmulator(long long threads)
      : threads_(threads), contexts_(size_t(threads)), stacks_(size_t(threads), std::vector<char>(kStack)),
        partial_(size_t(threads)), waiting_(size_t(threads)), done_(size_t(threads)) {}

  long long threads() const { return threads_; }

  // Runs body(block) for every thread of the block, in lockstep at its block reductions.
  // Throws when some threads finish while others wait at a reduction (a kernel would hang).
  void run(const std::function<void(HostBlock&)>& body) {
    body_ = &body;
    for (long long t = 0; t < threads_; ++t) {
      ucontext_t& c = contexts_[size_t(t)];
      getcontext(&c);
      c.uc_stack.ss_sp = stacks_[size_t(t)].data();
      c.uc_stack.ss_size = kStack;
      c.uc_link = &main_;
      current() = this;
      makecontext(&c, reinterpret_cast<void (*)()>(&BlockEmulator::start), 1, int(t));
      done_[size_t(t)] = false;
    }
    for (;;) {
      for (long long t = 0; t < threads_; ++t) {
        if (done_[size_t(t)]) continue;
        waiting_[size_t(t)] = false;
        current() = this;
        swapcontext(&main_, &contexts_[size_t(t)]);
      }
      long long finished = 0, max_calls = 0;
      for (long long t = 0; t < threads_; ++t) {
        finished += done_[size_t(t)] ? 1 : 0;
        max_calls += waiting_[size_t(t)] && kind_max_[size_t(t)] ? 1 : 0;
      }
      if (finished == threads_) return;
      if (finished > 0) throw std::runtime_error("some threads left the block while others wait at a reduction");
      if (max_calls != 0 && max_calls != threads_) throw std::runtime_error("threads disagree on the reduction");
      result_ = block_allreduce(partial_, max_calls != 0);
    }
  }

  double arrive(long long t, double v, bool max) {
    partial_[size_t(t)] = v;
    kind_max_[size_t(t)] = max;
    waiting_[size_t(t)] = true;
    swapcontext(&contexts_[size_t(t)], &main_);
    return result_;
  }

 private:
  static constexpr size_t kStack = 1 << 17;

  static BlockEmulator*& current() {
    static BlockEmulator* c = nullptr;
    return c;
  }

  static void start(int t) {
    BlockEmulator* self = current();
    HostBlock b{self, t};
    (*self->body_)(b);
    self->done_[size_t(t)] = true;
  }

  long long threads_;
  ucontext_t main_{};
  std::vector<ucontext_t> contexts_;
  std::vector<std::vector<char>> stacks_;
  std::vector<double> partial_;
  std::vector<bool> waiting_, done_;
  std::vector<bool> kind_max_ = std::vector<bool>(size_t(threads_));
  double result_ = 0;
  const std::function<void(HostBlock&)>* body_ = nullptr;
};

inline long long HostBlock::threads() const { return block->threads(); }
inline double HostBlock::all_sum(double v) { return block->arrive(thread, v, false); }
inline double HostBlock::all_max(double v) { return block->arrive(thread, v, true); }

}  // namespace mssar::emulation
