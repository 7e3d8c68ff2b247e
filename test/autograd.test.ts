import { strict as assert } from 'assert';
import * as mssar from '../src/index';

const { tensor, ones, functional: F } = mssar;

describe('autograd', () => {
  it('records only when an input requires grad', () => {
    const a = tensor([1, -1], [2]);
    assert.equal(F.relu(a).requiresGrad, false);
    const b = tensor([1, -1], [2], { requiresGrad: true });
    const y = F.relu(b);
    assert.equal(y.requiresGrad, true);
    assert.ok(y.gradFn);
  });

  it('records nothing under noGrad', () => {
    const b = tensor([1, -1], [2], { requiresGrad: true });
    const y = mssar.noGrad(() => F.relu(b));
    assert.equal(y.requiresGrad, false);
    assert.equal(y.gradFn, null);
    assert.equal(mssar.isGradEnabled(), true);
  });

  it('accumulates leaf gradients until they are zeroed', () => {
    const x = tensor([2, -3, 4], [3], { requiresGrad: true });
    F.relu(x).backward(tensor([1, 1, 1], [3]));
    F.relu(x).backward(tensor([0.5, 0.5, 2], [3]));
    assert.deepEqual(Array.from(x.grad!.toArray()), [1.5, 0, 3]);
    x.grad!.dispose();
    x.grad = null;
    F.relu(x).backward(tensor([1, 1, 1], [3]));
    assert.deepEqual(Array.from(x.grad!.toArray()), [1, 0, 1]);
  });

  it('sums the gradients of a tensor used twice', () => {
    const x = tensor([1, 2], [2], { requiresGrad: true });
    const h = F.relu(x);
    // h feeds two branches that meet again: d/dx = 2 per element
    const a = F.relu(h).reshape([2]);
    const b = F.relu(h.reshape([1, 2])).reshape([2]);
    a.backward(ones([2]), { retainGraph: true });
    b.backward(ones([2]));
    assert.deepEqual(Array.from(x.grad!.toArray()), [2, 2]);
  });

  it('does not let accumulation write into a gradient it was handed', () => {
    const x = tensor([1, 2], [2], { requiresGrad: true });
    const g = tensor([1, 1], [2]);
    x.backward(g);
    x.backward(g);
    assert.deepEqual(Array.from(x.grad!.toArray()), [2, 2]);
    assert.deepEqual(Array.from(g.toArray()), [1, 1], 'the caller\'s gradient is unchanged');
  });

  it('frees the graph after backward', () => {
    const x = tensor([1, 2], [2], { requiresGrad: true });
    const y = F.relu(x);
    y.backward(ones([2]));
    assert.throws(() => y.backward(ones([2])), /already been freed/);
  });

  it('keeps the graph with retainGraph', () => {
    const x = tensor([1, 2], [2], { requiresGrad: true });
    const y = F.relu(x);
    y.backward(ones([2]), { retainGraph: true });
    y.backward(ones([2]));
    assert.deepEqual(Array.from(x.grad!.toArray()), [2, 2]);
  });

  it('needs an upstream gradient for a tensor of several elements', () => {
    const x = tensor([1, 2], [2], { requiresGrad: true });
    assert.throws(() => F.relu(x).backward(), /upstream gradient is needed/);
    assert.throws(() => F.relu(x).backward(ones([3])), /does not match/);
  });

  it('refuses backward on a tensor that does not require grad', () => {
    assert.throws(() => tensor([1], [1]).backward(), /does not require grad/);
  });

  it('survives the disposal of intermediate tensors before backward', () => {
    const x = tensor([1, -2, 3], [3], { requiresGrad: true });
    const h = F.relu(x);
    const y = F.relu(h);
    h.dispose();
    y.backward(ones([3]));
    assert.deepEqual(Array.from(x.grad!.toArray()), [1, 0, 1]);
  });

  it('detach cuts the graph', () => {
    const x = tensor([1, 2], [2], { requiresGrad: true });
    const d = F.relu(x).detach();
    assert.equal(d.requiresGrad, false);
    assert.equal(F.relu(d).requiresGrad, false);
  });
});
