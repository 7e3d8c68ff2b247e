// Index and mask tensors: which dtypes they may have and how their values are read, in one place
// for every op that takes them (indexSelect, gather, maskedFill, embedding, nllLoss). Indices are
// int32 or int64; masks are bool, or int32 / int64 read as true when nonzero.
#pragma once
#include <cstdint>

#include "types.h"

#ifdef __CUDACC__
#define MSSAR_INDEX_HD __host__ __device__
#else
#define MSSAR_INDEX_HD
#endif

namespace mssar {

inline bool is_index_dtype(DType t) { return t == DType::Int32 || t == DType::Int64; }
inline bool is_mask_dtype(DType t) { return t == DType::Bool || t == DType::Int32 || t == DType::Int64; }
inline const char* index_dtypes() { return "int32 or int64"; }
inline const char* mask_dtypes() { return "bool, int32 or int64"; }

// Element i of an index tensor's data.
MSSAR_INDEX_HD inline int64_t index_at(const void* data, DType t, int64_t i) {
  if (t == DType::Int64) return static_cast<const int64_t*>(data)[i];
  return static_cast<const int32_t*>(data)[i];
}

// Element i of a mask tensor's data.
MSSAR_INDEX_HD inline bool mask_at(const void* data, DType t, int64_t i) {
  if (t == DType::Bool) return static_cast<const uint8_t*>(data)[i] != 0;
  if (t == DType::Int64) return static_cast<const int64_t*>(data)[i] != 0;
  return static_cast<const int32_t*>(data)[i] != 0;
}

}  // namespace mssar
