// nllLoss and crossEntropy's class weights against values worked out by hand, and weights of 1
// giving the unweighted loss; their argument errors.
import { strict as assert } from 'assert';
import * as m from '../src/index';
import { native } from '../src/native';
import { assertClose, rejects } from './assertions';

const F = m.functional;
const ints = (v: number[]) => m.tensor(v, [v.length], { dtype: 'int32' });

describe('nllLoss and weighted crossEntropy', () => {
  it('nllLoss: weighted mean, sum and none by hand', () => m.tidy(() => {
    const logp = m.tensor([0.5, 0.25, 0.25, 0.1, 0.6, 0.3].map(Math.log), [2, 3], { dtype: 'float64' });
    const w = m.tensor([2, 1, 3], [3], { dtype: 'float64' });
    const y = ints([0, 2]);
    const terms = [-2 * Math.log(0.5), -3 * Math.log(0.3)];
    assertClose(F.nllLoss(logp, y, { weight: w }).toArray(), [(terms[0] + terms[1]) / 5], 1e-12, 1e-12, 'mean');
    assertClose(F.nllLoss(logp, y, { weight: w, reduction: 'sum' }).toArray(), [terms[0] + terms[1]], 1e-12, 1e-12, 'sum');
    assertClose(F.nllLoss(logp, y, { weight: w, reduction: 'none' }).toArray(), terms, 1e-12, 1e-12, 'none');
    assertClose(F.nllLoss(logp, y).toArray(), [-(Math.log(0.5) + Math.log(0.3)) / 2], 1e-12, 1e-12, 'unweighted');
  }));

  it('crossEntropy with weights of 1 is the unweighted loss, with and without smoothing, and so are its gradients', () => m.tidy(() => {
    for (const s of [0, 0.2]) {
      const x = m.randn([5, 4], { dtype: 'float64', requiresGrad: true });
      const y = ints([0, 3, 1, 1, 2]);
      const plain = F.crossEntropy(x, y, { labelSmoothing: s });
      plain.backward();
      const g = x.grad!.toArray();
      x.grad = null;
      const weighted = F.crossEntropy(x, y, { labelSmoothing: s, weight: m.ones([4], { dtype: 'float64' }) });
      weighted.backward();
      assertClose(weighted.toArray(), plain.toArray(), 1e-12, 1e-12, `loss, s = ${s}`);
      assertClose(x.grad!.toArray(), g, 1e-12, 1e-12, `gradient, s = ${s}`);
    }
  }));

  it('a class weighted twice as much as the rest counts twice in the weighted mean', () => m.tidy(() => {
    const x = m.tensor([2, 0, 0, 0, 2, 0], [2, 3], { dtype: 'float64' });
    const y = ints([0, 1]);
    const per = F.crossEntropy(x.slice(0, 0, 1), ints([0])).item();
    const loss = F.crossEntropy(x, y, { weight: m.tensor([2, 1, 1], [3], { dtype: 'float64' }) }).item();
    assert.ok(Math.abs(loss - per) < 1e-12, `${loss} vs ${per} (both rows have the same loss)`);
  }));

  it('mseLoss by hand', () => m.tidy(() => {
    const a = m.tensor([1, 2, 4], [3], { dtype: 'float64' }), b = m.tensor([0, 2, 1], [3], { dtype: 'float64' });
    assertClose(F.mseLoss(a, b).toArray(), [10 / 3], 1e-12, 1e-12, 'mean');
    assertClose(F.mseLoss(a, b, { reduction: 'sum' }).toArray(), [10], 1e-12, 1e-12, 'sum');
    assertClose(F.mseLoss(a, b, { reduction: 'none' }).toArray(), [1, 0, 9], 1e-12, 1e-12, 'none');
    rejects(() => F.mseLoss(a, m.zeros([2], { dtype: 'float64' })), /^mseLoss: input and target must have the same shape, got \[3\] float64 cpu and \[2\] float64 cpu/);
    rejects(() => F.mseLoss(a, b, { reduction: 'avg' as never }), /^mseLoss: options.reduction must be one of/);
  }));

  it('errors name nllLoss or crossEntropy and show the shapes', () => m.tidy(() => {
    rejects(() => F.nllLoss(m.zeros([2, 3]), ints([0, 3])), /^nllLoss: labels \[2\] int32 cpu holds 3 at element 1, outside \[0, 3\)/);
    rejects(() => F.nllLoss(m.zeros([2, 3]), ints([0])), /^nllLoss: labels must be \[2\]/);
    rejects(() => F.nllLoss(m.zeros([2, 3]), ints([0, 1]), { weight: m.zeros([2]) }), /^nllLoss: weight must be \[3\]/);
    rejects(() => F.nllLoss(m.zeros([2, 3]), ints([0, 1]), { reduction: 'avg' as never }), /^nllLoss: options.reduction must be one of/);
    rejects(() => F.nllLoss(m.zeros([6]), ints([0])), /^nllLoss: logProbs must be 2-d \[N, K\], got \[6\] float32 cpu/);
    rejects(() => F.crossEntropy(m.zeros([2, 3]), ints([0, 1]), { weight: m.zeros([4]) }), /^crossEntropy: weight must be \[3\]/);
    rejects(() => native.nllLossForward(m.zeros([2, 3]).handle, ints([0, 1]).handle, null, 0, 'avg'), /^nllLoss: reduction must be 'none', 'mean' or 'sum', got 'avg'/);
  }));
});
