// The class names of the standard datasets, for when their meta files are not at hand.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

namespace mssar::data {

const std::vector<std::string>& cifar10_names();
const std::vector<std::string>& cifar100_fine_names();
const std::vector<std::string>& cifar100_coarse_names();
const std::vector<std::string>& mnist_names();
const std::vector<std::string>& fashion_mnist_names();

// Non-empty lines of a text file's bytes, trimmed of spaces and carriage returns.
std::vector<std::string> text_lines(const std::vector<uint8_t>& bytes);

}  // namespace mssar::data
