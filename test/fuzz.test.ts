// Throws malformed calls at every binding entry and at the public API: no crash, no abort, and
// every malformed call an Error. Entries that change process state are restored afterwards.
import { strict as assert } from 'assert';
import * as mssar from '../src/index';
import { native, nativeData, NativeTensor } from '../src/native';
import { Rng } from '../src/gradcheck/rng';

type Entry = (...args: unknown[]) => unknown;

function entries(obj: object): [string, Entry][] {
  return Object.entries(obj).filter(([name, v]) => typeof v === 'function' && name !== 'NativeTensor') as [string, Entry][];
}

function pool(rng: Rng): unknown[] {
  const t = (shape: number[], dtype: 'float32' | 'float64' | 'int32' | 'int64' | 'bool' = 'float32'): NativeTensor =>
    native.full(shape, rng.uniform(-2, 2), dtype, 'cpu');
  const disposed = t([2]);
  disposed.dispose();
  return [
    undefined, null, true, 0, -1, 1, 2, 3, 0.5, -7.25, 1e300, NaN, Infinity, -Infinity, 2 ** 53, '', 'cpu', 'cuda',
    'float32', 'float64', 'int32', 'nChw16c', 'bogus', [], [0], [1, 1], [-1, 2], [2, 3, 4, 5], [1.5], ['a'], [[1]],
    {}, { shape: [1] }, () => 1, new Float32Array(3), new Int32Array([1, 2]), new Uint8Array(0), new Float64Array(4),
    t([]), t([1]), t([0]), t([3]), t([2, 3]), t([1, 1, 1, 1]), t([2, 3, 5, 5]), t([4, 3, 3, 3]), t([0, 3, 4, 4]),
    t([1, 1, 1, 1], 'float64'), t([2, 3, 5, 5], 'float64'), t([2], 'int32'), t([2, 3], 'int32'),
    t([2], 'int64'), t([2, 3], 'int64'), t([3], 'bool'), 'add', 'gelu', 'int64', 'bool',
    disposed, [t([2, 3, 4, 4]), t([2, 5, 4, 4])], [disposed], [t([1]), 'x'],
  ];
}

// Never accepted by any entry: each call holding one is malformed for certain.
const poisons: (() => unknown)[] = [
  () => Symbol('poison'),
  () => BigInt(1),
  () => { const d = native.full([1], 0, 'float32', 'cpu'); d.dispose(); return d; },
];

describe('fuzz', function () {
  this.timeout(300000);
  const rng = new Rng(77);
  const values = pool(rng);
  const threads = native.getNumThreads();
  const rngState = native.getRngState();
  const maxImagePixels = nativeData.getMaxImagePixels();

  after(() => {
    nativeData.setMaxImagePixels(maxImagePixels);
    native.setNumThreads(threads);
    native.setMemoryLimit('cpu', 0);
    native.setRngState(rngState[0], rngState[1]);
  });

  function call(fn: Entry, args: unknown[]): Error | null {
    try {
      fn(...args);
      return null;
    } catch (e) {
      return e as Error;
    }
  }

  it('every binding entry turns 1500 malformed calls into Errors', () => {
    const all = [...entries(native), ...entries(native.ref).map(([n, f]) => [`ref.${n}`, f] as [string, Entry])];
    assert.ok(all.length >= 20, `found ${all.length} entries`);
    let calls = 0;
    for (let round = 0; calls < 1500; round++) {
      for (const [name, fn] of all) {
        const n = rng.int(0, 10);
        const args = Array.from({ length: n }, () => rng.pick(values));
        // one poisoned argument (or too many arguments) makes the call malformed for certain
        if (n > 0 && rng.next() < 0.8) args[rng.int(0, n - 1)] = rng.pick(poisons)();
        else while (args.length < 14) args.push(rng.pick(values));
        const err = call(fn, args);
        assert.ok(err instanceof Error, `${name}(${args.map(String).join(', ')}) did not throw`);
        assert.ok(err.message.length > 0, `${name}: empty message`);
        calls++;
      }
    }
    native.setMemoryLimit('cpu', 0);
  });

  it('plausible but wrong calls never crash the process', () => {
    // Random arguments of the right kinds: many are wrong (shapes, ranks, options); some may be
    // valid. Either way the process must survive and every failure must be an Error.
    const all = [...entries(native), ...entries(native.ref)];
    // distAbort ends the process by design; distFinalize would end this process's world of one.
    const risky = new Set(['setMemoryLimit', 'setNumThreads', 'distAbort', 'distFinalize']);
    let failures = 0;
    for (let round = 0; round < 40; round++) {
      for (const [name, fn] of all) {
        if (risky.has(name)) continue;
        const args = Array.from({ length: rng.int(0, 9) }, () => rng.pick(values));
        const err = call(fn, args);
        if (err) {
          assert.ok(err instanceof Error, `${name} threw a non-Error`);
          failures++;
        }
      }
    }
    assert.ok(failures > 100, `only ${failures} calls failed`);
  });

  it('the public API answers wrong arguments with Errors', () => {
    const F = mssar.functional as unknown as Record<string, Entry>;
    const api: [string, Entry][] = [
      ...Object.entries(F).filter(([, v]) => typeof v === 'function') as [string, Entry][],
      ['tensor', mssar.tensor as Entry], ['zeros', mssar.zeros as Entry], ['rand', mssar.rand as Entry],
      ['randn', mssar.randn as Entry], ['full', mssar.full as Entry],
    ];
    const tensors = [mssar.randn([2, 3, 5, 5]), mssar.randn([3]), mssar.zeros([1, 1, 1, 1], { dtype: 'float64' })];
    const args = [...values.filter((v) => typeof v !== 'object' || v === null), ...tensors, Symbol('x')];
    let calls = 0;
    for (let round = 0; calls < 1000; round++) {
      for (const [name, fn] of api) {
        const a = Array.from({ length: rng.int(1, 5) }, () => rng.pick(args));
        // the poison goes where the function takes a parameter (JavaScript ignores extra arguments)
        a[rng.int(0, Math.max(1, Math.min(fn.length, a.length)) - 1)] = rng.pick(poisons)();
        const err = call(fn, a);
        assert.ok(err instanceof Error, `${name} accepted a malformed call`);
        calls++;
      }
    }
  });
});
