// The CUDA kernels' programs, run on the host by test programs built with the addon (CMakeLists.txt),
// each against the CPU kernels or the float64 reference. This runs everywhere; on a GPU the kernels
// themselves are checked by test/cuda.test.ts, test/ops.test.ts and test/tensor_api.test.ts.
import { strict as assert } from 'assert';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';

const EMULATIONS = [
  {
    exe: 'mssar_cuda_emulation', source: 'test/native/mssar_cuda_emulation.cpp',
    what: 'MS-SAR block programs match the reference on every tiling, the 16-byte path and the direct path',
  },
  {
    exe: 'cuda_kernels_emulation', source: 'test/native/cuda_kernels_emulation.cpp',
    what: 'reorder, pooling, broadcast and softmax-line programs match the cpu kernels for every layout pair, dtype, window and index type',
  },
  {
    exe: 'tensor_kernels_emulation', source: 'test/native/tensor_kernels_emulation.cpp',
    what: 'tensor-op programs (copies, indexing, reductions, rows, elementwise, create, concat, sgdStep, dropout, add/mul/addRelu/relu/sigmoid) match the cpu kernels on every dtype, index dtype and awkward shape',
  },
];

describe('cuda programs, emulated on the host', () => {
  for (const e of EMULATIONS) {
    it(`${e.exe}: ${e.what} (${e.source})`, function () {
      this.timeout(300000);
      const exe = path.resolve(__dirname, '..', '..', 'build', 'Release', e.exe);
      assert.ok(fs.existsSync(exe), `${exe} is missing: build it with npm run build:native`);
      const r = spawnSync(exe, [], { encoding: 'utf8' });
      assert.equal(r.error, undefined, String(r.error));
      assert.equal(r.status, 0, `${r.stdout}${r.stderr}`);
      assert.match(r.stdout, /\d+ cases, 0 failures/);
    });
  }
});
