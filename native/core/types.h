// Element types, devices, layouts and shapes: the vocabulary every other file speaks.
#pragma once
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace mssar {

// Bool is stored one byte per element, 0 or 1 (C++ bool in the kernels, Uint8Array in JavaScript).
enum class DType : uint8_t { Float32 = 0, Float64 = 1, Int32 = 2, Int64 = 3, Bool = 4 };
enum class Device : uint8_t { CPU = 0, CUDA = 1 };

// Physical order of a tensor's elements. The logical shape is always what the user sees (NCHW for
// images); the layout says how those elements sit in memory so that oneDNN's preferred formats can
// travel between ops without a reorder at each one.
//   Plain        row-major in the order of the logical shape (NCHW for 4-d tensors)
//   ChannelsLast 4-d only, memory order N, H, W, C
//   Blocked16    4-d only, nChw16c: channels split in blocks of 16, C padded up with zeros
//   Blocked8     4-d only, nChw8c
enum class Layout : uint8_t { Plain = 0, ChannelsLast = 1, Blocked16 = 2, Blocked8 = 3 };

using Shape = std::vector<int64_t>;

size_t dtype_size(DType t);
const char* dtype_name(DType t);
bool is_float(DType t);
const char* device_name(Device d);
const char* layout_name(Layout l);

int64_t numel(const Shape& s);
std::string shape_str(const Shape& s);
// Number of elements the layout occupies in memory (blocked layouts pad C).
int64_t physical_numel(const Shape& s, Layout l);
int64_t layout_block(Layout l);  // 16, 8, or 1 for unblocked layouts

}  // namespace mssar
