// sigmoid beyond the gradient checks: saturation without overflow or NaN, symmetry, and the
// multi-threaded path on a large tensor.
import { strict as assert } from 'assert';
import { tensor } from '../src/creation';
import { sigmoid } from '../src/functional/sigmoid';
import { Rng } from '../src/gradcheck/rng';

const exact = (v: number) => (v >= 0 ? 1 / (1 + Math.exp(-v)) : Math.exp(v) / (1 + Math.exp(v)));

for (const dtype of ['float32', 'float64'] as const) {
  describe(`sigmoid (${dtype})`, () => {
    it('saturates to 0 and 1 for huge |x| and infinities, with finite gradients', () => {
      const xs = [-Infinity, -1e30, -1000, -100, -30, 0, 30, 100, 1000, 1e30, Infinity];
      const x = tensor(xs, [xs.length], { dtype, requiresGrad: true });
      const y = sigmoid(x);
      const v = y.toArray();
      assert.deepEqual(Array.from(v.slice(0, 3)), [0, 0, 0]);
      assert.ok(v[3] >= 0 && Math.abs(v[3] - exact(-100)) < 1e-40, `sigmoid(-100) = ${v[3]}`); // float32 may flush the denormal
      assert.ok(Math.abs(v[4] - exact(-30)) <= 1e-6 * exact(-30), `sigmoid(-30) = ${v[4]}`);
      assert.equal(v[5], 0.5);
      assert.deepEqual(Array.from(v.slice(7)), [1, 1, 1, 1]);
      y.backward(tensor(new Float64Array(xs.length).fill(1), [xs.length], { dtype }));
      const g = x.grad!.toArray();
      assert.ok(g.every((d) => Number.isFinite(d) && d >= 0), `gradients ${Array.from(g)}`);
      assert.equal(g[0], 0);
      assert.equal(g[g.length - 1], 0);
      assert.equal(g[5], 0.25);
    });

    it('keeps NaN as NaN', () => {
      assert.ok(Number.isNaN(sigmoid(tensor([NaN], [1], { dtype })).item()));
    });

    it('matches 1 / (1 + exp(-x)) and y(-x) = 1 - y(x) on a large tensor', () => {
      const n = 200_003; // above the parallel grain: several threads, an odd tail
      const rng = new Rng(7);
      const data = rng.array(n, -40, 40);
      const x = tensor(data, [n], { dtype });
      const neg = tensor(data.map((d) => -d), [n], { dtype });
      const y = sigmoid(x).toArray(), yn = sigmoid(neg).toArray(), xv = x.toArray();
      const tol = dtype === 'float32' ? 4e-7 : 1e-15;
      for (let i = 0; i < n; i++) {
        const want = exact(xv[i]);
        assert.ok(Math.abs(y[i] - want) <= tol * want, `element ${i}: sigmoid(${xv[i]}) = ${y[i]}, want ${want}`);
        assert.ok(Math.abs(y[i] + yn[i] - 1) <= 2 * tol, `element ${i}: y(x) + y(-x) = ${y[i] + yn[i]}`);
      }
    });
  });
}
