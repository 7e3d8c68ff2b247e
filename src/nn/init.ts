// Weight initialisation, drawn from the global generator (seeded by manualSeed), so the same seed
// builds the same parameters.
import { full, rand, randn } from '../creation';
import type { Tensor } from '../tensor';

/** How the Kaiming (He et al. 2015) standard deviation sqrt(2 / fan) picks its fan. */
export type KaimingMode = 'fanOut' | 'fanIn';

/**
 * Normal(0, sqrt(2 / fan)) for a weight [out, in, ...kernel]: fan-out = out * prod(kernel)
 * (the reference ResNet, WRN and DenseNet codes), fan-in = in * prod(kernel).
 */
export function kaimingNormal(shape: readonly number[], mode: KaimingMode = 'fanOut'): Tensor {
  let receptive = 1;
  for (const d of shape.slice(2)) receptive *= d;
  const fan = (mode === 'fanOut' ? shape[0] : shape[1]) * receptive;
  return randn(shape, { std: Math.sqrt(2 / fan) });
}

/** Uniform in [-bound, bound). */
export function uniform(shape: readonly number[], bound: number): Tensor {
  return rand(shape, { low: -bound, high: bound });
}

export function constant(shape: readonly number[], value: number): Tensor {
  return full(shape, value);
}
