// The per-element programs of the CUDA reorder and pooling kernels, run on the host against the CPU
// kernels (test/native/cuda_kernels_emulation.cpp, built with the addon). This runs everywhere; on
// a GPU the kernels themselves are checked by test/cuda.test.ts and test/ops.test.ts.
import { strict as assert } from 'assert';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';

describe('cuda reorder and pooling programs, emulated on the host', () => {
  it('match the cpu kernels for every layout pair, dtype, window and index type', function () {
    this.timeout(120000);
    const exe = path.resolve(__dirname, '..', '..', 'build', 'Release', 'cuda_kernels_emulation');
    assert.ok(fs.existsSync(exe), `${exe} is missing: build it with npm run build:native`);
    const r = spawnSync(exe, [], { encoding: 'utf8' });
    assert.equal(r.error, undefined, String(r.error));
    assert.equal(r.status, 0, `${r.stdout}${r.stderr}`);
    assert.match(r.stdout, /\d+ cases, 0 failures/);
  });
});
