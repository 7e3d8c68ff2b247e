// mssar.distributed under a real launch: 2 ranks started by mpirun on this machine.
import { strict as assert } from 'assert';
import * as mssar from '../src/index';
import { CHILD, mpiReason, runRanks } from './distributed/helpers';
import { failedRank, launch } from '../src/distributed/launch';
import { cudaReason, skipUnless } from './skip';
import { syncBatchNormStep } from './distributed/sync_bn_child';

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
    const { run: r, ranks } = await runRanks(2, 'collectives_child');
    assert.equal(r.code, 0, r.stdout + r.stderr);
    const [a, b] = ranks;
    assert.ok(a && b, r.stdout);
    assert.deepEqual([(a.world as { worldSize: number }).worldSize, (b.world as { rank: number }).rank], [2, 1]);
    for (const x of [a, b]) {
      // rank 0: [1.5, 0, 3, 0.001], rank 1: [2.5, -2, 3, 0.002] (float32 values, summed exactly)
      const f = (v: number): number => Math.fround(v);
      assert.deepEqual(x.sum, [4, -2, 6, f(f(0.001) + f(0.002))]);
      assert.deepEqual(x.mean, [2, -1, 3, f(f(f(0.001) + f(0.002)) / 2)]);
      assert.deepEqual(x.max, [2.5, 0, 3, f(0.002)]);
      assert.deepEqual(x.int, [3, -10]);
      assert.deepEqual(x.int64, [String(2n ** 61n + 1n), '-2']);
      assert.deepEqual(x.boolMax, [1, 0, 1]);
      assert.equal(x.bigSumOk, true);
      assert.deepEqual(x.bcast, [1, 2, 3, 4]);
      assert.deepEqual(x.gather, { shape: [2, 2], values: [0, 10, 1, 11] });
      assert.deepEqual(x.gatherScalar, [7, 8]);
      assert.equal(x.blockedOk, true);
      assert.match(String(x.mismatch), /^distributed.allReduce: rank 1 has \[3\] float32 but rank 0 has \[2\] float32/);
    }
  });
});

describe('DistributedDataParallel', function () {
  this.timeout(120000);

  for (const overlap of [true, false]) {
  it(`2 ranks${overlap ? '' : ', overlap false (buckets reduced flattened after backward)'}: start from rank 0, averaged gradients equal the mean of the ranks' gradients, a model that differs is named`, async function () {
    skipUnless(this, mpiReason() === null, mpiReason());
    const { run: r, ranks } = await runRanks(2, 'ddp_child', { env: { MSSAR_DDP_OVERLAP: overlap ? '1' : '0' } });
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.equal(ranks.length, 2, r.stdout);
    for (const x of ranks) {
      assert.equal(x.weightsFromRank0, true);
      assert.deepEqual(x.buffers, [0.5, 0.5, 0.5, 0.5, 0.5, 0.5]); // rank 0's running mean
      // After shareBuffers(): rank 0's values 10 * 0 + i (buffer i, of 6 channels), on both ranks.
      const shared = x.sharedBuffers as number[][];
      assert.ok(shared.length >= 2);
      shared.forEach((b, i) => assert.deepEqual(b, new Array(6).fill(i)));
      const sync = x.sync as { buckets: number; startedInBackward: number };
      // Several buckets, every one started by the gradient hooks during backward (none without overlap).
      assert.ok(sync.buckets >= 3, JSON.stringify(sync));
      assert.equal(sync.startedInBackward, overlap ? sync.buckets : 0);
      const params = x.params as { name: string; averaged: number[]; ranks: [number[], number[]] }[];
      assert.equal(params.length, 6);
      for (const p of params) {
        // Two ranks: MPI adds the two float32 values (one rounding), then halves (exact): the same
        // as computing it here in float32.
        const f = Math.fround;
        const expected = p.ranks[0].map((g0, i) => f(f(g0 + p.ranks[1][i]) / 2));
        assert.deepEqual(p.averaged, expected, p.name);
        assert.ok(p.ranks[0].some((g, i) => g !== p.ranks[1][i]), `${p.name}: the ranks' gradients should differ`);
      }
      assert.match(String(x.mismatch),
        /^DistributedDataParallel: the ranks' models differ .*parameter 0: rank 0 has 0.weight \[6,3,3,3\] float32, rank 1 has 0.weight \[7,3,3,3\] float32/);
    }
  });
  }

  it('refuses overlap on a CUDA model and a model on two devices, naming why', function () {
    skipUnless(this, cudaReason() === null, cudaReason());
    const m = new mssar.nn.Linear(3, 2).to('cuda');
    assert.throws(() => new mssar.nn.DistributedDataParallel(m, { overlap: true }), /^Error: DistributedDataParallel: opts.overlap true needs a model on the cpu/);
    const two = new mssar.nn.Sequential(new mssar.nn.Linear(3, 2).to('cuda'), new mssar.nn.Linear(2, 2));
    assert.throws(() => new mssar.nn.DistributedDataParallel(two), /^Error: DistributedDataParallel: the module's parameters are on several devices/);
  });
});

describe('distributed faults and transports', function () {
  this.timeout(120000);

  for (const fault of ['throw', 'kill'] as const) {
    it(`a rank that ${fault === 'throw' ? 'throws' : 'is killed'} ends the job in bounded time, and the launcher names it`, async function () {
      skipUnless(this, mpiReason() === null, mpiReason());
      const r = await launch(2, [process.execPath, CHILD('fault_child')], { timeoutMs: 60000, env: { MSSAR_FAULT: fault } });
      assert.equal(r.timedOut, false, 'the job hung');
      assert.notEqual(r.code, 0);
      const failed = failedRank(r.stdout + r.stderr);
      assert.equal(failed?.rank, 1, r.stdout + r.stderr);
      assert.match(failed!.how, fault === 'kill' ? /killed by signal 9/ : /exited with code 1/);
      if (fault === 'throw') assert.match(r.stderr, /rank 1 fails on purpose/);
      // Bounded: rank 0 is ended by mpirun well before the test's own limit.
      assert.ok(r.ms < 30000, `${r.ms} ms`);
    });
  }

  it('a rank that hangs: the others\' collective times out with an Error naming it, and the job ends in bounded time', async function () {
    skipUnless(this, mpiReason() === null, mpiReason());
    const r = await launch(2, [process.execPath, CHILD('fault_child')], {
      timeoutMs: 60000, env: { MSSAR_FAULT: 'hang', MSSAR_DISTRIBUTED_TIMEOUT: '2' },
    });
    assert.equal(r.timedOut, false, 'the job hung');
    assert.notEqual(r.code, 0);
    assert.match(r.stderr, /rank 0: distributed: (allReduce|allGather) on rank 0 of 2 has waited 2 s for the other ranks \(one of them hangs, or died without ending the job\)/);
    const failed = failedRank(r.stdout + r.stderr);
    assert.equal(failed?.rank, 0, r.stdout + r.stderr);
    assert.ok(r.ms < 30000, `${r.ms} ms`);
  });

  it('init() checks its timeout', () => {
    assert.throws(() => mssar.distributed.init({ timeoutSeconds: -1 }), /^Error: distributed.init: options.timeoutSeconds must be/);
    assert.throws(() => mssar.distributed.init({ timeout: 3 } as mssar.distributed.InitOptions), /^Error: distributed.init: options/);
  });

  it('2 ranks over Open MPI\'s TCP transport alone (loopback): the collectives are exact', async function () {
    skipUnless(this, mpiReason() === null, mpiReason());
    const { run: r, ranks } = await runRanks(2, 'collectives_child', { tcp: true });
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.equal(ranks.length, 2);
    for (const x of ranks) {
      assert.deepEqual(x.sum, [4, -2, 6, Math.fround(Math.fround(0.001) + Math.fround(0.002))]);
      assert.deepEqual(x.gather, { shape: [2, 2], values: [0, 10, 1, 11] });
      assert.equal(x.bigSumOk, true);
    }
  });
});

describe('syncBatchNorm', function () {
  this.timeout(120000);
  // Float32 kernels against float32 kernels whose sums run in another order (the statistics here are
  // summed in float64, the batch norm kernel's in float32): agreement to about 1e-6 of the largest
  // gradient is rounding; a wrong statistic or a missing cross-rank term gives errors of order 1.
  const TOL = 1e-4;

  it('in a world of one, equals plain batch norm', () => {
    const r = syncBatchNormStep();
    assert.ok(r.grads < TOL, `gradients: ${r.grads}`);
    assert.ok(r.running < TOL, `running statistics: ${r.running}`);
  });

  it('2 ranks: a step equals one process\'s step on the concatenated batch (gradients and running statistics)', async function () {
    skipUnless(this, mpiReason() === null, mpiReason());
    const { run: r, ranks } = await runRanks(2, 'sync_bn_child');
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.equal(ranks.length, 2);
    for (const x of ranks) {
      assert.ok((x.grads as number) < TOL, `rank ${x.rank}: gradients ${x.grads}`);
      assert.ok((x.running as number) < TOL, `rank ${x.rank}: running statistics ${x.running}`);
    }
  });
});

describe('NCCL (CUDA tensors)', function () {
  this.timeout(120000);
  const ncclReason = (): string | null => {
    const n = mssar.distributed.backends().find((b) => b.name === 'nccl');
    return n?.available ? null : n?.reason ?? 'nccl unavailable';
  };

  it('NCCL: DistributedDataParallel of a CUDA model in a world of one: the gradients after synchronize() are its own', function () {
    skipUnless(this, ncclReason() === null, ncclReason());
    mssar.distributed.init();
    mssar.manualSeed(3);
    const model = new mssar.nn.Sequential(new mssar.nn.Linear(5, 4), new mssar.nn.ReLU(), new mssar.nn.Linear(4, 3)).to('cuda');
    const x = mssar.randn([6, 5]).to('cuda');
    const y = mssar.tensor([0, 1, 2, 0, 1, 2], undefined, { dtype: 'int32', device: 'cuda' });
    mssar.functional.crossEntropy(model.forward(x), y).backward();
    const own = model.parameters().map((p) => Array.from(p.grad!.to('cpu').toArray()));
    for (const p of model.parameters()) p.grad = null;
    const ddp = new mssar.nn.DistributedDataParallel(model, { bucketMB: 0.00001 });
    mssar.functional.crossEntropy(ddp.forward(x), y).backward();
    ddp.synchronize();
    assert.equal(ddp.overlap, false);
    assert.ok(ddp.lastSync.buckets >= 2);
    model.parameters().forEach((p, i) => assert.deepEqual(Array.from(p.grad!.to('cpu').toArray()), own[i]));
    ddp.detach();
  });

  it('NCCL: a world of one on one GPU: the collectives of a CUDA tensor return it', function () {
    skipUnless(this, ncclReason() === null, ncclReason());
    mssar.distributed.init();
    const t = mssar.tensor([1.5, -2, 3], undefined, { device: 'cuda' });
    for (const op of ['sum', 'mean', 'max'] as const) {
      assert.deepEqual(Array.from(mssar.distributed.allReduce(t, { op }).to('cpu').toArray()), [1.5, -2, 3]);
    }
    assert.deepEqual(Array.from(mssar.distributed.allGather(t).to('cpu').toArray()), [1.5, -2, 3]);
  });

  it('NCCL: one rank per GPU (MSSAR_NCCL_RANKS >= 2): allReduce, broadcast, allGather exact', async function () {
    const ranks = Number(process.env.MSSAR_NCCL_RANKS ?? '0');
    skipUnless(this, ncclReason() === null && mpiReason() === null && ranks >= 2,
      ncclReason() ?? mpiReason() ?? `${ranks} GPU${ranks === 1 ? '' : 's'} (set MSSAR_NCCL_RANKS to the GPUs to use, at least 2)`);
    const { run: r, ranks: out } = await runRanks(2, 'nccl_child');
    assert.equal(r.code, 0, r.stdout + r.stderr);
    for (const x of out) {
      assert.deepEqual(x.sum, [4, -2, 6]);
      assert.deepEqual(x.mean, [2, -1, 3]);
      assert.deepEqual(x.max, [2.5, 0, 3]);
      assert.deepEqual(x.bcast, [1.5, 0, 3]);
      assert.deepEqual(x.gather, [1.5, 0, 3, 2.5, -2, 3]);
    }
  });
});
