// Dtypes: int64 and bool next to float32, float64 and int32; the promotion rules of docs/tensors.md;
// casts between every pair; integer and bool tensors carry no gradient; safetensors I64 and BOOL.
import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { tensor, zeros } from '../src/creation';
import { DType } from '../src/native';
import { promoteTypes, DTYPES } from '../src/dtypes';
import { add } from '../src/functional/add';
import { mul } from '../src/functional/mul';
import { div, sub } from '../src/functional/binary';
import { exp } from '../src/functional/unary';
import { saveSafetensors, loadSafetensors } from '../src/io/safetensors';
import { StoredTensor } from '../src/io/stored_tensor';
import { rejects } from './assertions';

describe('dtypes', () => {
  it('int64 goes in as a BigInt64Array and out exactly through toBigInt64Array', () => {
    const big = 2n ** 60n + 3n;
    const t = tensor(new BigInt64Array([big, -5n]));
    assert.equal(t.dtype, 'int64');
    assert.deepEqual(Array.from(t.toBigInt64Array()), [big, -5n]);
    // toArray gives numbers only while they are exact.
    rejects(() => t.toArray(), /^toArray: element 0 \(1152921504606846979\) of an int64 tensor is not exact/);
    assert.deepEqual(Array.from(tensor([7, -2], [2], { dtype: 'int64' }).toArray()), [7, -2]);
    rejects(() => zeros([2]).toBigInt64Array(), /^toBigInt64Array: the tensor is \[2\] float32 cpu, not int64/);
  });

  it('bool is stored as 0 or 1 and read as a Uint8Array', () => {
    const b = tensor(new Uint8Array([0, 1, 7]), [3], { dtype: 'bool' });
    const got = b.toArray();
    assert.ok(got instanceof Uint8Array);
    assert.deepEqual(Array.from(got), [0, 1, 1]);
    assert.deepEqual(Array.from(tensor([0, -0.5, 2, NaN]).cast('bool').toArray()), [0, 1, 1, 1]);
  });

  it('casts between every pair of dtypes', () => {
    const values = [0, 1, 3, -2];
    for (const from of DTYPES) {
      for (const to of DTYPES) {
        const src = from === 'bool' ? [0, 1, 1, 1] : values;
        const want = src.map((v) => (to === 'bool' ? Number(v !== 0) : v));
        const got = Array.from(tensor(src, [4], { dtype: from }).cast(to).toArray());
        assert.deepEqual(got, want, `${from} -> ${to}`);
      }
    }
    assert.deepEqual(Array.from(tensor([2.7, -2.7]).cast('int64').toArray()), [2, -2]);
  });

  it('promotes by the ladder bool < int32 < int64 < float32 < float64', () => {
    const table: [DType, DType, DType][] = [
      ['bool', 'bool', 'bool'], ['bool', 'int32', 'int32'], ['int32', 'int64', 'int64'], ['int64', 'float32', 'float32'],
      ['float32', 'float64', 'float64'], ['int32', 'float64', 'float64'], ['bool', 'float32', 'float32'],
    ];
    for (const [a, b, want] of table) {
      assert.equal(promoteTypes(a, b), want, `${a}, ${b}`);
      assert.equal(promoteTypes(b, a), want, `${b}, ${a}`);
    }
    const i32 = tensor([1, 2], [2], { dtype: 'int32' });
    const f32 = tensor([0.5, 0.25]);
    assert.equal(add(i32, f32).dtype, 'float32');
    assert.deepEqual(Array.from(add(i32, f32).toArray()), [1.5, 2.25]);
    assert.equal(add(f32, tensor([1, 1], [2], { dtype: 'float64' })).dtype, 'float64');
    assert.equal(mul(i32, tensor([3, 4], [2], { dtype: 'int64' })).dtype, 'int64');
    rejects(() => promoteTypes('int32', 'float16' as DType), /^promoteTypes: b must be one of/);
  });

  it('numbers do not raise a float dtype; integers keep integer dtypes; fractions make float32', () => {
    const f64 = tensor([1, 2], [2], { dtype: 'float64' });
    assert.equal(mul(f64, 2).dtype, 'float64');
    assert.equal(mul(tensor([1, 2]), 2.5).dtype, 'float32');
    const i32 = tensor([1, 2], [2], { dtype: 'int32' });
    assert.equal(add(i32, 3).dtype, 'int32');
    assert.equal(add(i32, 0.5).dtype, 'float32');
    assert.equal(add(tensor([0, 1], [2], { dtype: 'bool' }), 1).dtype, 'int64');
    // True division computes integers in float32.
    assert.equal(div(i32, 2).dtype, 'float32');
    assert.deepEqual(Array.from(div(i32, 2).toArray()), [0.5, 1]);
    assert.deepEqual(Array.from(sub(tensor([5], [1], { dtype: 'int64' }), 7).toArray()), [-2]);
  });

  it('integer and bool tensors carry no gradient', () => {
    rejects(() => tensor([1], [1], { dtype: 'int64', requiresGrad: true }), /^tensor: options.requiresGrad must be false \(int64 tensors have no gradient\)/);
    rejects(() => tensor([1], [1], { dtype: 'bool' }).requiresGrad_(), /^requiresGrad_: bool tensors have no gradient/);
    // An integer operand of a float op gets no gradient; the float one does.
    const x = tensor([1, 2], [2], { requiresGrad: true });
    const y = mul(x, tensor([3, 4], [2], { dtype: 'int32' }));
    y.backward(tensor([1, 1]));
    assert.deepEqual(Array.from(x.grad!.toArray()), [3, 4]);
  });

  it('float-only ops and bool arithmetic are refused by name', () => {
    rejects(() => exp(tensor([1], [1], { dtype: 'int64' })), /^exp: x must be float32 or float64 \(cast it first\), got \[1\] int64 cpu/);
    const b = tensor([1, 0], [2], { dtype: 'bool' });
    rejects(() => add(b, b), /^add: bool tensors have no arithmetic/);
  });

  it('safetensors I64 and BOOL load into int64 and bool and save back as themselves', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mssar-dtypes-'));
    const file = path.join(dir, 't.safetensors');
    const i64 = tensor(new BigInt64Array([2n ** 40n, -1n]));
    const b = tensor(new Uint8Array([1, 0, 1]), [3], { dtype: 'bool' });
    saveSafetensors(file, new Map([['i', i64], ['b', b]]));
    const f = loadSafetensors(file);
    const si = f.tensors.get('i')!, sb = f.tensors.get('b')!;
    assert.equal(si.dtype, 'I64');
    assert.equal(sb.dtype, 'BOOL');
    assert.deepEqual(Array.from(si.toTensor().toBigInt64Array()), [2n ** 40n, -1n]);
    assert.equal(sb.toTensor().dtype, 'bool');
    assert.deepEqual(Array.from(sb.toTensor().toArray()), [1, 0, 1]);
    // int32 still loads an I64 whose values fit, and refuses one that does not.
    assert.deepEqual(Array.from(StoredTensor.fromValues('I64', [2], [5, -6]).toTensor('int32').toArray()), [5, -6]);
    rejects(() => si.toTensor('int32', 'i'), /'i' holds the I64 value 1099511627776 at element 0/);
    rejects(() => StoredTensor.fromValues('U8', [1], [1]).toTensor('bool', 'u'), /'u' is U8 in the file and cannot be loaded into a bool tensor/);
    fs.rmSync(dir, { recursive: true });
  });
});
