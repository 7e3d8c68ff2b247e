// nn.MSSAR with the global-average scale (docs/mssar.md, "Global-average scale"): the module against
// the composition written out by hand (the op with the [N, C] bias computed here, and the chain rule
// through the channel means), and its start, which is the module without it.
import { strict as assert } from 'assert';
import { tensor } from '../src/creation';
import { tidy } from '../src/scope';
import { Tensor } from '../src/tensor';
import { mssar } from '../src/functional/mssar';
import { mssarAddRelu } from '../src/functional/mssar_add_relu';
import { MSSAR } from '../src/nn/mssar';
import { CostCounter } from '../src/nn/profile';
import { Rng } from '../src/gradcheck/rng';
import { assertClose } from './assertions';

const N = 3, C = 5, H = 6, W = 7, HW = H * W;
const f64 = { dtype: 'float64' as const };

function values(t: Tensor | null): number[] {
  assert.ok(t, 'missing tensor');
  return Array.from(t.toArray());
}

/** A float64 module with every parameter drawn at random (the global weight included). */
function randomModule(rng: Rng, global: boolean): MSSAR {
  const m = new MSSAR(C, { global }).to('float64');
  for (const p of m.parameters()) p.set_(tensor(rng.array(p.size, -1, 1), p.shape, f64));
  return m;
}

interface Result {
  y: number[];
  dx: number[];
  dweight: number[];
  dbias: number[];
  dglobal: number[];
}

/**
 * The module's context written out: b[n, c] = bias[c] + globalWeight[c] * mean(x[n, c]) computed
 * here, the op run with that constant bias, then dglobalWeight[c] = sum_n db[n, c] mean(x[n, c]),
 * dbias[c] = sum_n db[n, c], and dx gains db[n, c] globalWeight[c] / (H W) at every pixel.
 */
function byHand(m: MSSAR, xd: Float64Array, up: Float64Array, residual: Float64Array | null): Result {
  return tidy(() => {
    const bias = values(m.bias), gw = values(m.globalWeight);
    const mean: number[] = [];
    for (let p = 0; p < N * C; p++) {
      let s = 0;
      for (let i = 0; i < HW; i++) s += xd[p * HW + i];
      mean.push(s / HW);
    }
    const b = tensor(mean.map((mu, p) => bias[p % C] + gw[p % C] * mu), [N, C], { ...f64, requiresGrad: true });
    const x = tensor(xd, [N, C, H, W], { ...f64, requiresGrad: true });
    const w = tensor(values(m.weight), m.weight.shape, { ...f64, requiresGrad: true });
    const opts = { scales: m.scales, symmetric: m.symmetric };
    const y = residual ? mssarAddRelu(x, w, b, tensor(residual, [N, C, H, W], f64), opts) : mssar(x, w, b, opts);
    y.backward(tensor(up, [N, C, H, W], f64));
    const db = values(b.grad), dx = values(x.grad);
    for (let p = 0; p < N * C; p++) for (let i = 0; i < HW; i++) dx[p * HW + i] += db[p] * gw[p % C] / HW;
    const dbias = new Array<number>(C).fill(0), dglobal = new Array<number>(C).fill(0);
    for (let p = 0; p < N * C; p++) {
      dbias[p % C] += db[p];
      dglobal[p % C] += db[p] * mean[p];
    }
    return { y: values(y), dx, dweight: values(w.grad), dbias, dglobal };
  });
}

function throughModule(m: MSSAR, xd: Float64Array, up: Float64Array, residual: Float64Array | null,
  layout: 'plain' | 'nChw16c' = 'plain'): Result {
  for (const p of m.parameters()) p.grad = null;
  return tidy(() => {
    const x = tensor(xd, [N, C, H, W], { ...f64, requiresGrad: true });
    const xl = x.toLayout(layout);
    const y = residual ? m.forwardAddRelu(xl, tensor(residual, [N, C, H, W], f64).toLayout(layout)) : m.forward(xl);
    y.backward(tensor(up, [N, C, H, W], f64).toLayout(layout));
    return {
      y: values(y), dx: values(x.grad), dweight: values(m.weight.grad), dbias: values(m.bias.grad),
      dglobal: m.globalWeight ? values(m.globalWeight.grad) : [],
    };
  });
}

function assertSame(got: Result, want: Result, what: string): void {
  for (const k of ['y', 'dx', 'dweight', 'dbias', 'dglobal'] as const) assertClose(got[k], want[k], 1e-12, 1e-10, `${what}: ${k}`);
}

describe('nn.MSSAR with the global-average scale', () => {
  const rng = new Rng(41);
  const xd = rng.array(N * C * HW, -1, 2), up = rng.array(N * C * HW, -1, 1), rd = rng.array(N * C * HW, -1, 1);

  it('adds globalWeight [C], zero, registered after bias', () => {
    const m = new MSSAR(C, { global: true });
    assert.deepEqual(m.namedParameters().map(([n, p]) => [n, p.shape]), [['weight', [3, C, 3, 3]], ['bias', [C]], ['globalWeight', [C]]]);
    assert.ok(values(m.globalWeight).every((v) => v === 0));
    assert.equal(m.numParameters(), 27 * C + 2 * C);
    const plain = new MSSAR(C);
    assert.equal(plain.globalWeight, null);
    assert.deepEqual(plain.namedParameters().map(([n]) => n), ['weight', 'bias']);
    m.dispose();
    plain.dispose();
  });

  for (const [what, residual] of [['forward', null], ['forwardAddRelu', rd]] as const) {
    it(`${what} with random weights equals the composition written out (values and gradients)`, () => {
      const m = randomModule(rng, true);
      assertSame(throughModule(m, xd, up, residual), byHand(m, xd, up, residual), what);
      // On channel-blocked activations, the layout the networks keep.
      assertSame(throughModule(m, xd, up, residual, 'nChw16c'), byHand(m, xd, up, residual), `${what}, nChw16c`);
      m.dispose();
    });

    it(`${what} starts as the module without it (globalWeight 0)`, () => {
      const g = randomModule(rng, true), plain = randomModule(rng, false);
      g.globalWeight!.set_(tensor(new Array<number>(C).fill(0), [C], f64));
      plain.weight.set_(g.weight.clone());
      plain.bias.set_(g.bias.clone());
      const a = throughModule(g, xd, up, residual), b = throughModule(plain, xd, up, residual);
      for (const k of ['y', 'dx', 'dweight', 'dbias'] as const) assertClose(a[k], b[k], 1e-12, 1e-10, k);
      // Its own gradient is not zero: training moves it.
      assert.ok(a.dglobal.some((v) => Math.abs(v) > 1e-6), `dglobalWeight ${a.dglobal}`);
      g.dispose();
      plain.dispose();
    });
  }

  it('profile counts the means and the per-plane product and sum', () => {
    const count = (global: boolean) => {
      const counter = new CostCounter();
      new MSSAR(C, { global }).profile([N, C, H, W], counter);
      return counter.macs;
    };
    assert.equal(count(true) - count(false), N * C * HW + 2 * N * C);
  });

  it('refuses a non-boolean global and an x of other channels, naming MSSAR', () => {
    assert.throws(() => new MSSAR(C, { global: 1 as unknown as boolean }), /^Error: MSSAR: options.global must be true or false, got 1/);
    const m = new MSSAR(C, { global: true });
    tidy(() => {
      assert.throws(() => m.forward(tensor(new Float32Array(2 * 4 * 9), [2, 4, 3, 3])), /^Error: MSSAR: x must be \[N, 5, H, W\], got \[2,4,3,3\] float32 cpu/);
      assert.throws(() => m.forward(tensor(new Float32Array(5 * 9), [5, 3, 3])), /^Error: MSSAR: x must be \[N, 5, H, W\]/);
      assert.throws(() => m.forward(null as unknown as Tensor), /^TypeError: MSSAR: x must be a Tensor/);
    });
    m.dispose();
  });
});
