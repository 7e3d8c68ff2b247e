// MS-SAR on the GPU: achieved memory bandwidth of the fused forward and backward kernels at
// N=64 C=256 56x56 (float32), against the device's measured copy bandwidth (a device-to-device
// copy of the same tensor). Forward moves x in, y and g out (3 tensors); backward dy, x, g in and
// dx out (4 tensors); dweight and dbias are negligible. The definition asks for 60% or more of the
// copy bandwidth each. Each tiling (MSSAR_CUDA_TILE: the automatic choice, whole planes, tiles of
// 32 and 16) runs in its own process, since the kernels read the choice once.
// Writes bench/results/mssar-cuda.json.
//
//   node dist/bench/mssar-cuda.js [--iters 50] [--shape 64,256,56,56]
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { native } from '../src/native';
import { checkFlags, nowMs, root, stringArg } from './common';

checkFlags('node dist/bench/mssar-cuda.js [--iters 50] [--shape 64,256,56,56]', ['iters', 'shape']);

interface Measurement {
  tile: string;
  copyGBs: number;
  forwardMs: number;
  forwardGBs: number;
  forwardOfCopy: number;
  backwardMs: number;
  backwardGBs: number;
  backwardOfCopy: number;
}

/** Mean milliseconds per call of fn over `iters` calls, after a warm-up, the device synchronized around. */
function timeCuda(fn: () => void, iters: number): number {
  for (let i = 0; i < 3; i++) fn();
  native.synchronize('cuda');
  const t0 = nowMs();
  for (let i = 0; i < iters; i++) fn();
  native.synchronize('cuda');
  return (nowMs() - t0) / iters;
}

/** One tiling, in this process: prints a JSON line. */
function measure(tile: string, shape: number[], iters: number): Measurement {
  const scales = [1, 2, 4];
  const C = shape[1];
  const bytes = shape.reduce((a, b) => a * b, 1) * 4;
  const x = native.randUniform(shape, -1, 1, 'float32', 'cuda');
  const dy = native.randUniform(shape, -1, 1, 'float32', 'cuda');
  const weight = native.randUniform([scales.length, C, 3, 3], -0.5, 0.5, 'float32', 'cuda');
  const bias = native.randUniform([C], -0.5, 0.5, 'float32', 'cuda');
  const copyMs = timeCuda(() => native.clone(x).dispose(), iters);
  const [y, gate] = native.mssarForward(x, weight, bias, scales, false);
  const forwardMs = timeCuda(() => {
    const [a, b] = native.mssarForward(x, weight, bias, scales, false);
    a.dispose();
    b.dispose();
  }, iters);
  const backwardMs = timeCuda(() => {
    for (const g of native.mssarBackward(dy, x, gate, weight, scales, false, [true, true, true])) g?.dispose();
  }, iters);
  for (const h of [x, dy, weight, bias, y, gate]) h.dispose();
  const copyGBs = (2 * bytes) / copyMs / 1e6;
  const forwardGBs = (3 * bytes) / forwardMs / 1e6, backwardGBs = (4 * bytes) / backwardMs / 1e6;
  return {
    tile, copyGBs, forwardMs, forwardGBs, forwardOfCopy: forwardGBs / copyGBs,
    backwardMs, backwardGBs, backwardOfCopy: backwardGBs / copyGBs,
  };
}

function main(): void {
  const iters = Number(stringArg('iters', '50'));
  const shape = stringArg('shape', '64,256,56,56').split(',').map(Number);
  const child = process.env.MSSAR_BENCH_CHILD === '1';
  const cuda = native.backends().find((b) => b.name === 'cuda');
  if (!cuda?.available) {
    console.log(`cuda is not available (${cuda?.reason ?? 'unknown'}): nothing to measure`);
    return;
  }
  if (child) {
    console.log(JSON.stringify(measure(process.env.MSSAR_CUDA_TILE || 'auto', shape, iters)));
    return;
  }
  const results: Measurement[] = [];
  for (const tile of ['', 'plane', '32x32', '16x16']) {
    const r = spawnSync(process.execPath, [__filename, '--iters', String(iters), '--shape', shape.join(',')], {
      env: { ...process.env, MSSAR_BENCH_CHILD: '1', MSSAR_CUDA_TILE: tile }, encoding: 'utf8',
    });
    const line = r.stdout.trim().split('\n').pop() ?? '';
    if (r.status !== 0 || !line.startsWith('{')) {
      console.log(`tiling ${tile || 'auto'} failed: ${r.stderr.trim().split('\n').pop() ?? r.status}`);
      continue;
    }
    const m = JSON.parse(line) as Measurement;
    results.push(m);
    console.log(`${m.tile.padEnd(6)} copy ${m.copyGBs.toFixed(0)} GB/s; forward ${m.forwardMs.toFixed(3)} ms ` +
      `${m.forwardGBs.toFixed(0)} GB/s (${(100 * m.forwardOfCopy).toFixed(0)}% of copy); backward ` +
      `${m.backwardMs.toFixed(3)} ms ${m.backwardGBs.toFixed(0)} GB/s (${(100 * m.backwardOfCopy).toFixed(0)}% of copy)`);
  }
  const out = {
    bench: 'mssar cuda bandwidth, float32, scales [1, 2, 4]',
    date: new Date().toISOString(),
    device: cuda.info,
    shape,
    iters,
    target: 'forward and backward each >= 60% of the copy bandwidth (docs/mssar.md)',
    results,
  };
  const file = path.join(root, 'bench', 'results', 'mssar-cuda.json');
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, JSON.stringify(out, null, 2) + '\n');
  console.log(`wrote ${path.relative(root, file)}`);
}

main();
