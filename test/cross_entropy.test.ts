// crossEntropy and logSoftmax beyond the gradient checks: values against the formulas, the three
// forms of labels, label smoothing, stability with huge logits, no leaked label tensors, and softmax and
// logSoftmax along a middle dim (the kernels' column path) against the last-dim rows.
import { strict as assert } from 'assert';
import { native } from '../src/native';
import { tensor } from '../src/creation';
import { crossEntropy } from '../src/functional/cross_entropy';
import { logSoftmax } from '../src/functional/log_softmax';
import { softmax } from '../src/functional/softmax';
import { transpose } from '../src/functional/permute';
import { tidy } from '../src/scope';
import { Rng } from '../src/gradcheck/rng';
import { assertClose } from './assertions';

function logSoftmaxJs(row: ArrayLike<number>): number[] {
  const m = Math.max(...Array.from(row));
  const lse = m + Math.log(Array.from(row).reduce((s, v) => s + Math.exp(v - m), 0));
  return Array.from(row, (v) => v - lse);
}

/** Loss and gradient of the smoothed cross entropy, in double, from the definition. */
function crossEntropyJs(x: ArrayLike<number>, n: number, k: number, labels: number[], s: number) {
  let loss = 0;
  const grad = new Float64Array(n * k);
  for (let r = 0; r < n; r++) {
    const lp = logSoftmaxJs(Array.from(x).slice(r * k, (r + 1) * k));
    for (let j = 0; j < k; j++) {
      const q = (j === labels[r] ? 1 - s : 0) + s / k;
      loss -= q * lp[j];
      grad[r * k + j] = (Math.exp(lp[j]) - q) / n;
    }
  }
  return { loss: loss / n, grad };
}

describe('crossEntropy', () => {
  const [n, k] = [6, 11];
  const labels = [0, 10, 3, 3, 7, 1];
  const data = new Rng(5).array(n * k, -3, 3);

  for (const s of [0, 0.1]) {
    it(`matches the formula, loss and gradient (labelSmoothing ${s})`, () => {
      const x = tensor(data, [n, k], { dtype: 'float64', requiresGrad: true });
      const loss = crossEntropy(x, labels, { labelSmoothing: s });
      assert.deepEqual(loss.shape, []);
      const want = crossEntropyJs(data, n, k, labels, s);
      assert.ok(Math.abs(loss.item() - want.loss) < 1e-13, `${loss.item()} vs ${want.loss}`);
      loss.backward();
      const g = x.grad!.toArray();
      for (let i = 0; i < g.length; i++) assert.ok(Math.abs(g[i] - want.grad[i]) < 1e-15, `grad ${i}`);
      // Each row of (p - q) / N sums to zero.
      for (let r = 0; r < n; r++) assert.ok(Math.abs(Array.from(g.slice(r * k, (r + 1) * k)).reduce((a, b) => a + b, 0)) < 1e-15);
    });
  }

  it('takes labels as a tensor (int32 or int64), an Int32Array, a BigInt64Array or numbers alike', () => {
    const x = tensor(data, [n, k], { dtype: 'float32', requiresGrad: true });
    const a = crossEntropy(x, labels);
    a.backward();
    const ga = Array.from(x.grad!.toArray());
    const wide = BigInt64Array.from(labels, (v) => BigInt(v));
    assert.equal(crossEntropy(x, Int32Array.from(labels)).item(), a.item());
    assert.equal(crossEntropy(x, tensor(labels, [n], { dtype: 'int32' })).item(), a.item());
    assert.equal(crossEntropy(x, wide).item(), a.item());
    x.grad = null;
    const b = crossEntropy(x, tensor(wide, [n], { dtype: 'int64' }), { labelSmoothing: 0 });
    assert.equal(b.item(), a.item());
    b.backward();
    assert.deepEqual(Array.from(x.grad!.toArray()), ga);
  });

  it("names an int64 label out of range, and one beyond 2^31 too", () => {
    const x = tensor(data, [n, k], { dtype: 'float32' });
    const bad = BigInt64Array.from(labels, (v) => BigInt(v));
    bad[4] = 11n;
    assert.throws(() => crossEntropy(x, tensor(bad, [n], { dtype: 'int64' })), /^Error: crossEntropy: label 11 at index 4 is out of range \[0, 11\)/);
    bad[4] = 1n << 40n;
    assert.throws(() => crossEntropy(x, bad), /^Error: crossEntropy: label 1099511627776 at index 4 is out of range/);
  });

  for (const s of [0, 0.1]) {
    it(`reduction 'sum' and 'none' match the formula (labelSmoothing ${s}), with and without class weights`, () => {
      const x = tensor(data, [n, k], { dtype: 'float64', requiresGrad: true });
      const want = crossEntropyJs(data, n, k, labels, s);
      const sum = crossEntropy(x, labels, { labelSmoothing: s, reduction: 'sum' });
      assert.deepEqual(sum.shape, []);
      assert.ok(Math.abs(sum.item() - want.loss * n) < 1e-12, `${sum.item()} vs ${want.loss * n}`);
      sum.backward();
      const g = x.grad!.toArray();
      for (let i = 0; i < g.length; i++) assert.ok(Math.abs(g[i] - want.grad[i] * n) < 1e-14, `grad ${i}`);
      const rows = crossEntropy(x, labels, { labelSmoothing: s, reduction: 'none' });
      assert.deepEqual(rows.shape, [n]);
      const perRow = rows.toArray();
      for (let r = 0; r < n; r++) {
        const one = crossEntropyJs(data.slice(r * k, (r + 1) * k), 1, k, [labels[r]], s);
        assert.ok(Math.abs(perRow[r] - one.loss) < 1e-13, `row ${r}: ${perRow[r]} vs ${one.loss}`);
      }
      // With weights all 1, 'sum' is the unweighted sum.
      const ones = tensor(new Float64Array(k).fill(1), [k], { dtype: 'float64' });
      assert.ok(Math.abs(crossEntropy(x, labels, { labelSmoothing: s, reduction: 'sum', weight: ones }).item() - want.loss * n) < 1e-12);
    });
  }

  it('refuses an unknown reduction, naming it', () => {
    const x = tensor(data, [n, k], { dtype: 'float32' });
    assert.throws(() => crossEntropy(x, labels, { reduction: 'avg' as 'mean' }), /^Error: crossEntropy: options.reduction must be one of 'mean', 'sum', 'none', got "avg"/);
  });

  it('K = 1 gives zero loss and gradient', () => {
    const x = tensor([3, -2], [2, 1], { dtype: 'float32', requiresGrad: true });
    const loss = crossEntropy(x, [0, 0], { labelSmoothing: 0.1 });
    assert.equal(loss.item(), 0);
    loss.backward();
    assert.deepEqual(Array.from(x.grad!.toArray()), [0, 0]);
  });

  it('is stable for huge logits (float32)', () => {
    const x = tensor([1e4, -1e4, 0, 2e4, 3e4, -3e4], [2, 3], { dtype: 'float32', requiresGrad: true });
    const loss = crossEntropy(x, [1, 0]);
    // Row 0: -log p_1 = 2e4; row 1: -log p_0 = 1e4 (the other terms are below float precision).
    assert.ok(Math.abs(loss.item() - 15000) < 1e-2, `loss ${loss.item()}`);
    loss.backward();
    assert.ok(x.grad!.toArray().every(Number.isFinite));
  });

  it('equals the negative mean of the picked log-softmax', () => {
    const x = tensor(data, [n, k], { dtype: 'float64' });
    const lp = logSoftmax(x).toArray();
    const want = -labels.reduce((acc, l, r) => acc + lp[r * k + l], 0) / n;
    assert.ok(Math.abs(crossEntropy(x, labels).item() - want) < 1e-14);
  });

  it('frees the label tensors it makes', () => {
    const x = tensor(data, [n, k], { dtype: 'float32', requiresGrad: true });
    const before = native.memory('cpu').tensors;
    tidy(() => {
      crossEntropy(x, labels).backward();
      crossEntropy(x, Int32Array.from(labels), { labelSmoothing: 0.1 }); // not differentiated
      crossEntropy(x, BigInt64Array.from(labels, (v) => BigInt(v)), { reduction: 'none' }).sum().backward();
    });
    x.grad!.dispose();
    x.grad = null;
    assert.equal(native.memory('cpu').tensors, before);
  });
});

describe('logSoftmax', () => {
  it('matches x - logsumexp(x), rows of exp(y) sum to 1, gradient dy - p sum(dy)', () => {
    const [n, k] = [5, 300];
    const data = new Rng(9).array(n * k, -50, 50);
    const x = tensor(data, [n, k], { dtype: 'float64', requiresGrad: true });
    const y = logSoftmax(x);
    const yv = y.toArray();
    const u = new Rng(10).array(n * k, -1, 1);
    y.backward(tensor(u, [n, k], { dtype: 'float64' }));
    const g = x.grad!.toArray();
    for (let r = 0; r < n; r++) {
      const want = logSoftmaxJs(data.slice(r * k, (r + 1) * k));
      const du = u.slice(r * k, (r + 1) * k).reduce((a, b) => a + b, 0);
      let total = 0;
      for (let j = 0; j < k; j++) {
        assert.ok(Math.abs(yv[r * k + j] - want[j]) < 1e-12);
        assert.ok(Math.abs(g[r * k + j] - (u[r * k + j] - Math.exp(want[j]) * du)) < 1e-12);
        total += Math.exp(yv[r * k + j]);
      }
      assert.ok(Math.abs(total - 1) < 1e-12);
    }
  });

  it('is stable for logits of 1e30 (float32)', () => {
    const y = logSoftmax(tensor([1e30, 0, -1e30], [1, 3], { dtype: 'float32' })).toArray();
    assert.deepEqual(Array.from(y), [0, Math.fround(-1e30), Math.fround(-2e30)]);
  });
});

describe('softmax and logSoftmax along a middle dim', () => {
  // [3, 50, 700] along dim 1: lines 700 apart, enough column blocks to run on every thread; the last-dim
  // rows of the transposed tensor are the other kernel path, checked against the formulas above.
  for (const [name, op] of [['softmax', softmax], ['logSoftmax', logSoftmax]] as const) {
    for (const dtype of ['float32', 'float64'] as const) {
      it(`${name} ${dtype}: values and gradient equal the last-dim op on the transposed tensor`, () => tidy(() => {
        const shape = [3, 50, 700];
        const n = shape[0] * shape[1] * shape[2];
        const data = new Rng(11).array(n, -20, 20);
        const upstream = tensor(new Rng(12).array(n, -1, 1), shape, { dtype });
        const x = tensor(data, shape, { dtype, requiresGrad: true });
        const y = op(x, 1);
        y.backward(upstream);
        const xt = tensor(data, shape, { dtype, requiresGrad: true });
        const yt = transpose(op(transpose(xt, 1, 2), -1), 1, 2);
        yt.backward(upstream);
        const tol = dtype === 'float32' ? 1e-5 : 1e-12;
        assertClose(y.toArray(), yt.toArray(), tol, tol, `${name} values`);
        assertClose(x.grad!.toArray(), xt.grad!.toArray(), tol, tol, `${name} gradient`);
      }));
    }
  }
});
