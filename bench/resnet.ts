// One configuration of the ResNet benchmark, ours, in a process of its own (so that its peak
// memory is its own): a training step (forward, backward, SGD with momentum) or inference (eval, no
// grad) of a CIFAR ResNet at batch B on random 3x32x32 images, timed after warm-up steps. Prints one
// JSON line. bench/run.ts runs it per configuration, alternating with bench/torch/resnet.py, which
// times PyTorch the same way.
//
//   node dist/bench/resnet.js --model resnet20 --recalibration mssar --mode train [--threads 2]
//     [--batch 128] [--steps 10] [--warmup 3]
import { parseArgs } from 'util';
import { native } from '../src/native';
import { memory } from '../src/scope';
import { trainingStep } from '../src/cli/training_step';
import type { Recalibration } from '../src/nn/blocks/recalibration';
import { checkFlags, cpuMs, flagsOf, median } from './common';

const mib = (bytes: number) => bytes / 2 ** 20;

const USAGE = 'node dist/bench/resnet.js --model resnet20 --recalibration mssar --mode train [--threads 2] [--batch 128] [--steps 10] [--warmup 3]';
const OPTIONS = {
  model: { type: 'string', default: 'resnet20' },
  recalibration: { type: 'string', default: 'none' },
  mode: { type: 'string', default: 'train' },
  threads: { type: 'string', default: '2' },
  batch: { type: 'string', default: '128' },
  steps: { type: 'string', default: '10' },
  warmup: { type: 'string', default: '3' },
} as const;

function main(): void {
  checkFlags(USAGE, ...flagsOf(OPTIONS));
  const { values } = parseArgs({
    options: OPTIONS,
  });
  const recalibration = values.recalibration as Recalibration;
  const mode = values.mode === 'eval' ? 'eval' : 'train';
  const threads = Number(values.threads), batch = Number(values.batch);
  const steps = Number(values.steps), warmup = Number(values.warmup);
  native.setNumThreads(threads);
  const rssStart = mib(process.memoryUsage().rss);
  const step = trainingStep({ model: values.model!, recalibration, batchSize: batch, input: [3, 32, 32] });
  const once = mode === 'train' ? () => step.train() : () => step.infer();
  for (let i = 0; i < warmup; i++) once();
  const allocationsBefore = memory().cpu.allocations;
  const wall: number[] = [], cpu: number[] = [];
  for (let i = 0; i < steps; i++) {
    const c0 = cpuMs(), t0 = performance.now();
    once();
    wall.push(performance.now() - t0);
    cpu.push(cpuMs() - c0);
  }
  const m = memory().cpu;
  const result = {
    side: 'ours',
    model: values.model,
    recalibration,
    mode,
    threads: native.getNumThreads(),
    batch,
    images_per_s: batch / (median(wall) / 1000),
    ms_per_step: median(wall),
    best_ms: Math.min(...wall),
    cpu_ms_per_step: median(cpu),
    peak_rss_mb: process.resourceUsage().maxRSS / 1024,
    rss_start_mb: rssStart,
    native_peak_mb: mib(m.peakBytes),
    allocations_during_steps: m.allocations - allocationsBefore,
    backend: native.backends()[0].info,
  };
  step.dispose();
  console.log(JSON.stringify(result));
}

main();
