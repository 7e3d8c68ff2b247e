// A dataset made of some samples of another, in a given order: a validation split held out of a
// training set, or any selection. It reads through to the dataset it selects from.
#pragma once
#include <memory>
#include <vector>

#include "dataset.h"

namespace mssar::data {

class SubsetDataset : public Dataset {
 public:
  // Every index must be in [0, base->size()) (an Error naming the first that is not); repeats are allowed.
  SubsetDataset(std::shared_ptr<const Dataset> base, std::vector<int64_t> indices);
  void fetch(int64_t i, RawSample& out) const override;

 private:
  std::shared_ptr<const Dataset> base_;
  std::vector<int64_t> indices_;
};

}  // namespace mssar::data
