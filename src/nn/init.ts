// Weight initialisation, drawn from the global generator (seeded by manualSeed), so the same seed
// builds the same parameters.
import { checkNumber, checkOneOf, checkShape, fail } from '../check';
import { full, rand, randn } from '../creation';
import type { Tensor } from '../tensor';

/** How the Kaiming (He et al. 2015) standard deviation sqrt(2 / fan) picks its fan. */
export type KaimingMode = 'fanOut' | 'fanIn';

/**
 * Normal(0, sqrt(2 / fan)) for a weight [out, in, ...kernel]: fan-out = out * prod(kernel)
 * (the reference ResNet, WRN and DenseNet codes), fan-in = in * prod(kernel).
 */
export function kaimingNormal(shape: readonly number[], mode: KaimingMode = 'fanOut'): Tensor {
  checkOneOf('kaimingNormal', 'mode', mode, ['fanOut', 'fanIn']);
  checkShape('kaimingNormal', 'shape', shape);
  if (shape.length < 2) fail('kaimingNormal', 'shape', 'at least 2 dimensions [out, in, ...kernel]', shape);
  let receptive = 1;
  for (const d of shape.slice(2)) receptive *= d;
  const fan = (mode === 'fanOut' ? shape[0] : shape[1]) * receptive;
  return randn(shape, { std: Math.sqrt(2 / fan) });
}

/** Uniform in [-bound, bound). */
export function uniform(shape: readonly number[], bound: number): Tensor {
  checkShape('uniform', 'shape', shape);
  checkNumber('uniform', 'bound', bound, { min: 0 });
  return rand(shape, { low: -bound, high: bound });
}

export function constant(shape: readonly number[], value: number): Tensor {
  checkShape('constant', 'shape', shape);
  checkNumber('constant', 'value', value);
  return full(shape, value);
}
