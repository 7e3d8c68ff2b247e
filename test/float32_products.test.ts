// The ops whose outputs are sums of products (conv2d, linear, matmul) share parity tolerances loose
// enough for CUDA's TF32 (src/gradcheck/cases/tolerance.ts). Float32 itself errs about 1000 times
// less, so here every one of their parity cases is held to a tolerance 100 times tighter: on the
// CPU, and on CUDA with TF32 switched off.
import { strict as assert } from 'assert';
import { backends } from '../src/backends';
import { allSpecs } from '../src/gradcheck/cases/index';
import { parityCase } from '../src/gradcheck/checks';
import { Rng } from '../src/gradcheck/rng';
import { getTF32, setTF32 } from '../src/tf32';
import { skipUnless } from './skip';

const cuda = backends().find((b) => b.name === 'cuda')!;

for (const op of ['conv2d', 'linear', 'matmul']) {
  describe(`${op}: float32 held to float32 precision (the shared cases allow for TF32; this is 100 times tighter)`, () => {
    const spec = allSpecs().find((s) => s.op === op);
    it('has parity cases', () => assert.ok(spec && spec.cases(new Rng(1)).length > 0, `no cases of ${op}`));
    for (const c of spec ? spec.cases(new Rng(20261125)) : []) {
      const tight = { ...c, atol: c.atol / 100 };
      it(`cpu: ${c.name}`, () => {
        const r = parityCase(tight, 'cpu');
        assert.ok(r.ok, `${r.where}: ${r.detail} (ratio ${r.worstRatio.toFixed(2)})`);
      });
      it(`cuda with TF32 off: ${c.name}`, function () {
        skipUnless(this, cuda.available, cuda.reason);
        const was = getTF32();
        setTF32(false);
        try {
          const r = parityCase(tight, 'cuda');
          assert.ok(r.ok, `${r.where}: ${r.detail} (ratio ${r.worstRatio.toFixed(2)})`);
        } finally {
          setTF32(was);
        }
      });
    }
  });
}
