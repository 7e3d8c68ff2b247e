// MS-SAR beyond the generic gradient and parity checks: values worked out by hand from the
// definition (docs/mssar.md), the initialisation property, saturation, non-finite inputs, the
// symmetric variant, layouts and determinism.
import { strict as assert } from 'assert';
import { native, reference, Device, FloatDType } from '../src/native';
import { tensor, zeros } from '../src/creation';
import { tidy } from '../src/scope';
import { Tensor } from '../src/tensor';
import { isAvailable, getNumThreads, setNumThreads } from '../src/backends';
import { mssar } from '../src/functional/mssar';
import { mssarAddRelu } from '../src/functional/mssar_add_relu';
import { Rng } from '../src/gradcheck/rng';
import { assertClose } from './assertions';

const devices: Device[] = isAvailable('cuda') ? ['cpu', 'cuda'] : ['cpu'];
const sigmoid = (z: number): number => 1 / (1 + Math.exp(-z));

function values(t: Tensor | null): number[] {
  assert.ok(t, 'missing tensor');
  return Array.from(t.toArray());
}

function randomTensor(rng: Rng, shape: number[], low: number, high: number, dtype: FloatDType = 'float32',
  device: Device = 'cpu', requiresGrad = false): Tensor {
  const n = shape.reduce((a, b) => a * b, 1);
  return tensor(rng.array(n, low, high), shape, { dtype, device, requiresGrad });
}

describe('mssar', () => {
  // x = [[1, 2], [3, 4]], one scale s = 1: every cell is one pixel, so
  // z(h, w) = b + sum_{i,j} weight[i+1][j+1] * x~(h + i, w + j), the outside being zero.
  const x22 = [1, 2, 3, 4];
  const w33 = [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9];
  const b = 0.05;

  describe('a 1x1x2x2 example worked out by hand', () => {
    // (0,0) sees itself (w11), right (w12), below (w21), below-right (w22), and so on.
    const z = [
      b + 0.5 * 1 + 0.6 * 2 + 0.8 * 3 + 0.9 * 4, // 7.75
      b + 0.4 * 1 + 0.5 * 2 + 0.7 * 3 + 0.8 * 4, // 6.75
      b + 0.2 * 1 + 0.3 * 2 + 0.5 * 3 + 0.6 * 4, // 4.75
      b + 0.1 * 1 + 0.2 * 2 + 0.4 * 3 + 0.5 * 4, // 3.75
    ];
    const g = z.map(sigmoid);
    const y = x22.map((v, i) => v * g[i]);
    // Upstream gradient of ones: e = x g (1 - g), dbias = sum e.
    const e = x22.map((v, i) => v * g[i] * (1 - g[i]));
    // Pixel (0,0) is the centre cell of (0,0) (w11), the left cell of (0,1) (w10), the upper cell
    // of (1,0) (w01) and the upper-left cell of (1,1) (w00).
    const dx00 = g[0] + 0.5 * e[0] + 0.4 * e[1] + 0.2 * e[2] + 0.1 * e[3];
    // dweight of the centre cell: sum_h,w e * x(h, w); of the lower-right cell: e(0,0) * x(1,1).
    const dwCentre = e[0] * 1 + e[1] * 2 + e[2] * 3 + e[3] * 4;
    const dwLowerRight = e[0] * 4;

    const cases: { label: string; dtype: FloatDType; device: Device; ref: boolean; tol: number }[] = [
      ...devices.map((device) => ({ label: `${device} float32`, dtype: 'float32' as FloatDType, device, ref: false, tol: 2e-6 })),
      { label: 'cpu float64', dtype: 'float64', device: 'cpu', ref: false, tol: 1e-12 },
      { label: 'reference', dtype: 'float64', device: 'cpu', ref: true, tol: 1e-12 },
    ];
    for (const c of cases) {
      it(`gives y, dx, dweight and dbias (${c.label})`, () => {
        const run = () => tidy(() => {
          const xt = tensor(x22, [1, 1, 2, 2], { dtype: c.dtype, device: c.device, requiresGrad: true });
          const wt = tensor(w33, [1, 1, 3, 3], { dtype: c.dtype, device: c.device, requiresGrad: true });
          const bt = tensor([b], [1], { dtype: c.dtype, device: c.device, requiresGrad: true });
          const out = mssar(xt, wt, bt, { scales: [1] });
          const gotY = values(out);
          out.backward(tensor([1, 1, 1, 1], [1, 1, 2, 2], { dtype: c.dtype, device: c.device }));
          return { gotY, dx: values(xt.grad), dw: values(wt.grad), db: values(bt.grad) };
        });
        const r = c.ref ? reference(run) : run();
        assertClose(r.gotY, y, c.tol, c.tol, 'y');
        assertClose([r.dx[0]], [dx00], c.tol, c.tol, 'dx(0,0)');
        assertClose([r.dw[4], r.dw[8]], [dwCentre, dwLowerRight], c.tol, c.tol, 'dweight');
        assertClose(r.db, [e[0] + e[1] + e[2] + e[3]], c.tol, c.tol, 'dbias');
      });
    }
  });

  it('reaches one row and column further down/right for an even scale (s = 2, by hand)', () => {
    // a_2 = 0: the centre cell of (h, w) covers rows h..h+1 and columns w..w+1; cells step by 2.
    const z = [
      b + 0.5 * (1 + 2 + 3 + 4) / 4, // (0,0): only the centre cell meets the image
      b + 0.5 * (2 + 4) / 4 + 0.4 * (1 + 3) / 4, // (0,1): centre and left cells
      b + 0.5 * (3 + 4) / 4 + 0.2 * (1 + 2) / 4, // (1,0): centre and upper cells
      b + 0.5 * 4 / 4 + 0.2 * 2 / 4 + 0.4 * 3 / 4 + 0.1 * 1 / 4, // (1,1): centre, up, left, up-left
    ];
    for (const device of devices) {
      for (const dtype of ['float32', 'float64'] as FloatDType[]) {
        const got = tidy(() => values(mssar(tensor(x22, [1, 1, 2, 2], { dtype, device }),
          tensor(w33, [1, 1, 3, 3], { dtype, device }), tensor([b], [1], { dtype, device }), { scales: [2] })));
        const tol = dtype === 'float32' ? 2e-6 : 1e-12;
        assertClose(got, x22.map((v, i) => v * sigmoid(z[i])), tol, tol, `${device} ${dtype} y`);
      }
    }
  });

  it('gives y = x / 2 with zero weights and bias (the starting definition\'s initialisation)', () => {
    const rng = new Rng(7);
    for (const device of devices) {
      for (const symmetric of [false, true]) {
        tidy(() => {
          const x = randomTensor(rng, [2, 3, 9, 7], -3, 3, 'float32', device);
          const w = zeros(symmetric ? [3, 3, 3] : [3, 3, 3, 3], { device });
          const y = mssar(x, w, zeros([3], { device }), { symmetric });
          // sigmoid(0) = 1/2 exactly, and halving is exact in binary floating point.
          assert.deepEqual(values(y), values(x).map((v) => v / 2));
        });
      }
    }
  });

  it('saturates without overflow when |z| is huge', () => {
    const rng = new Rng(11);
    for (const device of devices) {
      tidy(() => {
        const x = randomTensor(rng, [2, 2, 8, 8], -1, 1, 'float32', device);
        // bias +-1e4 alone: g is exactly 1 in channel 0 and exactly 0 in channel 1.
        const y = values(mssar(x, zeros([3, 2, 3, 3], { device }), tensor([1e4, -1e4], [2], { device })));
        const xs = values(x);
        const plane = 64;
        for (let i = 0; i < xs.length; i++) {
          const c = Math.floor(i / plane) % 2;
          assert.ok(y[i] === (c === 0 ? xs[i] : 0), `element ${i}: ${y[i]} for x = ${xs[i]}`); // -0 counts as 0
        }
        // Huge weights of both signs: every gate in [0, 1], y and all gradients finite.
        const w = randomTensor(rng, [3, 2, 3, 3], -1e4, 1e4, 'float32', device, true);
        const bias = tensor([0, 0], [2], { device, requiresGrad: true });
        const xg = randomTensor(rng, [2, 2, 8, 8], -1, 1, 'float32', device, true);
        const [yh, gate] = native.mssarForward(xg.handle, w.handle, bias.handle, [1, 2, 4], false);
        const gates = native.toArray(gate);
        yh.dispose();
        gate.dispose();
        assert.ok(gates.every((v) => v >= 0 && v <= 1), 'gate outside [0, 1]');
        assert.ok(gates.some((v) => v < 1e-6) && gates.some((v) => v > 1 - 1e-6), 'z was not large');
        const out = mssar(xg, w, bias);
        assert.ok(values(out).every(Number.isFinite), 'y not finite');
        out.backward(randomTensor(rng, [2, 2, 8, 8], -1, 1, 'float32', device));
        for (const t of [xg, w, bias]) assert.ok(values(t.grad).every(Number.isFinite), 'gradient not finite');
      });
    }
  });

  describe('non-finite inputs', () => {
    // The float64 reference sums every cell pixel by pixel, so it spreads NaN and inf exactly as
    // far as the definition does; the fast kernels must do the same (not further, as a summed-area
    // table would): scales up to 8 are summed directly, larger ones (9, 12) from tables, and a
    // plane (or chunk) whose table is not finite sums them directly.
    function pattern(v: number[]): string {
      return v.map((a) => (Number.isNaN(a) ? 'N' : Number.isFinite(a) ? '.' : 'I')).join('');
    }
    for (const bad of [NaN, Infinity]) {
      for (const scales of [[1], [2], [1, 2, 4], [9], [3, 12]]) {
        it(`${bad} in x spreads exactly as far as the cells reach (scales [${scales}])`, () => {
          const rng = new Rng(5);
          const data = rng.array(2 * 40 * 41, -1, 1);
          data[5 * 41 + 6] = bad; // plane 0, row 5, column 6: cells of 12 reach only rows < 24
          const wd = rng.array(scales.length * 2 * 9, -1, 1);
          const run = (dtype: FloatDType, device: Device, layout: 'plain' | 'nChw16c' = 'plain') => tidy(() => {
            const x = tensor(data, [1, 2, 40, 41], { dtype, device, requiresGrad: true });
            const w = tensor(wd, [scales.length, 2, 3, 3], { dtype, device, requiresGrad: true });
            const bias = tensor([0.1, -0.2], [2], { dtype, device, requiresGrad: true });
            const y = mssar(layout === 'plain' ? x : x.toLayout(layout), w, bias, { scales });
            const yv = values(y);
            y.backward(tensor(new Float64Array(yv.length).fill(1), y.shape, { dtype, device }));
            return { y: yv, dx: values(x.grad) };
          });
          const want = reference(() => run('float64', 'cpu'));
          assert.ok(want.y.slice(0, 1640).some(Number.isFinite) && !want.y.slice(0, 1640).every(Number.isFinite));
          assert.ok(want.y.slice(1640).every(Number.isFinite), 'the other plane stays finite');
          for (const device of devices) {
            for (const dtype of ['float32', 'float64'] as FloatDType[]) {
              const got = run(dtype, device);
              assert.equal(pattern(got.y), pattern(want.y), `${device} ${dtype} y`);
              assert.equal(pattern(got.dx), pattern(want.dx), `${device} ${dtype} dx`);
            }
          }
          // The blocked kernel (the layout networks keep), whose large cells come from tables too.
          for (const dtype of ['float32', 'float64'] as FloatDType[]) {
            const got = run(dtype, 'cpu', 'nChw16c');
            assert.equal(pattern(got.y), pattern(want.y), `cpu nChw16c ${dtype} y`);
            assert.equal(pattern(got.dx), pattern(want.dx), `cpu nChw16c ${dtype} dx`);
          }
        });
      }
    }
  });

  it('symmetric weights (m, e, c) equal the 3x3 cells [[c, e, c], [e, m, e], [c, e, c]]', () => {
    const rng = new Rng(3);
    const K = 2, C = 3;
    const sym = rng.array(K * C * 3, -1, 1);
    const full = new Float64Array(K * C * 9);
    for (let kc = 0; kc < K * C; kc++) {
      const [m, e, c] = [sym[kc * 3], sym[kc * 3 + 1], sym[kc * 3 + 2]];
      full.set([c, e, c, e, m, e, c, e, c], kc * 9);
    }
    const xd = rng.array(2 * C * 7 * 9, -1, 1);
    const bd = rng.array(C, -0.5, 0.5);
    const up = rng.array(2 * C * 7 * 9, -1, 1);
    for (const device of devices) {
      const run = (symmetric: boolean) => tidy(() => {
        const x = tensor(xd, [2, C, 7, 9], { dtype: 'float32', device, requiresGrad: true });
        const w = tensor(symmetric ? sym : full, symmetric ? [K, C, 3] : [K, C, 3, 3], { dtype: 'float32', device, requiresGrad: true });
        const bias = tensor(bd, [C], { dtype: 'float32', device, requiresGrad: true });
        const y = mssar(x, w, bias, { scales: [1, 3], symmetric });
        const yv = values(y);
        y.backward(tensor(up, y.shape, { dtype: 'float32', device }));
        return { y: yv, dx: values(x.grad), dw: values(w.grad), db: values(bias.grad) };
      });
      const s = run(true), a = run(false);
      assertClose(s.y, a.y, 1e-6, 1e-6, 'y');
      assertClose(s.dx, a.dx, 1e-6, 1e-5, 'dx');
      assertClose(s.db, a.db, 1e-6, 1e-5, 'dbias');
      // Each shared weight's gradient is the sum over the cells that share it.
      const folded: number[] = [];
      for (let kc = 0; kc < K * C; kc++) {
        const d = a.dw.slice(kc * 9, kc * 9 + 9);
        folded.push(d[4], d[1] + d[3] + d[5] + d[7], d[0] + d[2] + d[6] + d[8]);
      }
      assertClose(s.dw, folded, 1e-5, 1e-5, 'dweight');
    }
  });

  it('float64 fast kernels agree with the reference to rounding', () => {
    const rng = new Rng(13);
    const xd = rng.array(2 * 3 * 17 * 19, -2, 2), wd = rng.array(3 * 3 * 9, -1, 1), bd = rng.array(3, -1, 1);
    const up = rng.array(xd.length, -1, 1);
    const run = () => tidy(() => {
      const x = tensor(xd, [2, 3, 17, 19], { dtype: 'float64', requiresGrad: true });
      const w = tensor(wd, [3, 3, 3, 3], { dtype: 'float64', requiresGrad: true });
      const bias = tensor(bd, [3], { dtype: 'float64', requiresGrad: true });
      const y = mssar(x, w, bias);
      const yv = values(y);
      y.backward(tensor(up, y.shape, { dtype: 'float64' }));
      return [yv, values(x.grad), values(w.grad), values(bias.grad)];
    });
    const want = reference(run), got = run();
    want.forEach((wv, i) => assertClose(got[i], wv, 1e-12, 1e-10, `output ${i}`));
  });

  it('computes only the gradients asked for', () => {
    const rng = new Rng(17);
    tidy(() => {
      const x = randomTensor(rng, [2, 2, 6, 5], -1, 1);
      const w = randomTensor(rng, [3, 2, 3, 3], -1, 1, 'float32', 'cpu', true);
      const bias = randomTensor(rng, [2], -1, 1);
      const [yh, gate] = native.mssarForward(x.handle, w.handle, bias.handle, [1, 2, 4], false);
      const dy = randomTensor(rng, [2, 2, 6, 5], -1, 1);
      const onlyW = native.mssarBackward(dy.handle, x.handle, gate, w.handle, [1, 2, 4], false, [false, true, false]);
      const all = native.mssarBackward(dy.handle, x.handle, gate, w.handle, [1, 2, 4], false, [true, true, true]);
      assert.equal(onlyW[0], null);
      assert.equal(onlyW[2], null);
      assert.deepEqual(Array.from(native.toArray(onlyW[1]!)), Array.from(native.toArray(all[1]!)));
      for (const h of [yh, gate, ...onlyW, ...all]) h?.dispose();
      // Through autograd: x and bias do not require grad and get none.
      mssar(x, w, bias).backward(dy);
      assert.equal(x.grad, null);
      assert.equal(bias.grad, null);
      assert.ok(w.grad);
    });
  });

  it('is deterministic: the same gradients bit for bit, whatever the thread count', () => {
    const rng = new Rng(19);
    const xd = rng.array(4 * 8 * 12 * 12, -1, 1), wd = rng.array(3 * 8 * 9, -1, 1), up = rng.array(xd.length, -1, 1);
    const run = () => tidy(() => {
      const x = tensor(xd, [4, 8, 12, 12], { dtype: 'float32', requiresGrad: true });
      const w = tensor(wd, [3, 8, 3, 3], { dtype: 'float32', requiresGrad: true });
      const bias = zeros([8], { requiresGrad: true });
      mssar(x, w, bias).backward(tensor(up, [4, 8, 12, 12], { dtype: 'float32' }));
      return [values(x.grad), values(w.grad), values(bias.grad)];
    });
    const threads = getNumThreads();
    try {
      const first = run(), second = run();
      setNumThreads(1);
      const single = run();
      assert.deepEqual(second, first);
      assert.deepEqual(single, first);
    } finally {
      setNumThreads(threads);
    }
  });

  it('keeps channel-blocked inputs blocked (outputs in their layout, the same values)', () => {
    const rng = new Rng(23);
    tidy(() => {
      const x = randomTensor(rng, [2, 5, 6, 7], -1, 1);
      const w = randomTensor(rng, [2, 5, 3, 3], -1, 1);
      const bias = randomTensor(rng, [5], -1, 1);
      const plain = mssar(x, w, bias, { scales: [1, 2] });
      const blocked = mssar(x.toLayout('nChw16c'), w, bias, { scales: [1, 2] });
      assert.equal(blocked.layout, 'nChw16c');
      const a = values(blocked), b = values(plain);
      assert.equal(a.length, b.length);
      // Another kernel (vectors across channels, its own exp): equal to float32 rounding.
      for (let i = 0; i < a.length; i++) assert.ok(Math.abs(a[i] - b[i]) <= 1e-6 * (1 + Math.abs(b[i])), `element ${i}: ${a[i]} vs ${b[i]}`);
      const channelsLast = mssar(x.toLayout('channels_last'), w, bias, { scales: [1, 2] });
      assert.equal(channelsLast.layout, 'plain');
      assert.deepEqual(values(channelsLast), b);
    });
  });

  it('mssarAddRelu on nChw16c saves the gate with the ReLU\'s mask in its sign; its backward agrees with the plain kernels', () => {
    const rng = new Rng(29);
    tidy(() => {
      const shape = [2, 5, 6, 7], scales = [1, 2, 4];
      const xp = randomTensor(rng, shape, -1, 1), rp = randomTensor(rng, shape, -1, 1), dp = randomTensor(rng, shape, -1, 1);
      const w = randomTensor(rng, [3, 5, 3, 3], -1, 1);
      // Channel 0's bias makes its gate exactly 0: there only the sign bit can tell the mask.
      const bias = tensor([-1e4, 0.3, -0.2, 0.1, 0], [5]);
      const x = xp.toLayout('nChw16c'), r = rp.toLayout('nChw16c'), dout = dp.toLayout('nChw16c');
      const [outH, gateH] = native.mssarAddReluForward(x.handle, w.handle, bias.handle, r.handle, scales, false);
      const [yH, mssarGateH] = native.mssarForward(x.handle, w.handle, bias.handle, scales, false);
      const out = native.toArray(outH), gate = native.toArray(gateH), mssarGate = native.toArray(mssarGateH);
      let zeroOff = 0, zeroOn = 0;
      for (let i = 0; i < out.length; i++) {
        const signSet = gate[i] < 0 || Object.is(gate[i], -0);
        assert.equal(signSet, out[i] === 0, `element ${i}: gate ${gate[i]}, out ${out[i]}`);
        assert.equal(Math.abs(gate[i]), mssarGate[i], `element ${i}: |gate| is not MS-SAR's gate`);
        if (mssarGate[i] === 0) {
          if (signSet) zeroOff++;
          else zeroOn++;
        }
      }
      assert.ok(zeroOff > 0 && zeroOn > 0, `gates of 0: ${zeroOff} behind a closed ReLU, ${zeroOn} behind an open one`);

      const needs = [true, true, true, true];
      const blocked = native.mssarAddReluBackward(dout.handle, outH, x.handle, gateH, w.handle, scales, false, needs);
      const [outPH, gatePH] = native.mssarAddReluForward(xp.handle, w.handle, bias.handle, rp.handle, scales, false);
      const plain = native.mssarAddReluBackward(dp.handle, outPH, xp.handle, gatePH, w.handle, scales, false, needs);
      ['dx', 'dweight', 'dbias', 'dresidual'].forEach((what, i) => {
        assertClose(native.toArray(blocked[i]!), native.toArray(plain[i]!), 1e-5, 1e-4, what);
      });
      for (const h of [outH, gateH, yH, mssarGateH, outPH, gatePH, ...blocked, ...plain]) h?.dispose();
    });
  });

  describe('a per-sample bias [N, C]', () => {
    // Image n with bias [N, C] is image n alone with row n as its bias [C]: values, dx and dbias
    // row by row, dweight summed over the images.
    const shape = [3, 5, 6, 7], scales = [1, 2, 4];
    const plane = shape[1] * shape[2] * shape[3];
    const rng = new Rng(31);
    const xd = rng.array(3 * plane, -1, 1), rd = rng.array(3 * plane, -1, 1), up = rng.array(3 * plane, -1, 1);
    const wd = rng.array(3 * 5 * 9, -1, 1), bd = rng.array(3 * 5, -1, 1);
    type Run = (x: Tensor, w: Tensor, b: Tensor, r: Tensor) => Tensor;
    const ops: [string, Run][] = [
      ['mssar', (x, w, b) => mssar(x, w, b, { scales })],
      ['mssarAddRelu', (x, w, b, r) => mssarAddRelu(x, w, b, r, { scales })],
    ];
    const grads = (run: Run, layout: 'plain' | 'nChw16c' | 'nChw8c', n0: number, n: number, bias: Float64Array, bshape: number[]) =>
      tidy(() => {
        const f64 = { dtype: 'float64' as const };
        const x = tensor(xd.slice(n0 * plane, (n0 + n) * plane), [n, 5, 6, 7], { ...f64, requiresGrad: true });
        const w = tensor(wd, [3, 5, 3, 3], { ...f64, requiresGrad: true });
        const b = tensor(bias, bshape, { ...f64, requiresGrad: true });
        const r = tensor(rd.slice(n0 * plane, (n0 + n) * plane), [n, 5, 6, 7], f64);
        const y = run(x.toLayout(layout), w, b, r.toLayout(layout));
        const yv = values(y);
        y.backward(tensor(up.slice(n0 * plane, (n0 + n) * plane), [n, 5, 6, 7], f64).toLayout(layout));
        assert.deepEqual(b.grad!.shape, bshape);
        return { y: yv, dx: values(x.grad), dw: values(w.grad), db: values(b.grad) };
      });
    for (const [name, run] of ops) {
      for (const layout of ['plain', 'nChw16c', 'nChw8c'] as const) {
        it(`${name}, ${layout}: each image gets its own row of the bias, and its own row of dbias`, () => {
          const all = grads(run, layout, 0, 3, bd, [3, 5]);
          const dwSum = new Array<number>(all.dw.length).fill(0);
          for (let n = 0; n < 3; n++) {
            const one = grads(run, layout, n, 1, bd.slice(n * 5, n * 5 + 5), [5]);
            assertClose(all.y.slice(n * plane, (n + 1) * plane), one.y, 1e-12, 1e-10, `y of image ${n}`);
            assertClose(all.dx.slice(n * plane, (n + 1) * plane), one.dx, 1e-12, 1e-10, `dx of image ${n}`);
            assertClose(all.db.slice(n * 5, n * 5 + 5), one.db, 1e-12, 1e-10, `dbias of image ${n}`);
            one.dw.forEach((v, i) => { dwSum[i] += v; });
          }
          assertClose(all.dw, dwSum, 1e-12, 1e-10, 'dweight');
        });
      }
    }

    it('a bias [N, C] of equal rows gives what the bias [C] gives, and dbias summed over n', () => {
      tidy(() => {
        const x = randomTensor(rng, shape, -1, 1), w = randomTensor(rng, [3, 5, 3, 3], -1, 1, 'float32', 'cpu', true);
        const row = rng.array(5, -1, 1);
        const b1 = tensor(row, [5], { dtype: 'float32', requiresGrad: true });
        const bn = tensor([...row, ...row, ...row], [3, 5], { dtype: 'float32', requiresGrad: true });
        const dy = randomTensor(rng, shape, -1, 1);
        const y1 = mssar(x, w, b1), yn = mssar(x, w, bn);
        assert.deepEqual(values(yn), values(y1));
        y1.backward(dy);
        yn.backward(dy);
        const summed = [0, 1, 2, 3, 4].map((c) => [0, 1, 2].reduce((acc, n) => acc + values(bn.grad)[n * 5 + c], 0));
        assertClose(summed, values(b1.grad), 1e-5, 1e-5, 'dbias');
      });
    });
  });
});
