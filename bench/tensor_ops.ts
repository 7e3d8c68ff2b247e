// Times the tensor API's elementwise ops and reductions on 4M float32 elements on the CPU (forward,
// the fastest of several runs). Side by side with PyTorch: bench/torch/tensor_ops.py prints the
// same rows; run both with the same --threads.
//   node dist/bench/tensor_ops.js [--reps 20] [--threads N]
import { randn } from '../src/creation';
import * as F from '../src/functional';
import { getNumThreads, setNumThreads } from '../src/backends';
import { tidy } from '../src/scope';
import { Tensor } from '../src/tensor';
import { numberArg } from './common';

const reps = numberArg('reps', 20);
if (process.argv.includes('--threads')) setNumThreads(numberArg('threads', getNumThreads()));

// The fastest of the runs: on a shared machine the other processes only ever add time.
function time(fn: () => void): number {
  for (let i = 0; i < 3; i++) tidy(fn);
  let best = Infinity;
  for (let i = 0; i < reps; i++) {
    const t0 = process.hrtime.bigint();
    tidy(fn);
    best = Math.min(best, Number(process.hrtime.bigint() - t0) / 1e6);
  }
  return best;
}

function row(name: string, fn: () => Tensor): void {
  console.log(`${name.padEnd(40)} ${time(() => void fn()).toFixed(3).padStart(9)}`);
}

const x = randn([1024, 4096]);
const y = randn([1024, 4096]);
const bias = randn([4096]);
const col = randn([1024, 1]);
console.log(`mssar cpu float32, ${getNumThreads()} threads, fastest of ${reps} runs (ms)`);
row('add [1024,4096] + [4096]', () => F.add(x, bias));
row('add [1024,4096] + [1024,1]', () => F.add(x, col));
row('mul [1024,4096] * [1024,4096]', () => F.mul(x, y));
row('mul [1024,4096] * 2', () => F.mul(x, 2));
row('exp [1024,4096]', () => F.exp(x));
row('gelu [1024,4096]', () => F.gelu(x));
row('sum dim 1 of [1024,4096]', () => F.sum(x, { dim: 1 }));
row('sum dim 0 of [1024,4096]', () => F.sum(x, { dim: 0 }));
row('mean dim 1 of [1024,4096]', () => F.mean(x, { dim: 1 }));
row('max dim 1 of [1024,4096]', () => F.max(x, { dim: 1 }));
row('max dim 0 of [1024,4096]', () => F.max(x, { dim: 0 }));
