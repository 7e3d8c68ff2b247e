// Times the tensor API's ops on the CPU (float32), the fastest of several runs. Two sets of rows:
// elementwise ops and reductions on a [1024, 4096] tensor (4M elements), forward alone; then the ops
// at the sizes the networks use (sigmoid, add, mul, sum, mean, concat, logSoftmax, crossEntropy),
// forward and forward + backward, and sgdStep over a ResNet-18's parameters. Side by side with
// PyTorch: bench/torch/tensor_ops.py prints the same rows; run both with the same --threads.
//   node dist/bench/tensor_ops.js [--reps 20] [--threads N]
import { native } from '../src/native';
import { full, randn } from '../src/creation';
import * as F from '../src/functional';
import { getNumThreads, setNumThreads } from '../src/backends';
import { tidy } from '../src/scope';
import { noGrad } from '../src/autograd';
import { Tensor } from '../src/tensor';
import { bestOfMs, checkFlags, numberArg } from './common';

checkFlags('node dist/bench/tensor_ops.js [--reps 20] [--threads N]', ['reps', 'threads']);

const reps = numberArg('reps', 20);
if (process.argv.includes('--threads')) setNumThreads(numberArg('threads', getNumThreads()));

const time = (fn: () => void): number => bestOfMs(() => tidy(fn), reps, 3);

function print(name: string, fwd: number, both?: number): void {
  const bothColumn = both === undefined ? '' : ` ${both.toFixed(3).padStart(11)}`;
  console.log(`${name.padEnd(44)} ${fwd.toFixed(3).padStart(9)}${bothColumn}`);
}

/** Forward alone, of inputs that do not require grad. */
function forwardRow(name: string, fn: () => Tensor): void {
  print(name, time(() => void fn()));
}

/** Forward alone, and forward + backward with an upstream of ones (leaves' grads dropped). */
function gradRow(name: string, inputs: Tensor[], op: (...xs: Tensor[]) => Tensor): void {
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
  print(name, fwd, both);
}

console.log(`mssar cpu float32, ${getNumThreads()} threads, fastest of ${reps} runs (ms)`);
console.log(`${'op'.padEnd(44)} ${'forward'.padStart(9)} ${'fwd + bwd'.padStart(11)}`);

const x = randn([1024, 4096]);
const y = randn([1024, 4096]);
const bias = randn([4096]);
const col = randn([1024, 1]);
forwardRow('add [1024,4096] + [4096]', () => F.add(x, bias));
forwardRow('add [1024,4096] + [1024,1]', () => F.add(x, col));
forwardRow('mul [1024,4096] * [1024,4096]', () => F.mul(x, y));
forwardRow('mul [1024,4096] * 2', () => F.mul(x, 2));
forwardRow('exp [1024,4096]', () => F.exp(x));
forwardRow('gelu [1024,4096]', () => F.gelu(x));
forwardRow('sum dim 1 of [1024,4096]', () => F.sum(x, { dim: 1 }));
forwardRow('sum dim 0 of [1024,4096]', () => F.sum(x, { dim: 0 }));
forwardRow('mean dim 1 of [1024,4096]', () => F.mean(x, { dim: 1 }));
forwardRow('max dim 1 of [1024,4096]', () => F.max(x, { dim: 1 }));
forwardRow('max dim 0 of [1024,4096]', () => F.max(x, { dim: 0 }));

const f32 = { dtype: 'float32' as const, requiresGrad: true };
const act = randn([32, 256, 28, 28], f32);
gradRow('sigmoid [32,256,28,28]', [act], (a) => F.sigmoid(a));
gradRow('add [32,256,28,28] + same', [act, randn([32, 256, 28, 28], f32)], (a, b) => F.add(a, b));
gradRow('add [32,256,28,28] + [1,256,1,1]', [act, randn([1, 256, 1, 1], f32)], (a, b) => F.add(a, b));
gradRow('mul (SE) [32,256,28,28] * [32,256,1,1]', [act, randn([32, 256, 1, 1], f32)], (a, b) => F.mul(a, b));
gradRow('sum dims [0,2,3] of [32,256,28,28]', [act], (a) => F.sum(a, { dims: [0, 2, 3] }));
gradRow('mean dims [2,3] of [32,256,28,28]', [act], (a) => F.mean(a, { dims: [2, 3] }));
gradRow('sum all of [32,256,28,28]', [act], (a) => F.sum(a));
gradRow('sum dims [0] of [4096,1000]', [randn([4096, 1000], f32)], (a) => F.sum(a, { dims: [0] }));
gradRow('concat dim 1: 128 + 3 x 32 channels, 28x28', [randn([32, 128, 28, 28], f32), randn([32, 32, 28, 28], f32),
  randn([32, 32, 28, 28], f32), randn([32, 32, 28, 28], f32)], (...xs) => F.concat(xs, 1));
gradRow('logSoftmax [256,1000]', [randn([256, 1000], f32)], (a) => F.logSoftmax(a));
const labels = Int32Array.from({ length: 256 }, (_, i) => (i * 37) % 1000);
gradRow('crossEntropy [256,1000], smoothing 0.1', [randn([256, 1000], f32)],
  (a) => F.crossEntropy(a, labels, { labelSmoothing: 0.1 }));

const n = 11_689_512; // the parameters of a ResNet-18
const param = native.randNormal([n], 0, 1, 'float32', 'cpu');
const grad = native.randNormal([n], 0, 1, 'float32', 'cpu');
const buf = native.full([n], 0, 'float32', 'cpu');
print('sgdStep 11.7M params, momentum, weight decay',
  time(() => native.sgdStep(param, grad, buf, 0.1, 0.9, 0, 5e-4, false, false)));
