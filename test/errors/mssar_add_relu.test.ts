// mssarAddRelu: bad residuals, parameters, options and layouts give Errors that name the op.
import { strict as assert } from 'assert';
import { native, reference } from '../../src/native';
import { zeros } from '../../src/creation';
import { mssarAddRelu } from '../../src/functional/mssar_add_relu';

function throwsWith(fn: () => unknown, ...patterns: RegExp[]): void {
  assert.throws(fn, (e: unknown) => {
    assert.ok(e instanceof Error, `not an Error: ${String(e)}`);
    for (const p of patterns) assert.match(e.message, p);
    return true;
  });
}

describe('mssarAddRelu errors', () => {
  const x = zeros([2, 3, 4, 4]), w = zeros([3, 3, 3, 3]), b = zeros([3]);

  it('a residual not of x\'s shape or dtype', () => {
    throwsWith(() => mssarAddRelu(x, w, b, zeros([2, 3, 2, 2])),
      /^mssar_add_relu: x and residual must have the same shape, got \[2,3,4,4\] float32 cpu and \[2,3,2,2\] float32 cpu/);
    throwsWith(() => mssarAddRelu(x, w, b, zeros([2, 3, 4, 4], { dtype: 'float64' })),
      /^mssar_add_relu: x and residual must have the same dtype/);
  });

  it('parameters and scales as mssar checks them', () => {
    throwsWith(() => mssarAddRelu(x, zeros([2, 3, 3, 3]), b, x), /^mssar_add_relu: weight must have shape \[3,3,3,3\]/);
    throwsWith(() => mssarAddRelu(x, w, zeros([4]), x), /^mssar_add_relu: bias must have shape \[3\]/);
    throwsWith(() => mssarAddRelu(x, w, b, x, { scales: [0] }), /^mssarAddRelu: scales must be a non-empty array/);
    throwsWith(() => native.mssarAddReluForward(x.handle, w.handle, b.handle, x.handle, [1, 2, 4, 200], false),
      /^mssar_add_relu: weight must have shape|^mssar_add_relu: scales must be integers in \[1, 64\]/);
  });

  it('a blocked layout on the reference kernels', () => {
    const x64 = zeros([2, 3, 4, 4], { dtype: 'float64' });
    throwsWith(() => reference(() => mssarAddRelu(x64.toLayout('nChw16c'), zeros([3, 3, 3, 3], { dtype: 'float64' }),
      zeros([3], { dtype: 'float64' }), x64)),
    /^mssar_add_relu: the reference kernels take plain float64 tensors on the cpu, got \[2,3,4,4\] float64 cpu nChw16c/);
  });

  it('backward: out, dout and gate must match x; needs has four flags', () => {
    const [out, gate] = native.mssarAddReluForward(x.handle, w.handle, b.handle, x.handle, [1, 2, 4], false);
    const bad = native.full([2, 3, 4, 5], 0, 'float32', 'cpu');
    throwsWith(() => native.mssarAddReluBackward(bad, out, x.handle, gate, w.handle, [1, 2, 4], false, [true, true, true, true]),
      /^mssar_add_relu_backward: x and dout must have the same shape/);
    throwsWith(() => native.mssarAddReluBackward(out, bad, x.handle, gate, w.handle, [1, 2, 4], false, [true, true, true, true]),
      /^mssar_add_relu_backward: x and out must have the same shape/);
    throwsWith(() => native.mssarAddReluBackward(out, out, x.handle, gate, w.handle, [1, 2, 4], false, [true, true, true]),
      /^mssarAddReluBackward: argument 8 \(needs\): expected an array of 4 booleans/);
  });

  it('disposed tensors', () => {
    const gone = zeros([2, 3, 4, 4]);
    gone.dispose();
    throwsWith(() => mssarAddRelu(x, w, b, gone), /^mssarAddRelu: residual \[2,3,4,4\] float32 cpu is disposed/);
  });
});
