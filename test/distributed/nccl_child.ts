// One rank of the NCCL test: collectives on CUDA tensors, one GPU per rank.
import * as mssar from '../../src/index';
import { writeResult } from './result';

const d = mssar.distributed;
const { rank } = d.init();
const arr = (t: mssar.Tensor): number[] => Array.from(t.to('cpu').toArray() as ArrayLike<number>);
const t = mssar.tensor([1.5 + rank, -2 * rank, 3], undefined, { device: 'cuda' });
writeResult(rank, {
  rank,
  sum: arr(d.allReduce(t)),
  mean: arr(d.allReduce(t, { op: 'mean' })),
  max: arr(d.allReduce(t, { op: 'max' })),
  bcast: arr(d.broadcast(t, 0)),
  gather: arr(d.allGather(t)),
});
d.finalize();
