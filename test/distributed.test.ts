// mssar.distributed under a real launch: 2 ranks started by mpirun on this machine.
import { strict as assert } from 'assert';
import * as path from 'path';
import * as mssar from '../src/index';
import { findMpirun, launch, LaunchResult } from '../src/distributed/launch';
import { skipUnless } from './skip';

const CHILD = (name: string): string => path.join(__dirname, 'distributed', `${name}.js`);

/** Each rank's RESULT line, by rank. */
export function results(r: LaunchResult): Record<string, unknown>[] {
  const lines = r.stdout.split('\n').filter((l) => l.startsWith('RESULT '));
  const parsed = lines.map((l) => JSON.parse(l.slice(7)) as Record<string, unknown>);
  return parsed.sort((a, b) => (a.world as { rank: number }).rank - (b.world as { rank: number }).rank);
}

export function mpiReason(): string | null {
  if (!findMpirun()) return 'mpirun not found (apt-get install openmpi-bin libopenmpi-dev)';
  const mpi = mssar.distributed.backends().find((b) => b.name === 'mpi');
  return mpi?.available ? null : mpi?.reason ?? 'mpi unavailable';
}

describe('distributed', function () {
  this.timeout(120000);

  it('outside a launch, the world is one process and every collective is a copy', () => {
    assert.equal(mssar.distributed.isLaunched(), false);
    const w = mssar.distributed.init();
    assert.deepEqual([w.rank, w.worldSize, w.localRank], [0, 1, 0]);
    const t = mssar.tensor([1, -2, 3.5]);
    assert.deepEqual(Array.from(mssar.distributed.allReduce(t, { op: 'mean' }).toArray()), [1, -2, 3.5]);
    assert.deepEqual(Array.from(mssar.distributed.broadcast(t, 0).toArray()), [1, -2, 3.5]);
    assert.deepEqual(mssar.distributed.allGather(t).shape, [3]);
    assert.throws(() => mssar.distributed.broadcast(t, 1), /^Error: distributed.broadcast: root must be an integer in \[0, 0\], got 1/);
    assert.throws(() => mssar.distributed.allReduce(t, { op: 'min' as 'max' }), /distributed.allReduce: opts.op must be one of/);
  });

  it('backends() says whether MPI loads, and NCCL why not', () => {
    const b = mssar.distributed.backends();
    assert.deepEqual(b.map((x) => x.name), ['mpi', 'nccl']);
    for (const x of b) assert.ok(x.available ? x.info : x.reason, JSON.stringify(x));
  });

  it('2 ranks: allReduce (sum, mean, max), broadcast and allGather are exact', async function () {
    skipUnless(this, mpiReason() === null, mpiReason());
    const r = await launch(2, [process.execPath, CHILD('collectives_child')], { timeoutMs: 90000 });
    assert.equal(r.code, 0, r.stdout + r.stderr);
    const [a, b] = results(r);
    assert.ok(a && b, r.stdout);
    assert.deepEqual([(a.world as { worldSize: number }).worldSize, (b.world as { rank: number }).rank], [2, 1]);
    for (const x of [a, b]) {
      // rank 0: [1.5, 0, 3, 0.001], rank 1: [2.5, -2, 3, 0.002] (float32 values, summed exactly)
      const f = (v: number): number => Math.fround(v);
      assert.deepEqual(x.sum, [4, -2, 6, f(f(0.001) + f(0.002))]);
      assert.deepEqual(x.mean, [2, -1, 3, f(f(f(0.001) + f(0.002)) / 2)]);
      assert.deepEqual(x.max, [2.5, 0, 3, f(0.002)]);
      assert.deepEqual(x.int, [3, -10]);
      assert.equal(x.bigSumOk, true);
      assert.deepEqual(x.bcast, [1, 2, 3, 4]);
      assert.deepEqual(x.gather, { shape: [2, 2], values: [0, 10, 1, 11] });
      assert.deepEqual(x.gatherScalar, [7, 8]);
      assert.equal(x.blockedOk, true);
      assert.match(String(x.mismatch), /^distributed.allReduce: rank 1 has \[3\] float32 but rank 0 has \[2\] float32/);
    }
  });
});
