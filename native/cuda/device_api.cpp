#include "device_api.h"

#include <algorithm>
#include <cstring>
#include <iterator>

#include "context.h"

namespace mssar::cuda {

size_t CudaDeviceApi::round_size(size_t bytes) {
  if (bytes == 0) bytes = 1;
  const size_t step = bytes < (size_t(1) << 20) ? 512 : (size_t(2) << 20);
  return (bytes + step - 1) / step * step;
}

void* CudaDeviceApi::allocate(size_t bytes) {
  const size_t size = round_size(bytes);
  std::lock_guard<std::mutex> lock(mu_);
  // Best fit among cached blocks, but never a block more than twice the size (it would be wasted).
  auto it = free_.lower_bound(size);
  if (it != free_.end() && it->first <= 2 * size) {
    void* p = it->second;
    const size_t got = it->first;
    free_.erase(it);
    cached_ -= int64_t(got);
    allocated_ += int64_t(got);
    live_[p] = got;
    return p;
  }
  if (limit_ > 0 && allocated_ + cached_ + int64_t(size) > limit_) {
    release_cached_locked(int64_t(size));
    if (allocated_ + cached_ + int64_t(size) > limit_)
      throw OutOfMemory(cat("cuda out of memory: ", bytes, " bytes requested (", size, " rounded up), ", allocated_,
                            " bytes allocated, limit ", limit_, " bytes"),
                        false);
  }
  void* p = nullptr;
  cudaError_t e = cudaMalloc(&p, size);
  if (e == cudaErrorMemoryAllocation) {
    cudaGetLastError();  // not sticky, but a later launch check would report it: clear it
    release_cached_locked(-1);
    e = cudaMalloc(&p, size);
  }
  if (e == cudaErrorMemoryAllocation) {
    cudaGetLastError();
    size_t free_bytes = 0, total_bytes = 0;
    if (cudaMemGetInfo(&free_bytes, &total_bytes) != cudaSuccess) cudaGetLastError();
    throw OutOfMemory(cat("cuda out of memory: ", bytes, " bytes requested, ", allocated_,
                          " bytes allocated by tensors, the device has ", free_bytes, " of ", total_bytes,
                          " bytes free"),
                      false);
  }
  if (e != cudaSuccess) throw_cuda("cuda allocate", e);
  allocated_ += int64_t(size);
  ++allocations_;
  live_[p] = size;
  return p;
}

void CudaDeviceApi::deallocate(void* ptr, size_t bytes) {
  // One stream: later work on it is ordered after every kernel that used this block, so the block
  // can be handed out again at once. (Nothing in the library touches device memory from another
  // stream; the host copies go through PinnedStaging on the same stream.)
  std::lock_guard<std::mutex> lock(mu_);
  auto it = live_.find(ptr);
  const size_t size = it != live_.end() ? it->second : round_size(bytes);
  if (it != live_.end()) live_.erase(it);
  free_.emplace(size, ptr);
  allocated_ -= int64_t(size);
  cached_ += int64_t(size);
}

void CudaDeviceApi::release_cached_locked(int64_t need) {
  if (free_.empty()) return;
  // Queued kernels may still use cached blocks (cudaFree would wait for the device anyway).
  if (cudaStreamSynchronize(stream()) != cudaSuccess) cudaGetLastError();
  while (!free_.empty() && (need < 0 || allocated_ + cached_ + need > limit_)) {
    auto last = std::prev(free_.end());
    if (cudaFree(last->second) != cudaSuccess) cudaGetLastError();
    cached_ -= int64_t(last->first);
    free_.erase(last);
  }
}

PinnedStaging::Buffer& PinnedStaging::take(size_t bytes) {
  Buffer& b = buf_[next_];
  next_ ^= 1;
  wait(b, "copy");
  if (b.bytes < bytes) {
    if (b.data) MSSAR_CUDA_CHECK("cuda staging buffer", cudaFreeHost(b.data));
    b.data = nullptr;
    b.bytes = 0;
    const size_t want = std::min(kChunk, (bytes + (size_t(1) << 20) - 1) >> 20 << 20);  // whole MiB
    void* p = nullptr;
    MSSAR_CUDA_CHECK("cuda staging buffer", cudaHostAlloc(&p, want, cudaHostAllocDefault));
    b.data = static_cast<char*>(p);
    b.bytes = want;
  }
  if (!b.done) MSSAR_CUDA_CHECK("cuda staging buffer", cudaEventCreateWithFlags(&b.done, cudaEventDisableTiming));
  return b;
}

void PinnedStaging::wait(Buffer& b, const char* op) {
  if (!b.pending) return;
  MSSAR_CUDA_CHECK(op, cudaEventSynchronize(b.done));
  b.pending = false;
}

void PinnedStaging::to_device(void* dst, const void* src, size_t bytes, cudaStream_t s) {
  std::lock_guard<std::mutex> lock(mu_);
  for (size_t done = 0; done < bytes;) {
    const size_t n = std::min(kChunk, bytes - done);
    Buffer& b = take(n);
    std::memcpy(b.data, static_cast<const char*>(src) + done, n);
    MSSAR_CUDA_CHECK("copy to cuda",
                     cudaMemcpyAsync(static_cast<char*>(dst) + done, b.data, n, cudaMemcpyHostToDevice, s));
    MSSAR_CUDA_CHECK("copy to cuda", cudaEventRecord(b.done, s));
    b.pending = true;
    done += n;
  }
}

void PinnedStaging::to_host(void* dst, const void* src, size_t bytes, cudaStream_t s) {
  std::lock_guard<std::mutex> lock(mu_);
  // Chunk i + 1 is queued before chunk i is copied out of its buffer.
  Buffer* last = nullptr;
  size_t last_at = 0, last_n = 0;
  for (size_t done = 0; done < bytes;) {
    const size_t n = std::min(kChunk, bytes - done);
    Buffer& b = take(n);
    MSSAR_CUDA_CHECK("copy to cpu",
                     cudaMemcpyAsync(b.data, static_cast<const char*>(src) + done, n, cudaMemcpyDeviceToHost, s));
    MSSAR_CUDA_CHECK("copy to cpu", cudaEventRecord(b.done, s));
    b.pending = true;
    if (last) {
      wait(*last, "copy to cpu");
      std::memcpy(static_cast<char*>(dst) + last_at, last->data, last_n);
    }
    last = &b, last_at = done, last_n = n;
    done += n;
  }
  if (last) {
    wait(*last, "copy to cpu");
    std::memcpy(static_cast<char*>(dst) + last_at, last->data, last_n);
  }
}

void CudaDeviceApi::copy(void* dst, Device dst_dev, const void* src, Device src_dev, size_t bytes) {
  if (bytes == 0) return;
  cudaStream_t s = stream();
  if (dst_dev == Device::CUDA && src_dev == Device::CUDA) {
    MSSAR_CUDA_CHECK("copy", cudaMemcpyAsync(dst, src, bytes, cudaMemcpyDeviceToDevice, s));
  } else if (dst_dev == Device::CUDA) {
    staging_.to_device(dst, src, bytes, s);
  } else {
    staging_.to_host(dst, src, bytes, s);
  }
}

void CudaDeviceApi::zero(void* ptr, size_t bytes) {
  if (bytes) MSSAR_CUDA_CHECK("zero", cudaMemsetAsync(ptr, 0, bytes, stream()));
}

void CudaDeviceApi::synchronize() { MSSAR_CUDA_CHECK("synchronize", cudaStreamSynchronize(stream())); }

void CudaDeviceApi::empty_cache() {
  std::lock_guard<std::mutex> lock(mu_);
  release_cached_locked(-1);
}

void CudaDeviceApi::set_limit(int64_t bytes) {
  std::lock_guard<std::mutex> lock(mu_);
  limit_ = bytes;
}

void CudaDeviceApi::fill_stats(MemoryStats& s) {
  std::lock_guard<std::mutex> lock(mu_);
  s.allocated_bytes = allocated_;
  s.cached_bytes = cached_;
  s.limit_bytes = limit_;
  s.allocations = allocations_;
}

CudaDeviceApi& device_api() {
  static CudaDeviceApi api;
  return api;
}

}  // namespace mssar::cuda
