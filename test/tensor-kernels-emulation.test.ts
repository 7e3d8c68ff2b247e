// The per-element and per-thread programs of the tensor-op CUDA kernels (strided copies, gather,
// indexSelect, maskedFill, sum, max, min, softmax, logSoftmax, crossEntropy, layerNorm, nllLoss,
// mseLoss, the unary and binary ops, where, fill, rand, randn, casts, accumulation), run on the
// host against the CPU kernels (test/native/tensor_kernels_emulation.cpp, built with the addon).
// This runs everywhere; on a GPU the kernels themselves are checked by test/tensor_api.test.ts and
// test/ops.test.ts.
import { strict as assert } from 'assert';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';

describe('cuda tensor-op programs, emulated on the host', () => {
  it('match the cpu kernels for every op, dtype, index dtype and awkward shape', function () {
    this.timeout(120000);
    const exe = path.resolve(__dirname, '..', '..', 'build', 'Release', 'tensor_kernels_emulation');
    assert.ok(fs.existsSync(exe), `${exe} is missing: build it with npm run build:native`);
    const r = spawnSync(exe, [], { encoding: 'utf8' });
    assert.equal(r.error, undefined, String(r.error));
    assert.equal(r.status, 0, `${r.stdout}${r.stderr}`);
    assert.match(r.stdout, /\d+ cases, 0 failures/);
  });
});
