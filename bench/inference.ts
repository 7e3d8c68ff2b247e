// Inference of the CIFAR ResNets (ResNet-20, ResNet-56; none, SE, MS-SAR; eval mode, batch 1 and
// 128, random 3x32x32 images) by three runtimes with the same number of threads: ours (the frozen
// model of inference.freeze, and the ordinary forward under noGrad as `ours_forward`), ONNX Runtime (onnxruntime-node) running the model we export (io.exportOnnx: batch norm folded,
// MS-SAR as a depthwise Conv, Sigmoid and Mul), and PyTorch eager (bench/torch/resnet.py, eval,
// no_grad, channels-last). Each measurement runs in a process of its own, the sides taking turns
// going first; times are medians after warm-up; with --repeats R every configuration is measured R
// times (interleaved) and the row keeps the median of the R medians. Writes bench/results/inference.json
// (or --out FILE).
//
//   node dist/bench/inference.js [--threads 2] [--models resnet20,resnet56] [--recalibrations none,se,mssar]
//     [--batches 1,128] [--no-torch] [--no-forward] [--sides ours,ort,ours_forward,torch] [--repeats 1] [--out FILE]
// One side alone (what the driver runs):
//   node dist/bench/inference.js --side ours --model resnet20 --recalibration mssar --batch 1 --threads 2
//   node dist/bench/inference.js --side ours_forward --model resnet20 --recalibration mssar --batch 1 --threads 2
//   node dist/bench/inference.js --side ort --file model.onnx --batch 1 --threads 2
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parseArgs } from 'util';
import { checkFlags, cpuMs, flagsOf, median, nowMs, root, torchVenvPython } from './common';

type Side = 'ours' | 'ours_forward' | 'ort' | 'torch';

interface Timing {
  side: Side;
  model: string;
  recalibration: string;
  batch: number;
  threads: number;
  /** Median wall time of one forward. */
  ms: number;
  best_ms: number;
  /** Median CPU time of the process over all its threads for one forward (steadier on a busy machine). */
  cpu_ms: number;
  images_per_s: number;
  version?: string;
}

/** Warm-up and timed repetitions for a batch size: many at batch 1, a few at 128. */
function reps(batch: number): { warmup: number; steps: number } {
  return batch <= 8 ? { warmup: 20, steps: 200 } : { warmup: 2, steps: 10 };
}

function timing(side: Side, model: string, recalibration: string, batch: number, threads: number, times: number[], cpu: number[],
  version?: string): Timing {
  const ms = median(times);
  return { side, model, recalibration, batch, threads, ms, best_ms: Math.min(...times), cpu_ms: median(cpu), images_per_s: batch / (ms / 1000), version };
}

/** A zoo model with seed 0 and random MS-SAR weights (they start at zero), in eval mode. */
async function buildModel(name: string, recalibration: string) {
  const { manualSeed, noGrad, randn } = await import('../src');
  const models = await import('../src/models');
  const { MSSAR } = await import('../src/nn');
  manualSeed(0);
  const model = models.create(name, { recalibration: recalibration as 'none' | 'se' | 'mssar' });
  noGrad(() => {
    for (const m of model.modules()) if (m instanceof MSSAR) m.weight.set_(randn(m.weight.shape, { std: 0.1 }));
  });
  return model.eval();
}

/** Ours: the frozen model (`ours`) or the ordinary forward under noGrad (`ours_forward`). */
async function oursSide(side: 'ours' | 'ours_forward', name: string, recalibration: string, batch: number, threads: number): Promise<Timing> {
  const { inference, noGrad, randn, setNumThreads, tidy } = await import('../src');
  const { native } = await import('../src/native');
  setNumThreads(threads);
  const model = await buildModel(name, recalibration);
  const x = randn([batch, 3, 32, 32]).keep();
  const frozen = side === 'ours' ? inference.freeze(model) : null;
  const once = (): void => tidy(() => {
    if (frozen) frozen.forward(x);
    else noGrad(() => model.forward(x));
  });
  const { warmup, steps } = reps(batch);
  for (let i = 0; i < warmup; i++) once();
  const times: number[] = [], cpu: number[] = [];
  for (let i = 0; i < steps; i++) {
    const c0 = cpuMs(), t0 = nowMs();
    once();
    times.push(nowMs() - t0);
    cpu.push(cpuMs() - c0);
  }
  return timing(side, name, recalibration, batch, native.getNumThreads(), times, cpu, native.backends()[0].info);
}

async function ortSide(file: string, batch: number, threads: number): Promise<Timing> {
  const ort = await import('onnxruntime-node');
  const session = await ort.InferenceSession.create(file, {
    intraOpNumThreads: threads, interOpNumThreads: 1, executionMode: 'sequential', graphOptimizationLevel: 'all',
  });
  const data = new Float32Array(batch * 3 * 32 * 32);
  for (let i = 0; i < data.length; i++) data[i] = Math.sin(i * 12.9898) * 2;
  const feeds = { input: new ort.Tensor('float32', data, [batch, 3, 32, 32]) };
  const { warmup, steps } = reps(batch);
  for (let i = 0; i < warmup; i++) await session.run(feeds);
  const times: number[] = [], cpu: number[] = [];
  for (let i = 0; i < steps; i++) {
    const c0 = cpuMs(), t0 = nowMs();
    await session.run(feeds);
    times.push(nowMs() - t0);
    cpu.push(cpuMs() - c0);
  }
  await session.release();
  const version = (JSON.parse(fs.readFileSync(require.resolve('onnxruntime-node/package.json'), 'utf8')) as { version: string }).version;
  const base = path.basename(file, '.onnx').split('-');
  return timing('ort', base[0], base[1], batch, threads, times, cpu, `onnxruntime-node ${version}`);
}

function child(args: string[]): Timing {
  const out = execFileSync(process.execPath, [__filename, ...args], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  return JSON.parse(out.trim().split('\n').pop()!) as Timing;
}

function torchSide(python: string, name: string, recalibration: string, batch: number, threads: number): Timing {
  const { warmup, steps } = reps(batch);
  const out = execFileSync(python, [path.join(root, 'bench', 'torch', 'resnet.py'), '--threads', String(threads), '--batch', String(batch),
    '--warmup', String(warmup), '--steps', String(steps), '--config', `${name}:${recalibration}:eval`], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  const r = JSON.parse(out.trim().split('\n').pop()!) as { ms_per_step: number; best_ms: number; cpu_ms_per_step: number; threads: number; torch: string };
  return { side: 'torch', model: name, recalibration, batch, threads: r.threads, ms: r.ms_per_step, best_ms: r.best_ms, cpu_ms: r.cpu_ms_per_step,
    images_per_s: batch / (r.ms_per_step / 1000), version: `torch ${r.torch} (channels_last, eager)` };
}

async function driver(v: Record<string, string | boolean | undefined>): Promise<void> {
  const list = (key: string, fallback: string): string[] => String(v[key] ?? fallback).split(',').filter((s) => s !== '');
  const threads = list('threads', '2').map(Number);
  const names = list('models', 'resnet20,resnet56');
  const recalibrations = list('recalibrations', 'none,se,mssar');
  const batches = list('batches', '1,128').map(Number);
  let python: string | null = null;
  if (!v['no-torch']) {
    try {
      python = torchVenvPython();
    } catch (e) {
      console.log(`PyTorch: not measured (${(e as Error).message.split('\n')[0]})`);
    }
  }
  const { exportOnnx } = await import('../src/io');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mssar-inference-'));
  const t0 = Date.now();
  const loadStart = os.loadavg();
  const repeats = Number(v.repeats ?? 1);
  const wanted = list('sides', 'ours,ort,ours_forward,torch');
  const rows: { model: string; recalibration: string; batch: number; threads: number; ours: Timing | null; ours_forward: Timing | null; ort: Timing | null;
    torch: Timing | null; runs: Timing[] }[] = [];
  // Written after every row, so that a run cut short keeps what it measured.
  const save = (): string => {
    const result = {
      date: new Date().toISOString(),
      machine: { cpu: os.cpus()[0]?.model ?? 'unknown', cpus: os.cpus().length, loadavgStart: loadStart, loadavgEnd: os.loadavg() },
      method: 'median wall time of one forward after warm-up (batch 1: 20 + 200, batch 128: 2 + 10), each side in a process of its own, ' +
        `${repeats} interleaved run(s) per side and configuration, the row keeping each side's run with the median time; ` +
        'ours: inference.freeze (ours_forward: the ordinary forward under noGrad); ' +
        'same thread count (ORT intraOpNumThreads, interOpNumThreads 1; torch.set_num_threads); random 3x32x32 inputs; eval mode; ' +
        'cpu_ms: the process\'s CPU time over all threads per forward (ONNX Runtime\'s workers spin while waiting, which counts)',
      versions: { ours: rows.find((r) => r.ours)?.ours?.version, ort: rows.find((r) => r.ort)?.ort?.version, torch: rows.find((r) => r.torch)?.torch?.version ?? null, node: process.version },
      rows,
      seconds: (Date.now() - t0) / 1000,
    };
    const out = typeof v.out === 'string' ? path.resolve(v.out) : path.join(root, 'bench', 'results', 'inference.json');
    fs.mkdirSync(path.dirname(out), { recursive: true });
    fs.writeFileSync(out, JSON.stringify(result, null, 2) + '\n');
    return out;
  };
  try {
    let turn = 0;
    for (const name of names) {
      for (const recalibration of recalibrations) {
        const file = path.join(dir, `${name}-${recalibration}.onnx`);
        const model = await buildModel(name, recalibration);
        exportOnnx(model, file, { inputShape: [1, 3, 32, 32] });
        model.dispose();
        for (const t of threads) {
          for (const batch of batches) {
            const ours = (side: 'ours' | 'ours_forward') => () =>
              child(['--side', side, '--model', name, '--recalibration', recalibration, '--batch', String(batch), '--threads', String(t)]);
            const all: [Side, () => Timing][] = [
              ['ours', ours('ours')],
              ['ort', () => child(['--side', 'ort', '--file', file, '--batch', String(batch), '--threads', String(t)])],
              ['ours_forward', ours('ours_forward')],
              ['torch', () => torchSide(python!, name, recalibration, batch, t)],
            ];
            const sides = all.filter(([s]) => wanted.includes(s) && (s !== 'torch' || python) && (s !== 'ours_forward' || !v['no-forward']))
              .map(([, f]) => f);
            // The sides take turns going first, round after round.
            const runs: Timing[] = [];
            for (let r = 0; r < repeats; r++) {
              for (let i = 0; i < sides.length; i++) runs.push(sides[(i + turn) % sides.length]());
              turn++;
            }
            // Per side, the run with the median wall time.
            const pick = (s: Side): Timing | null => {
              const mine = runs.filter((r) => r.side === s).sort((a, b) => a.ms - b.ms);
              return mine.length ? mine[(mine.length - 1) >> 1] : null;
            };
            const row = { model: name, recalibration, batch, threads: t, ours: pick('ours'), ours_forward: pick('ours_forward'), ort: pick('ort'),
              torch: pick('torch'), runs };
            rows.push(row);
            save();
            const fmt = (r: Timing | null): string => (r ? `${r.ms.toFixed(2).padStart(8)} ms (cpu ${r.cpu_ms.toFixed(2).padStart(8)})` : '-');
            console.log(`${name.padEnd(9)} ${recalibration.padEnd(6)} b${String(batch).padEnd(4)} t${t}  frozen ${fmt(row.ours)}  forward ${fmt(row.ours_forward)}` +
              `  ort ${fmt(row.ort)}  torch ${fmt(row.torch)}` +
              (row.ours && row.ort ? `  frozen/ort ${(row.ours.ms / row.ort.ms).toFixed(2)}x` : '') +
              (row.ours_forward && row.ort ? `  forward/ort ${(row.ours_forward.ms / row.ort.ms).toFixed(2)}x` : '') +
              `  (ort runs ${runs.filter((r) => r.side === 'ort').map((r) => r.ms.toFixed(2)).join(' ')}; frozen ${runs.filter((r) => r.side === 'ours').map((r) => r.ms.toFixed(2)).join(' ')})`);
          }
        }
      }
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  const out = save();
  console.log(`wrote ${path.relative(root, out)} (${((Date.now() - t0) / 1000).toFixed(0)} s)`);
}

const USAGE = 'node dist/bench/inference.js [--threads 2] [--models resnet20,resnet56] [--recalibrations none,se,mssar] [--batches 1,128] [--no-torch] [--no-forward] [--sides ours,ort,ours_forward,torch] [--repeats 1] [--out FILE]';
const OPTIONS = {
  side: { type: 'string' }, model: { type: 'string' }, recalibration: { type: 'string' }, file: { type: 'string' },
  batch: { type: 'string' }, threads: { type: 'string' }, models: { type: 'string' }, recalibrations: { type: 'string' },
  batches: { type: 'string' }, 'no-torch': { type: 'boolean' }, 'no-forward': { type: 'boolean' }, repeats: { type: 'string' },
  out: { type: 'string' }, sides: { type: 'string' },
} as const;

async function main(): Promise<void> {
  checkFlags(USAGE, ...flagsOf(OPTIONS));
  const { values: v } = parseArgs({
    options: OPTIONS,
  });
  if (v.side === 'ours' || v.side === 'ours_forward') {
    console.log(JSON.stringify(await oursSide(v.side, v.model!, v.recalibration!, Number(v.batch), Number(v.threads))));
  } else if (v.side === 'ort') {
    console.log(JSON.stringify(await ortSide(v.file!, Number(v.batch), Number(v.threads))));
  } else {
    await driver(v);
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exitCode = 1;
});
