// Bad inputs to mssar: each gives an Error that names the op and shows the shapes involved, from
// the public op and from the native entries directly (nothing may crash the process).
import { strict as assert } from 'assert';
import { native } from '../../src/native';
import { tensor, zeros } from '../../src/creation';
import { tidy } from '../../src/scope';
import { Tensor } from '../../src/tensor';
import { mssar, MssarOptions } from '../../src/functional/mssar';
import { rejects } from '../assertions';

const x = (shape = [2, 3, 5, 5]): Tensor => zeros(shape);
const w = (shape = [3, 3, 3, 3]): Tensor => zeros(shape);
const b = (shape = [3]): Tensor => zeros(shape);
const call = (xs: Tensor, ws: Tensor, bs: Tensor, opts?: MssarOptions) => () => mssar(xs, ws, bs, opts);

describe('mssar errors', () => {
  it('x must be 4-d float', () => {
    rejects(call(zeros([3, 5, 5]), w(), b()), /^mssar:/, /x must be 4-d/, /\[3,5,5\] float32 cpu/);
    rejects(call(tensor([1, 2, 3, 4], [1, 1, 2, 2], { dtype: 'int32' }), w([3, 1, 3, 3]), b([1])),
      /^mssar:/, /x must be float32 or float64/, /\[1,1,2,2\] int32/);
  });

  it('weight must be [K, C, 3, 3] with K = scales.length and C = channels of x', () => {
    rejects(call(x(), w([2, 3, 3, 3]), b()), /^mssar:/, /weight must have shape \[3,3,3,3\]/, /got \[2,3,3,3\]/,
      /scales \[1, 2, 4\]/);
    rejects(call(x(), w([3, 4, 3, 3]), b()), /^mssar:/, /\[3,3,3,3\]/, /got \[3,4,3,3\]/, /\[2,3,5,5\]/);
    rejects(call(x(), w([3, 3, 5, 5]), b()), /^mssar:/, /got \[3,3,5,5\]/);
    rejects(call(x(), w([1, 3, 3, 3]), b(), { scales: [1, 2] }), /^mssar:/, /\[2,3,3,3\]/, /got \[1,3,3,3\]/);
  });

  it('weight must be [K, C, 3] when symmetric, and [K, C, 3, 3] when not', () => {
    rejects(call(x(), w([3, 3, 3, 3]), b(), { symmetric: true }), /^mssar:/, /\[3,3,3\]/, /symmetric/,
      /got \[3,3,3,3\]/);
    rejects(call(x(), w([3, 3, 3]), b()), /^mssar:/, /\[3,3,3,3\]/, /got \[3,3,3\]/);
  });

  it('bias must be [C] or [N, C]', () => {
    rejects(call(x(), w(), b([4])), /^mssar:/, /bias must have shape \[3\] or \[2, 3\]/, /got \[4\]/, /\[2,3,5,5\]/);
    rejects(call(x(), w(), b([1, 3])), /^mssar:/, /bias/, /got \[1,3\]/);
    rejects(call(x(), w(), b([2, 4])), /^mssar:/, /\[3\] or \[2, 3\]/, /got \[2,4\]/);
    rejects(call(x(), w(), b([3, 2])), /^mssar:/, /got \[3,2\]/);
    rejects(call(x(), w(), b([2, 3, 1])), /^mssar:/, /got \[2,3,1\]/);
    rejects(call(x(), w(), zeros([2, 3], { dtype: 'float64' })), /^mssar:/, /same dtype/, /\[2,3\] float64/);
  });

  it('the backward entries take perSampleBias as a boolean', () => {
    tidy(() => {
      const xs = x(), ws = w(), bs = b([2, 3]);
      const [y, gate] = native.mssarForward(xs.handle, ws.handle, bs.handle, [1, 2, 4], false);
      const g = native.mssarBackward as unknown as (...args: unknown[]) => unknown;
      rejects(() => g(y, xs.handle, gate, ws.handle, [1, 2, 4], false, [true, true, true], 'yes'), /^mssar backward:/, /perSampleBias/, /boolean/);
      const [dx, dw, db] = native.mssarBackward(y, xs.handle, gate, ws.handle, [1, 2, 4], false, [true, true, true], true);
      assert.deepEqual(db!.shape, [2, 3]);
      for (const h of [y, gate, dx, dw, db]) h?.dispose();
    });
  });

  it('all tensors share one dtype', () => {
    rejects(call(x(), zeros([3, 3, 3, 3], { dtype: 'float64' }), b()), /^mssar:/, /same dtype/, /float64/);
    rejects(call(x(), w(), zeros([3], { dtype: 'float64' })), /^mssar:/, /same dtype/, /\[3\] float64/);
  });

  it('scales must be a non-empty list of at most 16 integers in [1, 64] (functional op)', () => {
    for (const scales of [[], [0], [-1], [1.5], [2, 0.5], [65], [NaN], [Infinity], new Array<number>(17).fill(1)]) {
      rejects(call(x(), w([Math.max(scales.length, 1), 3, 3, 3]), b(), { scales }), /^mssar:/, /scales/);
    }
  });

  it('scales are checked by the native entries too', () => {
    tidy(() => {
      const xs = x(), bs = b();
      // Non-integers: the binding's argument check.
      assert.throws(() => native.mssarForward(xs.handle, w([1, 3, 3, 3]).handle, bs.handle, [1.5], false),
        /mssar.*scales.*integers/);
      // Out of range or empty: the op's check.
      assert.throws(() => native.mssarForward(xs.handle, w([1, 3, 3, 3]).handle, bs.handle, [0], false),
        /^Error: mssar: scales must be integers in \[1, 64\], got \[0\]/);
      assert.throws(() => native.mssarForward(xs.handle, w([1, 3, 3, 3]).handle, bs.handle, [100], false),
        /mssar: scales/);
      assert.throws(() => native.mssarForward(xs.handle, w([1, 3, 3, 3]).handle, bs.handle, [], false),
        /mssar: scales must not be empty/);
      assert.throws(() => native.ref.mssarForward(xs.handle, w([1, 3, 3, 3]).handle, bs.handle, [-2], false),
        /mssar: scales/);
      assert.throws(() => native.mssarForward(xs.handle, w([17, 3, 3, 3]).handle, bs.handle, new Array<number>(17).fill(2), false),
        /mssar: at most 16 scales, got 17/);
    });
  });

  it('the native entries check their argument types and counts', () => {
    tidy(() => {
      const xs = x(), ws = w(), bs = b();
      const f = native.mssarForward as unknown as (...args: unknown[]) => unknown;
      const g = native.mssarBackward as unknown as (...args: unknown[]) => unknown;
      assert.throws(() => f(xs.handle, ws.handle, bs.handle, [1, 2, 4]), /mssar/);
      assert.throws(() => f(xs.handle, ws.handle, null, [1, 2, 4], false), /mssar.*bias/);
      assert.throws(() => f(xs.handle, ws.handle, bs.handle, [1, 2, 4], 'no'), /mssar.*symmetric/);
      assert.throws(() => f(xs.handle, ws.handle, bs.handle, 3, false), /mssar.*scales/);
      const [y, gate] = native.mssarForward(xs.handle, ws.handle, bs.handle, [1, 2, 4], false);
      assert.throws(() => g(y, xs.handle, gate, ws.handle, [1, 2, 4], false, [true, true]), /mssar backward.*needs/);
      assert.throws(() => g(y, xs.handle, gate, ws.handle, [1, 2, 4], false, [true, 1, true]), /mssar backward.*needs/);
      y.dispose();
      gate.dispose();
    });
  });

  it('backward checks dy and gate against x', () => {
    tidy(() => {
      const xs = x(), ws = w(), bs = b();
      const [y, gate] = native.mssarForward(xs.handle, ws.handle, bs.handle, [1, 2, 4], false);
      const bad = zeros([2, 3, 5, 4]);
      assert.throws(() => native.mssarBackward(bad.handle, xs.handle, gate, ws.handle, [1, 2, 4], false, [true, true, true]),
        /^Error: mssar backward: x and dy must have the same shape, got \[2,3,5,5\] float32 cpu and \[2,3,5,4\]/);
      assert.throws(() => native.mssarBackward(y, xs.handle, bad.handle, ws.handle, [1, 2, 4], false, [true, true, true]),
        /mssar backward: x and gate must have the same shape/);
      const y64 = zeros([2, 3, 5, 5], { dtype: 'float64' });
      assert.throws(() => native.mssarBackward(y64.handle, xs.handle, gate, ws.handle, [1, 2, 4], false, [true, true, true]),
        /mssar backward: x and dy must have the same dtype/);
      assert.throws(() => native.mssarBackward(y, xs.handle, gate, ws.handle, [1, 2], false, [true, true, true]),
        /mssar backward: weight must have shape \[2,3,3,3\]/);
      y.dispose();
      gate.dispose();
    });
  });

  it('the reference entries take float64 only', () => {
    tidy(() => {
      assert.throws(() => native.ref.mssarForward(x().handle, w().handle, b().handle, [1, 2, 4], false),
        /mssar: the reference kernels take plain float64 tensors/);
    });
  });
});
