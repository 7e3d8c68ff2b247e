// Reference expand: element by element through the op's StridedMap.
#include "../../ops/expand.h"

#include "strided.h"

namespace mssar::ref {

void expand_forward(Tensor& y, const Tensor& x, const StridedMap& map) { strided_gather(y, x, map); }

}  // namespace mssar::ref

namespace mssar {
MSSAR_REGISTER_KERNEL(expand_forward, Reference, ref::expand_forward)
}  // namespace mssar
