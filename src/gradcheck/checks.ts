// Runs an OpCase: gradient check on the fast float64 kernels and on the reference, and parity of
// float32 (cpu or cuda) against the reference.
import { Device } from '../native';
import { reference } from '../native';
import { Tensor } from '../tensor';
import { tensor } from '../creation';
import { manualSeed } from '../creation';
import { tidy } from '../scope';
import { gradcheck, GradcheckResult } from './gradcheck';
import { OpCase } from './cases';
import { Rng } from './rng';

function makeInputs(c: OpCase, dtype: 'float32' | 'float64', device: Device): Tensor[] {
  return c.inputs.map((inp) => tensor(inp.data, inp.shape, {
    dtype: inp.dtype ?? dtype,
    device,
    requiresGrad: inp.grad,
  }));
}

export function gradcheckCase(c: OpCase, onReference: boolean): GradcheckResult {
  const run = () => tidy(() => gradcheck((...xs) => c.run(...xs), makeInputs(c, 'float64', 'cpu'), {
    atol: c.gradAtol, rtol: c.gradRtol,
    reseed: c.seed === undefined ? null : () => manualSeed(c.seed!),
  }));
  return onReference ? reference(run) : run();
}

export interface ParityReport {
  ok: boolean;
  /** Largest |fast - ref| / (atol + rtol |ref|) over the output and all gradients: <= 1 passes. */
  worstRatio: number;
  /** Which tensor had the worst ratio: 'output' or 'grad of input i'. */
  where: string;
  detail: string;
}

interface Outcome {
  output: Float64Array;
  grads: (Float64Array | null)[];
}

function runWithGrad(c: OpCase, dtype: 'float32' | 'float64', device: Device, upstreamSeed: number): Outcome {
  return tidy(() => {
    const xs = makeInputs(c, dtype, device);
    if (c.seed !== undefined) manualSeed(c.seed);
    const y = c.run(...xs);
    const rng = new Rng(upstreamSeed);
    const u = Float64Array.from({ length: y.size }, () => rng.uniform(-1, 1));
    if (y.requiresGrad) y.backward(tensor(u, y.shape, { dtype: y.dtype as 'float32' | 'float64', device }));
    return {
      output: Float64Array.from(y.toArray()),
      grads: xs.map((x) => (x.grad ? Float64Array.from(x.grad.toArray()) : null)),
    };
  });
}

/**
 * The fast kernels of `device` in `dtype` against the reference. float64 kernels are held to a
 * thousandth of the case's tolerance (which is set for float32, about 5e8 times coarser than
 * float64's rounding): a float64 kernel that rounds anything through float32, or through TF32,
 * fails it.
 */
export function parityCase(c: OpCase, device: Device, dtype: 'float32' | 'float64' = 'float32'): ParityReport {
  const ref = reference(() => runWithGrad(c, 'float64', 'cpu', 99));
  const fast = runWithGrad(c, dtype, device, 99);
  const scale = dtype === 'float64' ? 1e-3 : 1;
  const atol = c.atol * scale, rtol = c.rtol * scale;
  let worst = 0, where = 'output', detail = '';
  const compare = (name: string, got: Float64Array | null, want: Float64Array | null) => {
    if (!want && !got) return;
    if (!want || !got || want.length !== got.length) {
      worst = Infinity;
      where = name;
      detail = `missing or mis-sized (${got?.length ?? 'none'} vs ${want?.length ?? 'none'})`;
      return;
    }
    for (let i = 0; i < want.length; i++) {
      const bound = atol + rtol * Math.abs(want[i]);
      const err = Math.abs(got[i] - want[i]);
      // NaN in the reference must be NaN in the fast kernel too.
      const ratio = Number.isNaN(want[i]) ? (Number.isNaN(got[i]) ? 0 : Infinity)
        : Number.isNaN(err) ? Infinity : bound > 0 ? err / bound : err > 0 ? Infinity : 0;
      if (ratio > worst) {
        worst = ratio;
        where = name;
        detail = `element ${i}: ${got[i]} vs reference ${want[i]}`;
      }
    }
  };
  compare('output', fast.output, ref.output);
  ref.grads.forEach((g, i) => compare(`grad of input ${i}`, fast.grads[i], g));
  return { ok: worst <= 1, worstRatio: worst, where, detail };
}
