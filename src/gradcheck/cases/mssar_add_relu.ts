import { tensor } from '../../creation';
import { mssar } from '../../functional/mssar';
import { mssarAddRelu } from '../../functional/mssar_add_relu';
import { Layout, reference } from '../../native';
import { tidy } from '../../scope';
import { CaseInput, defineOp, floatInput, inLayout, OpCase } from '../cases';
import { Rng } from '../rng';

interface Spec {
  name: string;
  shape: [number, number, number, number];
  scales: number[];
  symmetric: boolean;
  layout: Layout;
  skipGradcheck?: boolean;
  /** bias [N, C], one per image and channel, instead of [C]. */
  perSampleBias?: boolean;
}

function makeCase(rng: Rng, s: Spec): OpCase {
  const [n, c] = s.shape;
  const K = s.scales.length;
  const x = floatInput(rng, s.shape);
  // Non-zero weights and bias: the zero initialisation would hide every context bug.
  const w = floatInput(rng, s.symmetric ? [K, c, 3] : [K, c, 3, 3]);
  const b = floatInput(rng, s.perSampleBias ? [n, c] : [c], { low: -0.5, high: 0.5 });
  // The residual keeps every sum at least 0.05 away from the ReLU's kink (MS-SAR's output from the
  // reference kernels).
  const y = reference(() => tidy(() => mssar(tensor(x.data, x.shape), tensor(w.data, w.shape), tensor(b.data, b.shape),
    { scales: s.scales, symmetric: s.symmetric }).toArray()));
  const r: CaseInput = floatInput(rng, s.shape);
  for (let i = 0; i < r.data.length; i++) {
    const sum = y[i] + r.data[i];
    if (Math.abs(sum) < 0.05) r.data[i] += sum < 0 ? -0.1 : 0.1;
  }
  return {
    name: `${s.name}: [${s.shape.join(',')}], scales [${s.scales.join(', ')}]${s.symmetric ? ', symmetric' : ''}${s.layout === 'plain' ? '' : `, ${s.layout}`}${s.perSampleBias ? ', bias [N, C]' : ''}`,
    inputs: [x, w, b, r],
    run: (xt, wt, bt, rt) => mssarAddRelu(inLayout(xt, s.layout), wt, bt, rt, { scales: s.scales, symmetric: s.symmetric }),
    // MS-SAR's tolerance (cases/mssar.ts); the sum and the ReLU add one rounding.
    atol: 1e-5,
    rtol: 1e-4,
    skipGradcheck: s.skipGradcheck,
  };
}

export default defineOp({
  op: 'mssarAddRelu',
  cases(rng: Rng): OpCase[] {
    const specs: Spec[] = [
      { name: 'odd sizes', shape: [2, 3, 5, 7], scales: [1, 2, 4], symmetric: false, layout: 'plain' },
      { name: 'N = 1, C = 1, 1x1', shape: [1, 1, 1, 1], scales: [1, 2], symmetric: true, layout: 'plain' },
      { name: 'padding lanes', shape: [2, 3, 4, 5], scales: [1, 2, 4], symmetric: false, layout: 'nChw16c' },
      { name: 'two blocks', shape: [1, 10, 5, 6], scales: [1, 3], symmetric: true, layout: 'nChw8c' },
      { name: 'channels_last (made plain)', shape: [2, 4, 3, 3], scales: [2], symmetric: false, layout: 'channels_last' },
      { name: 'full blocks, ResNet-like', shape: [2, 16, 12, 12], scales: [1, 2, 4], symmetric: false, layout: 'nChw16c', skipGradcheck: true },
      { name: 'odd sizes', shape: [2, 3, 5, 7], scales: [1, 2, 4], symmetric: false, layout: 'plain', perSampleBias: true },
      { name: 'padding lanes', shape: [3, 3, 4, 5], scales: [1, 2, 4], symmetric: false, layout: 'nChw16c', perSampleBias: true },
      { name: 'two blocks', shape: [2, 10, 5, 6], scales: [1, 3], symmetric: true, layout: 'nChw8c', perSampleBias: true },
      { name: 'full blocks, ResNet-like', shape: [3, 16, 12, 12], scales: [1, 2, 4], symmetric: false, layout: 'nChw16c', skipGradcheck: true, perSampleBias: true },
    ];
    return specs.map((s) => makeCase(rng, s));
  },
});
