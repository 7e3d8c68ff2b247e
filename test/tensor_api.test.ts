// The tensor API's elementwise ops, comparisons and reductions (docs/tensors.md): shapes and values
// computed by hand here, on top of the gradient checks and reference parity of test/ops.test.ts.
import { strict as assert } from 'assert';
import { tensor, zeros } from '../src/creation';
import * as F from '../src/functional';
import { reference } from '../src/native';
import { rejects } from './assertions';

const values = (t: { toArray(): ArrayLike<number> }) => Array.from(t.toArray());

describe('tensor API: elementwise', () => {
  it('broadcasts by NumPy rules, as methods and functions', () => {
    const a = tensor([[1], [2], [3]]);          // [3,1]
    const b = tensor([10, 20]);                  // [2]
    const s = a.add(b);
    assert.deepEqual(s.shape, [3, 2]);
    assert.deepEqual(values(s), [11, 21, 12, 22, 13, 23]);
    assert.deepEqual(values(F.sub(b, a)), [9, 19, 8, 18, 7, 17]);
    assert.deepEqual(values(a.mul(2).div(4)), [0.5, 1, 1.5]);
    assert.deepEqual(values(F.pow(2, tensor([0, 3]))), [1, 8]);
    assert.deepEqual(F.add(zeros([0, 3]), zeros([3])).shape, [0, 3]);
    assert.deepEqual(F.add(tensor(5), tensor(2)).shape, []);
  });

  it('maximum and minimum propagate NaN; clamp takes number or tensor bounds', () => {
    assert.deepEqual(values(F.maximum(tensor([1, NaN, 3]), tensor([2, 0, NaN]))).map(String), ['2', 'NaN', 'NaN']);
    assert.deepEqual(values(tensor([-2, 0.5, 3]).clamp(0, 1)), [0, 0.5, 1]);
    assert.deepEqual(values(tensor([-2, 0.5, 3]).clamp(null, 1)), [-2, 0.5, 1]);
    assert.deepEqual(values(tensor([-2, 0.5, 3]).clamp(tensor([0, 1, 0]), 2)), [0, 1, 2]);
    rejects(() => F.clamp(tensor([1]), 2, 1), /^clamp: min 2 is above max 1/);
  });

  it('unary ops match Math on float64', () => {
    const x = tensor([0.3, 1.7, 2.5], [3], { dtype: 'float64' });
    const want = (f: (v: number) => number) => [0.3, 1.7, 2.5].map(f);
    const close = (got: number[], w: number[]) => got.forEach((g, i) => assert.ok(Math.abs(g - w[i]) < 1e-12, `${g} vs ${w[i]}`));
    close(values(x.exp()), want(Math.exp));
    close(values(x.log()), want(Math.log));
    close(values(x.sqrt()), want(Math.sqrt));
    close(values(x.rsqrt()), want((v) => 1 / Math.sqrt(v)));
    close(values(x.tanh()), want(Math.tanh));
    close(values(x.neg().abs()), want((v) => v));
    assert.deepEqual(values(tensor([-3, 4], [2], { dtype: 'int32' }).abs()), [3, 4]);
  });

  it('where broadcasts cond, a and b, and takes numbers', () => {
    const x = tensor([[-1, 2], [3, -4]]);
    assert.deepEqual(values(F.where(x.gt(0), x, 0)), [0, 2, 3, 0]);
    assert.deepEqual(values(x.where(tensor([1, 0], [2], { dtype: 'bool' }), tensor([[7], [8]]))), [-1, 7, 3, 8]);
    rejects(() => F.where(x, x, x), /^where: cond must be a bool tensor/);
  });
});

describe('tensor API: comparisons', () => {
  it('give bool tensors, with broadcasting and promotion', () => {
    const a = tensor([1, 2, 3], [3], { dtype: 'int32' });
    const b = tensor([[2], [3]]);
    for (const [name, want] of [['eq', [0, 1, 0, 0, 0, 1]], ['ne', [1, 0, 1, 1, 1, 0]], ['lt', [1, 0, 0, 1, 1, 0]],
      ['le', [1, 1, 0, 1, 1, 1]], ['gt', [0, 0, 1, 0, 0, 0]], ['ge', [0, 1, 1, 0, 0, 1]]] as const) {
      const r = F[name](a, b);
      assert.equal(r.dtype, 'bool');
      assert.deepEqual(r.shape, [2, 3]);
      assert.deepEqual(values(r), want, name);
    }
    // Accuracy without a JavaScript loop.
    const logits = tensor([[0.1, 0.9], [0.8, 0.2], [0.3, 0.7]]);
    const labels = tensor([1, 0, 0], [3], { dtype: 'int64' });
    assert.equal(logits.argmax({ dim: 1 }).eq(labels).sum().item(), 2);
  });
});

describe('tensor API: reductions', () => {
  const x = tensor([[1, 5, 3], [4, 2, 6]]);

  it('sum and mean take dim as a number or a list, negative dims and keepDim', () => {
    assert.deepEqual(values(x.sum({ dim: 1 })), [9, 12]);
    assert.deepEqual(x.sum({ dim: -1, keepDim: true }).shape, [2, 1]);
    assert.deepEqual(values(x.mean({ dim: [0, 1] })), [3.5]);
    assert.deepEqual(values(F.sum(x, { dims: [0] })), [5, 7, 9]);
    rejects(() => x.sum({ dim: 1, dims: [1] }), /^sum: options must be either dim or dims/);
    rejects(() => x.sum({ dim: 2 }), /^sum: dim 2 out of range for \[2,3\]/);
  });

  it('max, min, argmax, argmin and their indices', () => {
    assert.deepEqual(values(x.max({ dim: 1 })), [5, 6]);
    assert.deepEqual(values(x.min({ dim: 0 })), [1, 2, 3]);
    assert.deepEqual(values(x.argmax({ dim: 1 })), [1, 2]);
    assert.deepEqual(values(x.argmin({ dim: 0, keepDim: true })), [0, 1, 0]);
    assert.equal(x.argmax().item(), 5);
    assert.equal(x.argmax().dtype, 'int64');
    const { values: v, indices } = F.maxWithIndices(x, { dim: 0 });
    assert.deepEqual(values(v), [4, 5, 6]);
    assert.deepEqual(values(indices), [1, 0, 1]);
    // The first of equal maxima; NaN wins.
    assert.deepEqual(values(tensor([2, 7, 7, 1]).argmax()), [1]);
    assert.deepEqual(values(tensor([2, NaN, 7]).max()).map(String), ['NaN']);
    assert.deepEqual(values(tensor([3, -1, 2], [3], { dtype: 'int64' }).max()), [3]);
    rejects(() => zeros([2, 0]).max({ dim: 1 }), /^max: cannot reduce \[2,0\] over dims with no elements/);
    rejects(() => tensor([1], [1], { dtype: 'bool' }).argmax(), /^argmax: bool tensors have no order/);
  });

  it('max sends the gradient to the first maximum alone', () => {
    const t = tensor([[1, 3, 3], [2, 0, 1]], undefined, { requiresGrad: true });
    t.max({ dim: 1 }).sum().backward();
    assert.deepEqual(values(t.grad!), [0, 1, 0, 1, 0, 0]);
  });

  it('variance and std with correction; logsumexp; norms', () => {
    const v = tensor([1, 2, 3, 4], [4], { dtype: 'float64' });
    assert.ok(Math.abs(v.var().item() - 5 / 3) < 1e-12);
    assert.ok(Math.abs(v.var({ correction: 0 }).item() - 1.25) < 1e-12);
    assert.ok(Math.abs(v.std().item() - Math.sqrt(5 / 3)) < 1e-12);
    assert.ok(Math.abs(v.logsumexp().item() - Math.log(Math.exp(1) + Math.exp(2) + Math.exp(3) + Math.exp(4))) < 1e-12);
    assert.equal(tensor([-Infinity, -Infinity]).logsumexp().item(), -Infinity);
    assert.ok(Math.abs(tensor([1000, 1000], [2], { dtype: 'float64' }).logsumexp().item() - (1000 + Math.LN2)) < 1e-9);
    const n = tensor([[3, -4], [0, 1]], undefined, { dtype: 'float64' });
    assert.deepEqual(values(n.norm({ dim: 1 })), [5, 1]);
    assert.equal(n.norm({ p: 1 }).item(), 8);
    assert.equal(n.norm({ p: Infinity }).item(), 4);
    rejects(() => n.norm({ p: 3 }), /^norm: options.p must be 1, 2 or Infinity/);
    rejects(() => tensor([1], [1], { dtype: 'int32' }).var(), /^variance: x must be float32 or float64/);
  });

  it('the reference kernels agree with the fast ones on int64 and bool', () => {
    const a = tensor([5, -3, 9], [3], { dtype: 'int64' });
    const b = tensor([[2], [-3]], undefined, { dtype: 'int64' });
    const fast = [values(F.maximum(a, b)), values(F.lt(a, b)), values(F.max(a))];
    const ref = reference(() => [values(F.maximum(a, b)), values(F.lt(a, b)), values(F.max(a))]);
    assert.deepEqual(fast, ref);
    assert.deepEqual(fast[0], [5, 2, 9, 5, -3, 9]);
  });
});

describe('tensor API: int64 indices and bool masks in the indexing ops', () => {
  const i64 = (v: bigint[], shape: number[]) => tensor(new BigInt64Array(v), shape, { dtype: 'int64' });
  it('indexSelect, gather, embedding and nllLoss take int64 indices; maskedFill a bool mask', () => {
    const x = tensor([1, 2, 3, 4, 5, 6], [2, 3]);
    assert.deepEqual(values(F.indexSelect(x, 1, i64([2n, 0n], [2]))), [3, 1, 6, 4]);
    assert.deepEqual(values(F.gather(x, 1, i64([1n, 1n], [2, 1]))), [2, 5]);
    assert.deepEqual(values(F.embedding(i64([1n], [1]), x)), [4, 5, 6]);
    assert.deepEqual(values(F.maskedFill(x, F.gt(x, 3), -1)), [1, 2, 3, -1, -1, -1]);
    // argmax's int64 positions feed indexSelect directly.
    assert.deepEqual(values(F.indexSelect(x, 1, F.argmax(x, { dim: 1 }))), [3, 3, 6, 6]);
    const logp = F.logSoftmax(x);
    const expected = -(logp.toArray()[0] + logp.toArray()[5]) / 2;
    assert.ok(Math.abs(F.nllLoss(logp, i64([0n, 2n], [2])).item() - expected) < 1e-6);
    rejects(() => F.indexSelect(x, 1, i64([3n], [1])), /^indexSelect/);
  });
  it('gather, indexSelect and maskedFill are Tensor methods too, differentiable as the functions', () => {
    const x = tensor([1, 2, 3, 4, 5, 6], [2, 3], { dtype: 'float64', requiresGrad: true });
    const idx = i64([2n, 2n, 0n, 1n], [2, 2]);
    assert.deepEqual(values(x.gather(1, idx)), values(F.gather(x, 1, idx)));
    assert.deepEqual(values(x.indexSelect(0, i64([1n, 1n], [2]))), [4, 5, 6, 4, 5, 6]);
    assert.deepEqual(values(x.maskedFill(x.lt(3), 0)), [0, 0, 3, 4, 5, 6]);
    x.gather(1, idx).sum().backward();
    assert.deepEqual(values(x.grad!), [0, 0, 2, 1, 1, 0]);
  });
  it('the shape ops copy int64 and bool tensors', () => {
    const b = F.transpose(F.gt(tensor([1, 2, 3, 4, 5, 6], [2, 3]), 2), 0, 1);
    assert.equal(b.dtype, 'bool');
    assert.deepEqual(values(b), [0, 1, 0, 1, 1, 1]);
    const t = F.transpose(i64([7n, 8n], [1, 2]), 0, 1);
    assert.equal(t.dtype, 'int64');
    assert.deepEqual(Array.from(t.toBigInt64Array()), [7n, 8n]);
  });
});
