import { strict as assert } from 'assert';
import * as mssar from '../src/index';
import { skipUnless } from './skip';

const { tensor, zeros, ones, full, rand, randn, manualSeed } = mssar;

describe('tensor creation', () => {
  it('keeps data, shape, dtype and device', () => {
    const t = tensor([[1, 2, 3], [4, 5, 6]]);
    assert.deepEqual(t.shape, [2, 3]);
    assert.equal(t.dtype, 'float32');
    assert.equal(t.device, 'cpu');
    assert.deepEqual(Array.from(t.toArray()), [1, 2, 3, 4, 5, 6]);
    t.dispose();
  });

  it('takes flat data with an explicit shape and any dtype', () => {
    const t = tensor([1.5, 2.25, -3, 4], [2, 2], { dtype: 'float64' });
    assert.equal(t.dtype, 'float64');
    assert.ok(t.toArray() instanceof Float64Array);
    assert.deepEqual(Array.from(t.toArray()), [1.5, 2.25, -3, 4]);
    const i = tensor(new Int32Array([3, -1, 7]), [3]);
    assert.equal(i.dtype, 'int32');
    assert.deepEqual(Array.from(i.toArray()), [3, -1, 7]);
    const f = tensor(new Float64Array([0.1]), [1, 1]);
    assert.equal(f.dtype, 'float64');
    assert.equal(f.item(), 0.1);
  });

  it('rounds float64 data to float32 when asked', () => {
    const t = tensor([0.1], [1], { dtype: 'float32' });
    assert.equal(t.item(), Math.fround(0.1));
  });

  it('rejects data that does not fit the shape', () => {
    assert.throws(() => tensor([1, 2, 3], [2, 2]), /3 elements but shape \[2,2\] needs 4/);
    assert.throws(() => tensor([[1, 2], [3]]), /ragged/);
    assert.throws(() => zeros([2, -1]), /non-negative/);
  });

  it('fills constants', () => {
    assert.deepEqual(Array.from(zeros([2, 2]).toArray()), [0, 0, 0, 0]);
    assert.deepEqual(Array.from(ones([3], { dtype: 'float64' }).toArray()), [1, 1, 1]);
    assert.deepEqual(Array.from(full([2], 7, { dtype: 'int32' }).toArray()), [7, 7]);
  });

  it('item() needs exactly one element', () => {
    assert.equal(full([1, 1, 1], 4).item(), 4);
    assert.throws(() => zeros([2]).item(), /2 elements, not 1/);
  });
});

describe('random generator', () => {
  it('replays the same numbers after manualSeed', () => {
    manualSeed(42);
    const a = Array.from(rand([100]).toArray());
    const b = Array.from(randn([50]).toArray());
    manualSeed(42);
    assert.deepEqual(Array.from(rand([100]).toArray()), a);
    assert.deepEqual(Array.from(randn([50]).toArray()), b);
    manualSeed(43);
    assert.notDeepEqual(Array.from(rand([100]).toArray()), a);
  });

  it('saves and restores its state', () => {
    manualSeed(7);
    rand([10]);
    const state = mssar.getRngState();
    const next = Array.from(rand([10]).toArray());
    rand([33]);
    mssar.setRngState(state);
    assert.deepEqual(Array.from(rand([10]).toArray()), next);
  });

  it('draws uniform values in [low, high) with the right mean', () => {
    manualSeed(1);
    const v = rand([20000], { low: -2, high: 3, dtype: 'float64' }).toArray();
    let sum = 0;
    for (const x of v) {
      assert.ok(x >= -2 && x < 3);
      sum += x;
    }
    // mean 0.5, std of the mean 5/sqrt(12)/sqrt(20000) = 0.0102: 5 sigma
    assert.ok(Math.abs(sum / v.length - 0.5) < 0.051);
  });

  it('draws normal values with the right mean and spread', () => {
    manualSeed(2);
    const v = randn([40000], { mean: 1, std: 2, dtype: 'float64' }).toArray();
    let s = 0, s2 = 0;
    for (const x of v) {
      s += x;
      s2 += x * x;
    }
    const mean = s / v.length, std = Math.sqrt(s2 / v.length - mean * mean);
    assert.ok(Math.abs(mean - 1) < 0.05, `mean ${mean}`); // 5 sigma = 5 * 2 / 200
    assert.ok(Math.abs(std - 2) < 0.04, `std ${std}`);
  });
});

describe('reshape and flatten', () => {
  it('shares storage and infers -1', () => {
    const t = tensor([1, 2, 3, 4, 5, 6], [2, 3]);
    const r = t.reshape([3, -1]);
    assert.deepEqual(r.shape, [3, 2]);
    assert.ok(r.handle.sameStorage(t.handle));
    assert.deepEqual(tensor([1, 2, 3, 4], [1, 2, 2, 1]).flatten().shape, [1, 4]);
    assert.throws(() => t.reshape([4, -1]), /cannot view/);
    assert.throws(() => t.reshape([-1, -1]), /only one dimension/);
  });

  it('passes gradients back in the input shape', () => {
    const x = tensor([1, -2, 3, -4], [2, 2], { requiresGrad: true });
    const y = mssar.functional.relu(x.reshape([4]));
    y.backward(ones([4]));
    assert.deepEqual(x.grad!.shape, [2, 2]);
    assert.deepEqual(Array.from(x.grad!.toArray()), [1, 0, 1, 0]);
  });
});

describe('devices', () => {
  const cuda = mssar.backends().find((b) => b.name === 'cuda')!;
  it('reports every backend, and why one is unavailable', () => {
    const cpu = mssar.backends().find((b) => b.name === 'cpu')!;
    assert.equal(cpu.available, true);
    assert.equal(typeof cuda.available, 'boolean');
    if (!cuda.available) assert.ok(cuda.reason && cuda.reason.length > 10, 'a reason is given');
  });

  it('throws the reason when cuda is asked for and unavailable', function () {
    skipUnless(this, !cuda.available, 'cuda is available here; this checks the error where it is not');
    assert.throws(() => zeros([2], { device: 'cuda' }), (e: Error) => e.message.includes(cuda.reason!));
    assert.throws(() => tensor([1], [1]).to('cuda'), /cuda is not available/);
    assert.throws(() => mssar.resolveDevice('cuda'), /cuda is not available/);
    assert.equal(mssar.resolveDevice('auto'), 'cpu');
  });

  it('moves tensors to cuda and back', function () {
    skipUnless(this, cuda.available, cuda.reason);
    const t = tensor([1, 2, 3], [3]);
    const g = t.to('cuda');
    assert.equal(g.device, 'cuda');
    assert.deepEqual(Array.from(g.to('cpu').toArray()), [1, 2, 3]);
  });
});

describe('layouts', () => {
  // [1, 1, 4, 3] and [2, 5, 1, 1] have the same bytes in plain and channels_last order, so oneDNN
  // sees nothing to reorder; the reorder must still copy.
  const shapes = [[2, 19, 3, 5], [1, 1, 4, 3], [2, 5, 1, 1], [1, 1, 1, 1]];
  for (const layout of ['plain', 'channels_last', 'nChw16c', 'nChw8c'] as const) {
    for (const dtype of ['float32', 'float64'] as const) {
      for (const shape of shapes) {
        it(`round-trips ${dtype} [${shape.join(',')}] through ${layout}`, () => {
          manualSeed(3);
          const x = randn(shape, { dtype });
          const y = x.toLayout(layout);
          assert.equal(y.layout, layout);
          assert.deepEqual(Array.from(y.toArray()), Array.from(x.toArray()));
          const back = y.toLayout(layout).toLayout('plain');
          assert.deepEqual(Array.from(back.toArray()), Array.from(x.toArray()));
        });
      }
    }
  }
});
