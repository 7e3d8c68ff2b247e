// Times matmul (float32, CPU, forward) side by side with PyTorch's torch.matmul on the same number
// of threads: the fastest of several runs each (bench/torch/matmul.py times the same rows).
//   node dist/bench/matmul.js [--reps 10] [--threads N] [--no-torch]
import { execFileSync } from 'child_process';
import * as path from 'path';
import { randn } from '../src/creation';
import { matmul } from '../src/functional';
import { getNumThreads, setNumThreads } from '../src/backends';
import { noGrad } from '../src/autograd';
import { tidy } from '../src/scope';
import { bestOfMs, checkFlags, numberArg, root, torchVenvPython } from './common';

checkFlags('node dist/bench/matmul.js [--reps 10] [--threads N] [--no-torch]', ['reps', 'threads'], ['no-torch']);

const reps = numberArg('reps', 10);
if (process.argv.includes('--threads')) setNumThreads(numberArg('threads', getNumThreads()));
const threads = getNumThreads();

const time = (fn: () => void): number => bestOfMs(() => tidy(fn), reps, 2);

const rows: [string, number[], number[]][] = [
  ['512x512 @ 512x512', [512, 512], [512, 512]],
  ['2048x2048 @ 2048x2048', [2048, 2048], [2048, 2048]],
  ['batched [64,128,64] @ [64,64,128]', [64, 128, 64], [64, 64, 128]],
  ['[4096,784] @ [784,128] (MLP layer)', [4096, 784], [784, 128]],
];

const ours = new Map<string, number>();
for (const [name, as, bs] of rows) {
  const a = randn(as), b = randn(bs);
  ours.set(name, noGrad(() => time(() => void matmul(a, b))));
  a.dispose();
  b.dispose();
}

let torch: { rows: Record<string, number>; version: string } | null = null;
if (!process.argv.includes('--no-torch')) {
  const python = torchVenvPython();
  const out = execFileSync(python, [path.join(root, 'bench', 'torch', 'matmul.py'), '--threads', String(threads), '--reps', String(reps)], { encoding: 'utf8' });
  torch = JSON.parse(out.trim().split('\n').pop()!);
}

console.log(`matmul, cpu float32, ${threads} threads, fastest of ${reps} runs (ms)${torch ? `; PyTorch ${torch.version}` : ''}`);
console.log(`${'row'.padEnd(38)} ${'mssar'.padStart(9)} ${'torch'.padStart(9)} ${'ratio'.padStart(7)}`);
for (const [name] of rows) {
  const o = ours.get(name)!, t = torch?.rows[name];
  console.log(`${name.padEnd(38)} ${o.toFixed(2).padStart(9)} ${(t === undefined ? '-' : t.toFixed(2)).padStart(9)} ${(t === undefined ? '-' : (o / t).toFixed(2)).padStart(7)}`);
}
