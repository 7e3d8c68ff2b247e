// Philox4x32-10 (Salmon et al., "Parallel random numbers: as easy as 1, 2, 3"): a counter-based
// generator, so element i of a random tensor depends only on (seed, offset, i) and the CPU and CUDA
// kernels produce the same numbers in any order, on any number of threads.
#pragma once
#include <cmath>
#include <cstdint>

#if defined(__CUDACC__)
#define MSSAR_HD __host__ __device__ __forceinline__
#else
#define MSSAR_HD inline
#endif

namespace mssar {

struct Philox4 {
  uint32_t v[4];
};

MSSAR_HD void philox_round(uint32_t ctr[4], const uint32_t key[2]) {
  const uint64_t p0 = uint64_t(0xD2511F53u) * ctr[0];
  const uint64_t p1 = uint64_t(0xCD9E8D57u) * ctr[2];
  const uint32_t hi0 = uint32_t(p0 >> 32), lo0 = uint32_t(p0);
  const uint32_t hi1 = uint32_t(p1 >> 32), lo1 = uint32_t(p1);
  const uint32_t c0 = hi1 ^ ctr[1] ^ key[0];
  const uint32_t c2 = hi0 ^ ctr[3] ^ key[1];
  ctr[0] = c0;
  ctr[1] = lo1;
  ctr[2] = c2;
  ctr[3] = lo0;
}

// Four 32-bit random words for block `block` of the stream (seed, offset).
MSSAR_HD Philox4 philox4(uint64_t seed, uint64_t offset, uint64_t block) {
  uint64_t c = offset + block;
  uint32_t ctr[4] = {uint32_t(c), uint32_t(c >> 32), 0u, 0u};
  uint32_t key[2] = {uint32_t(seed), uint32_t(seed >> 32)};
  for (int r = 0; r < 10; ++r) {
    philox_round(ctr, key);
    key[0] += 0x9E3779B9u;
    key[1] += 0xBB67AE85u;
  }
  return Philox4{{ctr[0], ctr[1], ctr[2], ctr[3]}};
}

// Uniform in (0, 1], never 0, so that log() in Box-Muller is finite.
MSSAR_HD double uniform_open0(uint32_t w) { return (double(w) + 1.0) * (1.0 / 4294967296.0); }

// Element i of a uniform stream: word i%4 of block i/4.
MSSAR_HD double philox_uniform(uint64_t seed, uint64_t offset, uint64_t i) {
  return uniform_open0(philox4(seed, offset, i >> 2).v[i & 3]);
}

// Element i of a standard normal stream: Box-Muller on the word pairs (0,1) and (2,3) of block i/4.
MSSAR_HD double philox_normal(uint64_t seed, uint64_t offset, uint64_t i) {
  Philox4 r = philox4(seed, offset, i >> 2);
  const int pair = int(i & 2);
  const double u1 = uniform_open0(r.v[pair]), u2 = uniform_open0(r.v[pair + 1]);
  const double radius = sqrt(-2.0 * log(u1));
  const double angle = 6.283185307179586 * u2;
  return (i & 1) ? radius * sin(angle) : radius * cos(angle);
}

// Blocks consumed by a stream of n elements: what the generator's offset advances by.
MSSAR_HD uint64_t philox_blocks(uint64_t n) { return (n + 3) / 4; }

}  // namespace mssar
