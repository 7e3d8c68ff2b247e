// conv2d forward + backward through the addon at ResNet-20's sizes (batch 128, 3x3 kernels,
// padding 1, no bias), against PyTorch on the CPU on the same machine with the same thread count,
// in one run: per size, blocks of repetitions alternate between us and PyTorch after a warm-up,
// and each side's median is reported. Also the cost of one JavaScript-to-native op call.
// Writes bench/results/conv2d.json.
//
//   node dist/bench/conv2d.js [--threads 2] [--rounds 10] [--reps 2]
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { checkFlags, median, nowMs, numberArg, root, startTorch, TorchProcess } from './common';
import { native, NativeTensor, Pair } from '../src/native';
import { relu } from '../src/functional/relu';
import { tensor } from '../src/creation';

checkFlags('node dist/bench/conv2d.js [--threads 2] [--rounds 10] [--reps 2]', ['threads', 'rounds', 'reps']);

interface Size {
  name: string;
  x: [number, number, number, number];
  w: [number, number, number, number];
  stride: number;
}

const sizes: Size[] = [
  { name: '16ch 32x32', x: [128, 16, 32, 32], w: [16, 16, 3, 3], stride: 1 },
  { name: '16->32 stride 2', x: [128, 16, 32, 32], w: [32, 16, 3, 3], stride: 2 },
  { name: '32ch 16x16', x: [128, 32, 16, 16], w: [32, 32, 3, 3], stride: 1 },
  { name: '32->64 stride 2', x: [128, 32, 16, 16], w: [64, 32, 3, 3], stride: 2 },
  { name: '64ch 8x8', x: [128, 64, 8, 8], w: [64, 64, 3, 3], stride: 1 },
];

/** Our forward + backward (gradients of x and w), results disposed inside the timed region. */
function oursOnce(x: NativeTensor, w: NativeTensor, dy: NativeTensor, stride: Pair): number {
  const pad: Pair = [1, 1], dil: Pair = [1, 1];
  const t0 = nowMs();
  const y = native.conv2dForward(x, w, null, stride, pad, dil, 1);
  const [dx, dw] = native.conv2dBackward(dy, x, w, false, stride, pad, dil, 1, [true, true, false]);
  y.dispose();
  dx?.dispose();
  dw?.dispose();
  return nowMs() - t0;
}

interface SizeResult extends Size {
  padding: number;
  oursMs: number;
  torchMs: number | null;
  speedVsTorch: number | null;
  /** Fastest single repetitions: less sensitive to other load on the machine than the medians. */
  oursBestMs: number;
  torchBestMs: number | null;
  oursAllMs: number[];
  torchAllMs: number[];
}

/** Microseconds per op call on a one-element tensor: the raw entry, and the public op with its Tensor wrapper. */
function callOverhead(iterations: number): { rawEntryUs: number; functionalUs: number } {
  const x = tensor([0.5], [1], { dtype: 'float32' });
  const h = x.handle;
  for (let i = 0; i < 1000; i++) native.reluForward(h).dispose();
  let t0 = nowMs();
  for (let i = 0; i < iterations; i++) native.reluForward(h).dispose();
  const rawEntryUs = ((nowMs() - t0) * 1e3) / iterations;
  for (let i = 0; i < 1000; i++) relu(x).dispose();
  t0 = nowMs();
  for (let i = 0; i < iterations; i++) relu(x).dispose();
  const functionalUs = ((nowMs() - t0) * 1e3) / iterations;
  x.dispose();
  return { rawEntryUs, functionalUs };
}

/** PyTorch's forward + backward of one size, `reps` times (bench/torch/conv2d.py). */
async function torchTimes(torch: TorchProcess, s: Size, reps: number): Promise<number[]> {
  return (await torch.request({ x: s.x, w: s.w, stride: s.stride, padding: 1, reps })).times_ms as number[];
}

async function main(): Promise<void> {
  const threads = numberArg('threads', 2), rounds = numberArg('rounds', 10), reps = numberArg('reps', 2), warmup = 3;
  native.setNumThreads(threads);
  const started = await startTorch('conv2d.py', threads);
  const torch = 'torch' in started ? started.torch : null;
  const torchInfo = 'info' in started ? started.info : null;
  const torchMissing = 'why' in started ? started.why : null;
  if (!torch) console.log(`PyTorch is not available (${torchMissing}); timing ours alone.`);
  else console.log(`PyTorch ${String(torchInfo?.torch)} with ${String(torchInfo?.threads)} threads; ours with ${native.getNumThreads()} threads`);

  const results: SizeResult[] = [];
  for (const s of sizes) {
    const stride: Pair = [s.stride, s.stride];
    const x = native.randUniform(s.x, -1, 1, 'float32', 'cpu');
    const w = native.randUniform(s.w, -1, 1, 'float32', 'cpu');
    const y0 = native.conv2dForward(x, w, null, stride, [1, 1], [1, 1], 1);
    const dy = native.randUniform(y0.shape, -1, 1, 'float32', 'cpu');
    y0.dispose();
    for (let i = 0; i < warmup; i++) oursOnce(x, w, dy, stride);
    if (torch) await torchTimes(torch, s, warmup);
    const ours: number[] = [], theirs: number[] = [];
    for (let r = 0; r < rounds; r++) {
      for (let i = 0; i < reps; i++) ours.push(oursOnce(x, w, dy, stride));
      if (torch) theirs.push(...(await torchTimes(torch, s, reps)));
    }
    x.dispose();
    w.dispose();
    dy.dispose();
    const oursMs = median(ours), torchMs = torch ? median(theirs) : null;
    const speed = torchMs === null ? null : torchMs / oursMs;
    console.log(`${s.name.padEnd(18)} ours ${oursMs.toFixed(2).padStart(8)} ms` +
      (torchMs === null ? '' : `   pytorch ${torchMs.toFixed(2).padStart(8)} ms   our speed ${speed!.toFixed(2)}x pytorch's`) +
      `   (best: ours ${Math.min(...ours).toFixed(2)}${torch ? `, pytorch ${Math.min(...theirs).toFixed(2)}` : ''})`);
    const oursBestMs = Math.min(...ours), torchBestMs = torch ? Math.min(...theirs) : null;
    results.push({ ...s, padding: 1, oursMs, torchMs, speedVsTorch: speed, oursBestMs, torchBestMs, oursAllMs: ours, torchAllMs: theirs });
  }
  torch?.close({ quit: true });

  const overhead = callOverhead(100000);
  console.log(`one op call (relu, 1 element): ${overhead.rawEntryUs.toFixed(2)} us through the entry, ` +
    `${overhead.functionalUs.toFixed(2)} us through functional.relu (target < 10 us)`);

  const total = (k: 'oursMs' | 'torchMs') => results.reduce((a, r) => a + (r[k] ?? 0), 0);
  const out = {
    date: new Date().toISOString(),
    machine: { cpus: os.cpus().length, model: os.cpus()[0]?.model ?? 'unknown', loadavg: os.loadavg() },
    note: 'forward + backward (dx, dw), batch 128, 3x3, padding 1, no bias; medians over rounds x reps after warm-up',
    threads,
    oursBackend: native.backends()[0].info,
    torch: torchInfo,
    torchMissing,
    sizes: results,
    totalOursMs: total('oursMs'),
    totalTorchMs: torch ? total('torchMs') : null,
    overallSpeedVsTorch: torch ? total('torchMs') / total('oursMs') : null,
    callOverhead: { ...overhead, targetUs: 10 },
  };
  fs.mkdirSync(path.join(root, 'bench', 'results'), { recursive: true });
  fs.writeFileSync(path.join(root, 'bench', 'results', 'conv2d.json'), JSON.stringify(out, null, 2) + '\n');
  if (out.overallSpeedVsTorch !== null) console.log(`overall: our speed ${out.overallSpeedVsTorch.toFixed(2)}x pytorch's (target >= 0.9)`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
