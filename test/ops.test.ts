// For every op registered in src/gradcheck/cases: a finite-difference gradient check in float64 on
// the fast kernels and on the reference kernels, and parity of the float32 kernels (cpu, and cuda
// when a GPU is present) with the float64 reference, within the tolerance each case states; on a
// GPU also the float64 cuda kernels, a thousand times tighter. Parity compares the output and the
// gradient of every input the case marks (test/gradcheck-coverage.test.ts checks that the cases
// reach every op and every gradient).
import { strict as assert } from 'assert';
import { allSpecs } from '../src/gradcheck/cases/index';
import { gradcheckCase, parityCase } from '../src/gradcheck/checks';
import { Rng } from '../src/gradcheck/rng';
import { backends } from '../src/backends';
import { GradcheckResult } from '../src/gradcheck/gradcheck';
import { skipUnless } from './skip';

const cuda = backends().find((b) => b.name === 'cuda')!;

function explain(r: GradcheckResult): string {
  return r.inputs.filter((i) => !i.ok).map((i) => `input ${i.index}: max error ${i.maxAbsError.toExponential(2)} ` +
    `at element ${i.worst?.element} (analytic ${i.worst?.analytic}, numeric ${i.worst?.numeric})`).join('; ');
}

for (const spec of allSpecs()) {
  describe(`op ${spec.op}`, () => {
    const cases = spec.cases(new Rng(20261125));
    it('has cases', () => assert.ok(cases.length > 0));
    for (const c of cases) {
      describe(c.name, () => {
        if (!c.skipGradcheck) {
          it('gradients match finite differences (cpu, float64)', () => {
            const r = gradcheckCase(c, false);
            assert.ok(r.ok, explain(r));
          });
          it('gradients match finite differences (reference)', () => {
            const r = gradcheckCase(c, true);
            assert.ok(r.ok, explain(r));
          });
        }
        it(`float32 cpu matches the float64 reference (atol ${c.atol}, rtol ${c.rtol})`, () => {
          const r = parityCase(c, 'cpu');
          assert.ok(r.ok, `${r.where}: ${r.detail} (ratio ${r.worstRatio.toFixed(2)})`);
        });
        it(`float32 cuda matches the float64 reference (atol ${c.atol}, rtol ${c.rtol})`, function () {
          skipUnless(this, cuda.available, cuda.reason);
          const r = parityCase(c, 'cuda');
          assert.ok(r.ok, `${r.where}: ${r.detail} (ratio ${r.worstRatio.toFixed(2)})`);
        });
        it(`float64 cuda matches the float64 reference (a thousandth of the float32 tolerance)`, function () {
          skipUnless(this, cuda.available, cuda.reason);
          const r = parityCase(c, 'cuda', 'float64');
          assert.ok(r.ok, `${r.where}: ${r.detail} (ratio ${r.worstRatio.toFixed(2)})`);
        });
      });
    }
  });
}

