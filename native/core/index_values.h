// Index and mask tensors: which dtypes they may have and how their values are read, in one place
// for every op that takes them (indexSelect, gather, maskedFill, embedding, nllLoss). int32 today;
// int64 and bool join here. A mask value is true when it is nonzero.
#pragma once
#include <cstdint>

#include "types.h"

#ifdef __CUDACC__
#define MSSAR_INDEX_HD __host__ __device__
#else
#define MSSAR_INDEX_HD
#endif

namespace mssar {

inline bool is_index_dtype(DType t) { return t == DType::Int32; }
inline bool is_mask_dtype(DType t) { return t == DType::Int32; }
inline const char* index_dtypes() { return "int32"; }

// Element i of an index tensor's data.
MSSAR_INDEX_HD inline int64_t index_at(const void* data, DType t, int64_t i) {
  (void)t;  // one index dtype so far
  return static_cast<const int32_t*>(data)[i];
}

// Element i of a mask tensor's data.
MSSAR_INDEX_HD inline bool mask_at(const void* data, DType t, int64_t i) {
  (void)t;
  return static_cast<const int32_t*>(data)[i] != 0;
}

}  // namespace mssar
