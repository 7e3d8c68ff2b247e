// Checks of the values of index tensors, shared by the ops that take them (indexSelect, gather,
// nllLoss). Each throws an Error that starts with the op's name.
#pragma once
#include <string>

#include "../core/tensor.h"

namespace mssar {

// Checks that index holds index values in [0, limit) (reading a CUDA index through a copy); `what`
// says what the limit is, for the message.
void check_index_values(const char* op, const char* name, const Tensor& index, int64_t limit, const std::string& what);

}  // namespace mssar
