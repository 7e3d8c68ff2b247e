// Central-difference gradient checking, float64: the analytic gradient of sum(u * f(x)) for a fixed
// random u against (L(x + h) - L(x - h)) / 2h, element by element, for every input that requires grad.
import { checkFunction, checkOptions, fail } from '../check';
import { Tensor } from '../tensor';
import { tensor } from '../creation';
import { noGrad } from '../autograd';
import { tidy } from '../scope';
import { Rng } from './rng';

export interface GradcheckOptions {
  /** Step of the central difference (default 1e-6). */
  eps?: number;
  /** Pass when |analytic - numeric| <= atol + rtol * max(|analytic|, |numeric|) (defaults 1e-5, 1e-3). */
  atol?: number;
  rtol?: number;
  /** Seeds the upstream gradient; also, when `reseed` is set, the tensor generator before every run (dropout). */
  seed?: number;
  reseed?: (() => void) | null;
}

export interface InputReport {
  index: number;
  ok: boolean;
  maxAbsError: number;
  /** The element with the largest error. */
  worst: { element: number; analytic: number; numeric: number } | null;
}

export interface GradcheckResult {
  ok: boolean;
  maxAbsError: number;
  inputs: InputReport[];
}

function dot(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
}

/**
 * Checks fn's gradients with respect to every input that requires grad. Inputs that take part in
 * the check must be float64; the others (labels, running statistics) are passed through as given.
 */
export function gradcheck(fn: (...xs: Tensor[]) => Tensor, inputs: Tensor[], opts: GradcheckOptions = {}): GradcheckResult {
  checkFunction('gradcheck', 'fn', fn);
  if (!Array.isArray(inputs) || inputs.length === 0 || !inputs.every((t) => t instanceof Tensor && !t.isDisposed)) fail('gradcheck', 'inputs', 'a non-empty array of live Tensors', inputs);
  opts = checkOptions<GradcheckOptions>('gradcheck', 'options', opts, ['eps', 'atol', 'rtol', 'seed', 'reseed']);
  const eps = opts.eps ?? 1e-6, atol = opts.atol ?? 1e-5, rtol = opts.rtol ?? 1e-3;
  const reseed = opts.reseed ?? (() => {});
  const checked = inputs.map((t) => t.requiresGrad);
  inputs.forEach((t, i) => {
    if (checked[i] && t.dtype !== 'float64') {
      throw new Error(`gradcheck: input ${i} requires grad but is ${t.dtype}; finite differences need float64`);
    }
  });
  const base = inputs.map((t, i) => (checked[i] ? Float64Array.from(t.toArray()) : null));
  const leaf = (i: number, data?: Float64Array): Tensor => {
    const t = inputs[i];
    if (!checked[i]) return t;
    return tensor(data ?? base[i]!, t.shape, { dtype: 'float64', device: t.device, requiresGrad: true });
  };

  // Analytic: one backward of sum(u * y).
  const rng = new Rng(opts.seed ?? 1234);
  let upstream: Float64Array = new Float64Array(0);
  const analytic = tidy(() => {
    const xs = inputs.map((_, i) => leaf(i));
    reseed();
    const y = fn(...xs);
    if (y.dtype !== 'float64') throw new Error(`gradcheck: fn must return a float64 tensor, got ${y.dtype}`);
    upstream = Float64Array.from({ length: y.size }, () => rng.uniform(-1, 1));
    if (!y.requiresGrad) return xs.map(() => null);
    y.backward(tensor(upstream, y.shape, { dtype: 'float64', device: y.device }));
    return xs.map((x, i) => (checked[i] && x.grad ? Float64Array.from(x.grad.toArray()) : null));
  });

  const objective = (i: number, data: Float64Array): number =>
    tidy(() => noGrad(() => {
      const xs = inputs.map((_, k) => (k === i ? leaf(k, data) : leaf(k)));
      reseed();
      return dot(upstream, fn(...xs).toArray());
    }));

  const reports: InputReport[] = [];
  inputs.forEach((_, i) => {
    if (!checked[i]) return;
    const x = Float64Array.from(base[i]!);
    const a = analytic[i] ?? new Float64Array(x.length);
    const report: InputReport = { index: i, ok: true, maxAbsError: 0, worst: null };
    for (let j = 0; j < x.length; j++) {
      const orig = x[j];
      x[j] = orig + eps;
      const plus = objective(i, x);
      x[j] = orig - eps;
      const minus = objective(i, x);
      x[j] = orig;
      const numeric = (plus - minus) / (2 * eps);
      const err = Math.abs(a[j] - numeric);
      if (!(err <= atol + rtol * Math.max(Math.abs(a[j]), Math.abs(numeric)))) report.ok = false;
      if (err > report.maxAbsError || Number.isNaN(err)) {
        report.maxAbsError = Number.isNaN(err) ? Infinity : err;
        report.worst = { element: j, analytic: a[j], numeric };
      }
    }
    reports.push(report);
  });
  return {
    ok: reports.every((r) => r.ok),
    maxAbsError: reports.reduce((m, r) => Math.max(m, r.maxAbsError), 0),
    inputs: reports,
  };
}
