import { parseArgs } from 'util';
import { canonicalName, list } from '../../models';
import { getNumThreads, setNumThreads } from '../../backends';
import { formatProfile, profile } from '../../profiler';
import { memory, resetPeakMemory } from '../../scope';
import { Command, UsageError } from '../command';
import { trainingStep } from '../training_step';
import type { Recalibration } from '../../nn/blocks/recalibration';

const usage = `usage: mssar profile --model NAME [options]

Times every native op of one training step of MODEL (forward, backward and an SGD update with
momentum, cross entropy on random data, float32 on the cpu) after warm-up steps, and prints the
time per op type, forward and backward.

options:
  --model NAME                 a model of the zoo (see mssar info)
  --recalibration none|se|mssar  (default none)
  --batch-size B               (default 128)
  --input CxHxW                one image's size (default 3x32x32)
  --warmup N                   untimed steps first (default 3)
  --steps N                    profiled steps, averaged (default 1)
  --threads T                  OpenMP threads (default: as set)
  --clock wall|cpu             elapsed time (default) or the process's CPU time, steadier on a
                               busy machine (best with --threads 1)
  --eval                       profile inference (eval mode, no gradients) instead

models: ${list().join(', ')}`;

function positive(name: string, v: string | undefined, fallback: number): number {
  if (v === undefined) return fallback;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1) throw new UsageError(`--${name} must be a positive integer, got '${v}'`);
  return n;
}

function inputShape(v: string | undefined): [number, number, number] {
  if (v === undefined) return [3, 32, 32];
  const parts = v.split('x').map(Number);
  if (parts.length !== 3 || !parts.every((d) => Number.isInteger(d) && d >= 1)) {
    throw new UsageError(`--input must be CxHxW (e.g. 3x32x32), got '${v}'`);
  }
  return parts as [number, number, number];
}

function recalibration(v: string | undefined): Recalibration {
  const r = v ?? 'none';
  if (r !== 'none' && r !== 'se' && r !== 'mssar') throw new UsageError(`--recalibration must be none, se or mssar, got '${r}'`);
  return r;
}

function run(argv: string[]): number {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      model: { type: 'string' },
      recalibration: { type: 'string' },
      'batch-size': { type: 'string' },
      input: { type: 'string' },
      warmup: { type: 'string' },
      steps: { type: 'string' },
      threads: { type: 'string' },
      eval: { type: 'boolean' },
      clock: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    console.log(usage);
    return 0;
  }
  if (positionals.length > 0) throw new UsageError(`profile takes no positional arguments\n\n${usage}`);
  if (!values.model) throw new UsageError(`--model is required\n\n${usage}`);
  const name = canonicalName(values.model);
  if (name === null) throw new UsageError(`unknown model '${values.model}'; available: ${list().join(', ')}`);
  const batchSize = positive('batch-size', values['batch-size'], 128);
  const warmup = positive('warmup', values.warmup, 3);
  const steps = positive('steps', values.steps, 1);
  if (values.threads !== undefined) setNumThreads(positive('threads', values.threads, 1));
  const input = inputShape(values.input);
  const clock = values.clock ?? 'wall';
  if (clock !== 'wall' && clock !== 'cpu') throw new UsageError(`--clock must be wall or cpu, got '${clock}'`);
  const recal = recalibration(values.recalibration);
  const step = trainingStep({ model: name, recalibration: recal, batchSize, input });
  const once = values.eval ? () => step.infer() : () => step.train();
  try {
    for (let i = 0; i < warmup; i++) once();
    resetPeakMemory('cpu');
    const allocationsBefore = memory().cpu.allocations;
    const p = profile(() => {
      for (let i = 0; i < steps; i++) once();
    }, { clock });
    const m = memory().cpu;
    if (steps > 1) {
      p.totalMs /= steps;
      p.otherMs /= steps;
      for (const o of p.ops) {
        o.forwardMs /= steps;
        o.backwardMs /= steps;
        o.calls /= steps;
      }
    }
    const what = values.eval ? 'inference (eval, no grad)' : 'training step (forward, backward, SGD)';
    console.log(`${name}, recalibration ${recal}, batch ${batchSize}, input ${input.join('x')}, ${getNumThreads()} threads: ` +
      `one ${what}${steps > 1 ? `, mean of ${steps}` : ''}, ${clock === 'cpu' ? 'process CPU time' : 'wall time'}\n`);
    console.log(formatProfile(p));
    console.log(`\n${(batchSize / (p.totalMs / 1000)).toFixed(1)} images/s; peak native memory ${(m.peakBytes / 2 ** 20).toFixed(1)} MiB; ` +
      `new host allocations during the profiled steps: ${m.allocations - allocationsBefore}`);
  } finally {
    step.dispose();
  }
  return 0;
}

export const profileCommand: Command = {
  name: 'profile',
  summary: 'per-op time of one training step (or inference) of a model',
  run,
};
