// Times sigmoid, add, mul, sum, mean, concat, logSoftmax, crossEntropy and sgdStep on the CPU
// (float32) at the sizes the networks use: the fastest of several runs, forward and forward + backward.
// Side by side with PyTorch: bench/torch/elementwise.py prints the same rows.
//   node dist/bench/elementwise.js [--reps 10] [--threads N]
import { native } from '../src/native';
import { full, randn } from '../src/creation';
import { add, concat, crossEntropy, logSoftmax, mean, mul, sigmoid, sum } from '../src/functional';
import { getNumThreads, setNumThreads } from '../src/backends';
import { tidy } from '../src/scope';
import { noGrad } from '../src/autograd';
import { Tensor } from '../src/tensor';
import { numberArg } from './common';

const reps = numberArg('reps', 10);
if (process.argv.includes('--threads')) setNumThreads(numberArg('threads', getNumThreads()));

// The fastest of the runs: on a shared machine the other processes only ever add time.
function time(fn: () => void): number {
  for (let i = 0; i < 2; i++) tidy(fn);
  let best = Infinity;
  for (let i = 0; i < reps; i++) {
    const t0 = process.hrtime.bigint();
    tidy(fn);
    best = Math.min(best, Number(process.hrtime.bigint() - t0) / 1e6);
  }
  return best;
}

/** Forward alone, and forward + backward with an upstream of ones (leaves' grads dropped). */
function row(name: string, inputs: Tensor[], op: (...xs: Tensor[]) => Tensor): void {
  const fwd = time(() => void op(...inputs));
  const shape = noGrad(() => op(...inputs)).shape;
  const upstream = shape.length === 0 ? undefined : full(shape, 1, { dtype: 'float32' });
  const both = time(() => {
    const y = op(...inputs);
    y.backward(upstream);
    for (const x of inputs) {
      x.grad?.dispose();
      x.grad = null;
    }
  });
  upstream?.dispose();
  console.log(`${name.padEnd(44)} ${fwd.toFixed(2).padStart(9)} ${both.toFixed(2).padStart(11)}`);
}

const f32 = { dtype: 'float32' as const, requiresGrad: true };
const act = randn([32, 256, 28, 28], f32);
console.log(`mssar cpu float32, ${getNumThreads()} threads, fastest of ${reps} runs (ms)`);
console.log(`${'op'.padEnd(44)} ${'forward'.padStart(9)} ${'fwd + bwd'.padStart(11)}`);
row('sigmoid [32,256,28,28]', [act], (x) => sigmoid(x));
row('add [32,256,28,28] + same', [act, randn([32, 256, 28, 28], f32)], (a, b) => add(a, b));
row('add [32,256,28,28] + [1,256,1,1]', [act, randn([1, 256, 1, 1], f32)], (a, b) => add(a, b));
row('mul (SE) [32,256,28,28] * [32,256,1,1]', [act, randn([32, 256, 1, 1], f32)], (a, b) => mul(a, b));
row('sum dims [0,2,3] of [32,256,28,28]', [act], (x) => sum(x, { dims: [0, 2, 3] }));
row('mean dims [2,3] of [32,256,28,28]', [act], (x) => mean(x, { dims: [2, 3] }));
row('sum all of [32,256,28,28]', [act], (x) => sum(x));
row('sum dims [0] of [4096,1000]', [randn([4096, 1000], f32)], (x) => sum(x, { dims: [0] }));
row('concat dim 1: 128 + 3 x 32 channels, 28x28', [randn([32, 128, 28, 28], f32), randn([32, 32, 28, 28], f32),
  randn([32, 32, 28, 28], f32), randn([32, 32, 28, 28], f32)], (...xs) => concat(xs, 1));
row('logSoftmax [256,1000]', [randn([256, 1000], f32)], (x) => logSoftmax(x));
const labels = Int32Array.from({ length: 256 }, (_, i) => (i * 37) % 1000);
row('crossEntropy [256,1000], smoothing 0.1', [randn([256, 1000], f32)], (x) => crossEntropy(x, labels, { labelSmoothing: 0.1 }));

const n = 11_689_512; // the parameters of a ResNet-18
const param = native.randNormal([n], 0, 1, 'float32', 'cpu');
const grad = native.randNormal([n], 0, 1, 'float32', 'cpu');
const buf = native.full([n], 0, 'float32', 'cpu');
const sgd = time(() => native.sgdStep(param, grad, buf, 0.1, 0.9, 0, 5e-4, false, false));
console.log(`${'sgdStep 11.7M params, momentum, weight decay'.padEnd(44)} ${sgd.toFixed(2).padStart(9)}`);
