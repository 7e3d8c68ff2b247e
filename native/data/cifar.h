// CIFAR-10 and CIFAR-100, binary versions (https://www.cs.toronto.edu/~kriz/cifar.html).
//   CIFAR-10:  cifar-10-batches-bin/{data_batch_1..5.bin, test_batch.bin, batches.meta.txt};
//              records of 1 label byte + 3072 pixel bytes (1024 red, 1024 green, 1024 blue).
//   CIFAR-100: cifar-100-binary/{train.bin, test.bin, coarse_label_names.txt, fine_label_names.txt};
//              records of 1 coarse label byte, 1 fine label byte, 3072 pixel bytes.
// Read from the extracted folder (given as itself or its parent) or from the downloaded archive
// (cifar-10-binary.tar.gz / cifar-100-binary.tar.gz, given as the file or a folder holding it).
#pragma once
#include <memory>
#include <string>

#include "dataset.h"

namespace mssar::data {

struct CifarOptions {
  int variant = 10;     // 10 or 100
  bool train = true;    // train or test split
  bool coarse = false;  // CIFAR-100: the 20 coarse labels instead of the 100 fine ones
  OnError on_error = OnError::Raise;
};

std::shared_ptr<Dataset> open_cifar(const std::string& path, const CifarOptions& options);

}  // namespace mssar::data
