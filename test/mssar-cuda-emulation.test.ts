// The CUDA kernels of MS-SAR, emulated on the host: their block programs run thread by thread
// against the float64 reference (test/native/mssar_cuda_emulation.cpp, built with the addon).
// This runs everywhere; the GPU itself is checked by the parity tests in test/ops.test.ts.
import { strict as assert } from 'assert';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';

describe('mssar cuda kernels, emulated on the host', () => {
  it('match the reference on every tiling, the 16-byte path and the direct path', function () {
    this.timeout(300000);
    const exe = path.resolve(__dirname, '..', '..', 'build', 'Release', 'mssar_cuda_emulation');
    assert.ok(fs.existsSync(exe), `${exe} is missing: build it with npm run build:native`);
    const r = spawnSync(exe, [], { encoding: 'utf8' });
    assert.equal(r.error, undefined, String(r.error));
    assert.equal(r.status, 0, `${r.stdout}${r.stderr}`);
    assert.match(r.stdout, /cases, 0 failures/);
  });
});
