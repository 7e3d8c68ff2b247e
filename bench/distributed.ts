// Data-parallel training on this machine (docs/distributed.md): ResNet-20 on CIFAR-shaped batches,
// 2 ranks x 1 thread against 1 rank x 1 thread at the same global batch; mssar's all-reduce
// bandwidth from 1 to 64 MB against Open MPI's own (bench/distributed/allreduce.c, compiled with
// mpicc); and how much of the gradients' all-reduce the backward pass hides. The ceiling: 2 ranks
// training their halves of the batch with no gradient exchange at all (independent models), the
// most any data-parallel scheme can reach on this machine's cores and memory.
// The three training measurements alternate over --rounds rounds (default 3), and each figure is the
// median of its rounds: this 2-core virtual machine's speed drifts from one second to the next.
// Run: node dist/bench/distributed.js [--steps N] [--batch-size B] [--reps N] [--rounds R]; writes
// bench/results/distributed.json. It starts mpirun itself (the ranks run this file with --rank).
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { setNumThreads } from '../src/backends';
import { manualSeed, randn, tensor, zeros } from '../src/creation';
import * as distributed from '../src/distributed';
import { launch } from '../src/distributed/launch';
import { crossEntropy } from '../src/functional';
import * as models from '../src/models';
import { native } from '../src/native';
import { DistributedDataParallel } from '../src/nn/distributed_data_parallel';
import { SGD } from '../src/optim';
import { tidy } from '../src/scope';
import { checkFlags } from './common';

checkFlags('node dist/bench/distributed.js [--steps N] [--batch-size B] [--reps N] [--rounds R]', ['steps', 'batch-size', 'reps', 'rounds', 'rank']);

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}

const STEPS = arg('steps', 8);
const BATCH = arg('batch-size', 64);
const REPS = arg('reps', 10);
const ROUNDS = arg('rounds', 3);
const SIZES_MB = [1, 2, 4, 8, 16, 32, 64];

interface TrainTiming {
  ranks: number;
  imagesPerS: number;
  /** Per step: seconds waiting in synchronize() (the all-reduce the backward pass did not hide). */
  waitS: number;
  /** Per step: seconds the same buckets take to all-reduce with nothing else running. */
  commS: number;
}

/**
 * One rank's training measurement: with DistributedDataParallel when there are several ranks,
 * unless `independent` (each rank trains its own model on its share: no gradient exchange).
 */
function trainRank(independent: boolean): TrainTiming {
  const { worldSize } = distributed.init();
  setNumThreads(1);
  manualSeed(1);
  const model = models.create('resnet20', { numClasses: 10, inChannels: 3 });
  // As `mssar train` runs it: buffers shared before evaluation only (src/train/setup.ts).
  const ddp = worldSize > 1 && !independent ? new DistributedDataParallel(model, { broadcastBuffers: false }) : null;
  const net = ddp ?? model;
  const opt = new SGD(model.namedParameters(), { lr: 0.01, momentum: 0.9 });
  const local = BATCH / worldSize;
  const x = randn([local, 3, 32, 32]);
  const y = tensor(Array.from({ length: local }, (_, i) => i % 10), undefined, { dtype: 'int32' });
  let wait = 0;
  const step = (): void => tidy(() => {
    crossEntropy(net.forward(x), y).backward();
    const t0 = performance.now();
    ddp?.synchronize();
    wait += performance.now() - t0;
    opt.step();
    opt.zeroGrad();
  });
  step();
  step();
  distributed.barrier();
  wait = 0;
  const t0 = performance.now();
  for (let i = 0; i < STEPS; i++) step();
  distributed.barrier();
  const seconds = (performance.now() - t0) / 1000;
  // The same gradients all-reduced alone, bucket by bucket (25 MB buckets: ResNet-20 fits one).
  let comm = 0;
  if (ddp) {
    const grads = model.parameters().map((p) => zeros(p.shape.slice()));
    for (let i = 0; i < 3; i++) {
      distributed.barrier();
      const c0 = performance.now();
      native.distWait(native.distAllReduceStart(grads.map((g) => g.handle), 'mean'));
      if (i > 0) comm += (performance.now() - c0) / 2;
    }
  }
  return { ranks: worldSize, imagesPerS: (STEPS * BATCH) / seconds, waitS: wait / 1000 / STEPS, commS: comm / 1000 };
}

/** mssar's all-reduce of each size (median of REPS, in place, float32). */
function allReduceRank(): { mb: number; seconds: number }[] {
  distributed.init();
  const out: { mb: number; seconds: number }[] = [];
  for (const mb of SIZES_MB) {
    const t = zeros([(mb * 2 ** 20) / 4]);
    native.distWait(native.distAllReduceStart([t.handle], 'sum'));
    const times: number[] = [];
    for (let r = 0; r < REPS; r++) {
      distributed.barrier();
      const t0 = performance.now();
      native.distWait(native.distAllReduceStart([t.handle], 'sum'));
      times.push((performance.now() - t0) / 1000);
    }
    t.dispose();
    times.sort((a, b) => a - b);
    out.push({ mb, seconds: times[Math.floor(REPS / 2)] });
  }
  return out;
}

async function rankMain(): Promise<void> {
  const what = process.argv[process.argv.indexOf('--rank') + 1];
  const result = what === 'train' || what === 'independent' ? trainRank(what === 'independent') : allReduceRank();
  if (distributed.rank() === 0) fs.writeFileSync(process.env.MSSAR_BENCH_OUT!, JSON.stringify(result));
  distributed.finalize();
}

async function ranks(np: number, what: string, dir: string): Promise<unknown> {
  const out = path.join(dir, `${what}-${np}.json`);
  const argv = [process.execPath, __filename, '--rank', what, '--steps', String(STEPS), '--batch-size', String(BATCH), '--reps', String(REPS)];
  const r = await launch(np, argv, { env: { MSSAR_BENCH_OUT: out }, timeoutMs: 600000 });
  if (r.code !== 0) throw new Error(`mpirun -np ${np} ${what} failed:\n${r.stdout}${r.stderr}`);
  return JSON.parse(fs.readFileSync(out, 'utf8'));
}

/** Open MPI's own MPI_Allreduce times, from the C program built here with mpicc. */
async function openMpiFigures(dir: string): Promise<{ mb: number; seconds: number }[]> {
  const exe = path.join(dir, 'allreduce');
  execFileSync('mpicc', ['-O2', '-o', exe, path.join(__dirname, '..', '..', 'bench', 'distributed', 'allreduce.c')]);
  const r = await launch(2, [exe, String(REPS)], { timeoutMs: 600000 });
  if (r.code !== 0) throw new Error(`the Open MPI all-reduce program failed:\n${r.stdout}${r.stderr}`);
  return r.stdout.trim().split('\n').map((l) => l.trim().split(/\s+/)).filter((p) => p.length === 2).map(([mb, s]) => ({ mb: Number(mb), seconds: Number(s) }));
}

/** Bus bandwidth of an all-reduce of `mb` MB over 2 ranks in `s` seconds: 2(n-1)/n bytes moved per rank. */
const busGBs = (mb: number, s: number): number => (2 * (2 - 1) / 2 * mb * 2 ** 20) / s / 1e9;

async function parentMain(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mssar-bench-dist-'));
  try {
    const rounds: { one: TrainTiming; two: TrainTiming; ceiling: TrainTiming }[] = [];
    for (let r = 0; r < ROUNDS; r++) {
      rounds.push({
        one: (await ranks(1, 'train', dir)) as TrainTiming,
        two: (await ranks(2, 'train', dir)) as TrainTiming,
        ceiling: (await ranks(2, 'independent', dir)) as TrainTiming,
      });
    }
    // The round whose figure is the median, for each measurement.
    const median = (pick: (x: typeof rounds[number]) => TrainTiming): TrainTiming =>
      rounds.map(pick).sort((a, b) => a.imagesPerS - b.imagesPerS)[Math.floor(rounds.length / 2)];
    const one = median((x) => x.one);
    const two = median((x) => x.two);
    const ceiling = median((x) => x.ceiling);
    const ours = (await ranks(2, 'allreduce', dir)) as { mb: number; seconds: number }[];
    const theirs = await openMpiFigures(dir);
    const overlap = two.commS > 0 ? Math.max(0, Math.min(1, 1 - two.waitS / two.commS)) : 0;
    const result = {
      machine: `${os.cpus().length} cores (${os.cpus()[0]?.model ?? 'unknown cpu'}), load average ${os.loadavg().map((l) => l.toFixed(2)).join(' ')} at the end`,
      command: `node dist/bench/distributed.js --steps ${STEPS} --batch-size ${BATCH} --reps ${REPS} --rounds ${ROUNDS}`,
      rounds: rounds.map((x) => ({ oneRank: x.one.imagesPerS, twoRanks: x.two.imagesPerS, twoIndependent: x.ceiling.imagesPerS })),
      resnet20: {
        globalBatch: BATCH, oneRank: one.imagesPerS, twoRanks: two.imagesPerS, speedup: two.imagesPerS / one.imagesPerS,
        // Two ranks with no gradient exchange: the machine's limit for 2 x 1 thread at this batch.
        twoIndependent: ceiling.imagesPerS, ceilingSpeedup: ceiling.imagesPerS / one.imagesPerS, ofCeiling: two.imagesPerS / ceiling.imagesPerS,
      },
      overlap: { waitSecondsPerStep: two.waitS, allReduceSecondsAlone: two.commS, hiddenFraction: overlap },
      allReduce: SIZES_MB.map((mb) => {
        const a = ours.find((o) => o.mb === mb)!;
        const b = theirs.find((o) => o.mb === mb);
        return { mb, mssarGBs: busGBs(mb, a.seconds), openMpiGBs: b ? busGBs(mb, b.seconds) : null, ratio: b ? b.seconds / a.seconds : null };
      }),
    };
    for (const [i, x] of rounds.entries()) {
      console.log(`round ${i + 1}: 1 rank ${x.one.imagesPerS.toFixed(1)} img/s, 2 ranks ${x.two.imagesPerS.toFixed(1)}, 2 independent ${x.ceiling.imagesPerS.toFixed(1)}`);
    }
    console.log(`ResNet-20, global batch ${BATCH} (medians of ${ROUNDS} rounds): 1 rank x 1 thread ${one.imagesPerS.toFixed(1)} img/s, 2 ranks x 1 thread ` +
      `${two.imagesPerS.toFixed(1)} img/s: ${result.resnet20.speedup.toFixed(2)}x`);
    console.log(`ceiling: 2 ranks x 1 thread training independently (no gradient exchange) ${ceiling.imagesPerS.toFixed(1)} img/s: ` +
      `${result.resnet20.ceilingSpeedup.toFixed(2)}x; data-parallel reaches ${(100 * result.resnet20.ofCeiling).toFixed(0)}% of it`);
    console.log(`all-reduce of the gradients: ${(two.commS * 1000).toFixed(1)} ms alone, ${(two.waitS * 1000).toFixed(1)} ms waited per step: ` +
      `${(100 * overlap).toFixed(0)}% hidden by the backward pass`);
    console.log('all-reduce bus bandwidth, 2 ranks (GB/s): MB  mssar  Open MPI  (mssar / Open MPI speed)');
    for (const r of result.allReduce) {
      console.log(`  ${String(r.mb).padStart(2)}  ${r.mssarGBs.toFixed(2)}  ${r.openMpiGBs?.toFixed(2) ?? '-'}  ${r.ratio?.toFixed(2) ?? '-'}`);
    }
    console.log(result.machine);
    fs.mkdirSync(path.join(__dirname, '..', '..', 'bench', 'results'), { recursive: true });
    fs.writeFileSync(path.join(__dirname, '..', '..', 'bench', 'results', 'distributed.json'), `${JSON.stringify(result, null, 2)}\n`);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

(process.argv.includes('--rank') ? rankMain() : parentMain()).catch((e: unknown) => {
  console.error(e);
  process.exitCode = 1;
});
