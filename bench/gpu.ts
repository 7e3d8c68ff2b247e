// The CUDA backend on a GPU, in one run:
//   training  images/s of a full step (forward, cross-entropy, backward, SGD with momentum and
//             weight decay) for ResNet-56 on 32x32 inputs at batch 128 and ResNet-50 on 224x224 at
//             batch 64, ours and PyTorch's (bench/torch/gpu.py), both float32 with TF32
//             convolutions and matrix products, the batch already on the GPU; after a warm-up, the
//             median of timed steps, each bracketed by a device synchronization;
//   mssar     the fused MS-SAR kernels' achieved bandwidth (bytes they must move / time), forward
//             and backward at N = 64, C = 256, 56x56, scales [1, 2, 4], against a device-to-device
//             copy's bandwidth measured in the same run.
// Writes bench/results/gpu.json. Without a GPU it says why and exits 0, leaving the file alone.
//
//   node dist/bench/gpu.js [--warmup 5] [--steps 20] [--reps 20] [--no-torch]
// PyTorch: $MSSAR_TORCH_PYTHON, else the first of python3 and .deps/torch/bin/python that imports
// torch and sees a CUDA device.
import { execFileSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { backends, emptyCache, synchronize } from '../src/backends';
import { manualSeed, randn, tensor, zeros } from '../src/creation';
import { crossEntropy } from '../src/functional/cross_entropy';
import * as models from '../src/models';
import { native, NativeTensor } from '../src/native';
import { SGD } from '../src/optim/sgd';
import { tidy } from '../src/scope';
import { getTF32, setTF32 } from '../src/tf32';
import { checkFlags, median, nowMs, numberArg, root } from './common';

checkFlags('node dist/bench/gpu.js [--warmup 5] [--steps 20] [--reps 20] [--no-torch]', ['warmup', 'steps', 'reps'], ['no-torch']);

const outFile = path.join(root, 'bench', 'results', 'gpu.json');

interface Config {
  model: string;
  batch: number;
  size: number;
  classes: number;
}

const configs: Config[] = [
  { model: 'resnet56', batch: 128, size: 32, classes: 10 },
  { model: 'resnet50', batch: 64, size: 224, classes: 1000 },
];

interface Timing {
  imagesPerS: number;
  medianMs: number;
  allMs: number[];
}

function timeOurs(c: Config, warmup: number, steps: number): Timing {
  manualSeed(0);
  const model = models.create(c.model, { numClasses: c.classes }).to('cuda');
  const opt = new SGD(model.namedParameters(), { lr: 0.1, momentum: 0.9, weightDecay: 5e-4 });
  const x = randn([c.batch, 3, c.size, c.size], { device: 'cuda' });
  const labels = tensor(Int32Array.from({ length: c.batch }, (_, i) => (i * 7) % c.classes), [c.batch],
    { dtype: 'int32', device: 'cuda' });
  const step = () => tidy(() => {
    const loss = crossEntropy(model.forward(x), labels);
    loss.backward();
    opt.step();
    opt.zeroGrad();
    return null;
  });
  try {
    for (let i = 0; i < warmup; i++) step();
    synchronize('cuda');
    const times: number[] = [];
    for (let i = 0; i < steps; i++) {
      const t0 = nowMs();
      step();
      synchronize('cuda');
      times.push(nowMs() - t0);
    }
    const m = median(times);
    return { imagesPerS: c.batch / (m / 1e3), medianMs: m, allMs: times };
  } finally {
    opt.dispose();
    x.dispose();
    labels.dispose();
    model.dispose();
    emptyCache('cuda');
  }
}

interface TorchRun {
  info: Record<string, unknown> | null;
  results: Map<string, Timing>;
  missing: string | null;
}

function findTorchPython(): string | { why: string } {
  const candidates = [process.env.MSSAR_TORCH_PYTHON, 'python3', path.join(root, '.deps', 'torch', 'bin', 'python')]
    .filter((p): p is string => !!p);
  const tried: string[] = [];
  for (const py of candidates) {
    const r = spawnSync(py, ['-c', 'import sys, torch; sys.exit(0 if torch.cuda.is_available() else 3)'], { encoding: 'utf8' });
    if (r.status === 0) return py;
    tried.push(`${py}: ${r.error ? r.error.message : r.status === 3 ? 'torch sees no CUDA device' : (r.stderr || '').trim().split('\n').pop()}`);
  }
  return { why: `no python with CUDA PyTorch (${tried.join('; ')})` };
}

function runTorch(warmup: number, steps: number): TorchRun {
  const py = findTorchPython();
  if (typeof py !== 'string') return { info: null, results: new Map(), missing: py.why };
  const args = [path.join(root, 'bench', 'torch', 'gpu.py'), '--warmup', String(warmup), '--steps', String(steps)];
  for (const c of configs) args.push('--config', `${c.model}:${c.batch}:${c.size}`);
  let out: string;
  try {
    out = execFileSync(py, args, { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 1 << 24 });
  } catch (e) {
    return { info: null, results: new Map(), missing: `bench/torch/gpu.py failed: ${e instanceof Error ? e.message.split('\n')[0] : String(e)}` };
  }
  const lines = out.trim().split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as Record<string, unknown>);
  const head = lines.shift() ?? { error: 'no output' };
  if (typeof head.error === 'string') return { info: null, results: new Map(), missing: head.error };
  const results = new Map<string, Timing>();
  for (const l of lines) {
    results.set(String(l.model), { imagesPerS: Number(l.images_per_s), medianMs: Number(l.median_ms), allMs: l.all_ms as number[] });
  }
  return { info: head, results, missing: null };
}

/** Milliseconds per call of fn (which queues device work and disposes what it makes). */
function deviceMs(fn: () => void, warmup: number, reps: number): number {
  for (let i = 0; i < warmup; i++) fn();
  synchronize('cuda');
  const t0 = nowMs();
  for (let i = 0; i < reps; i++) fn();
  synchronize('cuda');
  return (nowMs() - t0) / reps;
}

function disposeAll(ts: (NativeTensor | null)[]): void {
  for (const t of ts) t?.dispose();
}

interface Bandwidth {
  ms: number;
  bytes: number;
  gbPerS: number;
}

function mssarBandwidth(reps: number): Record<string, unknown> {
  const shape = [64, 256, 56, 56];
  const scales = [1, 2, 4];
  const elements = shape.reduce((a, b) => a * b, 1);
  const plane = elements * 4; // float32 bytes of one [N, C, H, W] tensor
  manualSeed(1);
  const x = randn(shape, { device: 'cuda' });
  const dy = randn(shape, { device: 'cuda' });
  const w = randn([scales.length, shape[1], 3, 3], { device: 'cuda', std: 0.1 });
  const b = zeros([shape[1]], { device: 'cuda' });
  const [y0, gate] = native.mssarForward(x.handle, w.handle, b.handle, scales, false);
  y0.dispose();
  const bw = (ms: number, bytes: number): Bandwidth => ({ ms, bytes, gbPerS: bytes / (ms / 1e3) / 1e9 });
  try {
    // Forward reads x and writes y and the gate; backward reads dy, x and the gate and writes dx
    // (the parameter gradients' partial sums are a few MB more, left out).
    const forward = bw(deviceMs(() => disposeAll(native.mssarForward(x.handle, w.handle, b.handle, scales, false)), 3, reps), 3 * plane);
    const backward = bw(deviceMs(() => disposeAll(native.mssarBackward(dy.handle, x.handle, gate, w.handle, scales, false,
      [true, true, true])), 3, reps), 4 * plane);
    const copy = bw(deviceMs(() => native.clone(x.handle).dispose(), 3, reps), 2 * plane);
    return {
      shape, scales, dtype: 'float32', forward, backward, copy,
      forwardOfCopy: forward.gbPerS / copy.gbPerS,
      backwardOfCopy: backward.gbPerS / copy.gbPerS,
    };
  } finally {
    gate.dispose();
    for (const t of [x, dy, w, b]) t.dispose();
    emptyCache('cuda');
  }
}

function main(): void {
  const cuda = backends().find((b) => b.name === 'cuda')!;
  if (!cuda.available) {
    console.log(`bench/gpu: no GPU to measure on (cuda: ${cuda.reason}); nothing measured, ${path.relative(root, outFile)} left as it was.`);
    return;
  }
  const warmup = numberArg('warmup', 5), steps = numberArg('steps', 20), reps = numberArg('reps', 20);
  const tf32Was = getTF32();
  setTF32(true);
  console.log(`bench/gpu on ${cuda.info}`);
  const training: Record<string, unknown>[] = [];
  const ours = new Map<string, Timing>();
  for (const c of configs) {
    const t = timeOurs(c, warmup, steps);
    ours.set(c.model, t);
    console.log(`ours    ${c.model} batch ${c.batch} ${c.size}x${c.size}: ${t.imagesPerS.toFixed(1)} images/s (median step ${t.medianMs.toFixed(2)} ms)`);
  }
  const torch = process.argv.includes('--no-torch')
    ? { info: null, results: new Map<string, Timing>(), missing: '--no-torch' }
    : runTorch(warmup, steps);
  if (torch.missing) console.log(`PyTorch not measured: ${torch.missing}`);
  else console.log(`PyTorch ${String(torch.info?.torch)} (CUDA ${String(torch.info?.cuda)}, cuDNN ${String(torch.info?.cudnn)})`);
  for (const c of configs) {
    const o = ours.get(c.model)!, t = torch.results.get(c.model) ?? null;
    const ratio = t ? o.imagesPerS / t.imagesPerS : null;
    if (t) console.log(`pytorch ${c.model} batch ${c.batch} ${c.size}x${c.size}: ${t.imagesPerS.toFixed(1)} images/s; ours / pytorch = ${ratio!.toFixed(2)}`);
    training.push({ ...c, ours: o, torch: t, oursOverTorch: ratio });
  }
  const mssar = mssarBandwidth(reps);
  const f = mssar.forward as Bandwidth, bwd = mssar.backward as Bandwidth, cp = mssar.copy as Bandwidth;
  console.log(`mssar [64,256,56,56] forward ${f.ms.toFixed(3)} ms ${f.gbPerS.toFixed(0)} GB/s, backward ${bwd.ms.toFixed(3)} ms ` +
    `${bwd.gbPerS.toFixed(0)} GB/s; device copy ${cp.gbPerS.toFixed(0)} GB/s ` +
    `(forward ${(100 * f.gbPerS / cp.gbPerS).toFixed(0)}%, backward ${(100 * bwd.gbPerS / cp.gbPerS).toFixed(0)}% of it)`);
  setTF32(tf32Was);
  const out = {
    date: new Date().toISOString(),
    device: cuda.info,
    host: { cpus: os.cpus().length, model: os.cpus()[0]?.model ?? '?' },
    precision: 'float32, TF32 convolutions and matrix products on both sides',
    note: `full training step on a fixed batch already on the GPU; ${warmup} warm-up steps, median of ${steps} steps, each followed by a device synchronization`,
    torch: torch.info,
    torchMissing: torch.missing,
    training,
    mssar,
  };
  fs.mkdirSync(path.dirname(outFile), { recursive: true });
  fs.writeFileSync(outFile, JSON.stringify(out, null, 2) + '\n');
  console.log(`wrote ${path.relative(root, outFile)}`);
}

main();
