// The op cases (src/gradcheck/cases) are what test/ops.test.ts runs on every backend, cuda
// included: this checks that they reach every op the addon has and every gradient each op has, so
// that a kernel no case calls cannot hide there.
import { strict as assert } from 'assert';
import { allSpecs } from '../src/gradcheck/cases/index';
import { OpCase } from '../src/gradcheck/cases';
import { Rng } from '../src/gradcheck/rng';
import { native } from '../src/native';
import { tensor } from '../src/creation';
import { tidy } from '../src/scope';
import { manualSeed } from '../src/creation';
import { sum } from '../src/functional/sum';

/** The positions of the inputs that get a gradient when every float input asks for one. */
function differentiable(c: OpCase): Set<number> {
  return tidy(() => {
    const xs = c.inputs.map((inp) => tensor(inp.data, inp.shape, {
      dtype: inp.dtype ?? 'float64',
      requiresGrad: inp.dtype === undefined,
    }));
    if (c.seed !== undefined) manualSeed(c.seed);
    const y = c.run(...xs);
    sum(y).backward();
    return new Set(xs.flatMap((x, i) => (x.grad ? [i] : [])));
  });
}

describe('op cases: coverage', () => {
  const specs = allSpecs();

  it('every op of the addon (a forward entry on the reference) has cases', () => {
    const ops = Object.keys(native.ref).filter((k) => k.endsWith('Forward')).map((k) => k.slice(0, -'Forward'.length));
    assert.ok(ops.length >= 17, `found only ${ops.length} ops`);
    const covered = new Set(specs.map((s) => s.op));
    const missing = ops.filter((op) => !covered.has(op));
    assert.deepEqual(missing, [], `ops without cases in src/gradcheck/cases: ${missing.join(', ')}`);
  });

  for (const spec of specs) {
    it(`${spec.op}: every input that has a gradient is differentiated in some case`, () => {
      const cases = spec.cases(new Rng(20261125));
      const seenDifferentiable = new Set<number>(), checked = new Set<number>();
      for (const c of cases) {
        for (const i of differentiable(c)) seenDifferentiable.add(i);
        c.inputs.forEach((inp, i) => { if (inp.grad) checked.add(i); });
      }
      assert.ok(seenDifferentiable.size > 0, `${spec.op} has no input with a gradient`);
      const unchecked = [...seenDifferentiable].filter((i) => !checked.has(i));
      assert.deepEqual(unchecked, [], `${spec.op}: inputs ${unchecked.join(', ')} have gradients no case compares`);
    });
  }
});
