// add and mul beyond the gradient checks: the channel broadcasts against hand-written loops on
// large tensors, how gradients are handed on, repeated operands, and non-plain layouts.
import { strict as assert } from 'assert';
import { tensor } from '../src/creation';
import { add } from '../src/functional/add';
import { mul } from '../src/functional/mul';
import { Rng } from '../src/gradcheck/rng';

const rand = (seed: number, shape: number[], requiresGrad = true) =>
  tensor(new Rng(seed).array(shape.reduce((a, b) => a * b, 1), -1, 1), shape, { dtype: 'float64', requiresGrad });

for (const perSample of [false, true]) {
  describe(`channel broadcast with b [${perSample ? 'N' : '1'}, C, 1, 1]`, () => {
    const [N, C, H, W] = [6, 37, 21, 19]; // large enough for several threads
    const bIndex = (n: number, c: number) => (perSample ? n * C + c : c);

    it('add and mul match plain loops, forward and backward', () => {
      for (const op of ['add', 'mul'] as const) {
        const a = rand(1, [N, C, H, W]), b = rand(2, [perSample ? N : 1, C, 1, 1]);
        const y = op === 'add' ? add(a, b) : mul(a, b);
        const u = rand(3, [N, C, H, W], false);
        y.backward(u);
        const [av, bv, yv, uv] = [a.toArray(), b.toArray(), y.toArray(), u.toArray()];
        const ga = a.grad!.toArray(), gb = b.grad!.toArray();
        const wantGb = new Float64Array(gb.length);
        for (let n = 0; n < N; n++) {
          for (let c = 0; c < C; c++) {
            const s = bv[bIndex(n, c)];
            for (let i = 0; i < H * W; i++) {
              const k = (n * C + c) * H * W + i;
              assert.equal(yv[k], op === 'add' ? av[k] + s : av[k] * s, `${op} y[${k}]`);
              assert.equal(ga[k], op === 'add' ? uv[k] : uv[k] * s, `${op} da[${k}]`);
              wantGb[bIndex(n, c)] += op === 'add' ? uv[k] : uv[k] * av[k];
            }
          }
        }
        for (let j = 0; j < gb.length; j++) {
          assert.ok(Math.abs(gb[j] - wantGb[j]) <= 1e-12 * (1 + Math.abs(wantGb[j])), `${op} db[${j}]: ${gb[j]} vs ${wantGb[j]}`);
        }
      }
    });
  });
}

describe('add and mul gradients', () => {
  it("add hands dy on to a as it is (no copy), and gives b a copy of its own", () => {
    const a = rand(1, [3, 4]), b = rand(2, [3, 4]);
    const u = rand(3, [3, 4], false);
    add(a, b).backward(u);
    assert.ok(a.grad!.handle.sameStorage(u.handle));
    assert.ok(!b.grad!.handle.sameStorage(u.handle));
    assert.deepEqual(Array.from(b.grad!.toArray()), Array.from(u.toArray()));
  });

  it('add(x, x) and mul(x, x) accumulate both operands', () => {
    const x = rand(4, [2, 3, 2, 2]);
    const u = rand(5, [2, 3, 2, 2], false);
    add(x, x).backward(u);
    assert.deepEqual(Array.from(x.grad!.toArray()), Array.from(u.toArray()).map((v) => 2 * v));
    const z = rand(6, [2, 3, 2, 2]);
    mul(z, z).backward(u);
    const zv = z.toArray(), uv = u.toArray(), g = z.grad!.toArray();
    for (let i = 0; i < g.length; i++) assert.ok(Math.abs(g[i] - 2 * zv[i] * uv[i]) < 1e-15);
  });

  it('computes only the gradients that are wanted', () => {
    const a = rand(7, [2, 3, 4, 4], false), b = rand(8, [2, 3, 1, 1]);
    mul(a, b).backward(rand(9, [2, 3, 4, 4], false));
    assert.equal(a.grad, null);
    assert.deepEqual(b.grad!.shape, [2, 3, 1, 1]);
  });

  it('same-shape operands work in any layout they share', () => {
    const a = rand(10, [2, 5, 3, 3], false), b = rand(11, [2, 5, 3, 3], false);
    const ac = a.toLayout('channels_last'), bc = b.toLayout('channels_last');
    for (const op of [add, mul]) {
      const plain = op(a, b).toArray();
      const y = op(ac, bc);
      assert.equal(y.layout, 'channels_last');
      assert.deepEqual(Array.from(y.toArray()), Array.from(plain));
    }
  });
});
