#include "index_checks.h"

#include "../core/index_values.h"
#include "checks.h"

namespace mssar {

void check_index_values(const char* op, const char* name, const Tensor& index, int64_t limit, const std::string& what) {
  check_defined(op, name, index);
  MSSAR_CHECK(is_index_dtype(index.dtype()), op, ": ", name, " must be ", index_dtypes(), ", got ", index.describe());
  Tensor host = index;
  if (index.device() != Device::CPU) {
    host = Tensor::empty(index.shape(), index.dtype(), Device::CPU);
    host.copy_from(index);
  }
  for (int64_t i = 0; i < host.numel(); ++i) {
    const int64_t v = index_at(host.raw(), host.dtype(), i);
    MSSAR_CHECK(v >= 0 && v < limit, op, ": ", name, " ", index.describe(), " holds ", v, " at element ", i,
                ", outside [0, ", limit, ") (", what, ")");
  }
}

}  // namespace mssar
