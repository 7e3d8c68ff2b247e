// Times batchNorm2d (training), maxPool2d, avgPool2d, globalAvgPool2d and dropout, forward and
// forward + backward, at ResNet-on-CIFAR sizes (batch 128, 16..64 channels, 32x32..8x8), float32,
// on the cpu and (when present) cuda. Run: node dist/bench/norm_pool.js [--device cpu|cuda]
// bench/torch/norm_pool.py times the same ops in PyTorch for comparison.
import { backends } from '../src/backends';
import { ones, randn, synchronize, tidy, Tensor } from '../src/index';
import { avgPool2d, batchNorm2d, dropout, globalAvgPool2d, maxPool2d } from '../src/functional';
import type { Device } from '../src/native';
import { checkFlags } from './common';

checkFlags('node dist/bench/norm_pool.js [--device cpu|cuda]', ['device']);

const shapes: [number, number, number, number][] = [[128, 16, 32, 32], [128, 32, 16, 16], [128, 64, 8, 8]];

function timeMs(device: Device, fn: () => void, reps = 20): number {
  for (let i = 0; i < 3; i++) tidy(fn);
  synchronize(device);
  let best = Infinity;
  for (let trial = 0; trial < 5; trial++) {
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < reps; i++) tidy(fn);
    synchronize(device);
    best = Math.min(best, Number(process.hrtime.bigint() - t0) / 1e6 / reps);
  }
  return best;
}

function bench(device: Device): void {
  for (const shape of shapes) {
    const c = shape[1];
    const x = randn(shape, { device }).keep();
    const xg = randn(shape, { device, requiresGrad: true }).keep();
    const w = ones([c], { device, requiresGrad: true }).keep();
    const b = ones([c], { device, requiresGrad: true }).keep();
    const rm = ones([c], { device }).keep();
    const rv = ones([c], { device }).keep();
    const ops: [string, (t: Tensor) => Tensor][] = [
      ['batchNorm2d (training)', (t) => batchNorm2d(t, rm, rv, w, b, { training: true })],
      ['maxPool2d 3x3 s2 p1', (t) => maxPool2d(t, { kernelSize: 3, stride: 2, padding: 1 })],
      ['maxPool2d 2x2 s2', (t) => maxPool2d(t, { kernelSize: 2 })],
      ['avgPool2d 2x2 s2', (t) => avgPool2d(t, { kernelSize: 2 })],
      ['globalAvgPool2d', (t) => globalAvgPool2d(t)],
      ['dropout p 0.5', (t) => dropout(t, { p: 0.5 })],
    ];
    for (const [name, op] of ops) {
      const forward = timeMs(device, () => { op(x); });
      const both = timeMs(device, () => {
        const y = op(xg);
        y.backward(ones(y.shape, { device }));
      });
      console.log(`${device} [${shape.join(',')}] ${name}: forward ${forward.toFixed(3)} ms, forward + backward ${both.toFixed(3)} ms`);
    }
    for (const t of [x, xg, w, b, rm, rv]) t.dispose();
  }
}

const arg = process.argv.indexOf('--device');
const wanted: Device[] = arg >= 0 ? [process.argv[arg + 1] as Device] : ['cpu', 'cuda'];
for (const device of wanted) {
  const info = backends().find((x) => x.name === device);
  if (!info?.available) {
    console.log(`${device}: skipped (${info?.reason ?? 'unknown backend'})`);
    continue;
  }
  bench(device);
}
