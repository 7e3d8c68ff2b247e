// syncBatchNorm: a step of DistributedDataParallel with syncBatchNorm on each rank's share of a
// global batch, against one process's step (plain batch norm) on the whole batch. Run under
// mpirun by test/distributed.test.ts, or in the test's own process as a world of one.
import * as mssar from '../../src/index';
const { nn, functional: F } = mssar;

function build(): mssar.nn.Sequential {
  mssar.manualSeed(11);
  return new nn.Sequential(new nn.Conv2d(3, 5, 3, { padding: 1 }), new nn.BatchNorm2d(5), new nn.ReLU(),
    new nn.Conv2d(5, 4, 3), new nn.BatchNorm2d(4), new nn.ReLU(), new nn.AdaptiveAvgPool2d(1), new nn.Flatten(), new nn.Linear(4, 3));
}

const arr = (t: mssar.Tensor): number[] => Array.from(t.toArray() as ArrayLike<number>);

/** The largest |a - b| over the largest |b|, across every pair. */
function relErr(a: number[][], b: number[][]): number {
  let diff = 0;
  let scale = 0;
  a.forEach((x, i) => x.forEach((v, j) => {
    diff = Math.max(diff, Math.abs(v - b[i][j]));
    scale = Math.max(scale, Math.abs(b[i][j]));
  }));
  return diff / scale;
}

export function syncBatchNormStep(): { grads: number; running: number; loss: number; rank: number } {
  const { rank, worldSize } = mssar.distributed.init();
  const global = 4 * worldSize;
  mssar.manualSeed(3);
  const x = mssar.randn([global, 3, 7, 7]);
  const labels = Array.from({ length: global }, (_, i) => i % 3);
  // One process, the whole batch.
  const ref = build();
  F.crossEntropy(ref.forward(x), mssar.tensor(labels, undefined, { dtype: 'int32' })).backward();
  // This rank, its share, batch statistics over all ranks.
  const ddp = new nn.DistributedDataParallel(build(), { syncBatchNorm: true, broadcastBuffers: false });
  const mine = mssar.tensor(arr(x).slice(rank * 4 * 3 * 49, (rank + 1) * 4 * 3 * 49), [4, 3, 7, 7]);
  const loss = F.crossEntropy(ddp.forward(mine), mssar.tensor(labels.slice(rank * 4, rank * 4 + 4), undefined, { dtype: 'int32' }));
  loss.backward();
  ddp.synchronize();
  const grads = relErr(ddp.module.parameters().map((p) => arr(p.grad!)), ref.parameters().map((p) => arr(p.grad!)));
  const running = relErr(ddp.module.buffers().filter((b) => b.dtype !== 'int32').map(arr), ref.buffers().filter((b) => b.dtype !== 'int32').map(arr));
  const lossMean = arr(mssar.distributed.allReduce(loss.detach(), { op: 'mean' }))[0];
  return { grads, running, loss: lossMean, rank };
}

if (require.main === module) {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { writeResult } = require('./result') as typeof import('./result');
  const r = syncBatchNormStep();
  writeResult(r.rank, r);
  mssar.distributed.finalize();
}
