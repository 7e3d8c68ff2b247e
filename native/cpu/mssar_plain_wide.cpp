// The plain MS-SAR kernels with 512-bit vectors where the machine has them (mssar_plain.h says where
// they are the faster ones).
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC target("prefer-vector-width=512")
#endif
#define MSSAR_PLAIN_NS wide
#include "mssar_plain.inc"
