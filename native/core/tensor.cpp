#include "tensor.h"

#include "error.h"

namespace mssar {

Tensor Tensor::empty(const Shape& shape, DType dtype, Device device, Layout layout) {
  for (int64_t d : shape) MSSAR_CHECK(d >= 0, "empty: negative dimension in shape ", shape_str(shape));
  MSSAR_CHECK(layout == Layout::Plain || shape.size() == 4, "empty: layout ", layout_name(layout),
              " needs a 4-d shape, got ", shape_str(shape));
  Tensor t;
  t.shape_ = shape;
  t.dtype_ = dtype;
  t.layout_ = layout;
  t.storage_ = Storage::allocate(device, t.nbytes());
  return t;
}

Tensor Tensor::zeros(const Shape& shape, DType dtype, Device device, Layout layout) {
  Tensor t = empty(shape, dtype, device, layout);
  t.zero_();
  return t;
}

Tensor Tensor::reshape(const Shape& shape) const {
  MSSAR_CHECK(layout_ == Layout::Plain, "reshape: tensor ", describe(), " is not in plain layout");
  MSSAR_CHECK(mssar::numel(shape) == numel(), "reshape: cannot view ", describe(), " as ",
              shape_str(shape));
  Tensor t = *this;
  t.shape_ = shape;
  return t;
}

Tensor Tensor::with_layout(Layout layout) const {
  Tensor t = *this;
  t.layout_ = layout;
  return t;
}

void Tensor::zero_() const { device_api(device())->zero(raw(), nbytes()); }

void Tensor::copy_from(const Tensor& src) const {
  MSSAR_CHECK(src.shape_ == shape_ && src.dtype_ == dtype_ && src.layout_ == layout_,
              "copy: cannot copy ", src.describe(), " into ", describe());
  Device owner = device() == Device::CUDA ? device() : src.device();
  device_api(owner)->copy(raw(), device(), src.raw(), src.device(), nbytes());
}

std::string Tensor::describe() const {
  if (!defined()) return "<undefined>";
  std::string s = shape_str(shape_) + " " + dtype_name(dtype_) + " " + device_name(device());
  if (layout_ != Layout::Plain) s += std::string(" ") + layout_name(layout_);
  return s;
}

}  // namespace mssar
