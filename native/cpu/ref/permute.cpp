// Reference permute: element by element through the op's StridedMap.
#include "../../ops/permute.h"

#include "strided.h"

namespace mssar::ref {

void permute_forward(Tensor& y, const Tensor& x, const StridedMap& map) { strided_gather(y, x, map); }

}  // namespace mssar::ref

namespace mssar {
MSSAR_REGISTER_KERNEL(permute_forward, Reference, ref::permute_forward)
}  // namespace mssar
