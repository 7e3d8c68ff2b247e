// MNIST and Fashion-MNIST in the IDX format (http://yann.lecun.com/exdb/mnist/): a folder holding
// train-images-idx3-ubyte, train-labels-idx1-ubyte, t10k-images-idx3-ubyte and
// t10k-labels-idx1-ubyte, each plain or gzipped (.gz; the dotted spelling train-images.idx3-ubyte
// is accepted too). Images are [1, H, W] (28 x 28), labels 0..9.
#pragma once
#include <memory>
#include <string>

#include "dataset.h"

namespace mssar::data {

struct IdxOptions {
  bool fashion = false;  // names the classes and the messages ("fashion-mnist" / "mnist")
  bool train = true;
  OnError on_error = OnError::Raise;
};

std::shared_ptr<Dataset> open_idx(const std::string& dir, const IdxOptions& options);

}  // namespace mssar::data
