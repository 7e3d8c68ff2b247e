// The plain MS-SAR kernels with 256-bit vectors (mssar_plain.h says where they are the faster ones).
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC target("prefer-vector-width=256")
#endif
#define MSSAR_PLAIN_NS narrow
#include "mssar_plain.inc"
