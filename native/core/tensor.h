// A typed, shaped view of a Storage. Cheap to copy (shares the storage). Kernels read and write
// through data<T>(); ops in native/ops check shapes, dtypes and devices before they get there.
#pragma once
#include <memory>
#include <string>

#include "storage.h"
#include "types.h"

namespace mssar {

class Tensor {
 public:
  Tensor() = default;
  static Tensor empty(const Shape& shape, DType dtype, Device device, Layout layout = Layout::Plain);
  static Tensor zeros(const Shape& shape, DType dtype, Device device, Layout layout = Layout::Plain);
  static Tensor empty_like(const Tensor& t) { return empty(t.shape_, t.dtype_, t.device(), t.layout_); }
  static Tensor zeros_like(const Tensor& t) { return zeros(t.shape_, t.dtype_, t.device(), t.layout_); }

  bool defined() const { return storage_ != nullptr; }
  const Shape& shape() const { return shape_; }
  int64_t ndim() const { return int64_t(shape_.size()); }
  int64_t size(int64_t i) const { return shape_[size_t(i < 0 ? i + ndim() : i)]; }
  int64_t numel() const { return mssar::numel(shape_); }
  DType dtype() const { return dtype_; }
  Device device() const { return storage_->device(); }
  Layout layout() const { return layout_; }
  size_t nbytes() const { return size_t(physical_numel(shape_, layout_)) * dtype_size(dtype_); }

  void* raw() const { return static_cast<char*>(storage_->data()) + offset_; }
  template <class T>
  T* data() const { return static_cast<T*>(raw()); }
  const std::shared_ptr<Storage>& storage() const { return storage_; }

  // Same storage, new shape (same element count); plain layout only.
  Tensor reshape(const Shape& shape) const;
  // Same storage reinterpreted with another layout tag; for kernels that produce a layout in place.
  Tensor with_layout(Layout layout) const;
  void zero_() const;
  // Copies all elements from src (same shape and dtype; layouts must match; devices may differ).
  void copy_from(const Tensor& src) const;

  // "[2,3,5,5] float32 cpu" (plus the layout when it is not plain)
  std::string describe() const;

 private:
  std::shared_ptr<Storage> storage_;
  Shape shape_;
  DType dtype_ = DType::Float32;
  Layout layout_ = Layout::Plain;
  size_t offset_ = 0;
};

}  // namespace mssar
