#include "subset.h"

#include <string>

namespace mssar::data {

SubsetDataset::SubsetDataset(std::shared_ptr<const Dataset> base, std::vector<int64_t> indices)
    : Dataset(base->kind(), base->on_error()), base_(std::move(base)), indices_(std::move(indices)) {
  for (size_t i = 0; i < indices_.size(); ++i)
    MSSAR_CHECK(indices_[i] >= 0 && indices_[i] < base_->size(), "subset: index ", indices_[i], " at position ", i,
                " is out of range [0, ", base_->size(), ") of ", base_->kind());
  size_ = int64_t(indices_.size());
  classes_ = base_->classes();
  shape_ = base_->sample_shape();
}

void SubsetDataset::fetch(int64_t i, RawSample& out) const { base_->fetch(indices_[size_t(i)], out); }

}  // namespace mssar::data
