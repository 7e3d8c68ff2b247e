// MS-SAR forward + backward (dx, dweight, dbias) on the CPU, ours against PyTorch's best
// composition (one depthwise conv2d with the folded kernel, sigmoid, multiply; bench/torch/mssar.py)
// at N=128 C=16 32x32 and N=32 C=256 56x56, same machine, same thread count, one run: per size,
// after a warm-up, blocks of --reps repetitions alternate between us (in plain NCHW and in the
// nChw16c layout our networks keep between ops), the composition (in PyTorch's fastest layout)
// and (for context) PyTorch's SE block; medians are reported. Single repetitions (--reps 1) run
// each side with caches the other side has just filled. Before timing, the composition's y, dx,
// dweight and dbias are compared with ours on the same inputs, so both sides compute the same thing.
// Writes bench/results/mssar.json.
//
//   node dist/bench/mssar.js [--threads 2] [--rounds 7] [--large-rounds 3] [--reps 3] [--note "..."]
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { checkFlags, cpuMs, median, nowMs, root, startTorch, stringArg } from './common';
import { native, NativeTensor } from '../src/native';

checkFlags('node dist/bench/mssar.js [--threads 2] [--rounds 7] [--large-rounds 3] [--reps 3] [--note "..."]', ['threads', 'rounds', 'large-rounds', 'reps', 'note']);

const scales = [1, 2, 4];

interface Size {
  name: string;
  shape: [number, number, number, number];
  large: boolean;
}

const sizes: Size[] = [
  { name: 'N=128 C=16 32x32', shape: [128, 16, 32, 32], large: false },
  { name: 'N=32 C=256 56x56', shape: [32, 256, 56, 56], large: true },
];

interface Inputs {
  x: NativeTensor;
  weight: NativeTensor;
  bias: NativeTensor;
  dy: NativeTensor;
}

/**
 * Our forward and backward through the native entries, outputs disposed inside the timed region:
 * wall-clock and CPU (all threads) milliseconds.
 */
function oursOnce(t: Inputs): [number, number] {
  const c0 = cpuMs(), t0 = nowMs();
  const [y, gate] = native.mssarForward(t.x, t.weight, t.bias, scales, false);
  const grads = native.mssarBackward(t.dy, t.x, gate, t.weight, scales, false, [true, true, true]);
  y.dispose();
  gate.dispose();
  for (const g of grads) g?.dispose();
  return [nowMs() - t0, cpuMs() - c0];
}

/** `reps` runs of oursOnce: wall-clock and CPU milliseconds of each. */
function oursBlock(t: Inputs, reps: number, wall: number[], cpu: number[]): void {
  for (let i = 0; i < reps; i++) {
    const [w, c] = oursOnce(t);
    wall.push(w);
    cpu.push(c);
  }
}

/** The same inputs with x and dy in the nChw16c layout. */
function blocked(t: Inputs): Inputs {
  return { ...t, x: native.toLayout(t.x, 'nChw16c'), dy: native.toLayout(t.dy, 'nChw16c') };
}

function writeRaw(file: string, t: NativeTensor): void {
  const a = native.toArray(t) as Float32Array;
  fs.writeFileSync(file, Buffer.from(a.buffer, a.byteOffset, a.byteLength));
}

function readRaw(file: string): Float32Array {
  const b = fs.readFileSync(file);
  return new Float32Array(b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength));
}

interface Difference {
  maxAbs: number;
  /** max |ours - torch| / (1e-5 + 1e-4 |torch|): <= 1 is within the definition's float32 tolerance. */
  worstRatio: number;
}

function difference(ours: ArrayLike<number>, theirs: ArrayLike<number>, atol: number, rtol: number): Difference {
  let maxAbs = 0, worstRatio = 0;
  for (let i = 0; i < theirs.length; i++) {
    const d = Math.abs(ours[i] - theirs[i]);
    maxAbs = Math.max(maxAbs, d);
    worstRatio = Math.max(worstRatio, d / (atol + rtol * Math.abs(theirs[i])));
  }
  return { maxAbs, worstRatio };
}

interface SizeResult {
  name: string;
  shape: number[];
  scales: number[];
  oursMs: number;
  oursBestMs: number;
  oursAllMs: number[];
  /** CPU time of all threads: on a machine shared with other work, less noisy than wall-clock time. */
  oursCpuMs: number;
  /** The same with x and dy in nChw16c, the layout our networks keep between ops. */
  oursBlockedMs: number;
  oursBlockedCpuMs: number;
  torch: null | {
    variant: string;
    calibrationMs: Record<string, number>;
    compositionMs: number;
    compositionBestMs: number;
    compositionAllMs: number[];
    seMs: number;
    seAllMs: number[];
    compositionCpuMs: number;
    seCpuMs: number;
    speedup: number;
    speedupBest: number;
    /** The ratio of CPU times (all threads): the work each side does. */
    speedupCpu: number;
    /** Ours in nChw16c against the composition in its fastest layout. */
    speedupBlocked: number;
    speedupBlockedCpu: number;
    /** Ours against the composition on the same inputs. dweight and dbias sum N*H*W terms in float32 on both sides. */
    agreement: Record<'y' | 'dx' | 'dweight' | 'dbias', Difference>;
  };
}

async function main(): Promise<void> {
  const threads = Number(stringArg('threads', '2')), rounds = Number(stringArg('rounds', '7')), largeRounds = Number(stringArg('large-rounds', '3'));
  const reps = Number(stringArg('reps', '3'));
  const note = stringArg('note', '');
  native.setNumThreads(threads);
  const started = await startTorch('mssar.py', threads, { ...process.env, OMP_NUM_THREADS: String(threads), MKL_NUM_THREADS: String(threads) });
  const torch = 'torch' in started ? started.torch : null;
  const torchInfo = 'info' in started ? started.info : null;
  const torchMissing = 'why' in started ? started.why : null;
  if (!torch) console.log(`PyTorch is not available (${torchMissing}); timing ours alone.`);
  else console.log(`PyTorch ${String(torchInfo?.torch)} with ${String(torchInfo?.threads)} threads; ours with ${native.getNumThreads()} threads`);

  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mssar-bench-'));
  const results: SizeResult[] = [];
  try {
    for (const s of sizes) {
      native.manualSeed(1);
      const C = s.shape[1];
      const t: Inputs = {
        x: native.randUniform(s.shape, -1, 1, 'float32', 'cpu'),
        weight: native.randUniform([scales.length, C, 3, 3], -0.5, 0.5, 'float32', 'cpu'),
        bias: native.randUniform([C], -0.5, 0.5, 'float32', 'cpu'),
        dy: native.randUniform(s.shape, -1, 1, 'float32', 'cpu'),
      };
      const n = s.large ? largeRounds : rounds;
      console.log(`${s.name}: warming up${torch ? ' and checking PyTorch against ours' : ''}`);
      const tb = blocked(t);
      oursOnce(t);
      oursOnce(tb);
      let torchPart: SizeResult['torch'] = null;
      let setup: Record<string, unknown> | null = null;
      if (torch) {
        for (const [name, h] of Object.entries(t)) writeRaw(path.join(dir, `${name}.bin`), h as NativeTensor);
        setup = await torch.request({ cmd: 'setup', dir, shape: s.shape, scales });
      }
      const ours: number[] = [], oursB: number[] = [], comp: number[] = [], se: number[] = [];
      const oursCpu: number[] = [], oursBCpu: number[] = [], compCpu: number[] = [], seCpu: number[] = [];
      for (let r = 0; r < n; r++) {
        oursBlock(t, reps, ours, oursCpu);
        oursBlock(tb, reps, oursB, oursBCpu);
        if (torch) {
          const a = await torch.request({ cmd: 'time', what: 'mssar', reps });
          comp.push(...(a.times_ms as number[]));
          compCpu.push(...(a.cpu_ms as number[]));
          const b = await torch.request({ cmd: 'time', what: 'se', reps });
          se.push(...(b.times_ms as number[]));
          seCpu.push(...(b.cpu_ms as number[]));
        }
      }
      if (torch && setup) {
        const [y, gate] = native.mssarForward(t.x, t.weight, t.bias, scales, false);
        const [dx, dw, db] = native.mssarBackward(t.dy, t.x, gate, t.weight, scales, false, [true, true, true]);
        const agreement = {
          y: difference(native.toArray(y), readRaw(path.join(dir, 'torch_y.bin')), 1e-5, 1e-4),
          dx: difference(native.toArray(dx!), readRaw(path.join(dir, 'torch_dx.bin')), 1e-5, 1e-4),
          dweight: difference(native.toArray(dw!), readRaw(path.join(dir, 'torch_dweight.bin')), 1e-5, 1e-4),
          dbias: difference(native.toArray(db!), readRaw(path.join(dir, 'torch_dbias.bin')), 1e-5, 1e-4),
        };
        for (const h of [y, gate, dx, dw, db]) h?.dispose();
        torchPart = {
          variant: String(setup.variant),
          calibrationMs: setup.calibration_ms as Record<string, number>,
          compositionMs: median(comp),
          compositionBestMs: Math.min(...comp),
          compositionAllMs: comp,
          seMs: median(se),
          seAllMs: se,
          compositionCpuMs: median(compCpu),
          seCpuMs: median(seCpu),
          speedup: median(comp) / median(ours),
          speedupBest: Math.min(...comp) / Math.min(...ours),
          speedupCpu: median(compCpu) / median(oursCpu),
          speedupBlocked: median(comp) / median(oursB),
          speedupBlockedCpu: median(compCpu) / median(oursBCpu),
          agreement,
        };
      }
      for (const h of Object.values(t)) (h as NativeTensor).dispose();
      tb.x.dispose();
      tb.dy.dispose();
      const res: SizeResult = {
        name: s.name, shape: s.shape, scales, oursMs: median(ours), oursBestMs: Math.min(...ours), oursAllMs: ours,
        oursCpuMs: median(oursCpu), oursBlockedMs: median(oursB), oursBlockedCpuMs: median(oursBCpu), torch: torchPart,
      };
      results.push(res);
      const tp = res.torch;
      console.log(`  ours ${res.oursMs.toFixed(1)} ms (nChw16c ${res.oursBlockedMs.toFixed(1)} ms` +
        (tp ? `: ${tp.speedupBlocked.toFixed(1)}x, CPU time ${tp.speedupBlockedCpu.toFixed(1)}x` : '') + ')' + (tp
        ? `, PyTorch composition (${tp.variant}) ${tp.compositionMs.toFixed(1)} ms: ${tp.speedup.toFixed(1)}x ` +
          `(best of each: ${tp.speedupBest.toFixed(1)}x; CPU time ${res.oursCpuMs.toFixed(1)} vs ` +
          `${tp.compositionCpuMs.toFixed(1)} ms: ${tp.speedupCpu.toFixed(1)}x); PyTorch SE block ${tp.seMs.toFixed(1)} ms; ` +
          `agreement (|ours - torch| / (1e-5 + 1e-4 |torch|), worst): y ${tp.agreement.y.worstRatio.toFixed(2)}, ` +
          `dx ${tp.agreement.dx.worstRatio.toFixed(2)}, dweight ${tp.agreement.dweight.worstRatio.toFixed(2)}, ` +
          `dbias ${tp.agreement.dbias.worstRatio.toFixed(2)}` : ''));
    }
  } finally {
    torch?.close({ cmd: 'quit' });
    fs.rmSync(dir, { recursive: true, force: true });
  }

  const out = {
    bench: 'mssar forward + backward (dx, dweight, dbias), float32, CPU',
    date: new Date().toISOString(),
    machine: { cpu: os.cpus()[0]?.model ?? 'unknown', cores: os.cpus().length, loadAverage: os.loadavg() },
    threads,
    note: note || undefined,
    torch: torchInfo ?? { missing: torchMissing },
    reps,
    method: `per size: one warm-up, then blocks of ${reps} repetitions alternating ours (plain NCHW), ours (nChw16c), ` +
      'composition, SE; medians. Ours: native mssarForward + mssarBackward. Composition: folded kernel (autograd), one depthwise conv2d ' +
      'aligned with the input, sigmoid, multiply, backward through autograd; fastest of NCHW padding=same, NCHW ' +
      'explicit pad, channels-last (picked per size from one timed run each).',
    results,
  };
  const file = path.join(root, 'bench', 'results', 'mssar.json');
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, JSON.stringify(out, null, 2) + '\n');
  console.log(`wrote ${path.relative(root, file)}`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
