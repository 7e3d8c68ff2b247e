// One rank of the DistributedDataParallel test: prints, as one JSON line, the averaged gradients
// next to every rank's own gradients (computed without DDP on a copy of the model), the buffers
// after the start-up broadcast, and the error of a model that differs between the ranks.
import * as mssar from '../../src/index';
import { writeResult } from './result';
const { nn, functional: F } = mssar;

const d = mssar.distributed;
const { rank } = d.init();
const arr = (t: mssar.Tensor): number[] => Array.from(t.toArray() as ArrayLike<number>);

function build(width: number): mssar.nn.Sequential {
  return new nn.Sequential(new nn.Conv2d(3, width, 3, { padding: 1 }), new nn.BatchNorm2d(width), new nn.ReLU(),
    new nn.AdaptiveAvgPool2d(1), new nn.Flatten(), new nn.Linear(width, 5));
}

function step(model: mssar.nn.Layer, x: mssar.Tensor, y: mssar.Tensor): void {
  F.crossEntropy(model.forward(x), y).backward();
}

// Different weights on each rank: DDP must start every rank from rank 0's.
mssar.manualSeed(100 + rank);
const model = build(6);
const ref = build(6);
mssar.manualSeed(100);
const rank0 = build(6);
ref.loadStateDict(rank0.stateDict());
// Running statistics that differ too.
for (const b of model.buffers()) if (b.dtype !== 'int32') b.set_(mssar.full(b.shape.slice(), rank + 0.5));
// MSSAR_DDP_OVERLAP=0: the buckets reduced flattened in synchronize() (the CUDA path's way).
const overlap = process.env.MSSAR_DDP_OVERLAP !== '0';
const ddp = new nn.DistributedDataParallel(model, { bucketMB: 0.0001, overlap });
const out: Record<string, unknown> = { world: { rank } };
out.weightsFromRank0 = ddp.module.namedParameters().every(([n, p]) => arr(p).every((v, i) => v === arr(rank0.namedParameters().find(([m]) => m === n)![1])[i]));
out.buffers = arr(ddp.module.buffers()[0]);

mssar.manualSeed(7 + rank);
const x = mssar.randn([4, 3, 6, 6]);
const y = mssar.tensor([rank, 1, 2, 4], undefined, { dtype: 'int32' });
ref.train();
step(ref, x, y);
step(ddp, x, y);
ddp.synchronize();
out.sync = ddp.lastSync;
out.params = ddp.module.namedParameters().map(([n, p]) => {
  const own = ref.namedParameters().find(([m]) => m === n)![1].grad!;
  const all = arr(d.allGather(own.reshape([1, own.size])));
  return { name: n, averaged: arr(p.grad!), ranks: [all.slice(0, own.size), all.slice(own.size)] };
});

// shareBuffers(): rank 0's running statistics (all buffers in one broadcast) on every rank.
ddp.module.buffers().forEach((b, i) => {
  if (b.dtype !== 'int32') b.set_(mssar.full(b.shape.slice(), 10 * rank + i));
});
ddp.shareBuffers();
out.sharedBuffers = ddp.module.buffers().filter((b) => b.dtype !== 'int32').map((b) => arr(b));

try {
  new nn.DistributedDataParallel(build(rank === 1 ? 7 : 6));
  out.mismatch = 'no error';
} catch (e) {
  out.mismatch = (e as Error).message;
}
writeResult(rank, out);
d.finalize();
