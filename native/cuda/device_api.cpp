#include "device_api.h"

#include <algorithm>
#include <cstring>

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
  if (limit_ > 0 && allocated_ + int64_t(size) > limit_) {
    release_cached_locked();
    if (allocated_ + int64_t(size) > limit_)
      throw OutOfMemory(cat("cuda: out of memory: ", bytes, " bytes requested, ", allocated_,
                            " allocated, limit ", limit_));
  }
  void* p = nullptr;
  cudaError_t e = cudaMalloc(&p, size);
  if (e == cudaErrorMemoryAllocation) {
    cudaGetLastError();
    release_cached_locked();
    e = cudaMalloc(&p, size);
  }
  if (e == cudaErrorMemoryAllocation) {
    cudaGetLastError();
    throw OutOfMemory(cat("cuda: out of memory: ", bytes, " bytes requested, ", allocated_, " allocated"));
  }
  if (e != cudaSuccess) throw_cuda("cuda allocate", e);
  allocated_ += int64_t(size);
  ++allocations_;
  live_[p] = size;
  return p;
}

void CudaDeviceApi::deallocate(void* ptr, size_t bytes) {
  // One stream: later work on it is ordered after every kernel that used this block, so the block
  // can be handed out again at once.
  std::lock_guard<std::mutex> lock(mu_);
  auto it = live_.find(ptr);
  const size_t size = it != live_.end() ? it->second : round_size(bytes);
  if (it != live_.end()) live_.erase(it);
  free_.emplace(size, ptr);
  allocated_ -= int64_t(size);
  cached_ += int64_t(size);
}

void CudaDeviceApi::release_cached_locked() {
  if (free_.empty()) return;
  cudaStreamSynchronize(stream());
  for (auto& kv : free_) cudaFree(kv.second);
  free_.clear();
  cached_ = 0;
}

void* CudaDeviceApi::staging(size_t bytes) {
  if (bytes > staging_bytes_) {
    if (staging_) cudaFreeHost(staging_);
    staging_ = nullptr;
    staging_bytes_ = 0;
    MSSAR_CUDA_CHECK("cuda staging buffer", cudaHostAlloc(&staging_, bytes, cudaHostAllocDefault));
    staging_bytes_ = bytes;
  }
  return staging_;
}

void CudaDeviceApi::copy(void* dst, Device dst_dev, const void* src, Device src_dev, size_t bytes) {
  if (bytes == 0) return;
  cudaStream_t s = stream();
  if (dst_dev == Device::CUDA && src_dev == Device::CUDA) {
    MSSAR_CUDA_CHECK("copy", cudaMemcpyAsync(dst, src, bytes, cudaMemcpyDeviceToDevice, s));
    return;
  }
  // Through a pinned buffer of at most 64 MiB, chunk by chunk.
  std::lock_guard<std::mutex> lock(mu_);
  const size_t chunk = std::min(bytes, size_t(64) << 20);
  char* pinned = static_cast<char*>(staging(chunk));
  for (size_t done = 0; done < bytes; done += chunk) {
    const size_t n = std::min(chunk, bytes - done);
    if (dst_dev == Device::CUDA) {
      std::memcpy(pinned, static_cast<const char*>(src) + done, n);
      MSSAR_CUDA_CHECK("copy to cuda", cudaMemcpyAsync(static_cast<char*>(dst) + done, pinned, n, cudaMemcpyHostToDevice, s));
      MSSAR_CUDA_CHECK("copy to cuda", cudaStreamSynchronize(s));
    } else {
      MSSAR_CUDA_CHECK("copy to cpu", cudaMemcpyAsync(pinned, static_cast<const char*>(src) + done, n, cudaMemcpyDeviceToHost, s));
      MSSAR_CUDA_CHECK("copy to cpu", cudaStreamSynchronize(s));
      std::memcpy(static_cast<char*>(dst) + done, pinned, n);
    }
  }
}

void CudaDeviceApi::zero(void* ptr, size_t bytes) {
  if (bytes) MSSAR_CUDA_CHECK("zero", cudaMemsetAsync(ptr, 0, bytes, stream()));
}

void CudaDeviceApi::synchronize() { MSSAR_CUDA_CHECK("synchronize", cudaStreamSynchronize(stream())); }

void CudaDeviceApi::empty_cache() {
  std::lock_guard<std::mutex> lock(mu_);
  release_cached_locked();
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
