#include "shortcut_a.h"

#include "checks.h"
#include "layout.h"

namespace mssar {

MSSAR_DEFINE_KERNEL(shortcut_a_forward)
MSSAR_DEFINE_KERNEL(shortcut_a_backward)

namespace {

// Strides this large are mistakes (and would overflow the size arithmetic).
constexpr int64_t kMaxStride = int64_t(1) << 30;

int64_t subsampled(int64_t size, int64_t stride) { return size == 0 ? 0 : (size - 1) / stride + 1; }

void check_stride(const char* op, int64_t stride, const std::string& what) {
  MSSAR_CHECK(stride >= 1 && stride < kMaxStride, op, ": stride must be in [1, 2^30), got ", stride, " (", what, ")");
}

}  // namespace

Tensor shortcut_a_forward(const Tensor& x_in, int64_t stride, int64_t out_channels) {
  const char* op = "shortcutA";
  check_float(op, "x", x_in);
  check_ndim(op, "x", x_in, 4, "[N, C, H, W]");
  check_stride(op, stride, "x " + x_in.describe());
  MSSAR_CHECK(out_channels >= x_in.size(1) && out_channels < kMaxStride, op, ": outChannels must be at least the ",
              x_in.size(1), " channels of x ", x_in.describe(), " (and below 2^30), got ", out_channels);
  Backend b = select_backend(op, {&x_in});
  const Tensor x = b == Backend::CPU ? x_in : to_plain(x_in);
  Tensor y = Tensor::empty({x.size(0), out_channels, subsampled(x.size(2), stride), subsampled(x.size(3), stride)},
                           x.dtype(), x.device(), x.layout());
  if (y.numel() > 0) shortcut_a_forward_kernels()[b](y, x, stride);
  return y;
}

Tensor shortcut_a_backward(const Tensor& dy_in, const Shape& input_shape, int64_t stride) {
  const char* op = "shortcutA backward";
  check_float(op, "dy", dy_in);
  check_ndim(op, "dy", dy_in, 4, "[N, Cout, Ho, Wo]");
  MSSAR_CHECK(input_shape.size() == 4, op, ": input shape must be 4-d [N, C, H, W], got ", shape_str(input_shape));
  check_stride(op, stride, "dy " + dy_in.describe());
  const Shape want{input_shape[0], dy_in.size(1), subsampled(input_shape[2], stride),
                   subsampled(input_shape[3], stride)};
  MSSAR_CHECK(input_shape[1] <= dy_in.size(1) && dy_in.shape() == want, op, ": dy ", dy_in.describe(),
              " is not the output of input shape ", shape_str(input_shape), " with stride ", stride);
  Backend b = select_backend(op, {&dy_in});
  const Tensor dy = b == Backend::CPU ? dy_in : to_plain(dy_in);
  Tensor dx = Tensor::empty(input_shape, dy.dtype(), dy.device(), dy.layout());
  dx.zero_();
  if (dy.numel() > 0) shortcut_a_backward_kernels()[b](dx, dy, stride);
  return dx;
}

}  // namespace mssar
