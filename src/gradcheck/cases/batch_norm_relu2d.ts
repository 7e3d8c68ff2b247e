import { batchNormRelu2d } from '../../functional/batch_norm_relu2d';
import type { Layout } from '../../native';
import { CaseInput, defineOp, floatInput, inLayout, OpCase } from '../cases';
import { Rng } from '../rng';

// The batch norm's tolerances (cases/batch_norm2d.ts): the ReLU adds no error of its own.
const atol = 1e-6, rtol = 1e-5;
// Every normalized value stays this far from the ReLU's kink at 0: much more than the
// finite-difference step moves it (about 1e-5) and than float32 rounds it (about 1e-6), so the
// mask is the same on every kernel and in every check.
const margin = 5e-3;

interface Spec {
  name: string;
  shape: [number, number, number, number];
  training: boolean;
  layout: Layout;
}

/** The values of batchNorm2d(x) before the ReLU, in float64 (running stats rm, rv in eval mode). */
function normalized(x: Float64Array, shape: number[], training: boolean, rm: Float64Array, rv: Float64Array,
  w: Float64Array, b: Float64Array): Float64Array {
  const [n, c, h, wd] = shape;
  const hw = h * wd, count = n * hw;
  const out = new Float64Array(x.length);
  for (let k = 0; k < c; k++) {
    let mean = rm[k], variance = rv[k];
    if (training) {
      mean = 0;
      for (let s = 0; s < n; s++) for (let i = 0; i < hw; i++) mean += x[(s * c + k) * hw + i];
      mean /= count;
      variance = 0;
      for (let s = 0; s < n; s++) for (let i = 0; i < hw; i++) variance += (x[(s * c + k) * hw + i] - mean) ** 2;
      variance /= count;
    }
    const invstd = 1 / Math.sqrt(variance + 1e-5);
    for (let s = 0; s < n; s++) for (let i = 0; i < hw; i++) {
      const j = (s * c + k) * hw + i;
      out[j] = (x[j] - mean) * invstd * w[k] + b[k];
    }
  }
  return out;
}

function makeCase(rng: Rng, s: Spec): OpCase {
  const c = s.shape[1];
  const rm = floatInput(rng, [c], { low: -0.5, high: 0.5, grad: false });
  const rv = floatInput(rng, [c], { low: 0.5, high: 1.5, grad: false });
  const w = floatInput(rng, [c], { low: 0.5, high: 1.5 });
  const b = floatInput(rng, [c], { low: -0.5, high: 0.5 });
  // x drawn again until no normalized value sits near the kink.
  let x: CaseInput = floatInput(rng, s.shape);
  for (let attempt = 0; attempt < 1000; attempt++) {
    const z = normalized(x.data, s.shape, s.training, rm.data, rv.data, w.data, b.data);
    if (z.every((v) => Math.abs(v) >= margin)) break;
    x = floatInput(rng, s.shape);
  }
  return {
    name: s.name,
    inputs: [x, rm, rv, w, b],
    run: (xi, rmi, rvi, wi, bi) => batchNormRelu2d(inLayout(xi, s.layout), rmi, rvi, wi, bi, { training: s.training }),
    atol,
    rtol,
  };
}

export default defineOp({
  op: 'batchNormRelu2d',
  cases(rng: Rng): OpCase[] {
    const specs: Spec[] = [
      { name: 'training, [2,3,5,7]', shape: [2, 3, 5, 7], training: true, layout: 'plain' },
      { name: 'training, N = 1, C = 1, [1,1,6,5]', shape: [1, 1, 6, 5], training: true, layout: 'plain' },
      { name: 'eval, odd sizes, [3,2,3,1]', shape: [3, 2, 3, 1], training: false, layout: 'plain' },
      { name: 'training, nChw16c, C = 3 (padding lanes), [2,3,4,5]', shape: [2, 3, 4, 5], training: true, layout: 'nChw16c' },
      { name: 'training, nChw8c, C = 10 (two blocks), [2,10,3,3]', shape: [2, 10, 3, 3], training: true, layout: 'nChw8c' },
      { name: 'training, channels_last, [3,4,2,3]', shape: [3, 4, 2, 3], training: true, layout: 'channels_last' },
      { name: 'eval, nChw16c, [2,17,2,2]', shape: [2, 17, 2, 2], training: false, layout: 'nChw16c' },
    ];
    return specs.map((s) => makeCase(rng, s));
  },
});
