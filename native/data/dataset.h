// The datasets the loader reads: a fixed number of samples, each an 8-bit image (decoded in
// memory, or a JPEG file decoded by the loader's workers) and a label in [0, classes).
#pragma once
#include <array>
#include <atomic>
#include <cstdint>
#include <string>
#include <vector>

#include "../core/error.h"
#include "image.h"

namespace mssar::data {

// A bad sample or file (corrupt, truncated, unreadable). With OnError::Skip the sample is left out
// and counted; any other Error (a missing folder, a transform that cannot apply) always stops.
class DataError : public Error {
 public:
  explicit DataError(const std::string& msg) : Error(msg) {}
};

enum class OnError { Raise, Skip };

// One sample as a dataset hands it out: decoded pixels, or the bytes of a JPEG file.
struct RawSample {
  int label = -1;
  bool encoded = false;
  Image pixels;                // when !encoded: HWC
  std::vector<uint8_t> bytes;  // when encoded: the JPEG file
  std::string path;            // where the sample comes from, for error messages
};

class Dataset {
 public:
  Dataset(std::string kind, OnError on_error) : kind_(std::move(kind)), on_error_(on_error) {}
  virtual ~Dataset() = default;
  Dataset(const Dataset&) = delete;
  Dataset& operator=(const Dataset&) = delete;

  // "cifar10", "mnist", "imagenet", ...: the prefix of every message about this dataset.
  const std::string& kind() const { return kind_; }
  int64_t size() const { return size_; }
  const std::vector<std::string>& classes() const { return classes_; }
  // [C, H, W] of every sample; H and W are -1 when images differ in size (JPEG folders).
  const std::array<int64_t, 3>& sample_shape() const { return shape_; }
  OnError on_error() const { return on_error_; }

  // Sample i (0 <= i < size()). Thread-safe. Throws DataError naming the file for a bad sample.
  virtual void fetch(int64_t i, RawSample& out) const = 0;

  // Samples left out so far: while loading (onError 'skip') and by loaders reading this dataset.
  int64_t skipped() const { return skipped_.load(); }
  void add_skipped(int64_t n) const { skipped_ += n; }

 protected:
  std::string kind_;
  OnError on_error_;
  int64_t size_ = 0;
  std::vector<std::string> classes_;
  std::array<int64_t, 3> shape_{{0, -1, -1}};
  mutable std::atomic<int64_t> skipped_{0};
};

// Sample i fully decoded (JPEGs at full size, RGB), HWC.
void load_decoded(const Dataset& ds, int64_t i, RawSample& scratch, Image& out);

}  // namespace mssar::data
