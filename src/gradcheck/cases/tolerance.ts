// Parity tolerances for ops whose outputs are sums of products (convolutions, matrix products).
//
// The float32 kernels are compared with the float64 reference at one tolerance for the cpu and for
// cuda, and cuda runs float32 products in TF32 by default: each operand rounded to 11 significant
// bits (relative error up to 2^-11), so a product of two operands uniform in [-1, 1] (rms 1/3)
// errs by about 1.3e-4 (one standard deviation), and a sum of K of them by 1.3e-4 * sqrt(K). We
// allow about 7.5 standard deviations: atol = 1e-3 * sqrt(K), K the longest sum among the output
// and the gradients. Float32 itself (cpu, or cuda with TF32 off) errs about 1000 times less;
// test/float32_products.test.ts holds those kernels (conv2d, linear, matmul) to atol / 100.
export function productSumTolerance(longestSum: number): { atol: number; rtol: number } {
  return { atol: 1e-3 * Math.sqrt(Math.max(1, longestSum)), rtol: 1e-4 };
}
