#include "memory_dataset.h"

#include <algorithm>

namespace mssar::data {

MemoryDataset::MemoryDataset(std::string kind, OnError on_error, int channels, int height, int width, bool planar)
    : Dataset(std::move(kind), on_error), c_(channels), h_(height), w_(width), planar_(planar) {
  shape_ = {channels, height, width};
}

uint32_t MemoryDataset::add_blob(std::vector<uint8_t> bytes) {
  blobs_.push_back(std::move(bytes));
  blob_names_.emplace_back();
  return uint32_t(blobs_.size() - 1);
}

void MemoryDataset::set_blob_name(uint32_t blob, std::string name) { blob_names_[blob] = std::move(name); }

void MemoryDataset::add_sample(uint32_t blob, uint64_t offset, int label) {
  refs_.push_back(Ref{offset, blob, label});
  size_ = int64_t(refs_.size());
}

void MemoryDataset::fetch(int64_t i, RawSample& out) const {
  MSSAR_CHECK(i >= 0 && i < size_, kind_, ": index ", i, " out of range [0, ", size_, ")");
  const Ref& r = refs_[size_t(i)];
  out.label = r.label;
  out.encoded = false;
  out.path = blob_names_[r.blob];
  out.pixels.resize(h_, w_, c_);
  const uint8_t* src = blobs_[r.blob].data() + r.offset;
  uint8_t* dst = out.pixels.pixels.data();
  const size_t plane = size_t(h_) * size_t(w_);
  if (!planar_ || c_ == 1) {
    std::copy(src, src + plane * size_t(c_), dst);
    return;
  }
  for (size_t p = 0; p < plane; ++p)
    for (int ch = 0; ch < c_; ++ch) dst[p * size_t(c_) + size_t(ch)] = src[size_t(ch) * plane + p];
}

}  // namespace mssar::data
