// The checks every op must pass, described once and run by both the test suite and
// `mssar gradcheck`: a finite-difference gradient check in float64 (fast kernels and reference
// kernels), and parity of the fast float32 kernels (cpu, and cuda when present) with the reference.
import { isReference, Layout } from '../native';
import { Tensor } from '../tensor';
import { Rng } from './rng';

export interface CaseInput {
  shape: number[];
  /** Values (float64) — labels and indices as integers. */
  data: Float64Array;
  /** 'int32' or 'int64' for labels and indices; floats follow the check's dtype. */
  dtype?: 'int32' | 'int64';
  /** Whether the op is differentiated with respect to this input. */
  grad: boolean;
}

export interface OpCase {
  /** What is special about this case: 'stride 2, groups 3, N = 1'. */
  name: string;
  inputs: CaseInput[];
  /** The op through the public API, on tensors made from `inputs`. */
  run(...xs: Tensor[]): Tensor;
  /**
   * Parity tolerance of the float32 kernels against the float64 reference:
   * |fast - ref| <= atol + rtol * |ref|, for the output and every input gradient.
   */
  atol: number;
  rtol: number;
  /** Gradient-check tolerance, when the default (1e-5, 1e-3) does not fit. */
  gradAtol?: number;
  gradRtol?: number;
  /** Reseed the tensor generator with this before every run (ops that draw random numbers). */
  seed?: number;
  /** Skip the finite-difference check for this case (e.g. too large); parity still runs. */
  skipGradcheck?: boolean;
}

export interface OpSpec {
  /** The functional op's name. */
  op: string;
  cases(rng: Rng): OpCase[];
}

const specs: OpSpec[] = [];

export function defineOp(spec: OpSpec): OpSpec {
  specs.push(spec);
  return spec;
}

export function allSpecs(): readonly OpSpec[] {
  return specs;
}

/** Helper for specs: a float input with random values in [low, high), away from 0 by `gap`. */
export function floatInput(rng: Rng, shape: number[], opts: { low?: number; high?: number; gap?: number; grad?: boolean } = {}): CaseInput {
  const n = shape.reduce((a, b) => a * b, 1);
  return { shape, data: rng.array(n, opts.low ?? -1, opts.high ?? 1, opts.gap ?? 0), grad: opts.grad ?? true };
}

export function intInput(rng: Rng, shape: number[], low: number, high: number, dtype: 'int32' | 'int64' = 'int32'): CaseInput {
  const n = shape.reduce((a, b) => a * b, 1);
  return { shape, data: Float64Array.from({ length: n }, () => rng.int(low, high)), dtype, grad: false };
}

/**
 * x in `layout` on the fast kernels, x as it is (plain) on the reference ones, which take plain
 * tensors only: a case whose run() passes its inputs through this checks the fast kernels' paths
 * for that layout against the plain reference (toLayout is differentiable, so the gradients land
 * on the plain inputs).
 */
export function inLayout(x: Tensor, layout: Layout): Tensor {
  return isReference() ? x : x.toLayout(layout);
}
