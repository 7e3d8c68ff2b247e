// Samples of one fixed shape held in memory: the records of CIFAR batch files and the images of
// IDX files, kept in the file buffers they were read into and found through a table of offsets.
#pragma once
#include <cstdint>
#include <vector>

#include "dataset.h"

namespace mssar::data {

class MemoryDataset : public Dataset {
 public:
  // planar: the stored pixels are CHW (CIFAR); otherwise HWC (identical for one channel).
  MemoryDataset(std::string kind, OnError on_error, int channels, int height, int width, bool planar);

  // Keeps a file's bytes; returns the id that add_sample refers to.
  uint32_t add_blob(std::vector<uint8_t> bytes);
  const std::vector<uint8_t>& blob(uint32_t id) const { return blobs_[id]; }
  // A sample whose C*H*W pixel bytes start at `offset` in blob `blob`.
  void add_sample(uint32_t blob, uint64_t offset, int label);
  void set_classes(std::vector<std::string> classes) { classes_ = std::move(classes); }
  // Where sample i comes from: the file name given with its blob.
  void set_blob_name(uint32_t blob, std::string name);

  void fetch(int64_t i, RawSample& out) const override;

 private:
  struct Ref {
    uint64_t offset;
    uint32_t blob;
    int32_t label;
  };
  int c_, h_, w_;
  bool planar_;
  std::vector<std::vector<uint8_t>> blobs_;
  std::vector<std::string> blob_names_;
  std::vector<Ref> refs_;
};

}  // namespace mssar::data
