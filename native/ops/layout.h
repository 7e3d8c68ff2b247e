// Moving a 4-d tensor between memory layouts (plain NCHW, channels-last, nChw16c, nChw8c).
#pragma once
#include "../core/dispatch.h"

namespace mssar {

MSSAR_DECLARE_KERNEL(reorder, void(Tensor& out, const Tensor& in))

// Returns x itself when it already has the layout.
Tensor to_layout(const Tensor& x, Layout layout);
inline Tensor to_plain(const Tensor& x) { return to_layout(x, Layout::Plain); }

}  // namespace mssar
