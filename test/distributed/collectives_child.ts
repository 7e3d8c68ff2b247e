// One rank of the collectives test (test/distributed.test.ts starts 2 under mpirun): prints what
// each collective returned as one JSON line; the parent checks the values.
import * as mssar from '../../src/index';
import { writeResult } from './result';

const d = mssar.distributed;
const w = d.init();
const rank = w.rank;
const r = rank;
const out: Record<string, unknown> = { world: w };
const arr = (t: mssar.Tensor): number[] => Array.from(t.toArray() as ArrayLike<number>);

// Values whose sums are exact in float32 and float64, and a large tensor (several MB, odd length).
const small = mssar.tensor([1.5 + r, -2 * r, 3, 1e-3 * (r + 1)]);
out.sum = arr(d.allReduce(small));
out.mean = arr(d.allReduce(small, { op: 'mean' }));
out.max = arr(d.allReduce(small, { op: 'max' }));
out.int = arr(d.allReduce(mssar.tensor([r + 1, -5], undefined, { dtype: 'int32' }), { op: 'sum' }));
// int64 beyond float64's exact integers, and bool max as a logical or.
const i64 = mssar.tensor(new BigInt64Array([2n ** 60n + BigInt(r), -1n]), [2], { dtype: 'int64' });
out.int64 = Array.from(d.allReduce(i64, { op: 'sum' }).toBigInt64Array(), String);
out.boolMax = arr(d.allReduce(mssar.tensor([r, 0, 1], [3], { dtype: 'bool' }), { op: 'max' }));
const n = 1_000_003;
const big = mssar.full([n], r + 0.25, { dtype: 'float64' });
const bigSum = d.allReduce(big).toArray() as Float64Array;
out.bigSumOk = bigSum.length === n && bigSum.every((v) => v === 1.5);
out.bcast = arr(d.broadcast(mssar.tensor([[r, r + 1], [r + 2, r + 3]]), 1));
out.gather = { shape: d.allGather(mssar.tensor([[r, 10 + r]])).shape, values: arr(d.allGather(mssar.tensor([[r, 10 + r]]))) };
out.gatherScalar = arr(d.allGather(mssar.full([], 7 + r)));
// A blocked-layout input is reduced as its logical elements.
const x = mssar.randn([2, 3, 4, 4]);
mssar.manualSeed(5);
const same = mssar.randn([2, 3, 4, 4]).toLayout('nChw16c');
out.blockedOk = arr(d.allReduce(same, { op: 'mean' })).every((v, i) => v === arr(same)[i]);
x.dispose();
try {
  d.allReduce(mssar.zeros([r + 2]));
  out.mismatch = 'no error';
} catch (e) {
  out.mismatch = (e as Error).message;
}
d.barrier();
writeResult(rank, out);
d.finalize();
