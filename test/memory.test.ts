import { strict as assert } from 'assert';
import * as mssar from '../src/index';

const { tensor, randn, tidy, keep, memory, functional: F } = mssar;

describe('memory', () => {
  it('counts live tensors and bytes, and dispose frees at once', () => {
    const before = memory().cpu;
    const t = mssar.zeros([10, 10]);
    const mid = memory().cpu;
    assert.equal(mid.tensors, before.tensors + 1);
    assert.equal(mid.bytes, before.bytes + 400);
    t.dispose();
    t.dispose(); // twice is fine
    assert.equal(memory().cpu.tensors, before.tensors);
    assert.equal(memory().cpu.bytes, before.bytes);
  });

  it('refuses a disposed tensor everywhere, naming it', () => {
    const t = tensor([1, 2], [2]);
    t.dispose();
    assert.ok(t.isDisposed);
    assert.throws(() => t.toArray(), /\[2\] float32 cpu is disposed/);
    assert.throws(() => F.relu(t), /disposed/);
    assert.throws(() => t.reshape([1, 2]), /disposed/);
  });

  it('tidy disposes what fn made, except its result and kept tensors', () => {
    const before = memory().cpu.tensors;
    let kept: mssar.Tensor | null = null;
    const result = tidy(() => {
      const a = randn([4]);
      const b = F.relu(a);
      kept = keep(F.relu(b));
      return { out: F.relu(b), list: [F.relu(a)] };
    });
    assert.equal(memory().cpu.tensors, before + 3);
    assert.ok(!result.out.isDisposed && !result.list[0].isDisposed && !kept!.isDisposed);
    mssar.dispose([result, kept]);
    assert.equal(memory().cpu.tensors, before);
  });

  it('nested tidy hands survivors to the outer scope', () => {
    const before = memory().cpu.tensors;
    tidy(() => {
      const inner = tidy(() => randn([3]));
      assert.ok(!inner.isDisposed);
      return null;
    });
    assert.equal(memory().cpu.tensors, before);
  });

  it('tidy disposes on throw and refuses async functions', () => {
    const before = memory().cpu.tensors;
    assert.throws(() => tidy(() => {
      randn([3]);
      throw new Error('boom');
    }), /boom/);
    assert.equal(memory().cpu.tensors, before);
    assert.throws(() => tidy(() => Promise.resolve(1)), /synchronous/);
  });

  it('a training-like loop leaks nothing', () => {
    const x = randn([2, 3, 4, 4], { requiresGrad: true });
    const step = () => tidy(() => {
      const y = F.relu(F.relu(x).reshape([2, 48]));
      y.backward(mssar.ones([2, 48]));
      return null;
    });
    step();
    const before = memory().cpu;
    for (let i = 0; i < 5; i++) step();
    const after = memory().cpu;
    assert.equal(after.tensors, before.tensors);
    assert.equal(after.bytes, before.bytes);
  });

  it('the graph releases its saved tensors when its outputs are disposed without backward', () => {
    const x = randn([100], { requiresGrad: true });
    const before = memory().cpu.tensors;
    const h = F.relu(x);
    const y = F.relu(h);
    h.dispose();
    assert.equal(memory().cpu.tensors, before + 2, 'h lives on in the graph');
    y.dispose();
    assert.equal(memory().cpu.tensors, before);
  });

  it('the cpu allocator reuses blocks in a steady state', () => {
    const run = () => tidy(() => {
      F.relu(randn([64, 64]));
      return null;
    });
    run();
    const before = memory().cpu.allocations;
    for (let i = 0; i < 10; i++) run();
    assert.equal(memory().cpu.allocations, before, 'no new system allocations');
  });
});
