// sgdStep against the same update written in TypeScript in float64, over several steps, for every
// combination the optimizer uses; in place on the parameter and the momentum buffer; on the cpu,
// and on cuda when there is a GPU.
import { strict as assert } from 'assert';
import { native, Device, FloatDType } from '../src/native';
import { isAvailable } from '../src/backends';
import { Rng } from '../src/gradcheck/rng';
import { cudaReason, skipUnless } from './skip';
import { SGD } from '../src/optim';
import { Tensor } from '../src/tensor';

interface Config { lr: number; momentum: number; dampening: number; weightDecay: number; nesterov: boolean }

/** PyTorch's SGD, step by step, in float64. */
function sgdJs(param: Float64Array, grads: Float64Array[], c: Config): { param: Float64Array; buf: Float64Array } {
  const p = Float64Array.from(param);
  const buf = new Float64Array(p.length);
  grads.forEach((grad, step) => {
    for (let i = 0; i < p.length; i++) {
      let d = grad[i] + c.weightDecay * p[i];
      if (c.momentum !== 0) {
        buf[i] = step === 0 ? d : c.momentum * buf[i] + (1 - c.dampening) * d;
        d = c.nesterov ? d + c.momentum * buf[i] : buf[i];
      }
      p[i] -= c.lr * d;
    }
  });
  return { param: p, buf };
}

const configs: [string, Config][] = [
  ['plain', { lr: 0.1, momentum: 0, dampening: 0, weightDecay: 0, nesterov: false }],
  ['weight decay', { lr: 0.05, momentum: 0, dampening: 0, weightDecay: 1e-2, nesterov: false }],
  ['momentum', { lr: 0.1, momentum: 0.9, dampening: 0, weightDecay: 0, nesterov: false }],
  ['momentum, dampening 0.5, weight decay', { lr: 0.02, momentum: 0.8, dampening: 0.5, weightDecay: 5e-4, nesterov: false }],
  ['nesterov, weight decay', { lr: 0.1, momentum: 0.9, dampening: 0, weightDecay: 1e-3, nesterov: true }],
];

describe('sgdStep', () => {
  for (const device of ['cpu', 'cuda'] as Device[]) for (const dtype of ['float64', 'float32'] as FloatDType[]) {
    for (const size of [7, 100_003]) {
      for (const [name, c] of configs) {
        it(`${name} (${dtype}, ${size} elements, 5 steps${device === 'cuda' ? ', cuda' : ''})`, function () {
          skipUnless(this, device !== 'cuda' || isAvailable('cuda'), cudaReason());
          const rng = new Rng(size);
          const p0 = rng.array(size, -1, 1);
          const grads = Array.from({ length: 5 }, () => rng.array(size, -1, 1));
          // The same rounding the native side sees, so that float32 differs only by its arithmetic.
          const round = (a: Float64Array) => (dtype === 'float32' ? Float64Array.from(Float32Array.from(a)) : a);
          const want = sgdJs(round(p0), grads.map(round), c);

          const param = native.fromArray(p0, [size], dtype, device);
          const buf = c.momentum !== 0 ? native.full([size], 0, dtype, device) : null;
          grads.forEach((g, step) => {
            const grad = native.fromArray(g, [size], dtype, device);
            native.sgdStep(param, grad, buf, c.lr, c.momentum, c.dampening, c.weightDecay, c.nesterov, step === 0);
            assert.deepEqual(native.toArray(grad), dtype === 'float32' ? Float32Array.from(g) : g); // grad untouched
            grad.dispose();
          });
          // float32: a few roundings per step, each about 6e-8 of values below about 5 (cuda may
          // fuse a product and a sum into one rounding: still within the bound).
          const tol = dtype === 'float64' ? 1e-13 : 5e-6;
          const got = native.toArray(param);
          for (let i = 0; i < size; i++) assert.ok(Math.abs(got[i] - want.param[i]) <= tol, `param[${i}]: ${got[i]} vs ${want.param[i]}`);
          if (buf) {
            const b = native.toArray(buf);
            for (let i = 0; i < size; i++) assert.ok(Math.abs(b[i] - want.buf[i]) <= tol, `buf[${i}]: ${b[i]} vs ${want.buf[i]}`);
          }
        });
      }
    }
  }

  it('leaves a buffer alone when momentum is 0', () => {
    const param = native.full([4], 1, 'float32', 'cpu');
    const buf = native.full([4], 7, 'float32', 'cpu');
    native.sgdStep(param, native.full([4], 1, 'float32', 'cpu'), buf, 0.5, 0, 0, 0, false, false);
    assert.deepEqual(Array.from(native.toArray(param)), [0.5, 0.5, 0.5, 0.5]);
    assert.deepEqual(Array.from(native.toArray(buf)), [7, 7, 7, 7]);
  });
});

describe('SGD: weight decay per parameter', () => {
  it('weightDecayFor sets a parameter\'s decay by name; null keeps the rule', () => {
    // Two-dimensional, so that decayNormAndBias: false leaves them their decay.
    const tensor = (v: number[]): Tensor => new Tensor(native.fromArray(Float64Array.from(v), [1, v.length], 'float64', 'cpu'), true);
    const a = tensor([2, 4]);
    const b = tensor([2, 4]);
    const c = new Tensor(native.fromArray(Float64Array.from([1]), [1], 'float64', 'cpu'), true);
    const opt = new SGD([['block.mssar.weight', a], ['block.conv.weight', b], ['block.bn.bias', c]], {
      lr: 0.5, weightDecay: 0.1, decayNormAndBias: false,
      weightDecayFor: (name) => (name.includes('.mssar.') ? 0 : name.endsWith('.bias') ? 0.2 : null),
    });
    for (const p of [a, b, c]) p.grad = new Tensor(native.full(p.shape.slice(), 0, 'float64', 'cpu'));
    opt.step();
    assert.deepEqual(Array.from(a.toArray()), [2, 4]);                 // exempt
    assert.deepEqual(Array.from(b.toArray()), [2 - 0.5 * 0.1 * 2, 4 - 0.5 * 0.1 * 4]);  // the default decay
    assert.deepEqual(Array.from(c.toArray()), [1 - 0.5 * 0.2]);         // overrides decayNormAndBias: false
  });

  it('refuses a weightDecayFor that is not a function or returns a bad decay', () => {
    const p = new Tensor(native.full([1], 1, 'float32', 'cpu'), true);
    assert.throws(() => new SGD([p], { lr: 0.1, weightDecayFor: 3 as unknown as () => null }), /^Error: SGD: options.weightDecayFor must be a function/);
    assert.throws(() => new SGD([['w', p]], { lr: 0.1, weightDecayFor: () => -1 }), /^Error: SGD: options.weightDecayFor\('w'\) must return a number >= 0 or null, got -1/);
  });
});
